//! Component functions: lifted guest exports and host functions, called
//! from the host with dynamic [`Val`]s ([`Func`]) or typed Rust values
//! ([`TypedFunc`](typed::TypedFunc), in `typed`). The call path they share
//! is in `call`, host functions in `host` (and, defined together, in `dispatch`), tasks in `task`, the core
//! functions the runtime defines in `core_func`, and the import gate in
//! `gate`.

pub(crate) mod call;
pub(crate) mod core_func;
pub(crate) mod dispatch;
pub(crate) mod gate;
pub(crate) mod host;
pub(crate) mod task;
pub(crate) mod typed;

use crate::error::{Error, ErrorKind};
use crate::func::call::{call_func, kind};
use crate::prelude::*;
use crate::store::Store;
use crate::store_id::StoreId;
use airssys_wasm_abi::Val;
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// A component function of an instance in a store. It belongs to that
/// store: every method that takes it with a store fails with
/// [`ErrorKind::WrongStore`] for any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: usize,
}

impl Func {
    /// The function's component type.
    pub fn ty<T: 'static>(&self, store: &Store<T>) -> Result<Arc<FuncType>, Error> {
        store.check(self.store, "function")?;
        Ok(kind(store.inner.data(), self.index)?.ty().clone())
    }

    /// Calls the function with dynamic values; `results` must have room for
    /// the result (zero or one). Post-return runs automatically.
    pub fn call<T: 'static>(&self, store: &mut Store<T>, params: &[Val], results: &mut [Val]) -> Result<(), Error> {
        store.check(self.store, "function")?;
        let out = call_func(store.inner.as_context_mut(), self.index, params)?;
        if out.len() != results.len() {
            return Err(Error::from(ErrorKind::Host(format!(
                "the function returns {} value(s) but {} slot(s) were given",
                out.len(),
                results.len()
            ))));
        }
        for (slot, v) in results.iter_mut().zip(out) {
            *slot = v;
        }
        Ok(())
    }
}
