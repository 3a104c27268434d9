//! The canonical built-ins of the Component Model's concurrency support
//! (CanonicalABI.md, "Canonical built-ins"): task, thread, waitable,
//! stream, future and error-context functions.
//!
//! A component that defines them loads. Those that need no scheduler
//! (`context.get`/`set`, `backpressure.inc`/`dec`, `task.return` and
//! `task.cancel`, `thread.yield`) are implemented by the runtime; every other
//! one is [`TaskBuiltin::Unimplemented`]: it keeps its exact core signature
//! and its `may_leave` check, and otherwise traps as unsupported when called.

use crate::plan::CanonOptions;
use airssys_wasm_abi::ValType;

/// A core value type in a built-in's signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreValType {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

/// A concurrency built-in defined by a `canon` definition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskBuiltin {
    /// `context.get i32 N`: `(func (result i32))`.
    ContextGet(u32),
    /// `context.set i32 N`: `(func (param i32))`.
    ContextSet(u32),
    /// `backpressure.inc`: `(func)`.
    BackpressureInc,
    /// `backpressure.dec`: `(func)`.
    BackpressureDec,
    /// `task.return`: the flattened result (or one pointer when it does not
    /// fit in 16 flat values) as parameters, no results.
    TaskReturn {
        /// The result type the task must have.
        result: Option<ValType>,
        /// The options the result is lifted with.
        options: CanonOptions,
    },
    /// `task.cancel`: `(func)`.
    TaskCancel,
    /// `thread.yield`: `(func (result i32))`.
    ThreadYield,
    /// A built-in the runtime does not implement yet (it would need a
    /// scheduler): its name and core signature.
    Unimplemented {
        /// The built-in's name in component text, such as `stream.read`.
        name: &'static str,
        /// Its core parameters.
        params: &'static [CoreValType],
        /// Its core results.
        results: &'static [CoreValType],
    },
}

impl TaskBuiltin {
    /// The built-in's name in component text.
    pub fn name(&self) -> &'static str {
        match self {
            TaskBuiltin::ContextGet(_) => "context.get",
            TaskBuiltin::ContextSet(_) => "context.set",
            TaskBuiltin::BackpressureInc => "backpressure.inc",
            TaskBuiltin::BackpressureDec => "backpressure.dec",
            TaskBuiltin::TaskReturn { .. } => "task.return",
            TaskBuiltin::TaskCancel => "task.cancel",
            TaskBuiltin::ThreadYield => "thread.yield",
            TaskBuiltin::Unimplemented { name, .. } => name,
        }
    }
}

use CoreValType::{I32, I64};

/// The name and core signature of a built-in the runtime does not implement,
/// or `None` for one it implements or does not accept at all.
pub(crate) fn unimplemented(f: &wasmparser::CanonicalFunction) -> Option<TaskBuiltin> {
    use wasmparser::CanonicalFunction as C;
    let (name, params, results): (&'static str, &'static [CoreValType], &'static [CoreValType]) = match f {
        C::ThreadIndex => ("thread.index", &[], &[I32]),
        C::ThreadNewIndirect { .. } => ("thread.new-indirect", &[I32, I32], &[I32]),
        C::ThreadResumeLater => ("thread.resume-later", &[I32], &[]),
        C::ThreadSuspend => ("thread.suspend", &[], &[I32]),
        C::ThreadSuspendThenResume => ("thread.suspend-then-resume", &[I32], &[I32]),
        C::ThreadYieldThenResume => ("thread.yield-then-resume", &[I32], &[I32]),
        C::ThreadSuspendThenPromote => ("thread.suspend-then-promote", &[I32], &[I32]),
        C::ThreadYieldThenPromote => ("thread.yield-then-promote", &[I32], &[I32]),
        C::WaitableSetNew => ("waitable-set.new", &[], &[I32]),
        C::WaitableSetWait { .. } => ("waitable-set.wait", &[I32, I32], &[I32]),
        C::WaitableSetPoll { .. } => ("waitable-set.poll", &[I32, I32], &[I32]),
        C::WaitableSetDrop => ("waitable-set.drop", &[I32], &[]),
        C::WaitableJoin => ("waitable.join", &[I32, I32], &[]),
        C::SubtaskCancel { .. } => ("subtask.cancel", &[I32], &[I32]),
        C::SubtaskDrop => ("subtask.drop", &[I32], &[]),
        C::StreamNew { .. } => ("stream.new", &[], &[I64]),
        C::StreamRead { .. } => ("stream.read", &[I32, I32, I32], &[I32]),
        C::StreamWrite { .. } => ("stream.write", &[I32, I32, I32], &[I32]),
        C::StreamCancelRead { .. } => ("stream.cancel-read", &[I32], &[I32]),
        C::StreamCancelWrite { .. } => ("stream.cancel-write", &[I32], &[I32]),
        C::StreamDropReadable { .. } => ("stream.drop-readable", &[I32], &[]),
        C::StreamDropWritable { .. } => ("stream.drop-writable", &[I32], &[]),
        C::FutureNew { .. } => ("future.new", &[], &[I64]),
        C::FutureRead { .. } => ("future.read", &[I32, I32], &[I32]),
        C::FutureWrite { .. } => ("future.write", &[I32, I32], &[I32]),
        C::FutureCancelRead { .. } => ("future.cancel-read", &[I32], &[I32]),
        C::FutureCancelWrite { .. } => ("future.cancel-write", &[I32], &[I32]),
        C::FutureDropReadable { .. } => ("future.drop-readable", &[I32], &[]),
        C::FutureDropWritable { .. } => ("future.drop-writable", &[I32], &[]),
        C::ErrorContextNew { .. } => ("error-context.new", &[I32, I32], &[I32]),
        C::ErrorContextDebugMessage { .. } => ("error-context.debug-message", &[I32, I32], &[]),
        C::ErrorContextDrop => ("error-context.drop", &[I32], &[]),
        _ => return None,
    };
    Some(TaskBuiltin::Unimplemented { name, params, results })
}
