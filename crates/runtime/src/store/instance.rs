//! The exports of a component instance, as its store keeps them.

use crate::component::Item;
use crate::prelude::*;
use airssys_wasm_component::NameIndex;

/// The exports of one component instance.
pub(crate) struct InstanceData {
    pub(crate) exports: Vec<(String, Item)>,
    /// The capability table of a component instance (`None` for a bundle
    /// of host definitions).
    pub(crate) caps: Option<usize>,
    /// The handle table of a component instance (`None` for a bundle of
    /// exports or of host definitions).
    pub(crate) table: Option<usize>,
    /// Every alias and every bound resource type looks an export up by name.
    by_name: NameIndex,
}

impl InstanceData {
    pub(crate) fn new(exports: Vec<(String, Item)>, caps: Option<usize>, table: Option<usize>) -> Self {
        let by_name = NameIndex::of(&exports);
        InstanceData { exports, caps, table, by_name }
    }

    /// Export `name` (the first one, should a binary that was not validated
    /// export it twice).
    pub(crate) fn get(&self, name: &str) -> Option<&Item> {
        self.by_name.get(&self.exports, name).map(|(_, i)| i)
    }
}
