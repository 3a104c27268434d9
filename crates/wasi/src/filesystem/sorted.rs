//! [`SortedMap`]: the map of the in-memory filesystem's nodes and
//! directories and of the file streams.
//!
//! With `std` it is `BTreeMap`: a host may hold hundreds of thousands of
//! entries, and a guest chooses the names, so lookups, inserts and removals
//! stay O(log n). Without `std` (a device, where the tree is small and
//! flash is scarce) it is `VecMap`, a vector sorted by key: a binary
//! search instead of B-tree node splitting and merging, about 13 KB less
//! code on a Cortex-M; an insert or removal moves the entries after its
//! key. Both offer the same methods, so the filesystem is written once.

/// The map the filesystem uses (see the module's documentation).
#[cfg(feature = "std")]
pub(crate) type SortedMap<K, V> = alloc::collections::BTreeMap<K, V>;

/// The map the filesystem uses (see the module's documentation).
#[cfg(not(feature = "std"))]
pub(crate) type SortedMap<K, V> = VecMap<K, V>;

#[cfg(not(feature = "std"))]
use alloc::vec::Vec;
#[cfg(not(feature = "std"))]
use core::borrow::Borrow;

/// A map from `K` to `V`, its entries sorted by key, each key at most once.
#[cfg(not(feature = "std"))]
pub(crate) struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

#[cfg(not(feature = "std"))]
impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap { entries: Vec::new() }
    }
}

#[cfg(not(feature = "std"))]
impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub(crate) fn new() -> Self {
        VecMap::default()
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

#[cfg(not(feature = "std"))]
impl<K, V> VecMap<K, V> {
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
