//! WAVE, the WebAssembly Value Encoding: the text syntax that component tools
//! (`wasmtime run --invoke`, `wasm-tools`) use for component values.
//!
//! `true`, `-1`, `3.5`, `nan`, `'c'`, `"text"`, `[1, 2]`, `(1, "a")`,
//! `{a: 1, b-c: "x"}`, `case`, `case(payload)`, `some(3)`, `none`, `ok(x)`,
//! `err(x)`, `{flag-a, flag-b}`. Labels come from the type, so parsing is
//! driven by the [`ValType`] expected; printing needs the type as well,
//! because [`Val`] is positional.
//!
//! The syntax follows the reference implementation (the `wasm-wave` crate)
//! exactly: the printer writes byte for byte what it writes, and the parser
//! accepts what it accepts, including flat options and results (`3` for
//! `some(3)`), omitted `none` record fields, `%`-escaped labels, `//`
//! comments and multiline strings. The unit tests check both directions
//! against that crate.
//!
//! [`ValType`]: airssys_wasm::ValType
//! [`Val`]: airssys_wasm::Val

mod call;
mod lex;
mod parse;
mod print;

pub use call::Invocation;
pub use parse::parse_value;
pub use print::{display, to_string};

/// The WAVE keywords: a variant or enum case spelled like one is written
/// with a `%` prefix.
const KEYWORDS: [&str; 8] = ["true", "false", "some", "none", "ok", "err", "inf", "nan"];

/// Whether `label` is a WAVE keyword.
fn is_keyword(label: &str) -> bool {
    KEYWORDS.contains(&label)
}

#[cfg(test)]
mod tests;
