//! Printing [`Val`]s as WAVE text on one line, through the runtime's `wave`
//! module (the `wasm-wave` crate's writer, byte for byte).
//!
//! The runtime prints handles as `own(N)` / `borrow(N)`; the CLI prints
//! no value that holds one, since it could not be passed back: a handle is
//! refused with [`PrintError::Resource`], naming its type.

use airssys_wasm::wave::{self, handle_in};
use airssys_wasm::{Val, ValType};
use std::fmt;

/// Why a value could not be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// A resource handle of this type: WAVE has no syntax for resources.
    Resource(String),
    /// The value does not have the type it was printed as (the runtime's
    /// message, which names the type).
    Mismatch(String),
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintError::Resource(ty) => write!(f, "`{ty}` is a resource handle, which WAVE cannot write"),
            PrintError::Mismatch(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for PrintError {}

/// `val`, of type `ty`, as WAVE text.
pub fn to_string(val: &Val, ty: &ValType) -> Result<String, PrintError> {
    if let Some(handle) = handle_in(val, ty) {
        return Err(PrintError::Resource(handle.to_string()));
    }
    wave::to_string(val, ty).map_err(|e| PrintError::Mismatch(e.to_string()))
}

/// `val`, of type `ty`, as WAVE text for people to read (the trace of
/// `--stub-import`): handles print as `own(N)` / `borrow(N)`.
pub fn display(val: &Val, ty: &ValType) -> String {
    wave::to_string(val, ty).unwrap_or_else(|e| format!("<{e}>"))
}
