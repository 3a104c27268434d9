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
use airssys_wasm_abi::{FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// A lowered import: its target, its type and the caller's options.
pub(crate) struct Lowered<T> {
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
    let mut out = FlatWriter::new(results);
    match &*lowered.target {
        FuncKind::Host(h) if !lowered.has_handles => {
            h.call.call_flat(ctx.as_context_mut(), &lowered.ty, &lowered.caller, flat, out_param, &mut out)?;
        }
        target => {
            // Through dynamic values: another component's export (lift from
            // the caller's options, lower into the callee's, transcoding
            // strings on the way, then back), or a host function whose
            // handles move between the caller's table and the host's.
            let side = &lowered.caller;
            let (params, hints) = {
                let bytes = side.memory.map_or(&[][..], |m| m.data(&ctx));
                let mut cx = LiftContext::new(bytes, &side.options).record_string_hints();
                let params = lowered.ty.params().lift(&mut cx, flat, MAX_FLAT_PARAMS)?;
                (params, cx.take_string_hints())
            };
            let (results, hints) = match target {
                FuncKind::Lifted(callee) => {
                    call_lifted(ctx.as_context_mut(), callee, &params, &lowered.side, &lowered.ty, Some(hints))?
                }
                FuncKind::Host(h) => {
                    (call_host(ctx.as_context_mut(), h, &lowered.ty, params, &lowered.side)?, Vec::new())
                }
            };
            let mut mem =
                GuestMemory::new(ctx.as_context_mut(), side.memory, side.realloc).of_instance(lowered.side.table);
            let lowered_ok = lowered.ty.results().lower(
                &mut LowerContext::new(&mut mem, &side.options).with_string_hints(hints),
                &results,
                MAX_FLAT_RESULTS,
                out_param,
                &mut out,
            );
            if let Err(t) = lowered_ok {
                return Err(match mem.realloc_error.take() {
                    Some(e) => crate::error::from_wasmi(e),
                    None => Error::from(ErrorKind::Abi(t)),
                });
            }
        }
    }
    Ok(out.len())
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
