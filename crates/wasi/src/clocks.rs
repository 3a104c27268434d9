//! Clock backends: the virtual clocks (a fixed start advanced by a
//! configured step per read, the same on every run), the fuel clocks (a
//! fixed start advanced by the fuel the guest consumed, also the same on
//! every run) and, with `std`, the system clocks.

use airssys_wasm::FuelGauge;

/// A point in wall-clock time: seconds and nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct WallTime {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    pub seconds: u64,
    /// Nanoseconds past `seconds` (below 1 000 000 000).
    pub nanoseconds: u32,
}

impl WallTime {
    /// The time `nanos` nanoseconds after the epoch.
    pub fn from_nanos(nanos: u128) -> Self {
        WallTime {
            seconds: u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX),
            nanoseconds: (nanos % 1_000_000_000) as u32,
        }
    }

    /// Nanoseconds since the epoch.
    pub fn as_nanos(self) -> u128 {
        u128::from(self.seconds) * 1_000_000_000 + u128::from(self.nanoseconds)
    }

    /// The time `nanos` nanoseconds later, or the last representable time
    /// when the seconds would overflow. In 64-bit arithmetic: on a 32-bit
    /// microcontroller 128-bit division is a library routine of its own.
    pub fn saturating_add_nanos(self, nanos: u64) -> Self {
        const NANOS_PER_SECOND: u64 = 1_000_000_000;
        // Below 2 * 10^9: the sum of two values below 10^9.
        let sub = u64::from(self.nanoseconds) + nanos % NANOS_PER_SECOND;
        let seconds =
            self.seconds.checked_add(nanos / NANOS_PER_SECOND).and_then(|s| s.checked_add(sub / NANOS_PER_SECOND));
        match seconds {
            Some(seconds) => WallTime { seconds, nanoseconds: (sub % NANOS_PER_SECOND) as u32 },
            None => WallTime { seconds: u64::MAX, nanoseconds: (NANOS_PER_SECOND - 1) as u32 },
        }
    }
}

/// The backend of `wasi:clocks/wall-clock`.
pub trait WallClock: Send {
    /// The current time.
    fn now(&mut self) -> WallTime;
    /// The clock's resolution.
    fn resolution(&self) -> WallTime;
}

/// The backend of `wasi:clocks/monotonic-clock`: nanoseconds from an
/// arbitrary start, never decreasing.
pub trait MonotonicClock: Send {
    /// The current reading, in nanoseconds.
    fn now(&mut self) -> u64;
    /// The clock's resolution, in nanoseconds.
    fn resolution(&self) -> u64;
    /// Whether the reading `when` has been reached. Virtual clocks move
    /// to `when` and answer `true` (a subscription resolves at once).
    fn reached(&mut self, when: u64) -> bool;
    /// Returns once the reading `when` has been reached: a virtual clock
    /// moves to it, a system clock sleeps until it.
    fn wait_until(&mut self, when: u64);
}

/// A virtual wall clock: `start`, then `step` nanoseconds later on every read.
#[derive(Debug, Clone)]
pub struct VirtualWallClock {
    now: WallTime,
    step: u64,
}

impl VirtualWallClock {
    /// A clock that reads `start` first and advances by `step_nanos` per read.
    pub fn new(start: WallTime, step_nanos: u64) -> Self {
        VirtualWallClock { now: start, step: step_nanos }
    }
}

impl WallClock for VirtualWallClock {
    fn now(&mut self) -> WallTime {
        let now = self.now;
        self.now = now.saturating_add_nanos(self.step);
        now
    }

    fn resolution(&self) -> WallTime {
        WallTime::default().saturating_add_nanos(self.step.max(1))
    }
}

/// A virtual monotonic clock: `start`, then `step` nanoseconds later on
/// every read; waiting moves it forward at once.
#[derive(Debug, Clone)]
pub struct VirtualMonotonicClock {
    now: u64,
    step: u64,
}

impl VirtualMonotonicClock {
    /// A clock that reads `start` first and advances by `step_nanos` per read.
    pub fn new(start: u64, step_nanos: u64) -> Self {
        VirtualMonotonicClock { now: start, step: step_nanos }
    }
}

impl MonotonicClock for VirtualMonotonicClock {
    fn now(&mut self) -> u64 {
        let now = self.now;
        self.now = self.now.saturating_add(self.step);
        now
    }

    fn resolution(&self) -> u64 {
        self.step.max(1)
    }

    fn reached(&mut self, when: u64) -> bool {
        self.now = self.now.max(when);
        true
    }

    fn wait_until(&mut self, when: u64) {
        self.now = self.now.max(when);
    }
}

/// A virtual wall clock driven by fuel: `start`, plus `nanos_per_fuel`
/// for every unit of fuel the store's guests consumed so far ([`FuelGauge`],
/// which the store must have attached with
/// [`Store::set_fuel_gauge`](airssys_wasm::Store::set_fuel_gauge)). Time
/// then moves with the work done, whatever the host's speed: runs repeat
/// exactly, and a busy loop sees time pass.
#[derive(Debug, Clone)]
pub struct FuelWallClock {
    gauge: FuelGauge,
    start: WallTime,
    nanos_per_fuel: u64,
}

impl FuelWallClock {
    /// A clock reading `start` when the gauge reads 0.
    pub fn new(start: WallTime, gauge: FuelGauge, nanos_per_fuel: u64) -> Self {
        FuelWallClock { gauge, start, nanos_per_fuel }
    }
}

impl WallClock for FuelWallClock {
    /// `start` plus the fuel consumed in nanoseconds, in 64-bit arithmetic
    /// (as the monotonic fuel clock): the elapsed time saturates after
    /// about 584 years.
    fn now(&mut self) -> WallTime {
        self.start.saturating_add_nanos(self.gauge.consumed().saturating_mul(self.nanos_per_fuel))
    }

    fn resolution(&self) -> WallTime {
        WallTime::default().saturating_add_nanos(self.nanos_per_fuel.max(1))
    }
}

/// A virtual monotonic clock driven by fuel: `start`, plus `nanos_per_fuel`
/// for every unit of fuel consumed (as [`FuelWallClock`]), plus the time
/// the guest waited for: a wait moves it forward at once.
#[derive(Debug, Clone)]
pub struct FuelMonotonicClock {
    gauge: FuelGauge,
    start: u64,
    nanos_per_fuel: u64,
    /// Nanoseconds added by waits.
    waited: u64,
}

impl FuelMonotonicClock {
    /// A clock reading `start` when the gauge reads 0.
    pub fn new(start: u64, gauge: FuelGauge, nanos_per_fuel: u64) -> Self {
        FuelMonotonicClock { gauge, start, nanos_per_fuel, waited: 0 }
    }
}

impl MonotonicClock for FuelMonotonicClock {
    fn now(&mut self) -> u64 {
        let elapsed = self.gauge.consumed().saturating_mul(self.nanos_per_fuel);
        self.start.saturating_add(elapsed).saturating_add(self.waited)
    }

    fn resolution(&self) -> u64 {
        self.nanos_per_fuel.max(1)
    }

    fn reached(&mut self, when: u64) -> bool {
        self.wait_until(when);
        true
    }

    fn wait_until(&mut self, when: u64) {
        let now = self.now();
        self.waited = self.waited.saturating_add(when.saturating_sub(now));
    }
}

/// The system's wall clock (`std::time::SystemTime`).
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemWallClock;

#[cfg(feature = "std")]
impl WallClock for SystemWallClock {
    fn now(&mut self) -> WallTime {
        // A system clock set before 1970 reads as the epoch.
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        WallTime::from_nanos(since.as_nanos())
    }

    fn resolution(&self) -> WallTime {
        WallTime { seconds: 0, nanoseconds: 1 }
    }
}

/// The system's monotonic clock (`std::time::Instant`), counted from the
/// moment the backend was made.
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy)]
pub struct SystemMonotonicClock {
    start: std::time::Instant,
}

#[cfg(feature = "std")]
impl Default for SystemMonotonicClock {
    fn default() -> Self {
        SystemMonotonicClock { start: std::time::Instant::now() }
    }
}

#[cfg(feature = "std")]
impl MonotonicClock for SystemMonotonicClock {
    fn now(&mut self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn resolution(&self) -> u64 {
        1
    }

    fn reached(&mut self, when: u64) -> bool {
        self.now() >= when
    }

    fn wait_until(&mut self, when: u64) {
        let now = self.now();
        if when > now {
            std::thread::sleep(core::time::Duration::from_nanos(when - now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_clocks_step_per_read_and_jump_when_waiting() {
        let mut m = VirtualMonotonicClock::new(100, 10);
        assert_eq!((m.now(), m.now()), (100, 110));
        assert!(m.reached(1_000));
        assert_eq!(m.now(), 1_000);
        m.wait_until(5);
        assert_eq!(m.now(), 1_010);
        let mut w = VirtualWallClock::new(WallTime { seconds: 7, nanoseconds: 999_999_999 }, 1);
        assert_eq!(w.now(), WallTime { seconds: 7, nanoseconds: 999_999_999 });
        assert_eq!(w.now(), WallTime { seconds: 8, nanoseconds: 0 });
        let mut far = VirtualWallClock::new(WallTime { seconds: u64::MAX, nanoseconds: 999_999_998 }, 3_000_000_001);
        assert_eq!(far.now(), WallTime { seconds: u64::MAX, nanoseconds: 999_999_998 });
        assert_eq!(far.now(), WallTime { seconds: u64::MAX, nanoseconds: 999_999_999 }, "saturates");
        assert_eq!(far.resolution(), WallTime { seconds: 3, nanoseconds: 1 });
        let t = WallTime { seconds: 5, nanoseconds: 600_000_000 };
        assert_eq!(t.saturating_add_nanos(1_500_000_000), WallTime { seconds: 7, nanoseconds: 100_000_000 });
        assert_eq!(t.saturating_add_nanos(0), t);
    }

    #[cfg(feature = "std")]
    #[test]
    fn the_system_monotonic_clock_never_decreases_and_waits() {
        let mut m = SystemMonotonicClock::default();
        let a = m.now();
        m.wait_until(a + 1_000_000);
        let b = m.now();
        assert!(b >= a + 1_000_000, "{a} then {b}");
        assert!(m.reached(b));
    }
}

#[cfg(test)]
mod fuel_tests {
    use super::*;

    #[test]
    fn fuel_clocks_read_start_plus_fuel_and_waits_move_the_monotonic_clock() {
        let gauge = FuelGauge::new();
        let mut wall = FuelWallClock::new(WallTime { seconds: 10, nanoseconds: 0 }, gauge.clone(), 3);
        let mut mono = FuelMonotonicClock::new(100, gauge.clone(), 3);
        assert_eq!((wall.now(), mono.now()), (WallTime { seconds: 10, nanoseconds: 0 }, 100));
        assert_eq!(mono.now(), 100, "reads alone do not move a fuel clock");
        mono.wait_until(1_000);
        assert_eq!(mono.now(), 1_000);
        mono.wait_until(500);
        assert_eq!(mono.now(), 1_000, "never backwards");
        assert_eq!(mono.resolution(), 3);
    }
}
