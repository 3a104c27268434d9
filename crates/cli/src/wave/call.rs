//! Function invocations, `name(arg, ...)`: the name, then the arguments,
//! which the runtime's `wave` module reads against the function's
//! parameters once they are known. Trailing `option` arguments may be left
//! out, as in WAVE's function-call appendix.

use airssys_wasm::wave::{self, WaveError};
use airssys_wasm::{Val, ValType};

/// A function invocation, `name(arg, ...)`: the function's name and the
/// text of its arguments, which are parsed once the parameter types are
/// known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation<'a> {
    source: &'a str,
    name: &'a str,
    args_start: usize,
}

impl<'a> Invocation<'a> {
    /// Splits `source` into the function name (everything before the first
    /// `(`, e.g. `greet` or `ns:pkg/iface#greet`) and the arguments. A bare
    /// name stands for a call without arguments.
    pub fn parse(source: &'a str) -> Result<Self, WaveError> {
        let args_start = source.find('(').unwrap_or(source.len());
        let head = &source[..args_start];
        let name = head.trim();
        let name_start = head.len() - head.trim_start().len();
        if name.is_empty() {
            return Err(WaveError::at(source, name_start, "missing function name; write `name(arguments)`"));
        }
        // WIT names resource functions `[constructor]r`, `[method]r.f` and
        // `[static]r.f`: one leading bracketed tag is allowed.
        let plain = match name.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
            Some((tag, rest)) if !tag.is_empty() && !tag.contains('[') => rest,
            _ => name,
        };
        let tag_len = name.len() - plain.len();
        if let Some(bad) = plain.find(|c: char| c.is_whitespace() || "\"'[]{},)".contains(c)).map(|i| i + tag_len) {
            let message = format!("invalid function name `{name}`; write `name(arguments)`");
            return Err(WaveError::at(source, name_start + bad, message));
        }
        Ok(Invocation { source, name, args_start })
    }

    /// The function's name as written.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// Parses the arguments against the parameters (`names[i]: types[i]`).
    /// Trailing `option` parameters may be left out; they are `none`.
    pub fn args(&self, names: &[String], types: &[ValType]) -> Result<Vec<Val>, WaveError> {
        let text = &self.source[self.args_start..];
        wave::args_from_str(self.name, names, types, text).map_err(|e| e.within(self.source, self.args_start))
    }
}
