//! Stores: the host's data and every instance, function and memory of the
//! components instantiated in it.

//!
//! The store's state sits in submodules that import nothing above the
//! store: what it holds ([`data`]: the store data, its functions and the
//! host-call interface), the host's view of it ([`context`]), instance
//! exports ([`instance`]), the running task ([`task`]), and what a
//! [`ResourceAny`](crate::ResourceAny) does with its store (`resource_any`),
//! and the fuel reading host code can share ([`FuelGauge`]).

mod context;
pub(crate) mod data;
mod fuel_gauge;
pub(crate) mod instance;
mod resource_any;
pub(crate) mod task;

pub(crate) use crate::error::check_store;
pub use context::StoreContextMut;
pub use data::StoreData;
pub(crate) use data::{CallerSide, FuncKind, HostCall, HostFunc, LiftedFunc};
pub use fuel_gauge::FuelGauge;
pub(crate) use instance::InstanceData;

use crate::engine::Engine;
use crate::prelude::*;
use crate::resources::Resources;
use crate::store_id::StoreId;

/// A store: owns the host data `T` and all guest state. Everything created
/// in a store is dropped with it.
pub struct Store<T> {
    pub(crate) inner: wasmi::Store<StoreData<T>>,
}

impl<T: 'static> Store<T> {
    /// A store running on `engine` with host data `data`. With fuel
    /// configured, the store starts with the configured amount.
    pub fn new(engine: &Engine, data: T) -> Self {
        let store_data = StoreData {
            id: StoreId::allocate(),
            data,
            funcs: Vec::new(),
            instances: Vec::new(),
            resources: Resources::new(engine.config.initial_store_limits()),
            abi_limits: engine.config.abi_limits(),
            task: task::TaskState::default(),
            capabilities: Vec::new(),
            check_capabilities: engine.config.checks_capabilities(),
            calling: None,
            fuel_gauge: None,
        };
        let mut inner = wasmi::Store::new(&engine.inner, store_data);
        inner.limiter(|d| &mut d.resources.limiter);
        if let Some(fuel) = engine.config.fuel_units() {
            // Fuel metering is on exactly when fuel is configured, so this cannot fail.
            let _ = inner.set_fuel(fuel);
        }
        Store { inner }
    }

    /// The store's identity.
    pub fn id(&self) -> StoreId {
        self.inner.data().id
    }

    /// Fails unless an object of store `owner` may be used with this store.
    #[inline]
    pub(crate) fn check(&self, owner: StoreId, object: &'static str) -> Result<(), crate::Error> {
        check_store(self.inner.data().id, owner, object)
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
    pub fn context(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut(wasmi::AsContextMut::as_context_mut(&mut self.inner))
    }

    /// Replaces the store's limits (initially [`crate::Config::store_limits`]).
    /// What the store holds already stays counted: lowering a limit below it
    /// refuses every later grow, and frees nothing.
    pub fn limiter(&mut self, limits: crate::StoreLimits) {
        self.inner.data_mut().resources.limiter.set_limits(limits);
    }

    /// The store's limits.
    pub fn limits(&self) -> &crate::StoreLimits {
        self.inner.data().resources.limiter.limits()
    }

    /// The bytes charged against [`crate::StoreLimitsBuilder::total_bytes`]:
    /// the store's memories, tables and resource handle tables.
    pub fn charged_bytes(&self) -> usize {
        self.inner.data().resources.limiter.bytes()
    }

    /// The live handles of the host's own handle table: the resources that
    /// components define and the host holds (`Val::Own(index)`), by index.
    pub fn host_handles(&self) -> Vec<crate::HandleInfo> {
        let tables = &self.inner.data().resources.tables;
        tables.get(crate::resources::HOST_TABLE).map(crate::resources::HandleTable::snapshot).unwrap_or_default()
    }

    /// The fuel left, when fuel is configured.
    pub fn fuel(&self) -> Option<u64> {
        self.inner.get_fuel().ok()
    }

    /// Sets the fuel left; fails when the engine was configured without fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), crate::Error> {
        self.observe_fuel();
        self.inner.set_fuel(fuel).map_err(|e| crate::Error::from(crate::ErrorKind::Trap(e)))?;
        self.observe_fuel();
        Ok(())
    }

    /// Attaches `gauge`: from now on it reads the fuel this store's guests
    /// consume, updated at every import call (and when refuelled). Fails
    /// when the engine was configured without fuel.
    pub fn set_fuel_gauge(&mut self, gauge: FuelGauge) -> Result<(), crate::Error> {
        let left = self.inner.get_fuel().map_err(|e| crate::Error::from(crate::ErrorKind::Trap(e)))?;
        gauge.observe(left);
        self.inner.data_mut().fuel_gauge = Some(gauge);
        Ok(())
    }

    fn observe_fuel(&mut self) {
        if let Some(g) = &self.inner.data().fuel_gauge
            && let Ok(left) = self.inner.get_fuel()
        {
            g.observe(left);
        }
    }
}
