//! The exported resource `accumulator`: a running sum.

use crate::bindings::airssys::demo::host::{self, Level};
use crate::bindings::exports::airssys::demo::api::{self, GuestAccumulator};
use core::cell::Cell;

/// A running sum; the guest is single-threaded, so a `Cell` holds it.
pub struct Accumulator {
    sum: Cell<i64>,
}

impl GuestAccumulator for Accumulator {
    fn new(start: i64) -> Self {
        Accumulator { sum: Cell::new(start) }
    }

    fn add(&self, value: i64) -> i64 {
        let sum = self.sum.get().wrapping_add(value);
        self.sum.set(sum);
        sum
    }

    fn total(&self) -> i64 {
        self.sum.get()
    }

    fn merge(a: api::Accumulator, b: api::Accumulator) -> api::Accumulator {
        let a = a.get::<Accumulator>().total();
        let b = b.get::<Accumulator>().total();
        api::Accumulator::new(Accumulator::new(a.wrapping_add(b)))
    }
}

/// The destructor tells the host, so that a test can see that it ran: it
/// logs `accumulator dropped at <sum>` at level `debug`.
impl Drop for Accumulator {
    fn drop(&mut self) {
        host::log(Level::Debug, &format!("accumulator dropped at {}", self.sum.get()));
    }
}
