//! [`FuelGauge`]: the fuel a store's guests have burned, readable by host
//! code that cannot see the store (a WASI clock driven by fuel).

use crate::prelude::*;

/// How much fuel a store's guest code has consumed, as of its latest
/// import call: a shared, cloneable reading for host code that has no
/// access to the store itself, such as a deterministic clock that advances
/// with the work the guest did rather than with time.
///
/// Attach it with [`Store::set_fuel_gauge`](crate::Store::set_fuel_gauge);
/// the import gate then updates it at the start of every import call, so a
/// host function reads an exact, reproducible figure. Refuelling
/// ([`Store::set_fuel`](crate::Store::set_fuel)) does not move it back.
///
/// ```
/// use airssys_wasm::{Config, Engine, FuelGauge, Store};
/// let engine = Engine::new(Config::default().fuel(1_000_000));
/// let gauge = FuelGauge::new();
/// let mut store = Store::new(&engine, ());
/// store.set_fuel_gauge(gauge.clone())?;
/// assert_eq!(gauge.consumed(), 0);
/// # Ok::<(), airssys_wasm::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FuelGauge(Arc<spin::Mutex<Reading>>);

#[derive(Debug, Default)]
struct Reading {
    /// The fuel left at the latest observation, if any.
    last_left: Option<u64>,
    consumed: u64,
}

impl FuelGauge {
    /// A gauge reading 0, attached to no store.
    pub fn new() -> Self {
        FuelGauge::default()
    }

    /// The fuel consumed between attaching the gauge and the latest import
    /// call (or refuelling) of its store.
    pub fn consumed(&self) -> u64 {
        self.0.lock().consumed
    }

    /// Records that the store has `left` fuel: what went since the last
    /// observation counts as consumed; more than before (a refuel) counts
    /// nothing and becomes the new baseline.
    pub(crate) fn observe(&self, left: u64) {
        let mut r = self.0.lock();
        if let Some(last) = r.last_left {
            r.consumed = r.consumed.saturating_add(last.saturating_sub(left));
        }
        r.last_left = Some(left);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumption_accumulates_across_refuels() {
        let g = FuelGauge::new();
        g.observe(1000);
        assert_eq!(g.consumed(), 0, "the first observation is the baseline");
        g.observe(900);
        g.observe(850);
        assert_eq!(g.consumed(), 150);
        g.observe(5000); // refuelled
        assert_eq!(g.consumed(), 150);
        g.observe(4990);
        assert_eq!(g.clone().consumed(), 160, "clones share the reading");
    }
}
