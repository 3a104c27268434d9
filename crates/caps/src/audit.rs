//! The audit trail: every denial, and optionally every allowed call, goes to an [`AuditSink`].
//!
//! | sink | where | keeps |
//! |---|---|---|
//! | [`AuditRing`] | everywhere (the default, 64 events) | the newest `N` events; older ones are dropped and counted |
//! | [`CallbackSink`] | everywhere | nothing: a closure sees each event |
//! | `DefmtSink` | feature `defmt` | nothing: each event is logged with `defmt` |
//! | [`Discard`] | everywhere | nothing |
//!
//! Events share the table's interface and function names (`Arc<str>`), so
//! auditing an allowed call allocates nothing.

mod callback;
#[cfg(feature = "defmt")]
mod defmt_sink;
mod ring;

pub use callback::CallbackSink;
#[cfg(feature = "defmt")]
pub use defmt_sink::DefmtSink;
pub use ring::AuditRing;

use crate::denial::DenialReason;
use crate::prelude::*;
use core::any::Any;
use core::fmt;

/// One audited import call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// The component of the calling instance (may be empty).
    pub component: Arc<str>,
    /// The number of the calling instance, as the embedder assigned it.
    pub instance: u32,
    /// The interface of the import.
    pub interface: Arc<str>,
    /// The function of the import.
    pub function: Arc<str>,
    /// Whether the call was allowed.
    pub outcome: Outcome,
}

/// Whether an audited call was allowed, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The call went ahead.
    Allowed,
    /// The call was denied.
    Denied(DenialReason),
}

/// Where audit events go.
///
/// A sink is owned by its [`CapabilityTable`](crate::CapabilityTable);
/// [`CapabilityTable::audit_sink`](crate::CapabilityTable::audit_sink) gets it back by type.
pub trait AuditSink: Any + Send {
    /// Records one event. Must not panic; must not grow without bound.
    fn record(&mut self, event: &AuditEvent);
}

/// A sink that keeps nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Discard;

impl AuditSink for Discard {
    fn record(&mut self, _event: &AuditEvent) {}
}

impl fmt::Display for AuditEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if matches!(self.outcome, Outcome::Allowed) { "allowed" } else { "denied" };
        write!(f, "{verdict}: ")?;
        if !self.component.is_empty() {
            write!(f, "`{}` ", self.component)?;
        }
        write!(f, "instance {} called `{}#{}`", self.instance, self.interface, self.function)?;
        match &self.outcome {
            Outcome::Allowed => Ok(()),
            Outcome::Denied(reason) => write!(f, " — {reason}"),
        }
    }
}

#[cfg(test)]
mod tests;
