//! The import gate: the one choke point every import call from a guest
//! passes through (ARCHITECTURE.md, "A guest calls an import").
//!
//! Each `canon lower` becomes one wasmi host function whose body is
//! [`call_import`]: it lifts the arguments from the caller, runs the target
//! (a host function, or another component's lifted export) and lowers the
//! results into the caller. The capability check runs first, before anything
//! is read from guest memory; argument constraints run after lifting and
//! before the target. Nothing reaches the host around this function.

use crate::error::{Error, ErrorKind, GateError};
use crate::func::call::{Callee, call_lifted};
use crate::guest_memory::{GuestMemory, from_raw, to_raw};
use crate::prelude::*;
use crate::resources::{Side, handle_context, position};
use crate::store::{CallerSide, FuncKind, HostFunc, StoreData};
use airssys_wasm_abi::Memory;
use airssys_wasm_abi::string::StringHint;
use airssys_wasm_abi::{
    FlatWriter, LiftContext, LowerContext, MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
};
use airssys_wasm_abi::{Val, ValType};
use airssys_wasm_caps::{Args, Denial, DenyAction, ImportSlot, Permit};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// A lowered import: its target, its type and the caller's options.
pub(crate) struct Lowered<T> {
    /// Where the call's capability check looks: the caller's capability
    /// table and the import's slot in it; `None` when checks are off or the
    /// target is another component of the same composition.
    pub(crate) cap: Option<CapSlot>,
    /// `canon lower async`: arguments beyond four flat values come through
    /// memory, the result is stored at a pointer, and the core function
    /// returns the subtask's state.
    pub(crate) async_lower: bool,
    pub(crate) target: Arc<FuncKind<T>>,
    /// The caller's handle table and resource numbering.
    pub(crate) side: Side,
    /// Whether parameters or results hold resource handles.
    pub(crate) has_handles: bool,
    pub(crate) ty: Arc<FuncType>,
    pub(crate) caller: CallerSide,
    pub(crate) core_results: Vec<wasmi::ValType>,
}

/// An import's place in a capability table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CapSlot {
    /// The index of the caller's capability table in the store.
    pub(crate) table: usize,
    /// The import's slot in it.
    pub(crate) slot: ImportSlot,
}

/// The body of a lowered import with any core signature (`Func::new`).
pub(crate) fn call_import<T: 'static>(
    mut caller: wasmi::Caller<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    args: &[wasmi::Val],
    rets: &mut [wasmi::Val],
) -> Result<(), wasmi::Error> {
    let mut raw = [0u64; MAX_FLAT_PARAMS + 1];
    for (slot, a) in raw.iter_mut().zip(args) {
        *slot = to_raw(a);
    }
    let n = args.len().min(raw.len());
    let mut out = [0u64; MAX_FLAT_RESULTS];
    let written =
        gate(caller.as_context_mut(), lowered, &raw[..n], &mut out).map_err(|e| wasmi::Error::host(GateError(e)))?;
    for ((ret, raw), ty) in rets.iter_mut().zip(&out[..written]).zip(&lowered.core_results) {
        *ret = from_raw(*raw, *ty);
    }
    Ok(())
}

/// The body of a lowered import whose core signature has an `i32` shape
/// (`Func::wrap`, feature `fast-calls`): raw arguments in, the raw result
/// (or 0) out.
#[cfg(feature = "fast-calls")]
pub(crate) fn call_import_raw<T: 'static>(
    mut caller: wasmi::Caller<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    args: &[u64],
) -> Result<u64, wasmi::Error> {
    let mut out = [0u64; MAX_FLAT_RESULTS];
    gate(caller.as_context_mut(), lowered, args, &mut out).map_err(|e| wasmi::Error::host(GateError(e)))?;
    Ok(out[0])
}

/// Checks the capability, then lifts, runs the target and lowers; returns
/// how many flat results it wrote.
fn gate<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    raw: &[u64],
    results: &mut [u64; MAX_FLAT_RESULTS],
) -> Result<usize, Error> {
    // A guest's realloc or post-return may not call out of its instance.
    ctx.data().resources.check_may_leave(lowered.side.table)?;
    // Reads the fuel only when a gauge is attached: most stores have none.
    if let Some(gauge) = &ctx.data().fuel_gauge
        && let Ok(left) = ctx.get_fuel()
    {
        gauge.observe(left);
    }
    let Some(cap) = lowered.cap else {
        return dispatch(ctx, lowered, raw, results, None);
    };
    // The capability check comes before anything is read from guest memory.
    let data = ctx.data_mut();
    let table = data.capabilities.get_mut(cap.table).ok_or_else(no_table)?;
    let permit = match table.check_call(cap.slot) {
        Ok(permit) => permit.needs_args().then_some((cap.table, permit)),
        Err(denial) => return deny(ctx, lowered, raw, results, denial),
    };
    // Host functions called from here may change the caller's table.
    let calling = data.calling.replace(cap.table);
    let outcome = dispatch(ctx.as_context_mut(), lowered, raw, results, permit);
    ctx.data_mut().calling = calling;
    outcome
}

fn no_table() -> Error {
    Error::from(ErrorKind::Instantiation("the instance's capability table is missing".into()))
}

/// A denied call: traps, or lowers `err(..)` of the function's own result
/// type into the caller when the grant asks for it (without running the
/// target).
fn deny<T: 'static>(
    ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    raw: &[u64],
    results: &mut [u64; MAX_FLAT_RESULTS],
    denial: Denial,
) -> Result<usize, Error> {
    let value = denied_value(&lowered.ty, denial)?;
    let (_, out_param) = split_args(lowered, raw);
    finish(ctx, lowered, &[value], Vec::new(), out_param, results)
}

/// The value a denied call returns instead of trapping, when its grant asks
/// for `err(..)` ([`DenyAction::ReturnError`]); otherwise the denial as an error.
fn denied_value(ty: &FuncType, denial: Denial) -> Result<Val, Error> {
    let DenyAction::ReturnError { case } = &denial.action else {
        return Err(Error::from(ErrorKind::Denied(denial)));
    };
    let Some(ValType::Result(result)) = ty.result() else {
        return Err(Error::from(ErrorKind::Denied(denial)));
    };
    let case_index = |labels: &mut dyn Iterator<Item = &str>| {
        let case = case.as_deref()?;
        labels.enumerate().find(|(_, l)| *l == case).map(|(i, _)| i as u32)
    };
    let payload = match result.err() {
        None => None,
        Some(ValType::String) => Some(Val::String(denial.to_string())),
        Some(ValType::Enum(e)) => match case_index(&mut e.labels().iter().map(String::as_str)) {
            Some(i) => Some(Val::Enum(i)),
            None => return Err(Error::from(ErrorKind::Denied(denial))),
        },
        Some(ValType::Variant(v)) => {
            let Some(i) = case_index(&mut v.cases().iter().map(|c| c.name.as_str())) else {
                return Err(Error::from(ErrorKind::Denied(denial)));
            };
            match v.cases().get(i as usize).and_then(|c| c.ty.as_ref()) {
                None => Some(Val::Variant(i, None)),
                Some(ValType::String) => Some(Val::Variant(i, Some(Box::new(Val::String(denial.to_string()))))),
                Some(_) => return Err(Error::from(ErrorKind::Denied(denial))),
            }
        }
        Some(_) => return Err(Error::from(ErrorKind::Denied(denial))),
    };
    Ok(Val::Result(Err(payload.map(Box::new))))
}

/// Lifts, runs the target, lowers. `permit` is set when the grant has
/// argument constraints to check after lifting.
fn dispatch<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    raw: &[u64],
    results: &mut [u64; MAX_FLAT_RESULTS],
    permit: Option<(usize, Permit)>,
) -> Result<usize, Error> {
    let (flat, out_param) = split_args(lowered, raw);
    if let FuncKind::Host(h) = &*lowered.target
        && !lowered.has_handles
        && !lowered.async_lower
        && permit.is_none()
    {
        let mut out = FlatWriter::new(results);
        #[cfg(feature = "fast-calls")]
        h.call.call_flat(ctx.as_context_mut(), &lowered.ty, &lowered.caller, flat, out_param, &mut out)?;
        #[cfg(not(feature = "fast-calls"))]
        crate::store::data::call_flat_via_vals(
            ctx.as_context_mut(),
            &lowered.ty,
            &lowered.caller,
            flat,
            out_param,
            &mut out,
            &|ctx, args| h.call.call_vals(ctx, &lowered.ty, args),
        )?;
        return Ok(out.len());
    }
    let max_flat_params = if lowered.async_lower { MAX_FLAT_ASYNC_PARAMS } else { MAX_FLAT_PARAMS };
    let (values, hints) = run_target(ctx.as_context_mut(), lowered, flat, max_flat_params, permit)?;
    finish(ctx, lowered, &values, hints, out_param, results)
}

/// The flat arguments, and the pointer for the results that the caller
/// passes last: a synchronous lower passes one when the results do not fit
/// in MAX_FLAT_RESULTS, an `async` lower whenever there is a result.
fn split_args<'r, T>(lowered: &Lowered<T>, raw: &'r [u64]) -> (&'r [u64], Option<u32>) {
    let results = lowered.ty.results();
    let has_out_param =
        if lowered.async_lower { !results.types().is_empty() } else { results.spills(MAX_FLAT_RESULTS) };
    match raw.split_last() {
        Some((last, flat)) if has_out_param => (flat, Some(*last as u32)),
        _ => (raw, None),
    }
}

/// `Subtask.State.RETURNED`: an async-lowered call that completed at once.
const SUBTASK_RETURNED: u64 = 2;

/// Lowers the results into the caller (its `realloc`, its encoding): flat,
/// or at `out_param`; returns how many flat results it wrote. airssys-wasm
/// runs every callee to completion inside the call, so for an `async` lower
/// the subtask has always returned: the result is stored at the caller's
/// pointer and the state is `RETURNED` with no subtask handle
/// (CanonicalABI.md, `canon_lower`).
fn finish<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    values: &[Val],
    hints: Vec<StringHint>,
    out_param: Option<u32>,
    results: &mut [u64; MAX_FLAT_RESULTS],
) -> Result<usize, Error> {
    let side = &lowered.caller;
    let mut mem = GuestMemory::new(ctx.as_context_mut(), side.memory, side.realloc).of_instance(lowered.side.table);
    let mut cx = LowerContext::new(&mut mem as &mut dyn Memory, &side.options).with_string_hints(hints);
    let list = lowered.ty.results();
    let written = if lowered.async_lower {
        list.lower(&mut cx, values, 0, out_param, &mut FlatWriter::new(&mut [])).map(|()| 0)
    } else {
        let mut out = FlatWriter::new(results);
        list.lower(&mut cx, values, MAX_FLAT_RESULTS, out_param, &mut out).map(|()| out.len())
    };
    let written = written.map_err(|t| match mem.realloc_error.take() {
        Some(e) => crate::error::from_wasmi(e),
        None => Error::from(ErrorKind::Abi(t)),
    })?;
    if lowered.async_lower {
        results[0] = SUBTASK_RETURNED;
        return Ok(1);
    }
    Ok(written)
}

/// Lifts the arguments from the caller and runs the target through dynamic
/// values: another component's export (lift from the caller's options,
/// lower into the callee's, transcoding strings on the way, then back), or
/// a host function whose handles move between the caller's table and the
/// host's.
fn run_target<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    flat: &[u64],
    max_flat_params: usize,
    permit: Option<(usize, Permit)>,
) -> Result<(Vec<Val>, Vec<StringHint>), Error> {
    let side = &lowered.caller;
    let (params, hints) = {
        let bytes = side.memory.map_or(&[][..], |m| m.data(&ctx));
        let mut cx = LiftContext::new(bytes, &side.options).record_string_hints();
        let params = lowered.ty.params().lift(&mut cx, flat, max_flat_params)?;
        (params, cx.take_string_hints())
    };
    // Argument constraints: after lifting, before the target runs.
    if let Some((table, permit)) = permit {
        let ty = &lowered.ty;
        let args = Args::new(ty.param_names(), ty.params().types(), &params);
        let table = ctx.data_mut().capabilities.get_mut(table).ok_or_else(no_table)?;
        if let Err(denial) = table.check_args(&permit, &args) {
            return Ok((alloc::vec![denied_value(ty, denial)?], Vec::new()));
        }
    }
    match &*lowered.target {
        FuncKind::Lifted(callee) => {
            call_lifted(ctx.as_context_mut(), callee, &params, &lowered.side, &lowered.ty, Some(hints), Callee::Linked)
        }
        FuncKind::Host(h) => Ok((call_host(ctx.as_context_mut(), h, &lowered.ty, params, &lowered.side)?, Vec::new())),
    }
}

/// Calls a host function with handles: they move from the caller's table to
/// the host's for the call, and results' handles back.
fn call_host<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    h: &HostFunc<T>,
    ty: &FuncType,
    mut params: Vec<airssys_wasm_abi::Val>,
    caller: &Side,
) -> Result<Vec<airssys_wasm_abi::Val>, Error> {
    let host = Side::host(caller.resources.clone());
    let scope = ctx.data_mut().resources.enter();
    let outcome = (|| -> Result<Vec<airssys_wasm_abi::Val>, Error> {
        let place = |param| format!("{} of import `{}#{}`", position(ty, param), h.origin.0, h.origin.1);
        for (i, (t, v)) in ty.params().types().iter().zip(params.iter_mut()).enumerate() {
            let moved = ctx.data_mut().resources.transfer(t, v, caller, &host, scope);
            moved.map_err(|e| handle_context(e, || place(Some(i))))?;
        }
        let mut results = h.call.call_vals(ctx.as_context_mut(), ty, &params)?;
        for (t, v) in ty.results().types().iter().zip(results.iter_mut()) {
            let moved = ctx.data_mut().resources.transfer(t, v, &host, caller, scope);
            moved.map_err(|e| handle_context(e, || place(None)))?;
        }
        Ok(results)
    })();
    // The host does not drop borrows through resource.drop; its lends end with the call.
    let closed = ctx.data_mut().resources.exit(scope, false);
    let results = outcome?;
    closed?;
    Ok(results)
}
