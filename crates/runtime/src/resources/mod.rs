//! Resources: run-time resource types, the per-instance handle tables of
//! CanonicalABI.md ("Table State", "Resource State"), and moving `own` and
//! `borrow` handles between tables when a call crosses an instance boundary.
//!
//! The host has a handle table of its own (table 0): handles of resources
//! that components define, which the host gives or receives through dynamic
//! [`Val`]s, are indices into it, and [`ResourceAny`] (in `any`) is the
//! typed, store-tagged handle to one. Resources the host defines are held by
//! the host as their bare representation instead (what `Val::Own`,
//! `Val::Borrow` and [`Resource`](crate::Resource), in `host`, carry for them).

mod any;
mod host;

pub(crate) use any::{GivenHandles, HostHandles, claim as any_claim};
pub use any::{ResourceAny, ResourceType};
pub(crate) use host::claim;
pub use host::{Resource, ResourceTable};

use crate::error::{Error, ErrorKind};
use crate::limits::{HANDLE_BYTES, LimitError, StoreLimiter, StoreLimits};
use crate::prelude::*;
use airssys_wasm_abi::{Val, ValType};
use airssys_wasm_component::ResourceMap;

/// The index of the host's handle table.
pub(crate) const HOST_TABLE: usize = 0;

/// A store's data, as far as guest memory needs it: the handle tables
/// whose `may_leave` flags a `realloc` call clears.
pub(crate) trait HoldsResources {
    /// The store's resources.
    fn resources_mut(&mut self) -> &mut Resources;
}

/// A run-time resource type: each instance of a component that defines a
/// resource type creates one.
pub(crate) struct ResourceTypeData {
    /// The destructor, called with the representation when an owning handle is dropped.
    pub(crate) dtor: Option<wasmi::Func>,
    /// The handle table of the instance that defined the type.
    pub(crate) owner: usize,
    /// For a type the host defines: the Rust type it keeps its resources as.
    pub(crate) host: Option<airssys_wasm_abi::typed::HandleClaim>,
    /// For a type a component defines: the name it was first exported as,
    /// for messages.
    pub(crate) name: Option<Arc<str>>,
}

/// A live handle, as [`Instance::handles`](crate::Instance::handles) and
/// [`Store::host_handles`](crate::Store::host_handles) list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleInfo {
    /// Its index in the table: what the table's owner passes around.
    pub index: u32,
    /// The representation of the resource it names.
    pub rep: u32,
    /// Whether it owns the resource (`own`) or borrows it (`borrow`).
    pub own: bool,
    /// How many borrows of it are lent out to calls in progress.
    pub lends: u32,
}

/// An element of a handle table (`ResourceHandle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handle {
    pub(crate) rt: usize,
    pub(crate) rep: u32,
    pub(crate) own: bool,
    /// How many borrows of this handle are lent out to calls in progress.
    pub(crate) lends: u32,
    /// For a borrow: the call scope it was lent to.
    pub(crate) scope: Option<usize>,
    /// Which handle this is among all that ever sat in its table (set by
    /// [`HandleTable::add`]): a [`ResourceAny`] remembers it, so that it
    /// never names a later handle that reuses its index.
    pub(crate) serial: u32,
}

/// The `Table` of CanonicalABI.md: index 0 is reserved, holes are reused
/// last-freed first, and indices stay below 2^28.
#[derive(Debug)]
pub(crate) struct HandleTable {
    array: Vec<Option<Handle>>,
    free: Vec<u32>,
    /// `may_leave` of the instance: false while the runtime runs its
    /// `realloc` or `post-return`, when it may not call out.
    pub(crate) may_leave: bool,
    /// The instance's `backpressure.inc` / `backpressure.dec` counter.
    pub(crate) backpressure: u16,
    /// The serial of the next handle added.
    next_serial: u32,
}

fn unknown(i: u32) -> Error {
    Error::from(ErrorKind::Trap(wasmi::Error::new(format!("unknown handle index {i}"))))
}

pub(crate) fn trap(message: String) -> Error {
    Error::from(ErrorKind::Trap(wasmi::Error::new(message)))
}

impl Default for HandleTable {
    /// An empty table; slot 0 is reserved when the first handle is added, so
    /// that an instance that never uses resources allocates nothing.
    fn default() -> Self {
        HandleTable { array: Vec::new(), free: Vec::new(), may_leave: true, backpressure: 0, next_serial: 1 }
    }
}

impl HandleTable {
    pub(crate) fn get(&self, i: u32) -> Result<&Handle, Error> {
        self.array.get(i as usize).and_then(Option::as_ref).ok_or_else(|| unknown(i))
    }

    pub(crate) fn get_mut(&mut self, i: u32) -> Result<&mut Handle, Error> {
        self.array.get_mut(i as usize).and_then(Option::as_mut).ok_or_else(|| unknown(i))
    }

    /// `Table.add`: reuses a freed slot, or appends one within the store's
    /// `handles_per_table` (at most the specification's 2^28 - 1), charging
    /// [`HANDLE_BYTES`] for it to the store's byte budget. The host
    /// allocation itself is fallible: a guest that makes the host run out
    /// of memory gets a trap.
    pub(crate) fn add(&mut self, mut h: Handle, limiter: &mut StoreLimiter) -> Result<u32, Error> {
        // Wraps after 2^32 handles: a stale `ResourceAny` would have to be
        // kept across four billion handles of its table to be mistaken.
        h.serial = self.next_serial;
        self.next_serial = self.next_serial.wrapping_add(1).max(1);
        if let Some(i) = self.free.pop() {
            self.array[i as usize] = Some(h);
            return Ok(i);
        }
        // Slot 0 is reserved, so index `i` is the `i`-th handle.
        let i = self.array.len().max(1);
        let limit = limiter.limits().handles_per_table();
        if i > limit {
            return Err(Error::from(ErrorKind::Limit(LimitError::Handles { limit })));
        }
        let slots = if self.array.is_empty() { 2 } else { 1 };
        if self.array.try_reserve(slots).is_err() {
            return Err(trap("out of host memory for a resource handle".into()));
        }
        limiter.charge(slots * HANDLE_BYTES).map_err(|e| Error::from(ErrorKind::Limit(e)))?;
        if self.array.is_empty() {
            self.array.push(None);
        }
        self.array.push(Some(h));
        Ok(i as u32)
    }

    /// The live handles, by index.
    pub(crate) fn snapshot(&self) -> Vec<HandleInfo> {
        let live = self.array.iter().enumerate().filter_map(|(i, h)| h.as_ref().map(|h| (i, h)));
        live.map(|(i, h)| HandleInfo { index: i as u32, rep: h.rep, own: h.own, lends: h.lends }).collect()
    }

    pub(crate) fn remove(&mut self, i: u32) -> Result<Handle, Error> {
        let h = *self.get(i)?;
        // The free list never outgrows the array, whose slots were charged.
        if self.free.try_reserve(1).is_err() {
            return Err(trap("out of host memory for a resource handle".into()));
        }
        self.array[i as usize] = None;
        self.free.push(i);
        Ok(h)
    }
}

/// One side of a call: a handle table and how its component numbers
/// resource types.
#[derive(Clone, Default)]
pub(crate) struct Side {
    pub(crate) table: usize,
    /// The component's resource type numbers → run-time resource types.
    pub(crate) resources: Bindings,
}

/// A snapshot of how a component instance binds its resource type numbers
/// to run-time resource types, shared by the functions it lifts and
/// lowers: a few sorted maps, newest last, whose sizes halve from one to
/// the next (like the digits of a binary counter). Taking a snapshot costs
/// O(log n) and looking a number up O(log² n), where copying one map for
/// each function lifted after a resource type was bound would cost O(n).
#[derive(Clone, Default)]
pub(crate) struct Bindings {
    levels: Arc<[Arc<ResourceMap>]>,
}

impl Bindings {
    /// What `id` is bound to (the newest binding).
    pub(crate) fn get(&self, id: u32) -> Option<u32> {
        self.levels.iter().rev().find_map(|level| level.get(id))
    }
}

/// The bindings of a component instance being built, from which
/// [`Bindings`] snapshots are taken.
#[derive(Default)]
pub(crate) struct BindingLevels {
    levels: Vec<Arc<ResourceMap>>,
    /// Bindings since the last snapshot, in order.
    pending: Vec<(u32, u32)>,
    snapshot: Option<Bindings>,
}

impl BindingLevels {
    /// Binds `id` to run-time type `rt`.
    pub(crate) fn bind(&mut self, id: u32, rt: u32) {
        self.pending.push((id, rt));
        self.snapshot = None;
    }

    /// The bindings so far.
    pub(crate) fn snapshot(&mut self) -> Bindings {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        if !self.pending.is_empty() {
            let mut level = ResourceMap::from_pairs(core::mem::take(&mut self.pending));
            // Merge while the newest level is no larger than the new one, so
            // that each binding is merged O(log n) times in all.
            while let Some(last) = self.levels.last() {
                if last.len() > level.len() {
                    break;
                }
                let mut older = self.levels.pop().map(Arc::unwrap_or_clone).unwrap_or_default();
                older.extend_pairs(level.iter().collect());
                level = older;
            }
            self.levels.push(Arc::new(level));
        }
        let s = Bindings { levels: self.levels.iter().cloned().collect() };
        self.snapshot = Some(s.clone());
        s
    }
}

impl Side {
    /// The host's side: its table; resource numbers come from the callee.
    pub(crate) fn host(resources: Bindings) -> Self {
        Side { table: HOST_TABLE, resources }
    }

    fn rt(&self, id: u32) -> Result<usize, Error> {
        self.resources
            .get(id)
            .map(|rt| rt as usize)
            .ok_or_else(|| Error::from(ErrorKind::Instantiation(format!("resource type {id} is not bound"))))
    }
}

/// The borrows of one call: handles lent by the caller, and how many borrow
/// handles the callee still holds.
#[derive(Default)]
pub(crate) struct CallScope {
    pub(crate) lenders: Vec<(usize, u32)>,
    pub(crate) borrows: u32,
    /// The borrow handles this call added to the host's table (a host
    /// function's `borrow` parameters); they end with the call.
    pub(crate) host_borrows: Vec<u32>,
}

/// The handle tables, resource types and call scopes of a store, and the
/// store's limiter (handle tables count against its byte budget; wasmi
/// reaches it for memories and tables).
#[derive(Default)]
pub(crate) struct Resources {
    pub(crate) types: Vec<ResourceTypeData>,
    /// Host resource types linked into this store: (linker key, run-time
    /// type), sorted by key (a component may import thousands).
    pub(crate) host_types: Vec<(usize, usize)>,
    pub(crate) tables: Vec<HandleTable>,
    pub(crate) scopes: Vec<CallScope>,
    pub(crate) limiter: StoreLimiter,
}

impl Resources {
    pub(crate) fn new(limits: StoreLimits) -> Self {
        // Table 0 is the host's.
        Resources {
            types: Vec::new(),
            host_types: Vec::new(),
            tables: vec![HandleTable::default()],
            scopes: Vec::new(),
            limiter: StoreLimiter::new(limits),
        }
    }

    /// Adds `h` to handle table `t` (`Table.add`), within the store's limits.
    pub(crate) fn add(&mut self, t: usize, h: Handle) -> Result<u32, Error> {
        let table = self
            .tables
            .get_mut(t)
            .ok_or_else(|| Error::from(ErrorKind::Instantiation("no such handle table".into())))?;
        table.add(h, &mut self.limiter)
    }

    /// Sets `may_leave` of the instance owning table `t`.
    pub(crate) fn set_may_leave(&mut self, t: usize, may_leave: bool) {
        if let Some(table) = self.tables.get_mut(t) {
            table.may_leave = may_leave;
        }
    }

    /// Traps unless the instance owning table `t` may call out (`may_leave`).
    pub(crate) fn check_may_leave(&self, t: usize) -> Result<(), Error> {
        match self.tables.get(t) {
            Some(table) if !table.may_leave => Err(trap("cannot leave component instance".into())),
            _ => Ok(()),
        }
    }

    pub(crate) fn table(&mut self, t: usize) -> Result<&mut HandleTable, Error> {
        self.tables.get_mut(t).ok_or_else(|| Error::from(ErrorKind::Instantiation("no such handle table".into())))
    }

    /// How handle errors name resource type `rt`: "host-defined resource
    /// `Kv`", "guest-defined resource `counter`".
    fn type_name(&self, rt: usize) -> String {
        match self.types.get(rt) {
            Some(t) if t.owner == HOST_TABLE => match t.host {
                Some(claim) => format!("host-defined resource `{}`", claim.type_name),
                None => "host-defined resource".into(),
            },
            Some(ResourceTypeData { name: Some(name), .. }) => format!("guest-defined resource `{name}`"),
            _ => "guest-defined resource".into(),
        }
    }

    /// `lift_own` / `lift_borrow` then `lower_own` / `lower_borrow`: moves
    /// every handle in `val` (of type `ty`) from `from`'s table to `to`'s,
    /// recording lends and borrows in call scope `scope`.
    pub(crate) fn transfer(
        &mut self,
        ty: &ValType,
        val: &mut Val,
        from: &Side,
        to: &Side,
        scope: usize,
    ) -> Result<(), Error> {
        match (ty, val) {
            // A resource the host defines is held by the host as its bare
            // representation: no host-table entry on the host's side.
            (ValType::Own(id) | ValType::Borrow(id), Val::Own(i) | Val::Borrow(i))
                if from.table == HOST_TABLE && self.host_defined(from.rt(*id)?) =>
            {
                let rt = from.rt(*id)?;
                let own = matches!(ty, ValType::Own(_));
                let new = Handle { rt, rep: *i, own, lends: 0, scope: (!own).then_some(scope), serial: 0 };
                *i = self.add(to.table, new)?;
                if !own {
                    self.scope(scope)?.borrows += 1;
                }
                Ok(())
            }
            (ValType::Own(id), Val::Own(i)) if to.table == HOST_TABLE && self.host_defined(from.rt(*id)?) => {
                let expected = from.rt(*id)?;
                let h = *self.table(from.table)?.get(*i)?;
                self.check_type(&h, *i, expected)?;
                // Checked before the host function runs.
                check_can_give_away(&h, *i)?;
                self.table(from.table)?.remove(*i)?;
                *i = h.rep;
                Ok(())
            }
            (ValType::Own(id), Val::Own(i)) => {
                let expected = from.rt(*id)?;
                let h = *self.table(from.table)?.get(*i)?;
                self.check_type(&h, *i, expected)?;
                check_can_give_away(&h, *i)?;
                self.table(from.table)?.remove(*i)?;
                let new = Handle { rt: h.rt, rep: h.rep, own: true, lends: 0, scope: None, serial: 0 };
                *i = self.add(to.table, new)?;
                Ok(())
            }
            (ValType::Borrow(id), Val::Borrow(i)) => {
                let expected = from.rt(*id)?;
                let h = *self.table(from.table)?.get(*i)?;
                self.check_type(&h, *i, expected)?;
                self.table(from.table)?.get_mut(*i)?.lends += 1;
                // One entry per borrow in the value: a guest decides how many.
                let lenders = &mut self.scope(scope)?.lenders;
                if lenders.try_reserve(1).is_err() {
                    return Err(trap("out of host memory for the borrows of a call".into()));
                }
                lenders.push((from.table, *i));
                // The defining instance gets the representation itself.
                if self.types.get(h.rt).is_some_and(|t| t.owner == to.table) {
                    *i = h.rep;
                    return Ok(());
                }
                let new = Handle { rt: h.rt, rep: h.rep, own: false, lends: 0, scope: Some(scope), serial: 0 };
                *i = self.add(to.table, new)?;
                let s = self.scope(scope)?;
                s.borrows += 1;
                if to.table == HOST_TABLE {
                    // The host never drops what it is lent through
                    // `resource.drop`: the scope's exit does.
                    if s.host_borrows.try_reserve(1).is_err() {
                        return Err(trap("out of host memory for the borrows of a call".into()));
                    }
                    s.host_borrows.push(*i);
                }
                Ok(())
            }
            (ValType::List(t), Val::List(items)) => {
                items.iter_mut().try_for_each(|v| self.transfer(t.element(), v, from, to, scope))
            }
            (ValType::FixedList(t), Val::List(items)) => {
                items.iter_mut().try_for_each(|v| self.transfer(t.element(), v, from, to, scope))
            }
            (ValType::Record(t), Val::Record(items)) => {
                t.fields().iter().zip(items).try_for_each(|(f, v)| self.transfer(&f.ty, v, from, to, scope))
            }
            (ValType::Tuple(t), Val::Tuple(items)) => {
                t.types().iter().zip(items).try_for_each(|(t, v)| self.transfer(t, v, from, to, scope))
            }
            (ValType::Variant(t), Val::Variant(i, Some(p))) => {
                match t.cases().get(*i as usize).and_then(|c| c.ty.as_ref()) {
                    Some(pty) => self.transfer(pty, p, from, to, scope),
                    None => Ok(()),
                }
            }
            (ValType::Option(t), Val::Option(Some(p))) => self.transfer(t.some(), p, from, to, scope),
            (ValType::Result(t), Val::Result(Ok(Some(p)))) => match t.ok() {
                Some(pty) => self.transfer(pty, p, from, to, scope),
                None => Ok(()),
            },
            (ValType::Result(t), Val::Result(Err(Some(p)))) => match t.err() {
                Some(pty) => self.transfer(pty, p, from, to, scope),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Whether run-time resource type `rt` is defined by the host.
    fn host_defined(&self, rt: usize) -> bool {
        self.types.get(rt).is_some_and(|t| t.owner == HOST_TABLE)
    }

    fn check_type(&self, h: &Handle, i: u32, expected: usize) -> Result<(), Error> {
        if h.rt != expected {
            return Err(trap(format!(
                "handle index {i} used with the wrong type, expected {} but found a different {}",
                self.type_name(expected),
                self.type_name(h.rt)
            )));
        }
        Ok(())
    }

    fn scope(&mut self, s: usize) -> Result<&mut CallScope, Error> {
        self.scopes.get_mut(s).ok_or_else(|| Error::from(ErrorKind::Instantiation("no such call scope".into())))
    }

    /// Opens a call scope.
    pub(crate) fn enter(&mut self) -> usize {
        self.scopes.push(CallScope::default());
        self.scopes.len() - 1
    }

    /// Closes the innermost call scope: the callee must have dropped every
    /// borrow it was given, and the caller's lends end.
    pub(crate) fn exit(&mut self, scope: usize, check: bool) -> Result<(), Error> {
        let s = core::mem::take(self.scope(scope)?);
        self.scopes.truncate(scope);
        for (table, i) in s.lenders {
            if let Ok(h) = self.table(table)?.get_mut(i) {
                h.lends = h.lends.saturating_sub(1);
            }
        }
        // Borrows lent to the host end here, unless the host dropped them
        // already (then the index may name a newer handle: the scope tells).
        let host = self.table(HOST_TABLE)?;
        for i in s.host_borrows {
            if host.get(i).is_ok_and(|h| !h.own && h.scope == Some(scope)) {
                host.remove(i)?;
            }
        }
        if check && s.borrows != 0 {
            return Err(trap("borrow handles still remain at the end of the call".into()));
        }
        Ok(())
    }

    /// `resource.drop` of a borrow handle ends one borrow of its call.
    pub(crate) fn end_borrow(&mut self, scope: Option<usize>) {
        if let Some(s) = scope.and_then(|s| self.scopes.get_mut(s)) {
            s.borrows = s.borrows.saturating_sub(1);
        }
    }
}

/// Names where a handle trap happened: `place` ("in parameter 0 (`s`) of
/// `read`", ...) is appended to the trap's message. Other errors pass through.
#[cold]
pub(crate) fn handle_context(e: Error, place: impl FnOnce() -> String) -> Error {
    match e.kind() {
        ErrorKind::Trap(t) if t.as_trap_code().is_none() => trap(format!("{t} {}", place())),
        _ => e,
    }
}

/// Where a value sits in a function's parameters or results, for messages:
/// "in parameter 1 (`key`)" or "in the result".
pub(crate) fn position(ty: &airssys_wasm_component::FuncType, param: Option<usize>) -> String {
    match param {
        Some(i) => match ty.param_names().get(i) {
            Some(name) => format!("in parameter {i} (`{name}`)"),
            None => format!("in parameter {i}"),
        },
        None => "in the result".into(),
    }
}

/// CanonicalABI.md's `lift_own` traps: an `own` can only be given away by an
/// owning handle that is not lent out.
fn check_can_give_away(h: &Handle, i: u32) -> Result<(), Error> {
    if h.lends != 0 {
        return Err(trap("cannot remove owned resource while borrowed".into()));
    }
    if !h.own {
        return Err(trap(format!("handle index {i} is a borrow, not an owning handle")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_keep_what_was_bound_when_taken_and_newer_bindings_win() {
        let mut levels = BindingLevels::default();
        let mut snapshots = Vec::new();
        // Bound in decreasing order, one snapshot after each binding: the
        // levels merge like a binary counter.
        for id in (0..100u32).rev() {
            levels.bind(id, id + 1000);
            snapshots.push((id, levels.snapshot()));
        }
        levels.bind(50, 7);
        let last = levels.snapshot();
        assert!(last.levels.len() <= 8, "{} levels", last.levels.len());
        assert_eq!([last.get(0), last.get(50), last.get(99), last.get(100)], [Some(1000), Some(7), Some(1099), None]);
        for (id, snapshot) in &snapshots {
            assert_eq!(snapshot.get(*id), Some(id + 1000));
            assert_eq!(snapshot.get(id.wrapping_sub(1)), None, "bound after snapshot {id}");
        }
        assert_eq!(snapshots[49].1.get(50), Some(1050));
    }

    #[test]
    fn a_reused_index_gets_a_new_serial() {
        let mut limiter = StoreLimiter::new(StoreLimits::default());
        let mut table = HandleTable::default();
        let h = Handle { rt: 0, rep: 7, own: true, lends: 0, scope: None, serial: 0 };
        let a = table.add(h, &mut limiter).expect("add");
        let first = table.get(a).expect("live").serial;
        table.remove(a).expect("remove");
        let b = table.add(h, &mut limiter).expect("add");
        assert_eq!(a, b, "the freed index is reused");
        assert_ne!(table.get(b).expect("live").serial, first, "but not the serial");
        assert_ne!(first, 0, "0 is never a serial");
    }

    #[test]
    fn a_handle_is_charged_at_least_what_it_takes() {
        let taken = core::mem::size_of::<Option<Handle>>() + core::mem::size_of::<u32>();
        assert!(HANDLE_BYTES >= taken, "{HANDLE_BYTES} < {taken}");
    }
}
