//! What a constraint requires of an argument.

use crate::bound::write_bound;
use crate::error::{GrantError, GrantErrorKind};
use crate::param::checked_name;
use crate::pattern::{Pattern, PatternKind};
use crate::prelude::*;
use core::fmt;

/// What a [`Constraint`](crate::Constraint) requires of its argument.
///
/// | rule | applies to | passes when |
/// |---|---|---|
/// | `Prefix` | `string` | the normalised string is the pattern or lies under it ([`PatternKind`]) |
/// | `Glob` | `string` | the normalised string matches the whole glob |
/// | `IntRange` | `s8` … `u64` | `min <= value <= max` |
/// | `Cases` | `enum`, `variant`, `option` (`none`/`some`), `result` (`ok`/`err`), `bool` (`false`/`true`), `flags` (every set flag) | the value's case is listed |
///
/// A `list` (or fixed list) argument passes when every element passes (an
/// empty list passes). An argument of any other shape is a denial, never a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The string is the pattern or lies under it.
    Prefix(Pattern),
    /// The whole string matches the glob.
    Glob(Pattern),
    /// The integer lies in `min..=max`.
    IntRange {
        /// The smallest allowed value.
        min: i128,
        /// The largest allowed value.
        max: i128,
    },
    /// The case name is one of these.
    Cases(Vec<String>),
}

impl Rule {
    /// A prefix rule; the pattern is normalised now and refused if malformed.
    pub fn prefix(kind: PatternKind, pattern: &str) -> Result<Self, GrantError> {
        Ok(Rule::Prefix(Pattern::prefix(kind, pattern)?))
    }

    /// A glob rule; the pattern is normalised now and refused if malformed.
    pub fn glob(kind: PatternKind, pattern: &str) -> Result<Self, GrantError> {
        Ok(Rule::Glob(Pattern::glob(kind, pattern)?))
    }

    /// An integer range `min..=max`; refused when empty.
    pub fn range(min: i128, max: i128) -> Result<Self, GrantError> {
        if min > max {
            return Err(GrantErrorKind::EmptyRange { min, max }.into());
        }
        Ok(Rule::IntRange { min, max })
    }

    /// A list of allowed case names; refused when empty or when a name is malformed.
    pub fn cases<S: AsRef<str>>(cases: impl IntoIterator<Item = S>) -> Result<Self, GrantError> {
        let cases = cases.into_iter().map(|c| checked_name(c.as_ref())).collect::<Result<Vec<_>, _>>()?;
        if cases.is_empty() {
            return Err(GrantErrorKind::NoCases.into());
        }
        Ok(Rule::Cases(cases))
    }

    /// What the argument must be, for denial messages: `a string`, `an integer`, ….
    pub(crate) fn needs(&self) -> &'static str {
        match self {
            Rule::Prefix(_) | Rule::Glob(_) => "a string",
            Rule::IntRange { .. } => "an integer",
            Rule::Cases(_) => "an enum, variant, option, result, bool or flags",
        }
    }
}

/// Writes `s` as a quoted string that the grant parser reads back.
pub(crate) fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Prefix(p) | Rule::Glob(p) => {
                let word = if matches!(self, Rule::Prefix(_)) { "prefix" } else { "glob" };
                write!(f, "{word} {} ", p.kind())?;
                write_quoted(f, p.as_str())
            }
            Rule::IntRange { min, max } => {
                write_bound(f, *min)?;
                f.write_str("..=")?;
                write_bound(f, *max)
            }
            Rule::Cases(cases) => write!(f, "case {}", cases.join("|")),
        }
    }
}
