//! The engine and its configuration.

use airssys_wasm_abi::Limits;

/// How components run: fuel, memory limits and caps on lifted values.
#[derive(Debug, Clone)]
pub struct Config {
    fuel: Option<u64>,
    max_memory_bytes: Option<usize>,
    limits: Limits,
    capability_checks: bool,
    validate: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fuel: None,
            max_memory_bytes: None,
            limits: Limits::default(),
            capability_checks: true,
            validate: cfg!(feature = "validate"),
        }
    }
}

impl Config {
    /// The default configuration: no fuel metering, no memory limit beyond
    /// wasm's own, the canonical ABI's default caps.
    pub fn new() -> Self {
        Config::default()
    }

    /// Meters execution with fuel: every store starts with `fuel` units and
    /// a call that runs out traps. Deterministic, unlike a wall-clock timeout.
    pub fn fuel(&mut self, fuel: u64) -> &mut Self {
        self.fuel = Some(fuel);
        self
    }

    /// Caps every linear memory at `bytes`; growth beyond it fails.
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
    /// validator before decoding (on by default). Switching it off loads
    /// components exactly as a build without the `validate` feature does,
    /// the configuration of firmware: an invalid component is still an error
    /// or a trap, never a panic, and no import runs without a grant. It
    /// exists so that one host build can test both configurations against
    /// each other (the `validate_diff` fuzz target). Only with the
    /// `validate` feature: without it there is no validator to switch on.
    #[cfg(feature = "validate")]
    pub fn validate(&mut self, on: bool) -> &mut Self {
        self.validate = on;
        self
    }

    pub(crate) fn validates(&self) -> bool {
        self.validate
    }

    pub(crate) fn checks_capabilities(&self) -> bool {
        self.capability_checks
    }

    pub(crate) fn fuel_units(&self) -> Option<u64> {
        self.fuel
    }

    pub(crate) fn memory_cap(&self) -> Option<usize> {
        self.max_memory_bytes
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
