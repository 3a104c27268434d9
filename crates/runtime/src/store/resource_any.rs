//! What a [`ResourceAny`] does with its store: drop the handle, and
//! convert it to and from the dynamic values of [`Func::call`](crate::Func::call).
//! (The type itself, and how typed calls lift and lower it, are in
//! `resources`, which sits below the store.)

use crate::error::Error;
use crate::resources::ResourceAny;
use crate::store::context::drop_host_handle;
use crate::store::{Store, StoreContextMut};
use airssys_wasm_abi::Val;

/// Dropping a handle, and the dynamic path.
impl ResourceAny {
    /// Drops the handle: for an owning handle the component's destructor
    /// runs, a borrow just ends early. Fails with
    /// [`ErrorKind::WrongStore`](crate::ErrorKind::WrongStore) for another store, and when the handle is
    /// lent to a call in progress or no longer live.
    ///
    /// ```
    /// # use airssys_wasm::{ResourceAny, Store};
    /// fn close(file: ResourceAny, store: &mut Store<()>) -> Result<(), airssys_wasm::Error> {
    ///     file.resource_drop(store)
    /// }
    /// ```
    pub fn resource_drop<T: 'static>(self, store: &mut Store<T>) -> Result<(), Error> {
        self.resource_drop_in(&mut store.context())
    }

    /// [`ResourceAny::resource_drop`] from inside a host function.
    ///
    /// ```
    /// # use airssys_wasm::{ResourceAny, StoreContextMut};
    /// fn consume(mut cx: StoreContextMut<'_, ()>, (file,): (ResourceAny,)) -> Result<(), airssys_wasm::Error> {
    ///     file.resource_drop_in(&mut cx)
    /// }
    /// ```
    pub fn resource_drop_in<T>(self, cx: &mut StoreContextMut<'_, T>) -> Result<(), Error> {
        let data = cx.0.data();
        self.check_live(data.id, &data.resources)?;
        drop_host_handle(&mut cx.0, self.index())
    }

    /// The handle that `val` (`Val::Own(index)` or `Val::Borrow(index)` of
    /// the host's table, as [`Func::call`](crate::Func::call) gives them)
    /// names in `store`. Fails for any other value, and for an index that
    /// names no handle of a component-defined resource (or one of the other
    /// kind).
    ///
    /// ```
    /// # use airssys_wasm::{Func, ResourceAny, Store, Val};
    /// fn make(make: Func, store: &mut Store<()>) -> Result<ResourceAny, airssys_wasm::Error> {
    ///     let mut out = [Val::Bool(false)];
    ///     make.call(store, &[Val::U32(7)], &mut out)?;
    ///     let [val] = out;
    ///     ResourceAny::try_from_val(val, store)
    /// }
    /// ```
    pub fn try_from_val<T: 'static>(val: Val, store: &Store<T>) -> Result<Self, Error> {
        let data = store.inner.data();
        ResourceAny::from_val(val, data.id, &data.resources)
    }

    /// [`ResourceAny::try_from_val`] from inside a host function.
    ///
    /// ```
    /// # use airssys_wasm::{ResourceAny, StoreContextMut, Val};
    /// fn take(cx: StoreContextMut<'_, ()>, params: &[Val]) -> Result<ResourceAny, airssys_wasm::Error> {
    ///     ResourceAny::try_from_val_in(params[0].clone(), &cx)
    /// }
    /// ```
    pub fn try_from_val_in<T>(val: Val, cx: &StoreContextMut<'_, T>) -> Result<Self, Error> {
        let data = cx.0.data();
        ResourceAny::from_val(val, data.id, &data.resources)
    }

    /// The handle as a dynamic value of the host's table, for
    /// [`Func::call`](crate::Func::call): `Val::Own(index)` for an owning
    /// handle, `Val::Borrow(index)` for a borrow. Fails with
    /// [`ErrorKind::WrongStore`](crate::ErrorKind::WrongStore) for another store, and when the handle is
    /// no longer live.
    ///
    /// ```
    /// # use airssys_wasm::{Func, ResourceAny, Store, Val};
    /// fn give(take: Func, store: &mut Store<()>, handle: ResourceAny) -> Result<(), airssys_wasm::Error> {
    ///     let val = handle.into_val(store)?;
    ///     take.call(store, &[val], &mut [])
    /// }
    /// ```
    pub fn into_val<T: 'static>(self, store: &Store<T>) -> Result<Val, Error> {
        let data = store.inner.data();
        self.check_live(data.id, &data.resources)?;
        Ok(self.to_val())
    }

    /// [`ResourceAny::into_val`] from inside a host function
    /// ([`LinkerInstance::func_new`](crate::LinkerInstance::func_new)).
    ///
    /// ```
    /// # use airssys_wasm::{ResourceAny, StoreContextMut, Val};
    /// fn give(cx: StoreContextMut<'_, ()>, handle: ResourceAny, results: &mut [Val]) -> Result<(), airssys_wasm::Error> {
    ///     results[0] = handle.into_val_in(&cx)?;
    ///     Ok(())
    /// }
    /// ```
    pub fn into_val_in<T>(self, cx: &StoreContextMut<'_, T>) -> Result<Val, Error> {
        let data = cx.0.data();
        self.check_live(data.id, &data.resources)?;
        Ok(self.to_val())
    }
}
