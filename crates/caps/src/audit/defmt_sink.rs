//! An audit sink that logs through `defmt`.

use super::{AuditEvent, AuditSink, Outcome};

/// Logs every audit event with `defmt`: allowed calls at `info`, denials at `warn`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefmtSink;

impl AuditSink for DefmtSink {
    fn record(&mut self, event: &AuditEvent) {
        match event.outcome {
            Outcome::Allowed => defmt::info!("{}", event),
            Outcome::Denied(_) => defmt::warn!("{}", event),
        }
    }
}

impl defmt::Format for AuditEvent {
    fn format(&self, f: defmt::Formatter<'_>) {
        let (component, iface, func) = (&*self.component, &*self.interface, &*self.function);
        match &self.outcome {
            Outcome::Allowed => {
                defmt::write!(
                    f,
                    "allowed: `{=str}` instance {=u32} called `{=str}#{=str}`",
                    component,
                    self.instance,
                    iface,
                    func
                )
            }
            Outcome::Denied(reason) => defmt::write!(
                f,
                "denied: `{=str}` instance {=u32} called `{=str}#{=str}` — {}",
                component,
                self.instance,
                iface,
                func,
                defmt::Display2Format(reason)
            ),
        }
    }
}
