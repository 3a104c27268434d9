//! WAVE, the WebAssembly Value Encoding: the text syntax that component tools
//! (`wasmtime run --invoke`, `wasm-tools`) use for component values.
//!
//! `true`, `-1`, `3.5`, `nan`, `'c'`, `"text"`, `[1, 2]`, `(1, "a")`,
//! `{a: 1, b-c: "x"}`, `case`, `case(payload)`, `some(3)`, `none`, `ok(x)`,
//! `err(x)`, `{flag-a, flag-b}`. Labels come from the type, so parsing is
//! driven by the [`ValType`] expected; printing needs the type as well,
//! because [`Val`] is positional.
//!
//! Printing is the runtime's `wave` module, that is the reference
//! implementation's (`wasm-wave`) writer. Parsing is still this module's own
//! lexer and parser, for its messages (which say what was expected and what
//! was found, where); it accepts what the reference accepts, including flat
//! options and results (`3` for `some(3)`), omitted `none` record fields,
//! `%`-escaped labels, `//` comments and multiline strings. The unit tests
//! check it against the reference on generated values.
//!
//! Resource handles have no WAVE syntax: they are never parsed, results
//! holding them are not printed ([`to_string`] refuses them), and the
//! `--stub-import` trace ([`display`]) shows them as `own(N)` / `borrow(N)`.
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
