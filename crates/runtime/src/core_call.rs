//! Fast paths for the commonest core signatures: up to four `i32`
//! parameters and zero or one `i32` result.
//!
//! wasmi's dynamic calls (`Func::call`, `Func::new`) resolve and check the
//! function type on every call; its typed calls (`TypedFunc`, `Func::wrap`)
//! check once. Lifted exports and lowered imports of these shapes use the
//! typed forms, so a component call costs little more than a core call.

use crate::error::{Error, from_wasmi};
use crate::guest_memory::{from_raw, to_raw};
use crate::store::StoreData;
use airssys_wasm_abi::{MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
use wasmi::{TypedFunc, ValType};

/// How a lifted core function is called.
pub(crate) enum CoreCall {
    /// Any signature, through `Func::call`.
    Dynamic,
    I0R0(TypedFunc<(), ()>),
    I0R1(TypedFunc<(), i32>),
    I1R0(TypedFunc<i32, ()>),
    I1R1(TypedFunc<i32, i32>),
    I2R0(TypedFunc<(i32, i32), ()>),
    I2R1(TypedFunc<(i32, i32), i32>),
    I3R0(TypedFunc<(i32, i32, i32), ()>),
    I3R1(TypedFunc<(i32, i32, i32), i32>),
    I4R0(TypedFunc<(i32, i32, i32, i32), ()>),
    I4R1(TypedFunc<(i32, i32, i32, i32), i32>),
}

/// The `i32` shape of a signature: (parameter count, has a result), when
/// every type is `i32`, there are at most four parameters and one result.
pub(crate) fn i32_shape(params: &[ValType], results: &[ValType]) -> Option<(usize, bool)> {
    let all_i32 = |ts: &[ValType]| ts.iter().all(|t| *t == ValType::I32);
    if params.len() <= 4 && results.len() <= 1 && all_i32(params) && all_i32(results) {
        return Some((params.len(), results.len() == 1));
    }
    None
}

impl CoreCall {
    /// The fast path for `func` when its signature has an `i32` shape.
    pub(crate) fn new<T>(
        store: &wasmi::Store<StoreData<T>>,
        func: wasmi::Func,
        params: &[ValType],
        results: &[ValType],
    ) -> Self {
        let call = match i32_shape(params, results) {
            Some((0, false)) => func.typed(store).map(CoreCall::I0R0),
            Some((0, true)) => func.typed(store).map(CoreCall::I0R1),
            Some((1, false)) => func.typed(store).map(CoreCall::I1R0),
            Some((1, true)) => func.typed(store).map(CoreCall::I1R1),
            Some((2, false)) => func.typed(store).map(CoreCall::I2R0),
            Some((2, true)) => func.typed(store).map(CoreCall::I2R1),
            Some((3, false)) => func.typed(store).map(CoreCall::I3R0),
            Some((3, true)) => func.typed(store).map(CoreCall::I3R1),
            Some((4, false)) => func.typed(store).map(CoreCall::I4R0),
            Some((4, true)) => func.typed(store).map(CoreCall::I4R1),
            _ => return CoreCall::Dynamic,
        };
        call.unwrap_or(CoreCall::Dynamic)
    }

    /// Calls with raw flat arguments; writes the raw results and returns how
    /// many there are.
    pub(crate) fn call<T>(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        func: wasmi::Func,
        core_params: &[ValType],
        core_results: &[ValType],
        flat: &[u64],
        out: &mut [u64; MAX_FLAT_RESULTS],
    ) -> Result<usize, Error> {
        let a = |i: usize| flat.get(i).map_or(0, |r| *r as u32 as i32);
        let one = |r: i32, out: &mut [u64; MAX_FLAT_RESULTS]| {
            out[0] = u64::from(r as u32);
            1
        };
        let n = match self {
            CoreCall::I0R0(f) => f.call(&mut ctx, ()).map(|()| 0),
            CoreCall::I0R1(f) => f.call(&mut ctx, ()).map(|r| one(r, out)),
            CoreCall::I1R0(f) => f.call(&mut ctx, a(0)).map(|()| 0),
            CoreCall::I1R1(f) => f.call(&mut ctx, a(0)).map(|r| one(r, out)),
            CoreCall::I2R0(f) => f.call(&mut ctx, (a(0), a(1))).map(|()| 0),
            CoreCall::I2R1(f) => f.call(&mut ctx, (a(0), a(1))).map(|r| one(r, out)),
            CoreCall::I3R0(f) => f.call(&mut ctx, (a(0), a(1), a(2))).map(|()| 0),
            CoreCall::I3R1(f) => f.call(&mut ctx, (a(0), a(1), a(2))).map(|r| one(r, out)),
            CoreCall::I4R0(f) => f.call(&mut ctx, (a(0), a(1), a(2), a(3))).map(|()| 0),
            CoreCall::I4R1(f) => f.call(&mut ctx, (a(0), a(1), a(2), a(3))).map(|r| one(r, out)),
            CoreCall::Dynamic => {
                let mut args: [wasmi::Val; MAX_FLAT_PARAMS] = core::array::from_fn(|_| wasmi::Val::I32(0));
                for ((arg, raw), ty) in args.iter_mut().zip(flat).zip(core_params) {
                    *arg = from_raw(*raw, *ty);
                }
                let mut results: [wasmi::Val; MAX_FLAT_RESULTS] = core::array::from_fn(|_| wasmi::Val::I32(0));
                let results = &mut results[..core_results.len().min(MAX_FLAT_RESULTS)];
                let args = &args[..flat.len().min(MAX_FLAT_PARAMS)];
                func.call(&mut ctx, args, results).map(|()| {
                    for (o, v) in out.iter_mut().zip(results.iter()) {
                        *o = to_raw(v);
                    }
                    results.len()
                })
            }
        };
        n.map_err(from_wasmi)
    }
}
