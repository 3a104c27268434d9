//! The call path of component functions: from the host with dynamic
//! values, and into a lifted export with flat arguments (lower the
//! arguments, call the core function, lift the results, run post-return).

use crate::component::Item;
use crate::error::{Error, ErrorKind, from_wasmi};
use crate::func::task::{in_task, returned, run_callback_loop};
use crate::guest_memory::{GuestMemory, from_raw};
use crate::prelude::*;
use crate::resources::{Side, handle_context, position};
use crate::store::task::{AsyncCall, AsyncLift};
use crate::store::{FuncKind, LiftedFunc, StoreData};
use airssys_wasm_abi::Memory;
use airssys_wasm_abi::string::StringHint;
use airssys_wasm_abi::typed::HandleClaim;
use airssys_wasm_abi::{
    FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, Options, StringEncoding, TypeError, Val,
    ValType,
};
use airssys_wasm_component::FuncType;
use wasmi::{AsContext, AsContextMut};

/// Function `index` of the store, or an error naming it.
pub(crate) fn kind<T>(data: &StoreData<T>, index: usize) -> Result<Arc<FuncKind<T>>, Error> {
    data.funcs
        .get(index)
        .cloned()
        .ok_or_else(|| Error::from(ErrorKind::Instantiation(format!("function {index} is missing from its store"))))
}

/// The check of a typed handle against its place in a function type, whose
/// resource numbers are `side`'s. A [`Resource<T>`](crate::Resource) must
/// be of the host resource type the linker defined for `T`; a
/// [`ResourceAny`](crate::ResourceAny) of any resource type a component
/// defines (its exact type is checked per handle, when it moves). An `own`
/// must be passed by value (a reference only lends). `lending` is set for
/// the parameters of a call into a guest: there a `ResourceAny` for a
/// `borrow` must be a reference, or the host would lose its handle. Without
/// a side (a host function called directly) no handle can be placed, so
/// every one is refused.
pub(crate) fn handle_checker<'a, T>(
    data: &'a StoreData<T>,
    side: Option<&'a Side>,
    lending: bool,
) -> impl FnMut(&ValType, HandleClaim, bool) -> Result<(), TypeError> + 'a {
    move |handle: &ValType, claim: HandleClaim, shared: bool| -> Result<(), TypeError> {
        let (ValType::Own(id) | ValType::Borrow(id)) = handle else { return Ok(()) };
        let any = claim == crate::resources::any_claim();
        let rust = if any { String::from("ResourceAny") } else { format!("Resource<{}>", claim.type_name) };
        if shared && matches!(handle, ValType::Own(_)) {
            return Err(TypeError::Mismatch {
                expected: "a handle passed by value, since the callee takes ownership".into(),
                found: format!("&{rust} for `own` (a reference only lends; pass the {rust} itself)"),
            });
        }
        if any && lending && !shared && matches!(handle, ValType::Borrow(_)) {
            return Err(TypeError::Mismatch {
                expected: "&ResourceAny for a `borrow` parameter".into(),
                found: "ResourceAny by value (the guest only borrows it: lend it as &ResourceAny and keep it)".into(),
            });
        }
        let defined = side
            .and_then(|s| s.resources.get(*id))
            .and_then(|rt| data.resources.types.get(rt as usize))
            .map(|t| t.host);
        match defined {
            Some(None) if any => Ok(()),
            Some(Some(host)) if any => Err(TypeError::Mismatch {
                expected: "a Resource<T> for a resource type the host defines".into(),
                found: format!(
                    "ResourceAny where the function takes a handle of the host resource kept as `{}` \
                     (ResourceAny is for resources that components define)",
                    host.type_name
                ),
            }),
            Some(Some(host)) if host.type_id == claim.type_id => Ok(()),
            Some(Some(host)) => Err(TypeError::Mismatch {
                expected: "a Resource of the resource type the linker defined for it".into(),
                found: format!(
                    "{rust} where the function takes a handle of the host resource kept as `{}`",
                    host.type_name
                ),
            }),
            Some(None) => Err(TypeError::Mismatch {
                expected: "a Resource of a resource type the host defines".into(),
                found: format!(
                    "{rust} where the function takes a handle of a resource a component defines \
                     (use ResourceAny for it)"
                ),
            }),
            None => Err(TypeError::Mismatch {
                expected: "a handle whose resource type the runtime knows".into(),
                found: format!("{rust} where the function's resource type is not bound"),
            }),
        }
    }
}

/// Calls component function `index` with dynamic values.
pub(crate) fn call_func<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    index: usize,
    args: &[Val],
) -> Result<Vec<Val>, Error> {
    match &*kind(ctx.data(), index)? {
        FuncKind::Lifted(l) => {
            call_lifted(ctx, l, args, &Side::host(l.side.resources.clone()), &l.ty, None, Callee::Export(index))
                .map(|(r, _)| r)
        }
        FuncKind::Host(h) => h.call.call_vals(ctx.as_context_mut(), &h.ty, args),
    }
}

#[inline]
pub(crate) fn options<T>(ctx: &impl AsContext<Data = StoreData<T>>, encoding: StringEncoding) -> Options {
    Options { encoding, limits: ctx.as_context().data().abi_limits }
}

/// Maps a trap raised while lowering, preferring the error of a trapped `realloc`.
pub(crate) fn lower_error<C>(mem: &mut GuestMemory<C>, trap: airssys_wasm_abi::Trap) -> Error {
    match mem.realloc_error.take() {
        Some(e) => from_wasmi(e),
        None => Error::from(ErrorKind::Abi(trap)),
    }
}

/// Runs the core function with flat arguments, lifts the results, then runs
/// post-return. Only the lifting depends on `R`; the rest is shared by every
/// result type.
#[inline]
pub(crate) fn run_core<T: 'static, R>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    flat: &[u64],
    record_hints: bool,
    lift: impl FnOnce(&mut LiftContext<'_>, &[u64]) -> Result<R, airssys_wasm_abi::Trap>,
) -> Result<(R, Vec<StringHint>), Error> {
    let mut raw = [0u64; MAX_FLAT_RESULTS];
    let n = l.core_call.call(ctx.as_context_mut(), l.core, &l.core_params, &l.core_results, flat, &mut raw)?;
    let raw = &raw[..n];
    let (value, hints) = {
        let opts = options(&ctx, l.encoding);
        let bytes = l.memory.map_or(&[][..], |m| m.data(&ctx));
        let mut cx = LiftContext::new(bytes, &opts);
        if record_hints {
            cx = cx.record_string_hints();
        }
        (lift(&mut cx, raw)?, cx.take_string_hints())
    };
    post_return(ctx, l, raw)?;
    Ok((value, hints))
}

/// Runs the lifted function's post-return, if it has one, on the core
/// results (at most `MAX_FLAT_RESULTS` of them).
#[inline]
fn post_return<T: 'static>(
    ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    raw: &[u64],
) -> Result<(), Error> {
    match l.post_return {
        None => Ok(()),
        Some(post_return) => call_post_return(ctx, l, post_return, raw),
    }
}

fn call_post_return<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    post_return: wasmi::Func,
    raw: &[u64],
) -> Result<(), Error> {
    let mut results: [wasmi::Val; MAX_FLAT_RESULTS] = core::array::from_fn(|_| wasmi::Val::I32(0));
    for ((slot, r), t) in results.iter_mut().zip(raw).zip(l.core_results.iter()) {
        *slot = from_raw(*r, *t);
    }
    // Post-return may not call out of its instance either.
    ctx.data_mut().resources.set_may_leave(l.side.table, false);
    let called = post_return.call(&mut ctx, &results[..raw.len()], &mut []);
    ctx.data_mut().resources.set_may_leave(l.side.table, true);
    called.map_err(from_wasmi)
}

/// Which function a call into a lifted function is, for messages.
#[derive(Clone, Copy)]
pub(crate) enum Callee {
    /// A component function the host called, by its index in the store.
    Export(usize),
    /// Another component's export, reached through an import of the caller.
    Linked,
}

impl Callee {
    /// "in parameter 1 (`key`) of `read` in component `kv-user`".
    #[cold]
    fn place<T>(self, data: &StoreData<T>, ty: &FuncType, param: Option<usize>) -> String {
        let at = position(ty, param);
        let Callee::Export(index) = self else {
            return format!("{at} of a function another component exports");
        };
        // The error path only: find the export that names this function.
        for instance in &data.instances {
            let Some((name, _)) =
                instance.exports.iter().find(|(_, item)| matches!(item, Item::Func(i) if *i == index))
            else {
                continue;
            };
            let component = instance.caps.and_then(|c| data.capabilities.get(c)).map(|t| t.component());
            return match component {
                Some(component) if !component.is_empty() => format!("{at} of `{name}` in component `{component}`"),
                _ => format!("{at} of `{name}`"),
            };
        }
        format!("{at} of function {index}")
    }
}

/// A call with dynamic values into a lifted function: lower into the callee,
/// call, lift. Handles in the arguments come from `from`'s table, numbered as
/// `from_ty` (the caller's view of the function's type) says; the results'
/// handles go back to it. `hints` are the arguments' string hints (from the
/// caller's lift; `None` from the host); the results' hints come back with
/// them, so that a string crossing two components is stored exactly as the
/// reference stores it.
pub(crate) fn call_lifted<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    args: &[Val],
    from: &Side,
    from_ty: &FuncType,
    hints: Option<Vec<StringHint>>,
    callee: Callee,
) -> Result<(Vec<Val>, Vec<StringHint>), Error> {
    if !l.has_handles {
        return call_lifted_plain(ctx, l, args, hints);
    }
    let scope = ctx.data_mut().resources.enter();
    let outcome = (|| -> Result<(Vec<Val>, Vec<StringHint>), Error> {
        let mut args = args.to_vec();
        for (i, (ty, v)) in from_ty.params().types().iter().zip(args.iter_mut()).enumerate() {
            let moved = ctx.data_mut().resources.transfer(ty, v, from, &l.side, scope);
            moved.map_err(|e| handle_context(e, || callee.place(ctx.data(), from_ty, Some(i))))?;
        }
        let (mut results, hints) = call_lifted_plain(ctx.as_context_mut(), l, &args, hints)?;
        for (ty, v) in l.ty.results().types().iter().zip(results.iter_mut()) {
            let moved = ctx.data_mut().resources.transfer(ty, v, &l.side, from, scope);
            moved.map_err(|e| handle_context(e, || callee.place(ctx.data(), &l.ty, None)))?;
        }
        Ok((results, hints))
    })();
    let closed = ctx.data_mut().resources.exit(scope, outcome.is_ok());
    let results = outcome?;
    closed?;
    Ok(results)
}

fn call_lifted_plain<T: 'static>(
    mut ctx: wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    args: &[Val],
    hints: Option<Vec<StringHint>>,
) -> Result<(Vec<Val>, Vec<StringHint>), Error> {
    let async_call = l.async_lift.map(|_| {
        Box::new(AsyncCall { result: l.ty.result().cloned(), encoding: l.encoding, memory: l.memory, returned: None })
    });
    let (outcome, task) = in_task(&mut ctx, l.runs_task, async_call, |ctx| {
        // Hints are recorded only for calls between components (`hints` given).
        let record = hints.is_some();
        let opts = options(ctx, l.encoding);
        let mut slots = [0u64; MAX_FLAT_PARAMS];
        let mut flat = FlatWriter::new(&mut slots);
        let mut mem = GuestMemory::new(ctx.as_context_mut(), l.memory, l.realloc).of_instance(l.side.table);
        let lowered = {
            let mut cx =
                LowerContext::new(&mut mem as &mut dyn Memory, &opts).with_string_hints(hints.unwrap_or_default());
            l.ty.params().lower(&mut cx, args, MAX_FLAT_PARAMS, None, &mut flat)
        };
        if let Err(t) = lowered {
            return Err(lower_error(&mut mem, t));
        }
        let n = flat.len();
        let results = l.ty.results();
        match l.async_lift {
            None => run_core(ctx.as_context_mut(), l, &slots[..n], record, |cx, raw| {
                results.lift(cx, raw, MAX_FLAT_RESULTS)
            })
            .map(Some),
            Some(a) => run_async_core(ctx, l, a, &slots[..n]).map(|()| None),
        }
    });
    match outcome? {
        Some(done) => Ok(done),
        None => Ok((returned(task)?, Vec::new())),
    }
}

/// Runs an `async`-lifted core function (and its callback loop) to
/// completion; the result is what the task's `task.return` delivered.
fn run_async_core<T: 'static>(
    ctx: &mut wasmi::StoreContextMut<'_, StoreData<T>>,
    l: &LiftedFunc,
    a: AsyncLift,
    flat: &[u64],
) -> Result<(), Error> {
    let mut raw = [0u64; MAX_FLAT_RESULTS];
    l.core_call.call(ctx.as_context_mut(), l.core, &l.core_params, &l.core_results, flat, &mut raw)?;
    match a.callback {
        Some(callback) => run_callback_loop(ctx, callback, raw[0] as u32),
        None => Ok(()),
    }
}
