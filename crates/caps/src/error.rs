//! Why a grant could not be built or parsed.

use crate::bound::write_bound;
use crate::normalise::NormaliseError;
use crate::prelude::*;
use core::fmt;

/// A grant, rule or constraint that could not be built, with the column
/// (1-based, in characters) where it went wrong when it came from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantError {
    column: usize,
    kind: GrantErrorKind,
}

/// What was wrong with a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantErrorKind {
    /// The text does not follow the grammar of [`Grant`](crate::Grant)'s `FromStr`.
    Expected {
        /// What the grammar allows here.
        expected: &'static str,
        /// What was found instead (a character, a word, or `end of input`).
        found: String,
    },
    /// A string pattern that does not normalise.
    Pattern(NormaliseError),
    /// An integer range whose minimum is above its maximum.
    EmptyRange {
        /// The lower bound.
        min: i128,
        /// The upper bound.
        max: i128,
    },
    /// An integer that does not fit (128 bits for ranges, 64 for budgets, 32 for parameter indices).
    IntegerTooLarge,
    /// A case list with no cases.
    NoCases,
    /// A name with characters other than ASCII letters, digits, `-` and `_`.
    BadName(String),
    /// `budget` or `on-deny` given twice in one grant.
    Repeated(&'static str),
}

impl GrantError {
    /// An error at `column` (1-based; 0 when the grant did not come from text).
    pub fn new(column: usize, kind: GrantErrorKind) -> Self {
        GrantError { column, kind }
    }

    /// The 1-based column in the grant text, or 0 when the grant did not come from text.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What was wrong.
    pub fn kind(&self) -> &GrantErrorKind {
        &self.kind
    }
}

impl From<GrantErrorKind> for GrantError {
    fn from(kind: GrantErrorKind) -> Self {
        GrantError { column: 0, kind }
    }
}

impl From<NormaliseError> for GrantError {
    fn from(e: NormaliseError) -> Self {
        GrantErrorKind::Pattern(e).into()
    }
}

impl fmt::Display for GrantErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Expected { expected, found } => write!(
                f,
                "expected {expected}, found {found} (the form is `interface[#function][(param: rule, budget N, on-deny error)]`)"
            ),
            Self::Pattern(e) => write!(f, "bad pattern: {e}"),
            Self::EmptyRange { min, max } => {
                f.write_str("the range ")?;
                write_bound(f, *min)?;
                f.write_str("..=")?;
                write_bound(f, *max)?;
                f.write_str(" is empty; write the smaller bound first")
            }
            Self::IntegerTooLarge => f.write_str(
                "the integer is too large (ranges take 128-bit bounds, budgets 64-bit counts, indices 32-bit)",
            ),
            Self::NoCases => f.write_str("a case rule needs at least one case name"),
            Self::BadName(n) => {
                write!(f, "{n:?} is not a name; use ASCII letters, digits, `-` and `_` as in WIT")
            }
            Self::Repeated(what) => write!(f, "`{what}` is given twice; give it once"),
        }
    }
}

impl fmt::Display for GrantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column > 0 {
            write!(f, "bad grant at column {}: {}", self.column, self.kind)
        } else {
            write!(f, "bad grant: {}", self.kind)
        }
    }
}

impl core::error::Error for GrantError {}
