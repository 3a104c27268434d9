//! The import gate: the one choke point every import call from a guest
//! passes through (ARCHITECTURE.md, "A guest calls an import").
//!
//! Each `canon lower` becomes one wasmi host function whose body is
//! [`call_import`]: it lifts the arguments from the caller, runs the target
//! (a host function, or another component's lifted export) and lowers the
//! results into the caller. Capability checks (issue 5) and call recording
//! hang on this function; nothing reaches the host around it.

use crate::error::{Error, GateError};
use crate::func::{FuncKind, call_lifted};
use crate::guest_memory::{GuestMemory, from_raw, to_raw};
use crate::host::CallerSide;
use crate::prelude::*;
use crate::store::StoreData;
use airssys_wasm_abi::{FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
use airssys_wasm_component::FuncType;
use wasmi::AsContextMut;

/// A lowered import: its target, its type and the caller's options.
pub(crate) struct Lowered {
    pub(crate) target: usize,
    pub(crate) ty: Arc<FuncType>,
    pub(crate) caller: CallerSide,
    pub(crate) core_results: Vec<wasmi::ValType>,
}

/// The body of every lowered import.
pub(crate) fn call_import<T: 'static>(
    mut caller: wasmi::Caller<'_, StoreData<T>>,
    lowered: &Lowered,
    args: &[wasmi::Val],
    rets: &mut [wasmi::Val],
) -> Result<(), wasmi::Error> {
    gate(caller.as_context_mut(), lowered, args, rets).map_err(|e| wasmi::Error::host(GateError(e)))
}

fn gate<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    lowered: &Lowered,
    args: &[wasmi::Val],
    rets: &mut [wasmi::Val],
) -> Result<(), Error> {
    let mut raw = [0u64; MAX_FLAT_PARAMS + 1];
    for (slot, a) in raw.iter_mut().zip(args) {
        *slot = to_raw(a);
    }
    let n = args.len().min(raw.len());
    // Results that do not fit one flat value go to a pointer the caller passes last.
    let (flat, out_param) = if lowered.ty.results().spills(MAX_FLAT_RESULTS) && n > 0 {
        (&raw[..n - 1], Some(raw[n - 1] as u32))
    } else {
        (&raw[..n], None)
    };
    let target = ctx
        .data()
        .funcs
        .get(lowered.target)
        .cloned()
        .ok_or(Error::Instantiation("lowered function index out of range".into()))?;
    let mut slots = [0u64; MAX_FLAT_RESULTS];
    let mut out = FlatWriter::new(&mut slots);
    match &*target {
        FuncKind::Host(h) => {
            h.call.call_flat(ctx.as_context_mut(), &lowered.ty, &lowered.caller, flat, out_param, &mut out)?;
        }
        FuncKind::Lifted(callee) => {
            // Another component's export: lift from the caller's options and
            // lower into the callee's (transcoding strings on the way), then back.
            let side = &lowered.caller;
            let params = {
                let bytes = side.memory.map_or(&[][..], |m| m.data(&ctx));
                lowered.ty.params().lift(&mut LiftContext::new(bytes, &side.options), flat, MAX_FLAT_PARAMS)?
            };
            let results = call_lifted(ctx.as_context_mut(), callee, &params)?;
            let mut mem = GuestMemory::new(ctx.as_context_mut(), side.memory, side.realloc);
            let lowered_ok = lowered.ty.results().lower(
                &mut LowerContext::new(&mut mem, &side.options),
                &results,
                MAX_FLAT_RESULTS,
                out_param,
                &mut out,
            );
            if let Err(t) = lowered_ok {
                return Err(match mem.realloc_error.take() {
                    Some(e) => crate::error::from_wasmi(e),
                    None => Error::Abi(t),
                });
            }
        }
    }
    let written = out.len();
    for ((ret, raw), ty) in rets.iter_mut().zip(&slots[..written]).zip(&lowered.core_results) {
        *ret = from_raw(*raw, *ty);
    }
    Ok(())
}
