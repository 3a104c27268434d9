//! Running a command: `wasi:cli/run`, with `wasi:cli/exit` surfacing as
//! its own error kind carrying the status.

use crate::WasiCtx;
use crate::prelude::*;
use airssys_wasm::{Component, Error, Linker, Store};

/// How [`run`] failed.
#[derive(Debug)]
pub enum RunError {
    /// The guest called `wasi:cli/exit`: `exit(ok)` gives 0, `exit(err)`
    /// 1 and `exit-with-code(n)` n. A CLI exits with this status.
    Exit(u8),
    /// `wasi:cli/run` returned `err` (a CLI exits with status 1).
    RunFailed,
    /// The component does not export `wasi:cli/run@0.2.x`.
    NotACommand,
    /// Instantiating or running failed otherwise (a trap, a denied call,
    /// an unresolved import, ...).
    Error(Error),
}

impl RunError {
    /// The process exit status a CLI should give: the guest's own for
    /// [`RunError::Exit`], 1 for [`RunError::RunFailed`], `None` otherwise
    /// (the caller reports the error and picks its own status).
    pub fn status(&self) -> Option<u8> {
        match self {
            RunError::Exit(s) => Some(*s),
            RunError::RunFailed => Some(1),
            RunError::NotACommand | RunError::Error(_) => None,
        }
    }
}

impl core::fmt::Display for RunError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            RunError::Exit(s) => write!(f, "the guest exited with status {s}"),
            RunError::RunFailed => f.write_str("wasi:cli/run returned an error"),
            RunError::NotACommand => f.write_str(
                "the component exports no `wasi:cli/run@0.2.x`: it is not a WASI command; call its exports instead",
            ),
            RunError::Error(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for RunError {}

/// The prefix of the `run` export a WASI 0.2 command has, at any 0.2.x
/// patch version (a guest built against WASI 0.2.0 exports
/// `wasi:cli/run@0.2.0#run`).
const RUN_PREFIX: &str = "wasi:cli/run@0.2.";

/// Instantiates `component` with `linker` and calls its `wasi:cli/run`
/// (any 0.2.x version). `get` finds the [`WasiCtx`] in the store's data,
/// to read the exit status after a call to `wasi:cli/exit`.
pub fn run<T: 'static>(
    store: &mut Store<T>,
    component: &Component,
    linker: &Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> Result<(), RunError> {
    let instance = linker.instantiate(store, component).map_err(RunError::Error)?;
    let name = instance
        .exports(store)
        .map_err(RunError::Error)?
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| is_run_interface(name))
        .ok_or(RunError::NotACommand)?;
    let run =
        instance.get_typed_func::<(), (Result<(), ()>,), T>(store, &format!("{name}#run")).map_err(RunError::Error)?;
    let outcome = run.call(store, ());
    if let Some(status) = get(store.data_mut()).exit_status() {
        return Err(RunError::Exit(status));
    }
    match outcome {
        Ok((Ok(()),)) => Ok(()),
        Ok((Err(()),)) => Err(RunError::RunFailed),
        Err(e) => Err(RunError::Error(e)),
    }
}

/// Whether `name` is `wasi:cli/run@0.2.<patch>`.
fn is_run_interface(name: &str) -> bool {
    name.strip_prefix(RUN_PREFIX).is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_export_matches_every_0_2_patch_and_nothing_else() {
        assert!(is_run_interface("wasi:cli/run@0.2.0"));
        assert!(is_run_interface("wasi:cli/run@0.2.12"));
        assert!(!is_run_interface("wasi:cli/run@0.3.0"));
        assert!(!is_run_interface("wasi:cli/run@0.2."));
        assert!(!is_run_interface("wasi:cli/run@0.2.0-rc"));
        assert!(!is_run_interface("wasi:cli/run@1.0.0"));
        assert!(!is_run_interface("wasi:cli/run"));
    }
}
