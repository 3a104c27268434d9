//! An audit sink that hands each event to a closure.

use super::{AuditEvent, AuditSink};
use crate::prelude::*;
use core::fmt;

/// Calls a closure with every audit event (to log it, count it, forward it).
pub struct CallbackSink {
    callback: Box<dyn FnMut(&AuditEvent) + Send>,
}

impl CallbackSink {
    /// A sink calling `callback` for every event.
    pub fn new(callback: impl FnMut(&AuditEvent) + Send + 'static) -> Self {
        CallbackSink { callback: Box::new(callback) }
    }
}

impl AuditSink for CallbackSink {
    fn record(&mut self, event: &AuditEvent) {
        (self.callback)(event)
    }
}

impl fmt::Debug for CallbackSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackSink")
    }
}
