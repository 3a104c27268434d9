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

    /// How many keys are mapped.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
}
