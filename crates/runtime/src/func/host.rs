//! Host functions: how the import gate lifts arguments for them and lowers
//! their results, dynamically (`func_new`) or typed (`func_wrap`; typed and
//! defined together through one dispatcher, `func_dispatch`, in `dispatch`).

use crate::error::Error;
use crate::prelude::*;
use crate::resources::{GivenHandles, HostHandles, Resources};
use crate::store::{HostCall, StoreContextMut, StoreData};
use crate::store_id::StoreId;
use airssys_wasm_abi::typed::{ComponentList, HandleCheck, Lift, Lower};
use airssys_wasm_abi::{
    BumpMemory, FlatReader, FlatWriter, LiftContext, LowerContext, Memory, Options, Trap, TypeError, Val, ValueList,
};
use airssys_wasm_component::FuncType;
use core::marker::PhantomData;
use wasmi::AsContextMut;
#[cfg(feature = "fast-calls")]
use {
    crate::store::CallerSide,
    crate::store::data::lower_into_caller,
    airssys_wasm_abi::typed,
    airssys_wasm_abi::{MAX_FLAT_PARAMS, MAX_FLAT_RESULTS},
};

/// `func_new`: the closure sees and returns dynamic values.
pub(crate) struct DynamicHost<F>(pub(crate) F);

impl<T: 'static, F> HostCall<T> for DynamicHost<F>
where
    F: Fn(StoreContextMut<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync,
{
    fn typecheck(&self, _ty: &FuncType) -> Result<(), TypeError> {
        Ok(())
    }

    fn describe(&self) -> String {
        "a dynamic host function".into()
    }

    fn call_vals(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        let mut results = vec![Val::Bool(false); ty.results().types().len()];
        (self.0)(StoreContextMut(ctx), args, &mut results)?;
        Ok(results)
    }
}

/// `func_wrap`: the closure takes and returns Rust tuples.
pub(crate) struct TypedHost<F, P, R> {
    pub(crate) func: F,
    pub(crate) _marker: PhantomData<fn(P) -> R>,
}

impl<T: 'static, F, P, R> HostCall<T> for TypedHost<F, P, R>
where
    F: Fn(StoreContextMut<'_, T>, P) -> Result<R, Error> + Send + Sync,
    P: Lift + ComponentList,
    R: Lower + ComponentList,
{
    fn typecheck(&self, ty: &FuncType) -> Result<(), TypeError> {
        P::typecheck_list(ty.params().types())?;
        R::typecheck_list(ty.results().types())
    }

    /// With `std`, names the Rust parameter tuple. Without it, a
    /// microcontroller build, the names (several KiB of flash for an
    /// interface such as WASI's) are left out: the type error itself says
    /// what differs.
    fn describe(&self) -> String {
        #[cfg(feature = "std")]
        return format!("a typed host function taking {}", core::any::type_name::<P>());
        #[cfg(not(feature = "std"))]
        return "a typed host function".into();
    }

    fn check_handles(&self, ty: &FuncType, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        P::check_handles_list(ty.params().types(), check)?;
        R::check_handles_list(ty.results().types(), check)
    }

    /// The typed flat path: lifts the arguments straight into `P` and
    /// lowers `R` straight into the caller, without dynamic values. With
    /// `fast-calls` only: it is compiled once per host function, where the
    /// default path through values is shared by all of them.
    #[cfg(feature = "fast-calls")]
    fn call_flat(
        &self,
        ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        _ty: &FuncType,
        caller: &CallerSide,
        flat: &[u64],
        out_param: Option<u32>,
        out: &mut FlatWriter<'_>,
    ) -> Result<(), Error> {
        call_typed_flat(ctx, caller, flat, out_param, out, &self.func)
    }

    #[inline(never)]
    fn call_vals(
        &self,
        mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
        ty: &FuncType,
        args: &[Val],
    ) -> Result<Vec<Val>, Error> {
        let params: P = vals_to_typed(ctx.data(), ty.params(), args)?;
        let results = (self.func)(StoreContextMut(ctx.as_context_mut()), params)?;
        typed_to_vals(ctx.data(), ty.results(), &results)
    }
}

/// The typed flat path of a host function `f` (`fast-calls`): lifts the
/// caller's flat arguments straight into `P`, runs `f`, lowers `R` straight
/// into the caller (at `out_param` if the results spill) and onto `out`.
/// Shared by `func_wrap` functions and dispatched ones.
#[cfg(feature = "fast-calls")]
#[inline]
pub(crate) fn call_typed_flat<T: 'static, P: Lift, R: Lower>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    caller: &CallerSide,
    flat: &[u64],
    out_param: Option<u32>,
    out: &mut FlatWriter<'_>,
    f: impl FnOnce(StoreContextMut<'_, T>, P) -> Result<R, Error>,
) -> Result<(), Error> {
    let params: P = {
        let bytes = caller.memory.map_or(&[][..], |m| m.data(&ctx));
        typed::lift_values(&mut LiftContext::new(bytes, &caller.options), flat, MAX_FLAT_PARAMS)?
    };
    let results = f(StoreContextMut(ctx.as_context_mut()), params)?;
    lower_into_caller(ctx, caller, |cx| typed::lower_values(cx, &results, MAX_FLAT_RESULTS, out_param, out))
}

/// Converts dynamic values to a typed tuple by lowering them into a scratch
/// memory and lifting them back typed (used only off the hot path). A
/// [`ResourceAny`](crate::ResourceAny) among them is the host-table handle
/// its `Val::Own` or `Val::Borrow` names in `data`'s store.
#[inline(never)]
pub(crate) fn vals_to_typed<P: Lift, T>(data: &StoreData<T>, list: &ValueList, vals: &[Val]) -> Result<P, Error> {
    let mut params = None;
    lift_from_vals(data.id, &data.resources, list, vals, &mut |cx, src| {
        params = Some(P::lift_flat(cx, src)?);
        Ok(())
    })?;
    params.ok_or_else(|| Error::host("a host function's typed arguments were not lifted"))
}

/// A typed tuple's own lift from flat values (and the scratch memory they
/// point into), which keeps what it lifted.
type LiftTuple<'f> = dyn FnMut(&mut LiftContext<'_>, &mut FlatReader<'_>) -> Result<(), Trap> + 'f;

/// A typed tuple's own lower into flat values and a scratch memory.
type LowerTuple<'f> = dyn FnMut(&mut LowerContext<'_, dyn Memory>, &mut FlatWriter<'_>) -> Result<(), Trap> + 'f;

/// The part of [`vals_to_typed`] that does not depend on the typed tuple,
/// compiled once instead of once per host function signature: lowers the
/// values into a scratch memory, runs `lift` on their flat form and checks
/// that it consumed all of it.
#[inline(never)]
fn lift_from_vals(
    id: StoreId,
    resources: &Resources,
    list: &ValueList,
    vals: &[Val],
    lift: &mut LiftTuple<'_>,
) -> Result<(), Error> {
    let opts = Options::default();
    let mut memory = BumpMemory::scratch(8);
    let mut slots = vec![0u64; list.layout().flat_count as usize + 1];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut memory as &mut dyn Memory, &opts), vals, usize::MAX, None, &mut flat)?;
    let n = flat.len();
    let handles = HostHandles::of(id, resources, vals);
    let mut cx = LiftContext::new(memory.bytes(), &opts).with_handle_env(&handles);
    let mut src = FlatReader::new(&slots[..n]);
    lift(&mut cx, &mut src)?;
    if !src.is_done() {
        return Err(Trap::FlatCountMismatch.into());
    }
    Ok(())
}

/// Converts a typed tuple to dynamic values, the inverse of
/// [`vals_to_typed`]. Every [`ResourceAny`](crate::ResourceAny) in it must
/// belong to `data`'s store and still be live.
#[inline(never)]
pub(crate) fn typed_to_vals<R: Lower, T>(data: &StoreData<T>, list: &ValueList, value: &R) -> Result<Vec<Val>, Error> {
    lower_to_vals(data.id, &data.resources, list, R::FLAT_COUNT, &mut |cx, flat| value.lower_flat(cx, flat))
}

/// The part of [`typed_to_vals`] that does not depend on the typed tuple:
/// runs `lower` (of a tuple of `flat_count` flat values) into a scratch
/// memory, checks the handles it gave and lifts the dynamic values.
#[inline(never)]
fn lower_to_vals(
    id: StoreId,
    resources: &Resources,
    list: &ValueList,
    flat_count: usize,
    lower: &mut LowerTuple<'_>,
) -> Result<Vec<Val>, Error> {
    let opts = Options::default();
    let mut scratch = BumpMemory::scratch(8);
    let mut slots = vec![0u64; flat_count + 1];
    let mut flat = FlatWriter::new(&mut slots);
    let mut given = GivenHandles::default();
    lower(&mut LowerContext::new(&mut scratch as &mut dyn Memory, &opts).with_handle_env(&mut given), &mut flat)?;
    let n = flat.len();
    given.check(id, resources)?;
    Ok(list.lift(&mut LiftContext::new(scratch.bytes(), &opts), &slots[..n], usize::MAX)?)
}
