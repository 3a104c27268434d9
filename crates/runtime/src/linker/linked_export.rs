//! An export of one component instance linked as another's import: a call
//! between components that passes the caller's import gate, and so its
//! capability check, exactly like a host call.

use crate::error::Error;
use crate::func::call::call_func;
use crate::prelude::*;
use crate::store::{HostCall, StoreData, check_store};
use crate::store_id::StoreId;
use airssys_wasm_abi::{TypeError, Val};
use airssys_wasm_component::FuncType;

/// Function `index` of store `store`, with its type.
pub(crate) struct LinkedExport {
    pub(crate) store: StoreId,
    pub(crate) index: usize,
    pub(crate) ty: Arc<FuncType>,
}

impl<T: 'static> HostCall<T> for LinkedExport {
    fn typecheck(&self, ty: &FuncType) -> Result<(), TypeError> {
        if ty.params().types() == self.ty.params().types() && ty.results().types() == self.ty.results().types() {
            return Ok(());
        }
        Err(TypeError::Mismatch { expected: "the linked export's type".into(), found: ty.to_string() })
    }

    fn describe(&self) -> String {
        format!("a component export of type `{}`", self.ty)
    }

    fn bound_store(&self) -> Option<StoreId> {
        Some(self.store)
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        _ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        check_store(ctx.data().id, self.store, "linked export")?;
        call_func(ctx, self.index, args)
    }
}
