//! Calling a lifted core function with flat arguments.
//!
//! wasmi's dynamic calls (`Func::call`) resolve and check the function type
//! on every call; its typed calls (`TypedFunc`) check once. With the
//! `fast-calls` feature, lifted exports of the commonest shapes (see
//! [`crate::fast_calls`]) use the typed form, so that a component call costs
//! little more than a core call; every other signature, and every signature
//! without the feature, goes through `Func::call`.

use crate::error::{Error, from_wasmi};
use crate::guest_memory::{from_raw, to_raw};
use airssys_wasm_abi::{MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
use wasmi::ValType;

/// How a lifted core function is called.
pub(crate) struct CoreCall {
    /// The typed fast path, when the signature has one.
    #[cfg(feature = "fast-calls")]
    typed: Option<crate::fast_calls::TypedCall>,
}

impl CoreCall {
    /// The way to call `func`, whose core signature is `params -> results`.
    pub(crate) fn new<D>(store: &wasmi::Store<D>, func: wasmi::Func, params: &[ValType], results: &[ValType]) -> Self {
        #[cfg(not(feature = "fast-calls"))]
        let _ = (store, func, params, results);
        CoreCall {
            #[cfg(feature = "fast-calls")]
            typed: crate::fast_calls::TypedCall::new(store, func, params, results),
        }
    }

    /// Calls with raw flat arguments; writes the raw results and returns how
    /// many there are.
    pub(crate) fn call<D>(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, D>,
        func: wasmi::Func,
        core_params: &[ValType],
        core_results: &[ValType],
        flat: &[u64],
        out: &mut [u64; MAX_FLAT_RESULTS],
    ) -> Result<usize, Error> {
        #[cfg(feature = "fast-calls")]
        if let Some(typed) = &self.typed {
            return typed.call(&mut ctx, flat, out).map_err(from_wasmi);
        }
        let mut args: [wasmi::Val; MAX_FLAT_PARAMS] = core::array::from_fn(|_| wasmi::Val::I32(0));
        for ((arg, raw), ty) in args.iter_mut().zip(flat).zip(core_params) {
            *arg = from_raw(*raw, *ty);
        }
        let mut results: [wasmi::Val; MAX_FLAT_RESULTS] = core::array::from_fn(|_| wasmi::Val::I32(0));
        let results = &mut results[..core_results.len().min(MAX_FLAT_RESULTS)];
        let args = &args[..flat.len().min(MAX_FLAT_PARAMS)];
        func.call(&mut ctx, args, results).map_err(from_wasmi)?;
        for (o, v) in out.iter_mut().zip(results.iter()) {
            *o = to_raw(v);
        }
        Ok(results.len())
    }
}
