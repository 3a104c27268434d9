//! WAVE, the WebAssembly Value Encoding: the text syntax that component tools
//! (`wasmtime run --invoke`, `wasm-tools`) use for component values.
//!
//! `true`, `-1`, `3.5`, `nan`, `'c'`, `"text"`, `[1, 2]`, `(1, "a")`,
//! `{a: 1, b-c: "x"}`, `case`, `case(payload)`, `some(3)`, `none`, `ok(x)`,
//! `err(x)`, `{flag-a, flag-b}`. Labels come from the type, so parsing is
//! driven by the [`ValType`] expected; printing needs the type as well,
//! because [`Val`] is positional.
//!
//! Reading and printing are the runtime's `wave` module, that is the
//! reference implementation's (`wasm-wave`) parser and writer, with the
//! runtime's messages (which say what was expected and what was found,
//! where). It reads flat options and results (`3` for `some(3)`), omitted
//! `none` record fields, `%`-escaped labels, `//` comments and multiline
//! strings. The unit tests check both directions against the reference on
//! generated values. This module adds the invocation syntax,
//! `name(arguments)`.
//!
//! Resource handles have no WAVE syntax: they are never parsed, results
//! holding them are not printed ([`to_string`] refuses them), and the
//! `--stub-import` trace ([`display`]) shows them as `own(N)` / `borrow(N)`.
//!
//! [`ValType`]: airssys_wasm::ValType
//! [`Val`]: airssys_wasm::Val

mod call;
mod print;

use airssys_wasm::wave::{self, WaveError};
use airssys_wasm::{Val, ValType};

pub use call::Invocation;
pub use print::{display, to_string};

/// Parses `src`, all of it, as one value of type `ty`.
pub fn parse_value(src: &str, ty: &ValType) -> Result<Val, WaveError> {
    wave::from_str(ty, src)
}

#[cfg(test)]
mod tests;
