//! [`SortedMap`]: a map kept as a vector sorted by key, for the in-memory
//! filesystem's nodes and directories and the file streams. It behaves as a
//! `BTreeMap` for the operations used here (lookups by binary search,
//! iteration in key order) with far less code on a device: one vector and
//! a binary search instead of B-tree node splitting and merging. Insertion
//! and removal move the entries after the key, which is cheap for the
//! small maps a filesystem on a device holds.

use alloc::vec::Vec;
use core::borrow::Borrow;

/// A map from `K` to `V`, its entries sorted by key, each key at most once.
pub(crate) struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub(crate) fn new() -> Self {
        SortedMap::default()
    }

    /// Where `key` is (`Ok`) or would be inserted (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub(crate) fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// The value of `key`, to change.
    pub(crate) fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub(crate) fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => self.entries.get_mut(i).map(|(_, v)| core::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub(crate) fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }
}

impl<K, V> SortedMap<K, V> {
    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::SortedMap;
    use alloc::string::String;
    use alloc::vec::Vec;

    #[test]
    fn keeps_keys_sorted_and_unique() {
        let mut m = SortedMap::new();
        assert_eq!(m.insert(String::from("b"), 2), None);
        assert_eq!(m.insert(String::from("a"), 1), None);
        assert_eq!(m.insert(String::from("c"), 3), None);
        assert_eq!(m.insert(String::from("b"), 20), Some(2));
        assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [1, 20, 3]);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn looks_up_and_removes_by_borrowed_key() {
        let mut m = SortedMap::new();
        m.insert(String::from("x"), 7u64);
        assert_eq!(m.get("x"), Some(&7));
        assert!(m.contains_key("x"));
        if let Some(v) = m.get_mut("x") {
            *v = 8;
        }
        assert_eq!(m.remove("x"), Some(8));
        assert_eq!(m.remove("x"), None);
        assert_eq!(m.get("x"), None);
        assert!(m.is_empty());
    }
}
