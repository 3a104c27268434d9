//! Finding a named item by name in O(log n).

use crate::prelude::*;

/// The positions of a list of named items, sorted by name, so that a binary
/// search finds an item by name. Instance types, instances and argument
/// lists can hold thousands of names, each of them looked up (by an alias,
/// by an instantiation argument): a scan per lookup would make loading
/// O(n²).
///
/// The sort itself is not generic, so that one copy of it serves every kind
/// of item (it is the larger part of the code on a microcontroller).
///
/// ```
/// use airssys_wasm_component::NameIndex;
///
/// let items = [("b".to_string(), 1), ("a".to_string(), 2), ("b".to_string(), 3)];
/// let index = NameIndex::of(&items);
/// assert_eq!((index.get(&items, "a"), index.get(&items, "b")), (Some(&items[1]), Some(&items[0])));
/// assert_eq!(index.get(&items, "c"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameIndex {
    /// Positions, sorted by name; equal names by position.
    by_name: Box<[u32]>,
}

impl NameIndex {
    /// The index of `items`, by their names.
    pub fn of<T>(items: &[(String, T)]) -> Self {
        Self::sort(items.iter().map(|(n, _)| n.as_str()).zip(0u32..).collect())
    }

    fn sort(mut names: Vec<(&str, u32)>) -> Self {
        // Sorting (name, position) pairs keeps equal names in their order.
        names.sort_unstable();
        NameIndex { by_name: names.into_iter().map(|(_, i)| i).collect() }
    }

    /// The first item of `items` (the list the index was made of) named
    /// `name`: a binary that was not validated may repeat a name.
    pub fn get<'a, T>(&self, items: &'a [(String, T)], name: &str) -> Option<&'a (String, T)> {
        let name_at = |i: u32| items.get(i as usize).map_or("", |(n, _)| n.as_str());
        let first = self.by_name.partition_point(|i| name_at(*i) < name);
        let item = items.get(*self.by_name.get(first)? as usize)?;
        (item.0 == name).then_some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_name_and_the_first_of_repeated_ones() {
        let names = ["m", "c", "x", "c", "a", "m"];
        let items: Vec<(String, usize)> = names.iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect();
        let index = NameIndex::of(&items);
        let found = ["a", "c", "m", "x", "b", "z", ""].map(|n| index.get(&items, n).map(|(_, i)| *i));
        assert_eq!(found, [Some(4), Some(1), Some(0), Some(2), None, None, None]);
        assert_eq!(NameIndex::of::<u8>(&[]).get::<u8>(&[], "a"), None);
    }
}
