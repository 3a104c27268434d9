//! Error messages for WAVE text that `wasm-wave` refused: what was expected
//! there, by type, and what was found.
//!
//! `wasm-wave` parses first and checks types afterwards, so its errors know
//! the node that failed but not the type expected at that place, and a
//! syntax error later in the text hides a type error earlier. Once it has
//! refused a text, the [`Locator`] replays the text's tokens (through
//! `wasm-wave`'s lexer) from the start, tracking the type expected at each
//! one, and stops at the first token that cannot be there: the place and
//! the words of the error. It builds no values; the values read are always
//! `wasm-wave`'s.

mod call;
mod lexical;
mod locator;

pub(super) use call::{Signature, args_problem};
use locator::{Locator, count};

use super::WaveError;
use crate::prelude::*;
use crate::types::ValType;

/// What is wrong, and at which byte of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    /// The byte offset in the text.
    pub(super) at: usize,
    /// What is wrong.
    pub(super) message: String,
}

impl Problem {
    /// A problem at byte `at`.
    pub(super) fn new(at: usize, message: impl Into<String>) -> Self {
        Problem { at, message: message.into() }
    }

    /// The problem as an error about `text`.
    pub(super) fn into_error(self, text: &str) -> WaveError {
        WaveError::at(text, self.at, self.message)
    }
}

/// The first problem of `text` read as one value of type `ty`, if the
/// locator finds one.
pub(super) fn value_problem(ty: &ValType, text: &str) -> Option<Problem> {
    let mut locator = match Locator::new(text, 0) {
        Ok(locator) => locator,
        Err(problem) => return Some(problem),
    };
    locator.value(ty).and_then(|()| locator.expect_end()).err()
}

#[cfg(test)]
mod tests;
