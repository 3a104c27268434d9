//! Which argument a constraint looks at: a parameter, perhaps a field inside it.

use crate::error::{GrantError, GrantErrorKind};
use crate::prelude::*;
use core::fmt;

/// One step of a [`ParamRef`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A parameter, a record field, or the payload of a variant case, by name.
    Name(String),
    /// A parameter, record field or tuple element by 0-based position.
    Index(u32),
}

/// The argument a [`Constraint`](crate::Constraint) looks at: a parameter
/// by name or position, then optionally fields of records, elements of
/// tuples and payloads of variant cases inside it. Text form: steps joined
/// by `.`, as in `path`, `0`, `opts.path`, `pair.1` or `addr.ipv4.port`.
///
/// A step that names a variant case reaches that case's payload; a value
/// of another case fails the constraint (the call is denied), so
/// `addr.ipv4.port: 80` denies every IPv6 address.
///
/// On the way down, and at the end for every rule but `case`, an
/// `option` that is `some(x)` is looked through to `x`; a `none` fails the
/// constraint (the call is denied).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamRef {
    steps: Vec<Step>,
}

impl ParamRef {
    /// The parameter called `name`.
    pub fn name(name: &str) -> Result<Self, GrantError> {
        Ok(ParamRef { steps: vec![Step::Name(checked_name(name)?)] })
    }

    /// The parameter at 0-based position `index`.
    pub fn index(index: u32) -> Self {
        ParamRef { steps: vec![Step::Index(index)] }
    }

    /// The field called `name` of the record this reference reaches.
    pub fn field(mut self, name: &str) -> Result<Self, GrantError> {
        self.steps.push(Step::Name(checked_name(name)?));
        Ok(self)
    }

    /// The field or tuple element at `index` of what this reference reaches.
    pub fn element(mut self, index: u32) -> Self {
        self.steps.push(Step::Index(index));
        self
    }

    /// The steps, the parameter first; never empty.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Builds a reference from steps; `None` when there are none.
    pub(crate) fn from_steps(steps: Vec<Step>) -> Option<Self> {
        if steps.is_empty() { None } else { Some(ParamRef { steps }) }
    }
}

/// Checks a WIT-style name: ASCII letters, digits, `-` and `_`, not empty.
pub(crate) fn checked_name(name: &str) -> Result<String, GrantError> {
    if is_name(name) { Ok(name.into()) } else { Err(GrantErrorKind::BadName(name.into()).into()) }
}

/// Whether `name` is ASCII letters, digits, `-` and `_`, and not empty.
pub(crate) fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_name_byte)
}

/// A byte that may appear in a name.
pub(crate) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Name(n) => f.write_str(n),
            Step::Index(i) => write!(f, "{i}"),
        }
    }
}

impl fmt::Display for ParamRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}
