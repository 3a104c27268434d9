//! Stores: the host's data and every instance, function and memory of the
//! components instantiated in it.

use crate::engine::Engine;
use crate::func::FuncKind;
use crate::instance::InstanceData;
use crate::prelude::*;
use crate::resources::Resources;
use airssys_wasm_abi::Limits;
use core::fmt;

/// The identity of a [`Store`]: unique among every store this process
/// creates. Instances, functions and typed functions carry the identity of
/// the store that made them, and every method that takes one of them with a
/// store checks the pair first, so that an object of one tenant's store can
/// never act on another's (`ErrorKind::WrongStore`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoreId(u64);

impl StoreId {
    /// A fresh identity. Identities are 64-bit and never reused: at one new
    /// store per nanosecond the counter would last 584 years.
    fn allocate() -> StoreId {
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

/// What a store holds besides the host's data. Host functions reach it
/// through wasmi's `Caller`.
pub struct StoreData<T> {
    /// Which store this is; checked against every object handed in.
    pub(crate) id: StoreId,
    pub(crate) data: T,
    pub(crate) funcs: Vec<Arc<FuncKind<T>>>,
    pub(crate) instances: Vec<Arc<InstanceData>>,
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
        let store_data = StoreData {
            id: StoreId::allocate(),
            data,
            funcs: Vec::new(),
            instances: Vec::new(),
            resources: Resources::new(engine.config.initial_store_limits()),
            abi_limits: engine.config.abi_limits(),
            task: crate::task::TaskState::default(),
            capabilities: Vec::new(),
            check_capabilities: engine.config.checks_capabilities(),
            calling: None,
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
    pub fn context(&mut self) -> crate::StoreContextMut<'_, T> {
        crate::StoreContextMut(wasmi::AsContextMut::as_context_mut(&mut self.inner))
    }

    /// The capability table of `instance`: what its import calls may reach.
    /// Fails for an instance of another store.
    pub fn capabilities(
        &self,
        instance: &crate::Instance,
    ) -> Result<&airssys_wasm_caps::CapabilityTable, crate::Error> {
        let caps = self.capability_index(instance)?;
        self.inner.data().capabilities.get(caps).ok_or_else(|| no_capability_table(instance))
    }

    /// The capability table of `instance`, to grant, narrow or revoke while
    /// it lives; a change takes effect at its next import call. Fails for an
    /// instance of another store.
    pub fn capabilities_mut(
        &mut self,
        instance: &crate::Instance,
    ) -> Result<&mut airssys_wasm_caps::CapabilityTable, crate::Error> {
        let caps = self.capability_index(instance)?;
        self.inner.data_mut().capabilities.get_mut(caps).ok_or_else(|| no_capability_table(instance))
    }

    fn capability_index(&self, instance: &crate::Instance) -> Result<usize, crate::Error> {
        self.check(instance.store, "instance")?;
        let data = self.inner.data().instances.get(instance.index).ok_or_else(|| no_capability_table(instance))?;
        data.caps.ok_or_else(|| no_capability_table(instance))
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
        self.inner.set_fuel(fuel).map_err(|e| crate::Error::from(crate::ErrorKind::Trap(e)))
    }
}

/// Fails unless `owner`, the store an object belongs to, is `store`.
#[inline]
pub(crate) fn check_store(store: StoreId, owner: StoreId, object: &'static str) -> Result<(), crate::Error> {
    if store == owner { Ok(()) } else { Err(wrong_store(store, owner, object)) }
}

#[cold]
fn wrong_store(store: StoreId, owner: StoreId, object: &'static str) -> crate::Error {
    crate::Error::from(crate::ErrorKind::WrongStore { object, owner, store })
}

fn no_capability_table(instance: &crate::Instance) -> crate::Error {
    crate::Error::from(crate::ErrorKind::Instantiation(format!(
        "instance {} has no capability table: only component instances have one",
        instance.index
    )))
}
