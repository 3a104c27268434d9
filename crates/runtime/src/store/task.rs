//! The state of the running task (CanonicalABI.md, "Task"), which the store
//! keeps; what tasks do is in `func::task`.

use crate::prelude::*;
use airssys_wasm_abi::{StringEncoding, Val, ValType};

/// The state of the running task.
#[derive(Debug, Default)]
pub(crate) struct TaskState {
    /// `context.get`/`context.set` storage: zero when the task starts.
    pub(crate) context: [u32; 2],
    /// Set for a task of an `async`-lifted function.
    pub(crate) async_call: Option<Box<AsyncCall>>,
}

/// An `async`-lifted call: what `task.return` must match, and its result.
#[derive(Debug)]
pub(crate) struct AsyncCall {
    /// The lifted function's result type.
    pub(crate) result: Option<ValType>,
    /// The lift's string encoding and memory, which `task.return`'s
    /// options must equal (`LiftOptions.equal`: the same memory, not just
    /// the same index).
    pub(crate) encoding: StringEncoding,
    pub(crate) memory: Option<wasmi::Memory>,
    /// The values `task.return` delivered.
    pub(crate) returned: Option<Vec<Val>>,
}

/// How an `async` lift runs its core function.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AsyncLift {
    /// The `callback` option: `None` for a stackful lift.
    pub(crate) callback: Option<wasmi::Func>,
}
