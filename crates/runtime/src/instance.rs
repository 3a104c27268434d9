//! Component instances and their exports.

use crate::component::ComponentValue;
use crate::error::{Error, ErrorKind};
use crate::func::{Func, TypedFunc};
use crate::prelude::*;
use crate::resources::{HandleInfo, HandleTable};
use crate::store::{Store, StoreId};
use airssys_wasm_abi::typed::{ComponentList, Lift, Lower};
use airssys_wasm_component::NameIndex;

/// Something an instance exports (or a component is given as an argument).
#[derive(Clone)]
pub(crate) enum Item {
    Func(usize),
    Instance(usize),
    Module(wasmi::Module),
    Component(Arc<ComponentValue>),
    /// A run-time resource type.
    ResourceType(usize),
}

impl Item {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Item::Func(_) => "func",
            Item::Instance(_) => "instance",
            Item::Module(_) => "core module",
            Item::Component(_) => "component",
            Item::ResourceType(_) => "resource type",
        }
    }
}

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

/// An instantiated component in a store. It belongs to that store: every
/// method that takes it with a store fails with
/// [`ErrorKind::WrongStore`] for any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: usize,
}

impl Instance {
    fn data<T: 'static>(&self, store: &Store<T>) -> Result<Arc<InstanceData>, Error> {
        store.check(self.store, "instance")?;
        store.inner.data().instances.get(self.index).cloned().ok_or_else(|| {
            Error::from(ErrorKind::Instantiation(format!("instance {} is missing from its store", self.index)))
        })
    }

    /// The exported function `name`. A function of an exported instance is
    /// named `instance#function`, e.g. `ns:pkg/iface#greet`. Fails with
    /// [`ErrorKind::NoSuchExport`] when there is no such function, and with
    /// [`ErrorKind::WrongStore`] when `store` is not the instance's.
    pub fn get_func<T: 'static>(&self, store: &Store<T>, name: &str) -> Result<Func, Error> {
        let missing = || Error::from(ErrorKind::NoSuchExport(name.to_string()));
        let (path, func) = match name.rsplit_once('#') {
            Some((path, func)) => (Some(path), func),
            None => (None, name),
        };
        let mut data = self.data(store)?;
        if let Some(path) = path {
            let Some(Item::Instance(i)) = data.get(path) else { return Err(missing()) };
            data = store.inner.data().instances.get(*i).cloned().ok_or_else(missing)?;
        }
        match data.get(func) {
            Some(Item::Func(index)) => Ok(Func { store: self.store, index: *index }),
            _ => Err(missing()),
        }
    }

    /// The exported function `name` with static types `P` and `R` (tuples),
    /// checked once here.
    pub fn get_typed_func<P, R, T: 'static>(&self, store: &Store<T>, name: &str) -> Result<TypedFunc<P, R>, Error>
    where
        P: Lower + ComponentList,
        R: Lift + ComponentList,
    {
        self.get_func(store, name)?.typed(store)
    }

    /// The live handles of the instance's handle table, by index: what the
    /// component holds of resources, for debugging leaks and for tests.
    /// Fails with [`ErrorKind::WrongStore`] when `store` is not the instance's.
    pub fn handles<T: 'static>(&self, store: &Store<T>) -> Result<Vec<HandleInfo>, Error> {
        let data = self.data(store)?;
        let resources = &store.inner.data().resources;
        Ok(data.table.and_then(|t| resources.tables.get(t)).map(HandleTable::snapshot).unwrap_or_default())
    }

    /// The names of the instance's exports and their kinds. Fails with
    /// [`ErrorKind::WrongStore`] when `store` is not the instance's.
    pub fn exports<T: 'static>(&self, store: &Store<T>) -> Result<Vec<(String, &'static str)>, Error> {
        Ok(self.data(store)?.exports.iter().map(|(n, i)| (n.clone(), i.kind())).collect())
    }
}
