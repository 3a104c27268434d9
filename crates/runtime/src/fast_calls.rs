//! The `fast-calls` feature: typed wasmi calls for the commonest core
//! signatures, up to four `i32` parameters and zero or one `i32` result.
//!
//! Lifted exports of these shapes are called through a `wasmi::TypedFunc`
//! and lowered imports are defined with `Func::wrap`, which skip wasmi's
//! per-call signature checks. Each of the ten shapes instantiates wasmi's
//! typed call machinery once more, about 12 KiB of code on a Cortex-M, so
//! firmware that counts its flash can leave the feature out: every call
//! then goes through the dynamic `Func::call` and `Func::new`, with the
//! same results.

use airssys_wasm_abi::MAX_FLAT_RESULTS;
use wasmi::{TypedFunc, ValType};

/// The `i32` shape of a signature: (parameter count, has a result), when
/// every type is `i32`, there are at most four parameters and one result.
pub(crate) fn i32_shape(params: &[ValType], results: &[ValType]) -> Option<(usize, bool)> {
    let all_i32 = |ts: &[ValType]| ts.iter().all(|t| *t == ValType::I32);
    if params.len() <= 4 && results.len() <= 1 && all_i32(params) && all_i32(results) {
        return Some((params.len(), results.len() == 1));
    }
    None
}

/// A lifted core function of an `i32` shape, typed.
pub(crate) enum TypedCall {
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

impl TypedCall {
    /// The typed form of `func`, when its signature has an `i32` shape.
    pub(crate) fn new<D>(
        store: &wasmi::Store<D>,
        func: wasmi::Func,
        params: &[ValType],
        results: &[ValType],
    ) -> Option<Self> {
        use TypedCall as C;
        let call = match i32_shape(params, results)? {
            (0, false) => func.typed(store).map(C::I0R0),
            (0, true) => func.typed(store).map(C::I0R1),
            (1, false) => func.typed(store).map(C::I1R0),
            (1, true) => func.typed(store).map(C::I1R1),
            (2, false) => func.typed(store).map(C::I2R0),
            (2, true) => func.typed(store).map(C::I2R1),
            (3, false) => func.typed(store).map(C::I3R0),
            (3, true) => func.typed(store).map(C::I3R1),
            (4, false) => func.typed(store).map(C::I4R0),
            (4, true) => func.typed(store).map(C::I4R1),
            _ => return None,
        };
        call.ok()
    }

    /// Calls with raw flat arguments; writes the raw result and returns how
    /// many results there are (0 or 1).
    #[inline]
    pub(crate) fn call<D>(
        &self,
        ctx: &mut wasmi::StoreContextMut<'_, D>,
        flat: &[u64],
        out: &mut [u64; MAX_FLAT_RESULTS],
    ) -> Result<usize, wasmi::Error> {
        use TypedCall as C;
        let a = |i: usize| flat.get(i).map_or(0, |r| *r as u32 as i32);
        let one = |r: i32, out: &mut [u64; MAX_FLAT_RESULTS]| {
            out[0] = u64::from(r as u32);
            1
        };
        match self {
            C::I0R0(f) => f.call(ctx, ()).map(|()| 0),
            C::I0R1(f) => f.call(ctx, ()).map(|r| one(r, out)),
            C::I1R0(f) => f.call(ctx, a(0)).map(|()| 0),
            C::I1R1(f) => f.call(ctx, a(0)).map(|r| one(r, out)),
            C::I2R0(f) => f.call(ctx, (a(0), a(1))).map(|()| 0),
            C::I2R1(f) => f.call(ctx, (a(0), a(1))).map(|r| one(r, out)),
            C::I3R0(f) => f.call(ctx, (a(0), a(1), a(2))).map(|()| 0),
            C::I3R1(f) => f.call(ctx, (a(0), a(1), a(2))).map(|r| one(r, out)),
            C::I4R0(f) => f.call(ctx, (a(0), a(1), a(2), a(3))).map(|()| 0),
            C::I4R1(f) => f.call(ctx, (a(0), a(1), a(2), a(3))).map(|r| one(r, out)),
        }
    }
}
