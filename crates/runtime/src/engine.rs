//! The engine and its configuration.

use airssys_wasm_abi::Limits;

/// How components run: fuel, memory limits and caps on lifted values.
#[derive(Debug, Clone)]
pub struct Config {
    fuel: Option<u64>,
    max_memory_bytes: Option<usize>,
    limits: Limits,
    capability_checks: bool,
    validation: bool,
    max_core_instances: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            fuel: None,
            max_memory_bytes: None,
            limits: Limits::default(),
            capability_checks: true,
            validation: true,
            max_core_instances: None,
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
    /// validator before decoding (on by default; with the `validate` feature
    /// off there is no validator and this changes nothing). Loading never
    /// assumes validation ran: without it an invalid component is still an
    /// error, never a panic, with a less precise message. Switch it off for
    /// binaries validated before, or to load components beyond the
    /// validator's implementation limits (1,000 core modules and components
    /// in one binary, 4,096 instances in one component).
    pub fn validation(&mut self, on: bool) -> &mut Self {
        self.validation = on;
        self
    }

    /// The most core module instances one store may hold (wasmi's default,
    /// 10,000, unless set): instantiation fails beyond it. Each component
    /// instance counts the core instances its plan instantiates.
    pub fn max_core_instances(&mut self, instances: usize) -> &mut Self {
        self.max_core_instances = Some(instances);
        self
    }

    pub(crate) fn core_instance_cap(&self) -> Option<usize> {
        self.max_core_instances
    }

    pub(crate) fn validates(&self) -> bool {
        self.validation
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
