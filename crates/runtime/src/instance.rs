//! Component instances and their exports.

use crate::component::Item;
use crate::error::{Error, ErrorKind};
use crate::func::Func;
use crate::func::typed::TypedFunc;
use crate::prelude::*;
use crate::resources::{HandleInfo, HandleTable, ResourceType};
use crate::store::{InstanceData, Store};
use crate::store_id::StoreId;
use airssys_wasm_abi::typed::{ComponentList, Lift, Lower};

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

    /// The resource type the instance exports as `name` (`instance#name`
    /// for one in an exported instance), to compare with
    /// [`ResourceAny::ty`](crate::ResourceAny::ty). Fails with
    /// [`ErrorKind::NoSuchExport`] when there is no such resource type, and
    /// with [`ErrorKind::WrongStore`] when `store` is not the instance's.
    ///
    /// ```
    /// # use airssys_wasm::{Instance, ResourceAny, Store};
    /// fn is_a_counter(instance: &Instance, store: &Store<()>, handle: &ResourceAny) -> Result<bool, airssys_wasm::Error> {
    ///     Ok(handle.ty() == instance.get_resource(store, "counter")?)
    /// }
    /// ```
    pub fn get_resource<T: 'static>(&self, store: &Store<T>, name: &str) -> Result<ResourceType, Error> {
        let missing = || Error::from(ErrorKind::NoSuchExport(name.to_string()));
        let (path, ty) = match name.rsplit_once('#') {
            Some((path, ty)) => (Some(path), ty),
            None => (None, name),
        };
        let mut data = self.data(store)?;
        if let Some(path) = path {
            let Some(Item::Instance(i)) = data.get(path) else { return Err(missing()) };
            data = store.inner.data().instances.get(*i).cloned().ok_or_else(missing)?;
        }
        match data.get(ty) {
            Some(Item::ResourceType(rt)) => Ok(ResourceType::new(self.store, *rt)),
            _ => Err(missing()),
        }
    }

    /// The names of the instance's exports and their kinds. Fails with
    /// [`ErrorKind::WrongStore`] when `store` is not the instance's.
    pub fn exports<T: 'static>(&self, store: &Store<T>) -> Result<Vec<(String, &'static str)>, Error> {
        Ok(self.data(store)?.exports.iter().map(|(n, i)| (n.clone(), i.kind())).collect())
    }
}

/// The capability tables of instances, reached through their store.
impl<T: 'static> Store<T> {
    /// The capability table of `instance`: what its import calls may reach.
    /// Fails for an instance of another store.
    pub fn capabilities(&self, instance: &Instance) -> Result<&airssys_wasm_caps::CapabilityTable, Error> {
        let caps = self.capability_index(instance)?;
        self.inner.data().capabilities.get(caps).ok_or_else(|| no_capability_table(instance))
    }

    /// The capability table of `instance`, to grant, narrow or revoke while
    /// it lives; a change takes effect at its next import call. Fails for an
    /// instance of another store.
    pub fn capabilities_mut(&mut self, instance: &Instance) -> Result<&mut airssys_wasm_caps::CapabilityTable, Error> {
        let caps = self.capability_index(instance)?;
        self.inner.data_mut().capabilities.get_mut(caps).ok_or_else(|| no_capability_table(instance))
    }

    fn capability_index(&self, instance: &Instance) -> Result<usize, Error> {
        self.check(instance.store, "instance")?;
        let data = self.inner.data().instances.get(instance.index).ok_or_else(|| no_capability_table(instance))?;
        data.caps.ok_or_else(|| no_capability_table(instance))
    }
}

fn no_capability_table(instance: &Instance) -> Error {
    Error::from(ErrorKind::Instantiation(format!(
        "instance {} has no capability table: only component instances have one",
        instance.index
    )))
}
