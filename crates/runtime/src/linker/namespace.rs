//! What a linker holds: host definitions by name, which instantiation
//! resolves a component's imports against.

use crate::error::Error;
use crate::prelude::*;
use crate::store::{HostCall, StoreContextMut};

/// A host definition.
pub(crate) enum Definition<T> {
    Func(Arc<dyn HostCall<T>>),
    Instance(Namespace<T>),
    Resource(Arc<HostResource<T>>),
    /// A resource type a component instance defines, bound to its store.
    ComponentResource(crate::resources::ResourceType),
}

/// The destructor of a host resource type.
pub(crate) type HostDtor<T> = dyn Fn(StoreContextMut<'_, T>, u32) -> Result<(), Error> + Send + Sync;

/// A resource type defined by the host.
pub(crate) struct HostResource<T> {
    pub(crate) key: usize,
    /// The Rust type the host keeps the resources as (`Resource<R>`'s `R`).
    pub(crate) claim: airssys_wasm_abi::typed::HandleClaim,
    pub(crate) dtor: Arc<HostDtor<T>>,
}

/// Definitions by name, kept sorted by name (a vector with binary search:
/// the embedder defines them once, instantiation looks them up).
pub(crate) struct Namespace<T> {
    items: Vec<(String, Definition<T>)>,
}

impl<T> Default for Namespace<T> {
    fn default() -> Self {
        Namespace { items: Vec::new() }
    }
}

impl<T> Namespace<T> {
    pub(crate) fn position(&self, name: &str) -> Result<usize, usize> {
        self.items.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// The definition named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Definition<T>> {
        self.position(name).ok().and_then(|i| self.items.get(i)).map(|(_, d)| d)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Defines `name` unless it is defined already; returns whether it was.
    pub(crate) fn insert_new(&mut self, name: &str, def: impl FnOnce() -> Definition<T>) -> bool {
        match self.position(name) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, (name.to_string(), def()));
                true
            }
        }
    }

    /// The definition named `name`, created by `def` if absent.
    pub(crate) fn get_or_insert_with(&mut self, name: &str, def: impl FnOnce() -> Definition<T>) -> &mut Definition<T> {
        let i = match self.position(name) {
            Ok(i) => i,
            Err(i) => {
                self.items.insert(i, (name.to_string(), def()));
                i
            }
        };
        &mut self.items[i].1
    }
}
