//! A map between resource type numbers.

use crate::prelude::*;

/// A map from resource type numbers to numbers: the decoder's renumbering
/// of resource types, and the runtime's binding of a component's resource
/// types to run-time ones.
///
/// A vector sorted by key: these maps hold a few entries each, are built
/// once and read many times, and a sorted vector needs a fraction of a
/// B-tree's code on a microcontroller.
///
/// ```
/// use airssys_wasm_component::ResourceMap;
///
/// let mut map = ResourceMap::default();
/// map.insert(7, 1);
/// map.insert(3, 2);
/// map.insert(7, 5);
/// assert_eq!((map.get(7), map.get(3), map.get(4)), (Some(5), Some(2), None));
/// assert_eq!(map.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceMap {
    entries: Vec<(u32, u32)>,
}

impl ResourceMap {
    fn position(&self, key: u32) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&key, |(k, _)| *k)
    }

    /// The number `key` maps to.
    pub fn get(&self, key: u32) -> Option<u32> {
        self.position(key).ok().and_then(|i| self.entries.get(i)).map(|(_, v)| *v)
    }

    /// Maps `key` to `value`, replacing what it mapped to before.
    pub fn insert(&mut self, key: u32, value: u32) {
        match self.position(key) {
            Ok(i) => {
                if let Some(entry) = self.entries.get_mut(i) {
                    entry.1 = value;
                }
            }
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }

    /// A map of `pairs`; of pairs with equal keys the last one counts. Takes
    /// O(n log n) whatever the order, where inserting the pairs one by one
    /// takes O(n²) when they come in decreasing order.
    pub fn from_pairs(pairs: Vec<(u32, u32)>) -> Self {
        // (key, position, value) sorts equal keys by position (an unstable
        // sort of plain tuples is the smallest sort); keep the last of each run.
        let mut sorted: Vec<(u32, u32, u32)> = pairs.into_iter().zip(0u32..).map(|((k, v), i)| (k, i, v)).collect();
        sorted.sort_unstable();
        let mut entries: Vec<(u32, u32)> = Vec::with_capacity(sorted.len());
        for (k, _, v) in sorted {
            match entries.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => entries.push((k, v)),
            }
        }
        ResourceMap { entries }
    }

    /// Adds `pairs` to the map, replacing what their keys mapped to before;
    /// of pairs with equal keys the last one counts. O(n + k log k) for `k`
    /// pairs in a map of `n` keys.
    pub fn extend_pairs(&mut self, pairs: Vec<(u32, u32)>) {
        if pairs.is_empty() {
            return;
        }
        let new = ResourceMap::from_pairs(pairs).entries;
        let old = core::mem::take(&mut self.entries);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 < y.0 => a.next(),
                (Some(x), Some(y)) if x.0 == y.0 => {
                    a.next();
                    b.next()
                }
                (Some(_), None) => a.next(),
                (_, Some(_)) => b.next(),
                (None, None) => break,
            };
            merged.extend(next);
        }
        self.entries = merged;
    }

    /// How many keys are mapped.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The (key, value) pairs, in increasing order of keys.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.entries.iter().copied()
    }

    /// The keys, in increasing order.
    pub fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_replaces_values() {
        let mut map = ResourceMap::default();
        for (k, v) in [(5, 50), (1, 10), (9, 90), (5, 55), (3, 30)] {
            map.insert(k, v);
        }
        assert_eq!(map.keys().collect::<Vec<_>>(), [1, 3, 5, 9]);
        assert_eq!([1, 3, 5, 9, 2].map(|k| map.get(k)), [Some(10), Some(30), Some(55), Some(90), None]);
        assert!(!map.is_empty() && map.len() == 4);
    }

    #[test]
    fn builds_from_pairs_in_any_order_last_pair_wins() {
        let map = ResourceMap::from_pairs(vec![(9, 1), (2, 2), (9, 3), (5, 4), (2, 5)]);
        assert_eq!(map.keys().collect::<Vec<_>>(), [2, 5, 9]);
        assert_eq!([2, 5, 9].map(|k| map.get(k)), [Some(5), Some(4), Some(3)]);
    }

    #[test]
    fn extends_by_merging_new_pairs_replace_old_ones() {
        let mut map = ResourceMap::from_pairs(vec![(1, 10), (4, 40), (8, 80)]);
        map.extend_pairs(vec![(8, 88), (0, 1), (5, 50), (0, 2)]);
        map.extend_pairs(Vec::new());
        assert_eq!(map.keys().collect::<Vec<_>>(), [0, 1, 4, 5, 8]);
        assert_eq!([0, 1, 4, 5, 8].map(|k| map.get(k)), [Some(2), Some(10), Some(40), Some(50), Some(88)]);
    }
}
