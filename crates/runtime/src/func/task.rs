//! Tasks (CanonicalABI.md, "Task"): every call of a lifted function runs in
//! a task of its own, with a thread-local context, and an `async`-lifted one
//! delivers its result through `task.return`.
//!
//! airssys-wasm has no scheduler: every task runs to completion inside the
//! call that starts it. So tasks nest strictly, the store keeps the current
//! one, and a call saves the caller's task and restores it on the way out.
//! The concurrency built-ins that need no scheduler are defined here; the
//! others keep their exact core signatures and `may_leave` checks and trap as
//! unsupported when called.

use crate::error::{Error, ErrorKind, GateError};
use crate::guest_memory::to_raw;
use crate::prelude::*;
use crate::store::StoreData;
use crate::store::task::{AsyncCall, TaskState};
use airssys_wasm_abi::{LiftContext, MAX_FLAT_PARAMS, Options, Val, ValType, ValueList};
use airssys_wasm_component::{CanonOptions, CoreValType, TaskBuiltin};
use wasmi::{AsContext, AsContextMut};

/// Whether two optional memories are the same memory of the store. wasmi
/// handles have no public equality: distinct memories with contents have
/// distinct buffers; empty ones are told apart by their handles' debug form.
fn same_memory(ctx: impl AsContext, a: Option<wasmi::Memory>, b: Option<wasmi::Memory>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (da, db) = (a.data(&ctx), b.data(&ctx));
            if da.is_empty() && db.is_empty() {
                return format!("{a:?}") == format!("{b:?}");
            }
            core::ptr::eq(da.as_ptr(), db.as_ptr()) && da.len() == db.len()
        }
        _ => false,
    }
}

/// Runs `body` in a fresh task (for `async_call`, an async one) and puts the
/// caller's task back afterwards, whatever happened; returns the body's
/// result and the finished task. Without `fresh`, `body` runs in the
/// caller's task: for functions of components that define no task
/// built-ins, which can neither see nor change the task (and so skip the
/// bookkeeping on the call path).
#[inline]
pub(crate) fn in_task<T, R>(
    ctx: &mut wasmi::StoreContextMut<'_, StoreData<T>>,
    fresh: bool,
    async_call: Option<Box<AsyncCall>>,
    body: impl FnOnce(&mut wasmi::StoreContextMut<'_, StoreData<T>>) -> Result<R, Error>,
) -> (Result<R, Error>, TaskState) {
    if !fresh {
        return (body(ctx), TaskState::default());
    }
    let caller = core::mem::replace(&mut ctx.data_mut().task, TaskState { context: [0; 2], async_call });
    let outcome = body(ctx);
    let finished = core::mem::replace(&mut ctx.data_mut().task, caller);
    (outcome, finished)
}

/// Whether functions lifted by a component with these initializers need a
/// task of their own: the component defines task built-ins (only its own
/// core code can call them), or the function is lifted `async`.
pub(crate) fn defines_task_builtins(initializers: &[airssys_wasm_component::Initializer]) -> bool {
    initializers.iter().any(|i| matches!(i, airssys_wasm_component::Initializer::TaskBuiltin(_)))
}

/// `CallbackCode` (CanonicalABI.md): what an `async` callback asks for next.
const CALLBACK_EXIT: u32 = 0;
const CALLBACK_YIELD: u32 = 1;
const CALLBACK_WAIT: u32 = 2;
/// `EventCode.NONE`.
const EVENT_NONE: i32 = 0;

/// Runs the event loop of an `async` lift with a callback, from the code its
/// core function returned, until the task exits. With no other task to run,
/// `YIELD` calls the callback straight back with no event; `WAIT` would block
/// forever and is reported as unsupported.
pub(crate) fn run_callback_loop<T>(
    ctx: &mut wasmi::StoreContextMut<'_, StoreData<T>>,
    callback: wasmi::Func,
    mut packed: u32,
) -> Result<(), Error> {
    loop {
        match packed & 0xf {
            CALLBACK_EXIT => return Ok(()),
            CALLBACK_YIELD => {
                let mut out = [wasmi::Val::I32(0)];
                let args = [wasmi::Val::I32(EVENT_NONE), wasmi::Val::I32(0), wasmi::Val::I32(0)];
                callback.call(ctx.as_context_mut(), &args, &mut out).map_err(crate::error::from_wasmi)?;
                packed = to_raw(&out[0]) as u32;
            }
            CALLBACK_WAIT => {
                return Err(Error::from(ErrorKind::Unsupported(
                    "an async export that waits on a waitable set (airssys-wasm runs every task to completion)".into(),
                )));
            }
            code => return Err(trap(format!("async callback returned the invalid code {code}"))),
        }
    }
}

/// The values an `async`-lifted call delivered through `task.return`.
pub(crate) fn returned(task: TaskState) -> Result<Vec<Val>, Error> {
    task.async_call
        .and_then(|c| c.returned)
        .ok_or_else(|| trap("the async export returned without calling `task.return`".into()))
}

fn trap(message: String) -> Error {
    Error::from(ErrorKind::Trap(wasmi::Error::new(message)))
}

fn host(e: Error) -> wasmi::Error {
    wasmi::Error::host(GateError(e))
}

fn core_type(t: CoreValType) -> wasmi::ValType {
    match t {
        CoreValType::I32 => wasmi::ValType::I32,
        CoreValType::I64 => wasmi::ValType::I64,
    }
}

/// A concurrency built-in and its core signature; `memory` is that of the
/// defining instance's `task.return` options.
pub(crate) fn builtin(builtin: &TaskBuiltin, memory: Option<wasmi::Memory>) -> (Builtin, wasmi::FuncType) {
    use wasmi::FuncType;
    use wasmi::ValType::I32;
    let (builtin, ty) = match builtin {
        TaskBuiltin::ContextGet(slot) => (Builtin::ContextGet(*slot as usize), FuncType::new([], [I32])),
        TaskBuiltin::ContextSet(slot) => (Builtin::ContextSet(*slot as usize), FuncType::new([I32], [])),
        TaskBuiltin::BackpressureInc => (Builtin::BackpressureInc, FuncType::new([], [])),
        TaskBuiltin::BackpressureDec => (Builtin::BackpressureDec, FuncType::new([], [])),
        TaskBuiltin::TaskCancel => (Builtin::TaskCancel, FuncType::new([], [])),
        TaskBuiltin::ThreadYield => (Builtin::ThreadYield, FuncType::new([], [I32])),
        TaskBuiltin::TaskReturn { result, options } => {
            let list = ValueList::new(result.clone()).ok();
            let params: Vec<wasmi::ValType> = list
                .as_ref()
                .map(|l| l.flat_types(MAX_FLAT_PARAMS).into_iter().map(crate::guest_memory::core_type).collect())
                .unwrap_or_default();
            let ret = TaskReturn { result: result.clone(), list, options: *options, memory };
            (Builtin::TaskReturn(Box::new(ret)), FuncType::new(params, []))
        }
        TaskBuiltin::Unimplemented { name, params, results } => (
            Builtin::Unimplemented(name),
            FuncType::new(params.iter().map(|t| core_type(*t)), results.iter().map(|t| core_type(*t))),
        ),
    };
    (builtin, ty)
}

/// A concurrency built-in, with what it needs to run.
pub(crate) enum Builtin {
    /// `context.get` of slot 0 or 1: `() -> i32`.
    ContextGet(usize),
    /// `context.set` of slot 0 or 1: `(i32) -> ()`.
    ContextSet(usize),
    /// `backpressure.inc`: `() -> ()`.
    BackpressureInc,
    /// `backpressure.dec`: `() -> ()`.
    BackpressureDec,
    /// `task.cancel`: `() -> ()`.
    TaskCancel,
    /// `thread.yield`: `() -> i32`.
    ThreadYield,
    /// `task.return`: the result's flat values in, nothing out.
    TaskReturn(Box<TaskReturn>),
    /// A built-in that needs a scheduler, by name, with its own signature.
    Unimplemented(&'static str),
}

/// What `task.return` checks its call against and lifts its result with.
pub(crate) struct TaskReturn {
    result: Option<ValType>,
    /// The result as a value list (`None` when it has no layout).
    list: Option<ValueList>,
    options: CanonOptions,
    memory: Option<wasmi::Memory>,
}

/// Runs a concurrency built-in called by the instance whose handle table is `table`.
pub(crate) fn run_builtin<T>(
    mut c: wasmi::Caller<'_, StoreData<T>>,
    builtin: &Builtin,
    table: usize,
    args: &[wasmi::Val],
    results: &mut [wasmi::Val],
) -> Result<(), wasmi::Error> {
    let result = match builtin {
        Builtin::ContextGet(slot) => c.data().task.context.get(*slot).map(|v| *v as i32),
        Builtin::ContextSet(slot) => {
            let value = args.first().and_then(wasmi::Val::i32).unwrap_or(0);
            if let Some(stored) = c.data_mut().task.context.get_mut(*slot) {
                *stored = value as u32;
            }
            None
        }
        Builtin::BackpressureInc | Builtin::BackpressureDec => {
            let counter = &mut c.data_mut().resources.table(table).map_err(host)?.backpressure;
            *counter = match builtin {
                Builtin::BackpressureInc => {
                    counter.checked_add(1).ok_or_else(|| host(trap("backpressure counter overflow".into())))?
                }
                _ => counter.checked_sub(1).ok_or_else(|| host(trap("backpressure counter underflow".into())))?,
            };
            None
        }
        Builtin::TaskCancel => {
            c.data().resources.check_may_leave(table).map_err(host)?;
            let message = match &c.data().task.async_call {
                None => "task.cancel called by a synchronously lifted function",
                // airssys-wasm never requests cancellation, so it cannot have been delivered.
                Some(_) => "task.cancel called by a task whose cancellation was not requested",
            };
            return Err(host(trap(message.into())));
        }
        Builtin::ThreadYield => {
            c.data().resources.check_may_leave(table).map_err(host)?;
            // No other thread can run: the yield returns at once, not cancelled.
            Some(0)
        }
        Builtin::TaskReturn(ret) => {
            c.data().resources.check_may_leave(table).map_err(host)?;
            task_return(&mut c, ret, args).map_err(host)?;
            None
        }
        Builtin::Unimplemented(name) => {
            c.data().resources.check_may_leave(table).map_err(host)?;
            return Err(host(Error::from(ErrorKind::Unsupported(format!(
                "canon {name} needs the Component Model's concurrency scheduler, which airssys-wasm does not have yet"
            )))));
        }
    };
    if let (Some(value), Some(slot)) = (result, results.first_mut()) {
        *slot = wasmi::Val::I32(value);
    }
    Ok(())
}

/// `canon task.return`: lifts the result from its arguments into the
/// running async task (CanonicalABI.md, `canon_task_return`).
fn task_return<T>(c: &mut wasmi::Caller<'_, StoreData<T>>, ret: &TaskReturn, args: &[wasmi::Val]) -> Result<(), Error> {
    let Some(call) = &c.data().task.async_call else {
        return Err(trap("task.return called by a synchronously lifted function".into()));
    };
    if call.result != ret.result {
        return Err(trap("task.return's result type differs from the task's".into()));
    }
    if call.encoding != ret.options.encoding || !same_memory(&*c, call.memory, ret.memory) {
        return Err(trap("task.return's canonical options differ from the task's".into()));
    }
    if call.returned.is_some() {
        return Err(trap("task.return called twice by one task".into()));
    }
    let Some(list) = &ret.list else {
        return Err(trap("task.return's result type has no canonical ABI layout".into()));
    };
    let raw: Vec<u64> = args.iter().map(to_raw).collect();
    let opts = Options { encoding: ret.options.encoding, limits: c.data().abi_limits };
    let bytes = ret.memory.map_or(&[][..], |m| m.data(c.as_context()));
    let values = list
        .lift(&mut LiftContext::new(bytes, &opts), &raw, MAX_FLAT_PARAMS)
        .map_err(|t| Error::from(ErrorKind::Abi(t)))?;
    if let Some(call) = &mut c.data_mut().task.async_call {
        call.returned = Some(values);
    }
    Ok(())
}
