//! The engine and its configuration.

use crate::limits::StoreLimits;
use airssys_wasm_abi::Limits;

/// How components run: fuel, store limits and caps on lifted values.
#[derive(Debug, Clone)]
pub struct Config {
    fuel: Option<u64>,
    max_memory_bytes: Option<usize>,
    limits: Limits,
    capability_checks: bool,
    validate: bool,
    store_limits: StoreLimits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fuel: None,
            max_memory_bytes: None,
            limits: Limits::default(),
            capability_checks: true,
            validate: true,
            store_limits: StoreLimits::default(),
        }
    }
}

impl Config {
    /// The default configuration: no fuel metering, no memory limit beyond
    /// wasm's own, the default [`StoreLimits`] (counts of instances, memories,
    /// tables and handles only), the canonical ABI's default caps.
    pub fn new() -> Self {
        Config::default()
    }

    /// Meters execution with fuel: every store starts with `fuel` units and
    /// a call that runs out traps. Deterministic, unlike a wall-clock timeout.
    pub fn fuel(&mut self, fuel: u64) -> &mut Self {
        self.fuel = Some(fuel);
        self
    }

    /// Caps every linear memory at `bytes`; growth beyond it fails. The
    /// same as [`StoreLimitsBuilder::memory_size`](crate::StoreLimitsBuilder::memory_size)
    /// (the lower of the two applies); it does not bound the sum of a
    /// store's memories: [`Config::store_limits`] with a `total_bytes` does.
    pub fn max_memory_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_memory_bytes = Some(bytes);
        self
    }

    /// Caps on string and list lengths and on the bytes one lift may copy.
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Whether import calls are checked against the calling instance's
    /// capability table (on by default: a call with no grant is denied).
    /// Switching it off lets every linked import run unchecked; it exists to
    /// measure the check's cost and for hosts that trust their guests
    /// completely. Never switch it off for untrusted components.
    pub fn capability_checks(&mut self, on: bool) -> &mut Self {
        self.capability_checks = on;
        self
    }

    /// Whether [`Component::new`](crate::Component::new) runs wasmparser's
    /// validator before decoding (on by default; with the `validate` feature
    /// off there is no validator and this changes nothing). Switched off,
    /// components load exactly as in a build without the feature, the
    /// configuration of firmware: an invalid component is still an error or
    /// a trap, never a panic, and no import runs without a grant (the
    /// `validate_diff` fuzz target holds both paths to that). Switch it off
    /// for binaries validated before, or to load components beyond the
    /// validator's implementation limits (1,000 core modules and components
    /// in one binary, 4,096 instances in one component).
    pub fn validate(&mut self, on: bool) -> &mut Self {
        self.validate = on;
        self
    }

    pub(crate) fn validates(&self) -> bool {
        self.validate
    }

    /// The limits every store created on this engine starts with: memory
    /// and table sizes, instance, memory and table counts, the store's total
    /// byte budget and the resource handles per table (see
    /// [`StoreLimitsBuilder`](crate::StoreLimitsBuilder)). A store may
    /// replace them with [`Store::limiter`](crate::Store::limiter). By
    /// default only the counts and handles are limited.
    pub fn store_limits(&mut self, limits: StoreLimits) -> &mut Self {
        self.store_limits = limits;
        self
    }

    pub(crate) fn checks_capabilities(&self) -> bool {
        self.capability_checks
    }

    pub(crate) fn fuel_units(&self) -> Option<u64> {
        self.fuel
    }

    /// The limits a new store starts with: [`Config::store_limits`] with
    /// [`Config::max_memory_bytes`] applied.
    pub(crate) fn initial_store_limits(&self) -> StoreLimits {
        match self.max_memory_bytes {
            Some(cap) => self.store_limits.clone().with_memory_cap(cap),
            None => self.store_limits.clone(),
        }
    }

    pub(crate) fn abi_limits(&self) -> Limits {
        self.limits
    }
}

/// Compiles and runs components; cheap to clone and shared by stores.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) inner: wasmi::Engine,
    pub(crate) config: Config,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        let mut c = wasmi::Config::default();
        c.consume_fuel(config.fuel.is_some());
        Engine { inner: wasmi::Engine::new(&c), config: config.clone() }
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default())
    }
}
