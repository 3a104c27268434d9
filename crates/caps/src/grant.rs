//! Grants: what an instance may call, and on what terms.

use crate::constraint::Constraint;
use crate::prelude::*;
use core::fmt;

/// Permission for an instance to call one function of an interface, or all of them.
///
/// With no grant, an import call is denied. A grant names an interface
/// (`wasi:cli/stdout`, `my:pkg/iface`; a grant without `@version` covers every
/// version of it), optionally one function, constraints that every call's
/// arguments must meet (all of them), a call budget, and what a denial does.
///
/// Grants are usually written as text (see [`Grant`'s `FromStr`](#impl-FromStr-for-Grant)):
/// ```
/// use airssys_wasm_caps::Grant;
/// let g: Grant = r#"my:pkg/fs#open(path: prefix path "/data/", budget 10)"#.parse()?;
/// assert_eq!(g.function.as_deref(), Some("open"));
/// assert_eq!(g.to_string(), r#"my:pkg/fs#open(path: prefix path "/data", budget 10)"#);
/// # Ok::<(), airssys_wasm_caps::GrantError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The interface, as in `my:pkg/fs` or `wasi:cli/stdout@0.2.0`, or a bare
    /// import name for functions imported outside any interface.
    pub interface: String,
    /// One function of the interface, or `None` for all of them.
    pub function: Option<String>,
    /// Rules every call's arguments must meet.
    pub constraints: Vec<Constraint>,
    /// How many calls are allowed, or `None` for no limit. With `function`
    /// unset, the budget is shared by all functions of the interface.
    pub budget: Option<u64>,
    /// What a denial under this grant does.
    pub on_deny: DenyAction,
}

/// What the gate does with a denied call.
///
/// A call with no grant at all traps, unless the host that defines the
/// interface set a gentler reply for ungranted calls
/// ([`CapabilityTable::reply_to_ungranted`](crate::CapabilityTable::reply_to_ungranted)).
/// A grant's own `on_deny` applies to its constraint and budget denials.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DenyAction {
    /// Trap with the denial's reason (the default).
    #[default]
    Trap,
    /// Return `err(e)` of the function's own `result` type instead of
    /// running it. The gate builds `e` from the error type:
    /// - an `enum`: the case named `case` (trap if `None` or not a case);
    /// - a `variant`: the case named `case`, which must have no payload,
    ///   or whose payload is a `string` (it gets the reason text);
    /// - a `string`: the denial's reason text (`case` is ignored);
    /// - no error type (`result<T>`): `err` alone.
    ///
    /// The gate traps when the function returns no `result`, or when the
    /// error case cannot be built as above.
    ReturnError {
        /// The name of the error case to return.
        case: Option<String>,
    },
}

impl Grant {
    /// A grant of every function of `interface`, unconstrained and unlimited.
    pub fn new(interface: &str) -> Self {
        Grant {
            interface: interface.into(),
            function: None,
            constraints: Vec::new(),
            budget: None,
            on_deny: DenyAction::Trap,
        }
    }

    /// The same grant, narrowed to the one function `name`.
    pub fn for_function(mut self, name: &str) -> Self {
        self.function = Some(name.into());
        self
    }

    /// The same grant with one more constraint.
    pub fn with_constraint(mut self, constraint: Constraint) -> Self {
        self.constraints.push(constraint);
        self
    }

    /// The same grant, allowing `calls` calls in all.
    pub fn with_budget(mut self, calls: u64) -> Self {
        self.budget = Some(calls);
        self
    }

    /// The same grant, its denials doing `action`.
    pub fn with_on_deny(mut self, action: DenyAction) -> Self {
        self.on_deny = action;
        self
    }

    /// Whether this grant covers `function` of `interface`: the same
    /// interface (or the import's versioned form `interface@version` when
    /// the grant names no version) and the same function, or any function.
    pub fn covers(&self, interface: &str, function: &str) -> bool {
        self.covers_interface(interface) && self.function.as_deref().is_none_or(|f| f == function)
    }

    fn covers_interface(&self, interface: &str) -> bool {
        match interface.strip_prefix(self.interface.as_str()) {
            Some("") => true,
            Some(version) => version.starts_with('@') && !self.interface.contains('@'),
            None => false,
        }
    }

    /// How specific the grant is for an import it covers: a function beats
    /// an interface, then an exact version beats any version.
    pub(crate) fn specificity(&self, interface: &str) -> u8 {
        u8::from(self.function.is_some()) * 2 + u8::from(self.interface.len() == interface.len())
    }
}

impl fmt::Display for DenyAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenyAction::Trap => f.write_str("trap"),
            DenyAction::ReturnError { case: None } => f.write_str("error"),
            DenyAction::ReturnError { case: Some(c) } => write!(f, "error {c}"),
        }
    }
}

/// The text form that [`Grant`'s `FromStr`](#impl-FromStr-for-Grant) reads back.
impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.interface)?;
        if let Some(func) = &self.function {
            write!(f, "#{func}")?;
        }
        let deny = self.on_deny != DenyAction::Trap;
        if self.constraints.is_empty() && self.budget.is_none() && !deny {
            return Ok(());
        }
        f.write_str("(")?;
        let mut sep = "";
        for c in &self.constraints {
            write!(f, "{sep}{c}")?;
            sep = ", ";
        }
        if let Some(b) = self.budget {
            write!(f, "{sep}budget {b}")?;
            sep = ", ";
        }
        if deny {
            write!(f, "{sep}on-deny {}", self.on_deny)?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests;
