//! Function invocations, `name(arg, ...)`: the name, then the arguments
//! parsed against the function's parameter types. Trailing `option`
//! arguments may be left out, as in WAVE's function-call appendix.

use super::lex::Token;
use super::parse::{ParseError, Parser, count};
use airssys_wasm::{Val, ValType};

/// A function invocation, `name(arg, ...)`: the function's name and the
/// text of its arguments, which are parsed once the parameter types are
/// known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation<'a> {
    source: &'a str,
    name: &'a str,
    args_start: Option<usize>,
}

impl<'a> Invocation<'a> {
    /// Splits `source` into the function name (everything before the first
    /// `(`, e.g. `greet` or `ns:pkg/iface#greet`) and the arguments. A bare
    /// name stands for a call without arguments.
    pub fn parse(source: &'a str) -> Result<Self, ParseError> {
        let args_start = source.find('(');
        let head = &source[..args_start.unwrap_or(source.len())];
        let name = head.trim();
        let name_start = head.len() - head.trim_start().len();
        if name.is_empty() {
            let e = ParseError::new(name_start, "missing function name; write `name(arguments)`");
            return Err(e.locate(source));
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
            return Err(ParseError::new(name_start + bad, message).locate(source));
        }
        Ok(Invocation { source, name, args_start })
    }

    /// The function's name as written.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// Parses the arguments against the parameters (`names[i]: types[i]`).
    /// Trailing `option` parameters may be left out; they are `none`.
    pub fn args(&self, names: &[String], types: &[ValType]) -> Result<Vec<Val>, ParseError> {
        let parse = || match self.args_start {
            Some(start) => {
                let mut parser = Parser::new(self.source, start)?;
                let args = parser.params(self.name, names, types)?;
                parser.expect_end()?;
                Ok(args)
            }
            None => implicit_args(self.name, names, types, self.source.len()),
        };
        parse().map_err(|e: ParseError| e.locate(self.source))
    }
}

/// The arguments of a call written without parentheses: all `none`.
fn implicit_args(func: &str, names: &[String], types: &[ValType], at: usize) -> Result<Vec<Val>, ParseError> {
    (0..types.len()).map(|i| omitted_param(func, names, types, i, at)).collect()
}

/// The value of parameter `i` left out of a call: `none` for options.
fn omitted_param(func: &str, names: &[String], types: &[ValType], i: usize, at: usize) -> Result<Val, ParseError> {
    match &types[i] {
        ValType::Option(_) => Ok(Val::Option(None)),
        ty => {
            let name = names.get(i).map_or("", String::as_str);
            Err(ParseError::new(at, format!("missing argument `{name}: {ty}` of `{func}`")))
        }
    }
}

impl Parser<'_> {
    /// `(arg, ...)` for a function with the given parameters.
    pub(super) fn params(&mut self, func: &str, names: &[String], types: &[ValType]) -> Result<Vec<Val>, ParseError> {
        self.expect(Token::ParenOpen, "`(`")?;
        let mut args = Vec::new();
        let mut close = None;
        if self.current.token == Token::ParenClose {
            close = Some(self.advance()?.start);
        }
        while close.is_none() {
            let Some(ty) = types.get(args.len()) else {
                let message = format!("too many arguments: `{func}` takes {}", count(types.len(), "argument"));
                return Err(ParseError::new(self.current.start, message));
            };
            args.push(self.value(ty)?);
            close = self.separator(Token::ParenClose, ")")?;
        }
        let close = close.unwrap_or(self.current.start);
        for i in args.len()..types.len() {
            args.push(omitted_param(func, names, types, i, close)?);
        }
        Ok(args)
    }
}
