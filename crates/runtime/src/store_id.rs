//! The identity of a store. It sits below the error types, which name it
//! (`ErrorKind::WrongStore`), and below the store itself.

use core::fmt;

/// The identity of a [`Store`](crate::Store): unique among every store this process
/// creates. Instances, functions and typed functions carry the identity of
/// the store that made them, and every method that takes one of them with a
/// store checks the pair first, so that an object of one tenant's store can
/// never act on another's (`ErrorKind::WrongStore`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

impl StoreId {
    /// A fresh identity. Identities are 64-bit and never reused: at one new
    /// store per nanosecond the counter would last 584 years.
    pub(crate) fn allocate() -> StoreId {
        StoreId(next_store_id())
    }

    /// The identity as a number, for logs.
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

impl fmt::Debug for StoreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreId({})", self.0)
    }
}

impl fmt::Display for StoreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store #{}", self.0)
    }
}

#[cfg(target_has_atomic = "64")]
fn next_store_id() -> u64 {
    use core::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Targets without 64-bit atomics (Cortex-M, riscv32) count under a spin
/// lock, taken once per new store.
#[cfg(not(target_has_atomic = "64"))]
fn next_store_id() -> u64 {
    static NEXT: spin::Mutex<u64> = spin::Mutex::new(1);
    let mut next = NEXT.lock();
    let id = *next;
    *next += 1;
    id
}
