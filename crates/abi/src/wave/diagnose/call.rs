//! Problems with the arguments of a call, `(arg, ...)`: each argument is
//! located against its parameter's type, and the count is checked.

use super::{Locator, Problem, count};
use crate::prelude::*;
use crate::types::ValType;
use wasm_wave::lex::Token;

/// The parameters of the function being called: their types and, for
/// messages, the function's name and the parameters' names when known.
#[derive(Debug, Clone, Copy)]
pub(in crate::wave) struct Signature<'s> {
    /// The function's name, and its parameters' names (may be fewer than
    /// the types).
    pub(in crate::wave) names: Option<(&'s str, &'s [String])>,
    /// The parameters' types.
    pub(in crate::wave) types: &'s [ValType],
}

impl Signature<'_> {
    /// The problem of leaving out parameter `i`, at `at`, if it is not an
    /// option (options left out are `none`).
    pub(in crate::wave) fn omitted(&self, i: usize, at: usize) -> Result<(), Problem> {
        let ty = &self.types[i];
        if matches!(ty, ValType::Option(_)) {
            return Ok(());
        }
        let message = match self.names {
            Some((func, names)) => {
                let name = names.get(i).map_or("", String::as_str);
                format!("missing argument `{name}: {ty}` of `{func}`")
            }
            None => format!("missing an argument of type `{ty}`"),
        };
        Err(Problem::new(at, message))
    }

    /// The problem of one argument too many, at `at`.
    fn too_many(&self, at: usize) -> Problem {
        let takes = count(self.types.len(), "argument");
        let message = match self.names {
            Some((func, _)) => format!("too many arguments: `{func}` takes {takes}"),
            None => format!("too many arguments: the function takes {takes}"),
        };
        Problem::new(at, message)
    }
}

/// The first problem of `text`, read as the arguments `(arg, ...)` of a
/// call with the parameters of `signature`, if the locator finds one.
pub(in crate::wave) fn args_problem(signature: Signature<'_>, text: &str) -> Option<Problem> {
    let check = || {
        let mut locator = Locator::new(text, 0)?;
        locator.expect(Token::ParenOpen, "`(`")?;
        let mut given = 0;
        let mut close = None;
        if locator.at(Token::ParenClose) {
            close = Some(locator.advance()?.start);
        }
        while close.is_none() {
            let Some(ty) = signature.types.get(given) else {
                return Err(signature.too_many(locator.current.start));
            };
            locator.value(ty)?;
            given += 1;
            close = locator.separator(Token::ParenClose, ")")?;
        }
        let close = close.unwrap_or(locator.current.start);
        for i in given..signature.types.len() {
            signature.omitted(i, close)?;
        }
        locator.expect_end()
    };
    check().err()
}
