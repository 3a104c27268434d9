//! The import gate: the one choke point every import call from a guest
//! passes through (ARCHITECTURE.md, "A guest calls an import").
//!
//! Each `canon lower` becomes one wasmi host function whose body is
//! [`call_import`]: it lifts the arguments from the caller, runs the target
//! (a host function, or another component's lifted export) and lowers the
//! results into the caller. Capability checks (issue 5) and call recording
//! hang on this function; nothing reaches the host around it.

use crate::error::{Error, ErrorKind, GateError};
use crate::func::{FuncKind, call_lifted};
use crate::guest_memory::{GuestMemory, from_raw, to_raw};
use crate::host::CallerSide;
use crate::prelude::*;
use crate::resources::Side;
use crate::store::StoreData;
use airssys_wasm_abi::{
    FlatWriter, LiftContext, LowerContext, MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// A lowered import: its target, its type and the caller's options.
pub(crate) struct Lowered<T> {
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
/// (`Func::wrap`): raw arguments in, the raw result (or 0) out.
pub(crate) fn call_import_raw<T: 'static>(
    mut caller: wasmi::Caller<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    args: &[u64],
) -> Result<u64, wasmi::Error> {
    let mut out = [0u64; MAX_FLAT_RESULTS];
    gate(caller.as_context_mut(), lowered, args, &mut out).map_err(|e| wasmi::Error::host(GateError(e)))?;
    Ok(out[0])
}

/// Lifts, runs the target, lowers; returns how many flat results it wrote.
fn gate<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    raw: &[u64],
    results: &mut [u64; MAX_FLAT_RESULTS],
) -> Result<usize, Error> {
    // A guest's realloc or post-return may not call out of its instance.
    ctx.data().resources.check_may_leave(lowered.side.table)?;
    let n = raw.len();
    // Results that do not fit one flat value go to a pointer the caller passes last.
    let (flat, out_param) = if lowered.ty.results().spills(MAX_FLAT_RESULTS) && n > 0 {
        (&raw[..n - 1], Some(raw[n - 1] as u32))
    } else {
        (raw, None)
    };
    if lowered.async_lower {
        return gate_async(ctx, lowered, raw, results);
    }
    let mut out = FlatWriter::new(results);
    match &*lowered.target {
        FuncKind::Host(h) if !lowered.has_handles => {
            h.call.call_flat(ctx.as_context_mut(), &lowered.ty, &lowered.caller, flat, out_param, &mut out)?;
        }
        _ => {
            let (results, hints) = run_target(ctx.as_context_mut(), lowered, flat, MAX_FLAT_PARAMS)?;
            lower_results(ctx, lowered, &results, hints, MAX_FLAT_RESULTS, out_param, &mut out)?;
        }
    }
    Ok(out.len())
}

/// `Subtask.State.RETURNED`: an async-lowered call that completed at once.
const SUBTASK_RETURNED: u64 = 2;

/// An `async`-lowered import. airssys-wasm runs every callee to completion
/// inside the call, so the subtask has always returned when the core
/// function gets control back: the result is stored at the caller's pointer
/// and the state is `RETURNED` with no subtask handle (CanonicalABI.md,
/// `canon_lower`).
fn gate_async<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    raw: &[u64],
    results: &mut [u64; MAX_FLAT_RESULTS],
) -> Result<usize, Error> {
    let n = raw.len();
    let (flat, out_ptr) = match lowered.ty.results().types().is_empty() {
        false if n > 0 => (&raw[..n - 1], Some(raw[n - 1] as u32)),
        _ => (raw, None),
    };
    let (values, hints) = run_target(ctx.as_context_mut(), lowered, flat, MAX_FLAT_ASYNC_PARAMS)?;
    let mut none = [0u64; 0];
    lower_results(ctx, lowered, &values, hints, 0, out_ptr, &mut FlatWriter::new(&mut none))?;
    results[0] = SUBTASK_RETURNED;
    Ok(1)
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
) -> Result<(Vec<airssys_wasm_abi::Val>, Vec<airssys_wasm_abi::string::StringHint>), Error> {
    let side = &lowered.caller;
    let (params, hints) = {
        let bytes = side.memory.map_or(&[][..], |m| m.data(&ctx));
        let mut cx = LiftContext::new(bytes, &side.options).record_string_hints();
        let params = lowered.ty.params().lift(&mut cx, flat, max_flat_params)?;
        (params, cx.take_string_hints())
    };
    match &*lowered.target {
        FuncKind::Lifted(callee) => {
            call_lifted(ctx.as_context_mut(), callee, &params, &lowered.side, &lowered.ty, Some(hints))
        }
        FuncKind::Host(h) => Ok((call_host(ctx.as_context_mut(), h, &lowered.ty, params, &lowered.side)?, Vec::new())),
    }
}

/// Lowers the results into the caller: flat, or at `out_param` (its
/// `realloc`, its encoding).
fn lower_results<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered<T>,
    results: &[airssys_wasm_abi::Val],
    hints: Vec<airssys_wasm_abi::string::StringHint>,
    max_flat: usize,
    out_param: Option<u32>,
    out: &mut FlatWriter<'_>,
) -> Result<(), Error> {
    let side = &lowered.caller;
    let mut mem = GuestMemory::new(ctx.as_context_mut(), side.memory, side.realloc).of_instance(lowered.side.table);
    let lowered_ok = lowered.ty.results().lower(
        &mut LowerContext::new(&mut mem, &side.options).with_string_hints(hints),
        results,
        max_flat,
        out_param,
        out,
    );
    lowered_ok.map_err(|t| match mem.realloc_error.take() {
        Some(e) => crate::error::from_wasmi(e),
        None => Error::from(ErrorKind::Abi(t)),
    })
}

/// Calls a host function with handles: they move from the caller's table to
/// the host's for the call, and results' handles back.
fn call_host<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    h: &crate::func::HostFunc<T>,
    ty: &FuncType,
    mut params: Vec<airssys_wasm_abi::Val>,
    caller: &Side,
) -> Result<Vec<airssys_wasm_abi::Val>, Error> {
    let host = Side::host(caller.resources.clone());
    let scope = ctx.data_mut().resources.enter();
    let outcome = (|| -> Result<Vec<airssys_wasm_abi::Val>, Error> {
        for (t, v) in ty.params().types().iter().zip(params.iter_mut()) {
            ctx.data_mut().resources.transfer(t, v, caller, &host, scope)?;
        }
        let mut results = h.call.call_vals(ctx.as_context_mut(), ty, &params)?;
        for (t, v) in ty.results().types().iter().zip(results.iter_mut()) {
            ctx.data_mut().resources.transfer(t, v, &host, caller, scope)?;
        }
        Ok(results)
    })();
    // The host does not drop borrows through resource.drop; its lends end with the call.
    let closed = ctx.data_mut().resources.exit(scope, false);
    let results = outcome?;
    closed?;
    Ok(results)
}
