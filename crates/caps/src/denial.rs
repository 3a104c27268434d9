//! Why a call was denied.

use crate::grant::DenyAction;
use crate::normalise::NormaliseError;
use crate::prelude::*;
use core::fmt;

/// A denied import call: who called what, why, and what the gate should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// The component whose instance made the call (may be empty).
    pub component: Arc<str>,
    /// The interface of the import, as in `my:pkg/fs`.
    pub interface: Arc<str>,
    /// The function of the import, as in `open`.
    pub function: Arc<str>,
    /// Why the call was denied.
    pub reason: DenialReason,
    /// What the gate does: trap (the default, and always when no grant
    /// matched), or return the function's own error case.
    pub action: DenyAction,
}

/// Why a call was denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenialReason {
    /// No grant covers the function.
    NoGrant,
    /// A grant covered the function but was revoked.
    Revoked,
    /// The grant's call budget is used up.
    BudgetExhausted {
        /// The budget the grant started with (after any narrowing).
        budget: u64,
    },
    /// An argument broke one of the grant's constraints.
    Constraint(Box<ConstraintDenial>),
}

/// Which constraint an argument broke, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintDenial {
    /// The argument, in [`ParamRef`](crate::ParamRef) text form (`path`, `opts.path`).
    pub param: String,
    /// The rule, in grant text form (`prefix path "/data"`).
    pub rule: String,
    /// A bounded summary of the offending value (strings cut at 64 characters);
    /// empty when the argument is missing.
    pub value: String,
    /// How the argument broke the rule.
    pub problem: Problem,
}

/// How an argument broke a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The argument is well formed but the rule does not allow it.
    NoMatch,
    /// The string is not a well-formed path or host name.
    Malformed(NormaliseError),
    /// The function has no such parameter, or the record or tuple no such field.
    Missing,
    /// The argument has a shape the rule cannot check (its text says what the rule needs).
    WrongShape(&'static str),
}

impl DenialReason {
    /// A short name of the reason, for logs: `no-grant`, `revoked`, `budget`, `constraint`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoGrant => "no-grant",
            Self::Revoked => "revoked",
            Self::BudgetExhausted { .. } => "budget",
            Self::Constraint(_) => "constraint",
        }
    }
}

impl fmt::Display for ConstraintDenial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (param, rule, value) = (&self.param, &self.rule, &self.value);
        match self.problem {
            Problem::NoMatch => write!(f, "argument `{param}` = {value} does not match `{rule}`"),
            Problem::Malformed(e) => write!(f, "argument `{param}` = {value} is refused by `{rule}`: {e}"),
            Problem::Missing => {
                write!(f, "argument `{param}` does not exist on this function, so `{rule}` cannot hold")
            }
            Problem::WrongShape(needs) => {
                write!(f, "argument `{param}` = {value} cannot be checked by `{rule}`, which needs {needs}")
            }
        }
    }
}

impl fmt::Display for DenialReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoGrant => f.write_str("no grant covers it"),
            Self::Revoked => f.write_str("its grant was revoked"),
            Self::BudgetExhausted { budget } => write!(f, "budget exhausted: all {budget} allowed calls are used"),
            Self::Constraint(c) => write!(f, "{c}"),
        }
    }
}

impl Denial {
    /// The grant text that covers the denied call, `interface#function`
    /// (as in `my:pkg/fs#open`); [`Grant`](crate::Grant) parses it.
    pub fn grant_text(&self) -> String {
        format!("{}#{}", self.interface, self.function)
    }

    /// The denial as `Display` writes it, but with `hint` instead of the
    /// library's advice for a call no grant covers or whose grant was
    /// revoked: a front end names its own way to grant, as the command line
    /// does with `grant it with --allow '…'` (built from
    /// [`Denial::grant_text`]).
    pub fn with_grant_hint<'a>(&'a self, hint: &'a str) -> WithGrantHint<'a> {
        WithGrantHint { denial: self, hint }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, grant_hint: &dyn fmt::Display) -> fmt::Result {
        let (iface, func) = (&self.interface, &self.function);
        f.write_str("denied: ")?;
        if !self.component.is_empty() {
            write!(f, "component `{}` calling ", self.component)?;
        }
        write!(f, "`{iface}#{func}` — {}", self.reason)?;
        match &self.reason {
            DenialReason::NoGrant | DenialReason::Revoked => write!(f, " ({grant_hint})"),
            DenialReason::BudgetExhausted { .. } => f.write_str(" (raise the grant's budget)"),
            DenialReason::Constraint(_) => f.write_str(" (widen the grant's constraint to allow it)"),
        }
    }
}

/// The embedding API's advice for granting a denied call: the runtime's
/// `Linker::grant` before instantiating, or the instance's table through
/// `Store::capabilities_mut` at run time.
struct ApiGrantHint<'a>(&'a Denial);

impl fmt::Display for ApiGrantHint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (iface, func) = (&self.0.interface, &self.0.function);
        write!(
            f,
            "grant it with Linker::grant(\"{iface}#{func}\".parse()?) before instantiating, \
             or Store::capabilities_mut(&instance)?.grant(..) at run time"
        )
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &ApiGrantHint(self))
    }
}

/// A [`Denial`] written with a front end's own hint for granting the call;
/// made by [`Denial::with_grant_hint`].
pub struct WithGrantHint<'a> {
    denial: &'a Denial,
    hint: &'a str,
}

impl fmt::Display for WithGrantHint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.denial.write(f, &self.hint)
    }
}

impl core::error::Error for Denial {}
