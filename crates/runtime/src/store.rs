//! Stores: the host's data and every instance, function and memory of the
//! components instantiated in it.

use crate::engine::Engine;
use crate::func::FuncKind;
use crate::instance::InstanceData;
use crate::prelude::*;
use crate::resources::Resources;
use airssys_wasm_abi::Limits;

/// What a store holds besides the host's data. Host functions reach it
/// through wasmi's `Caller`.
pub struct StoreData<T> {
    pub(crate) data: T,
    pub(crate) funcs: Vec<Arc<FuncKind<T>>>,
    pub(crate) instances: Vec<Arc<InstanceData>>,
    pub(crate) memory_limits: wasmi::StoreLimits,
    pub(crate) resources: Resources,
    pub(crate) abi_limits: Limits,
    /// The running task (`context.get`, `task.return`).
    pub(crate) task: crate::task::TaskState,
    /// Capability tables, one per instance the linker created.
    pub(crate) capabilities: Vec<airssys_wasm_caps::CapabilityTable>,
    /// Whether imports are checked (`Config::capability_checks`).
    pub(crate) check_capabilities: bool,
    /// The capability table of the instance whose import call is running.
    pub(crate) calling: Option<usize>,
}

/// A store: owns the host data `T` and all guest state. Everything created
/// in a store is dropped with it.
pub struct Store<T> {
    pub(crate) inner: wasmi::Store<StoreData<T>>,
}

impl<T: 'static> Store<T> {
    /// A store running on `engine` with host data `data`. With fuel
    /// configured, the store starts with the configured amount.
    pub fn new(engine: &Engine, data: T) -> Self {
        let mut limits = wasmi::StoreLimitsBuilder::new();
        if let Some(cap) = engine.config.memory_cap() {
            limits = limits.memory_size(cap);
        }
        if let Some(cap) = engine.config.core_instance_cap() {
            limits = limits.instances(cap);
        }
        let store_data = StoreData {
            data,
            funcs: Vec::new(),
            instances: Vec::new(),
            memory_limits: limits.build(),
            resources: Resources::new(),
            abi_limits: engine.config.abi_limits(),
            task: crate::task::TaskState::default(),
            capabilities: Vec::new(),
            check_capabilities: engine.config.checks_capabilities(),
            calling: None,
        };
        let mut inner = wasmi::Store::new(&engine.inner, store_data);
        inner.limiter(|d| &mut d.memory_limits);
        if let Some(fuel) = engine.config.fuel_units() {
            // Fuel metering is on exactly when fuel is configured, so this cannot fail.
            let _ = inner.set_fuel(fuel);
        }
        Store { inner }
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data().data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.inner.data_mut().data
    }

    /// Consumes the store, returning the host data.
    pub fn into_data(self) -> T {
        self.inner.into_data().data
    }

    /// The store as host functions see it, to manage the host's resource
    /// handles between calls ([`crate::StoreContextMut::resource_drop`] and friends).
    pub fn context(&mut self) -> crate::StoreContextMut<'_, T> {
        crate::StoreContextMut(wasmi::AsContextMut::as_context_mut(&mut self.inner))
    }

    /// The capability table of `instance`: what its import calls may reach.
    /// `None` for an instance of another store.
    pub fn capabilities(&self, instance: &crate::Instance) -> Option<&airssys_wasm_caps::CapabilityTable> {
        let caps = self.inner.data().instances.get(instance.index)?.caps?;
        self.inner.data().capabilities.get(caps)
    }

    /// The capability table of `instance`, to grant, narrow or revoke while
    /// it lives; a change takes effect at its next import call.
    pub fn capabilities_mut(&mut self, instance: &crate::Instance) -> Option<&mut airssys_wasm_caps::CapabilityTable> {
        let caps = self.inner.data().instances.get(instance.index)?.caps?;
        self.inner.data_mut().capabilities.get_mut(caps)
    }

    /// The fuel left, when fuel is configured.
    pub fn fuel(&self) -> Option<u64> {
        self.inner.get_fuel().ok()
    }

    /// Sets the fuel left; fails when the engine was configured without fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), crate::Error> {
        self.inner.set_fuel(fuel).map_err(|e| crate::Error::from(crate::ErrorKind::Trap(e)))
    }
}
