//! A bounded ring of the newest audit events.

use super::{AuditEvent, AuditSink};
use heapless::Deque;

/// The newest `N` audit events, in a buffer of fixed size; when it is full,
/// the oldest event is dropped and counted. Never allocates for its storage.
#[derive(Debug)]
pub struct AuditRing<const N: usize> {
    events: Deque<AuditEvent, N>,
    dropped: u64,
}

impl<const N: usize> AuditRing<N> {
    /// An empty ring.
    pub const fn new() -> Self {
        AuditRing { events: Deque::new(), dropped: 0 }
    }

    /// The events held, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &AuditEvent> {
        self.events.iter()
    }

    /// How many events are held.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event is held.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// How many events were dropped to make room, since the ring was made.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Removes and returns the oldest event held.
    pub fn pop_oldest(&mut self) -> Option<AuditEvent> {
        self.events.pop_front()
    }
}

impl<const N: usize> Default for AuditRing<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> AuditSink for AuditRing<N> {
    fn record(&mut self, event: &AuditEvent) {
        if self.events.is_full() && self.events.pop_front().is_some() {
            self.dropped += 1;
        }
        if self.events.push_back(event.clone()).is_err() {
            // Unreachable: room was made above (heapless refuses a capacity of 0 at compile time).
            self.dropped += 1;
        }
    }
}
