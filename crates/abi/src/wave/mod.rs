//! WAVE, the WebAssembly Value Encoding, for [`Val`]s (feature `wave`):
//! the text syntax of component values that `wasmtime run --invoke` and
//! `wasm-tools` use, read and written by the reference implementation, the
//! `wasm-wave` crate.
//!
//! `true`, `-1`, `3.5`, `nan`, `'c'`, `"text"`, `[1, 2]`, `(1, "a")`,
//! `{a: 1, b-c: "x"}`, `case`, `case(payload)`, `some(3)`, `none`, `ok(x)`,
//! `err(x)`, `{flag-a, flag-b}`. A [`Val`] is positional (a record is its
//! field values, a variant its case index), so both directions take the
//! [`ValType`]: [`Val::from_wave`] / [`from_str`] and [`Val::to_wave`] /
//! [`to_string`]; [`params_from_str`] reads a call's arguments.
//!
//! `wasm-wave` works on any value through its [`WasmType`] and
//! [`WasmValue`] traits: [`ValType`] implements the first, and [`WaveVal`],
//! a [`Val`] paired with its type, the second (the writer asks a value for
//! the names of its fields, cases and flags, which only the type knows).
//!
//! # Resource handles
//! WAVE has no syntax for `own<R>` and `borrow<R>`. They print as
//! `own(N)` and `borrow(N)`, `N` being the handle's `u32`, so that values
//! holding them can be shown; text never parses into a handle (the error
//! names the handle type). See [`handle_in`] to refuse them before printing.
//!
//! # Errors
//! A [`WaveError`] says what was wrong and, for text, where: its `Display`
//! ends with `(at column C)` or `(at line L, column C)`. For text, it names
//! the first thing in the text that cannot be there and what was expected
//! instead, by type (`expected an integer (u32), found ...`, `unknown case
//! ...; the cases are ...`, `missing field ...`): once `wasm-wave` has
//! refused a text, its tokens are replayed against the type to find it.
//!
//! ```
//! use airssys_wasm_abi::{Val, ValType};
//!
//! let ty = ValType::record([("name", ValType::String), ("tags", ValType::list(ValType::U8))])?;
//! let val = Val::from_wave(&ty, r#"{name: "x", tags: [1, 2]}"#)?;
//! assert_eq!(val, Val::Record(vec![Val::String("x".into()), Val::List(vec![Val::U8(1), Val::U8(2)])]));
//! assert_eq!(val.to_wave(&ty)?, r#"{name: "x", tags: [1, 2]}"#);
//!
//! let e = Val::from_wave(&ValType::U8, "[1]").unwrap_err();
//! assert_eq!(e.to_string(), "expected an integer (u8), found `[` (at column 1)");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! [`WasmType`]: wasm_wave::wasm::WasmType
//! [`WasmValue`]: wasm_wave::wasm::WasmValue

mod diagnose;
mod error;
mod handle;
mod ty;
mod val;

pub use error::{Location, WaveError};
pub use handle::{handle_in, handle_type};
pub use val::WaveVal;

use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use diagnose::Signature;
use wasm_wave::untyped::UntypedFuncCall;
use wasm_wave::writer::WriterError;

/// Parses `text`, all of it, as one value of type `ty`.
pub fn from_str(ty: &ValType, text: &str) -> Result<Val, WaveError> {
    match wasm_wave::from_str::<WaveVal<'static>>(ty, text) {
        Ok(val) => Ok(val.into_val()),
        Err(e) => Err(match diagnose::value_problem(ty, text) {
            Some(problem) => problem.into_error(text),
            None => WaveError::parse(&e, text, Some(ty)),
        }),
    }
}

/// Parses the arguments of a call, `(arg, ...)`, against the parameter
/// types; trailing `option` arguments may be left out (they are `none`),
/// as WAVE's function-call syntax allows.
pub fn params_from_str(types: &[ValType], text: &str) -> Result<Vec<Val>, WaveError> {
    call_from_str(Signature { names: None, types }, text)
}

/// Parses the arguments of a call to `func`, `(arg, ...)`, against its
/// parameters, `names[i]: types[i]`, as [`params_from_str`] does; errors
/// about missing or extra arguments name the function and parameters.
/// Empty `text` (or only whitespace) is a call written without
/// parentheses: every parameter must then be an option, and is `none`.
///
/// ```
/// use airssys_wasm_abi::{Val, ValType, wave};
///
/// let names = ["a".to_string(), "b".to_string()];
/// let types = [ValType::U32, ValType::option(ValType::U8)?];
/// let args = wave::args_from_str("f", &names, &types, "(7)")?;
/// assert_eq!(args, vec![Val::U32(7), Val::Option(None)]);
/// let e = wave::args_from_str("f", &names, &types, "()").unwrap_err();
/// assert_eq!(e.to_string(), "missing argument `a: u32` of `f` (at column 2)");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub fn args_from_str(func: &str, names: &[String], types: &[ValType], text: &str) -> Result<Vec<Val>, WaveError> {
    let signature = Signature { names: Some((func, names)), types };
    if text.trim().is_empty() {
        return all_omitted(signature, text, text.len());
    }
    call_from_str(signature, text)
}

/// The arguments `(arg, ...)` of a call with `signature`'s parameters.
fn call_from_str(signature: Signature<'_>, text: &str) -> Result<Vec<Val>, WaveError> {
    // `wasm-wave` reads a call with its function's name in front.
    const NAME: &str = "f";
    let source = format!("{NAME}{text}");
    let parsed = UntypedFuncCall::parse(&source).and_then(|call| match call.params_node() {
        None => Ok(None),
        Some(_) => call.to_wasm_params::<WaveVal<'static>>(signature.types.iter()).map(Some),
    });
    let problem = || diagnose::args_problem(signature, text).map(|problem| problem.into_error(text));
    match parsed {
        Ok(Some(vals)) => Ok(vals.into_iter().map(WaveVal::into_val).collect()),
        Ok(None) => {
            let at = text.rfind(')').unwrap_or(text.len());
            all_omitted(signature, text, at)
        }
        Err(e) => Err(problem().unwrap_or_else(|| {
            let params = ValType::tuple(signature.types.iter().cloned()).ok();
            WaveError::parse(&e, &source, params.as_ref()).shifted(text, NAME.len())
        })),
    }
}

/// The arguments of a call that gives none: all `none`, when every
/// parameter is an option; otherwise an error at `at` in `text`.
fn all_omitted(signature: Signature<'_>, text: &str, at: usize) -> Result<Vec<Val>, WaveError> {
    let omitted = (0..signature.types.len()).map(|i| signature.omitted(i, at).map(|()| Val::Option(None)));
    omitted.collect::<Result<_, _>>().map_err(|problem| problem.into_error(text))
}

/// `val`, of type `ty`, as WAVE text on one line, exactly as `wasm-wave`
/// writes it. Handles print as `own(N)` and `borrow(N)`.
pub fn to_string(val: &Val, ty: &ValType) -> Result<String, WaveError> {
    wasm_wave::to_string(&WaveVal::new(val, ty)).map_err(|e| match e {
        WriterError::UnsupportedType => match handle::mismatch_in(val, ty) {
            Some(t) => WaveError::value(format!("the value does not have its type `{t}`")),
            None => WaveError::value(format!("the value cannot be written as a `{ty}`")),
        },
        other => WaveError::value(format!("the value could not be written: {other}")),
    })
}

impl Val {
    /// Parses WAVE `text`, all of it, as a value of type `ty`; see
    /// [`wave`](crate::wave).
    pub fn from_wave(ty: &ValType, text: &str) -> Result<Val, WaveError> {
        from_str(ty, text)
    }

    /// This value, of type `ty`, as WAVE text; see [`wave`](crate::wave).
    pub fn to_wave(&self, ty: &ValType) -> Result<String, WaveError> {
        to_string(self, ty)
    }
}

#[cfg(test)]
mod tests;
