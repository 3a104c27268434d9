//! The capability table of one instance, and the check on every import call.

use crate::audit::{AuditEvent, AuditRing, AuditSink, Outcome};
use crate::constraint::{Args, Constraint};
use crate::denial::{Denial, DenialReason};
use crate::grant::{DenyAction, Grant};
use crate::prelude::*;
use core::any::Any;
use core::fmt;
use core::hash::BuildHasher;
use hashbrown::{DefaultHashBuilder, HashTable};

/// How many events the default audit ring of a new table holds.
pub const DEFAULT_AUDIT_CAPACITY: usize = 64;

/// An import of an instance, bound to its table once at instantiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImportSlot(u32);

impl ImportSlot {
    /// The slot's position in its table.
    pub fn index(self) -> u32 {
        self.0
    }
}

/// Permission to go on with one call, returned by [`CapabilityTable::check_call`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a permit with constraints must be passed to `check_args` before the host function runs"]
pub struct Permit {
    slot: u32,
    constrained: bool,
}

impl Permit {
    /// Whether the arguments must be lifted and passed to [`CapabilityTable::check_args`]
    /// before the host function runs.
    #[inline]
    pub fn needs_args(&self) -> bool {
        self.constrained
    }
}

/// A grant held by a table, with its remaining budget.
#[derive(Debug, Clone, Copy)]
pub struct HeldGrant<'a> {
    /// The grant.
    pub grant: &'a Grant,
    /// Calls left, or `None` for no limit.
    pub remaining: Option<u64>,
}

/// Why a change to a table was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// `narrow` names a grant the table does not hold.
    NoSuchGrant {
        /// The interface named.
        interface: String,
        /// The function named, or `None` for the interface-wide grant.
        function: Option<String>,
    },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchGrant { interface, function } => {
                let func = function.as_deref().map(|f| format!("#{f}")).unwrap_or_default();
                write!(
                    f,
                    "there is no grant of `{interface}{func}` to narrow; narrowing never creates a grant, so grant it first"
                )
            }
        }
    }
}

impl core::error::Error for TableError {}

struct Held {
    grant: Grant,
    remaining: Option<u64>,
}

/// What a call through a slot gets, recomputed whenever the grants change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Allowed with nothing more to check, count or audit: the hot path.
    Open,
    /// Allowed under grant `grant`, which has a budget, constraints, or allowed calls are audited.
    Guarded { grant: usize },
    /// Denied: no grant covers the slot.
    Denied { revoked: bool },
}

struct Slot {
    interface: Arc<str>,
    function: Arc<str>,
    decision: Decision,
    /// Whether a grant ever covered the slot, so a denial can say "revoked".
    ever_granted: bool,
}

/// The capabilities of one instance: its grants, its bound imports, its audit sink.
///
/// The gate binds every import once ([`bind`](Self::bind)), then calls
/// [`check_call`](Self::check_call) before reading anything from guest
/// memory and, when the permit asks for it, [`check_args`](Self::check_args)
/// after lifting and before the host function runs.
///
/// **Grant precedence.** A call is governed by the single most specific grant
/// covering it: a grant of the function beats a grant of the whole interface,
/// and then a grant naming the import's exact `@version` beats one naming no
/// version. Grants are not merged: a function grant with no constraints opens
/// that function even if the interface grant constrains it, and a function
/// grant's constraints apply even if the interface grant has none. The table
/// holds one grant per (interface, function); granting the same pair again
/// replaces it (and resets its budget).
///
/// Changes ([`grant`](Self::grant), [`narrow`](Self::narrow),
/// [`revoke`](Self::revoke)) recompute every slot's decision at once, so they
/// take effect at the next call, also when made from inside a host function.
pub struct CapabilityTable {
    component: Arc<str>,
    instance: u32,
    grants: Vec<Held>,
    slots: Vec<Slot>,
    /// Positions in `slots` by (interface, function): a component with
    /// thousands of imports binds each once, and each bind checks whether
    /// the import has a slot already.
    by_name: HashTable<u32>,
    hasher: DefaultHashBuilder,
    audit_allowed: bool,
    sink: Box<dyn AuditSink>,
    /// What ungranted calls get, by interface (and function): the host's
    /// word for its own interfaces ([`reply_to_ungranted`](Self::reply_to_ungranted)).
    /// Each entry is a grant-shaped pattern whose `on_deny` is the reply; it
    /// grants nothing.
    ungranted_replies: Vec<Grant>,
}

impl CapabilityTable {
    /// An empty table (every call denied) auditing denials into an
    /// [`AuditRing`] of [`DEFAULT_AUDIT_CAPACITY`] events.
    pub fn new() -> Self {
        CapabilityTable {
            component: Arc::from(""),
            instance: 0,
            grants: Vec::new(),
            slots: Vec::new(),
            by_name: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
            audit_allowed: false,
            sink: Box::new(AuditRing::<DEFAULT_AUDIT_CAPACITY>::new()),
            ungranted_replies: Vec::new(),
        }
    }

    /// Names the instance in denials and audit events.
    pub fn with_identity(mut self, component: &str, instance: u32) -> Self {
        self.component = Arc::from(component);
        self.instance = instance;
        self
    }

    /// The name of the component whose instance this table governs (empty
    /// unless set with [`CapabilityTable::with_identity`]).
    pub fn component(&self) -> &str {
        &self.component
    }

    // --- the hot path ---

    /// Binds an import of the instance to a slot; the same import always gets the same slot.
    ///
    /// `interface` is the imported interface as named in the component
    /// (`wasi:cli/stdout@0.2.0`); for a function imported outside any
    /// interface, pass its import name as both `interface` and `function`,
    /// so that `--allow name` grants it.
    pub fn bind(&mut self, interface: &str, function: &str) -> ImportSlot {
        let hash = self.hasher.hash_one((interface, function));
        let slots = &self.slots;
        let named =
            |i: &u32| slots.get(*i as usize).is_some_and(|s| &*s.interface == interface && &*s.function == function);
        if let Some(i) = self.by_name.find(hash, named) {
            return ImportSlot(*i);
        }
        let (slots, hasher) = (&self.slots, &self.hasher);
        let rehash = |i: &u32| slots.get(*i as usize).map_or(0, |s| hasher.hash_one((&*s.interface, &*s.function)));
        self.by_name.insert_unique(hash, self.slots.len() as u32, rehash);
        self.slots.push(Slot {
            interface: Arc::from(interface),
            function: Arc::from(function),
            decision: Decision::Denied { revoked: false },
            ever_granted: false,
        });
        let index = self.slots.len() - 1;
        self.decide(index);
        ImportSlot(index as u32)
    }

    /// Checks a call before anything is read from guest memory: is it
    /// granted, and is budget left? Allocation-free when allowed.
    #[inline]
    pub fn check_call(&mut self, slot: ImportSlot) -> Result<Permit, Denial> {
        if let Some(Slot { decision: Decision::Open, .. }) = self.slots.get(slot.0 as usize) {
            return Ok(Permit { slot: slot.0, constrained: false });
        }
        self.check_call_guarded(slot)
    }

    #[inline(never)]
    fn check_call_guarded(&mut self, slot: ImportSlot) -> Result<Permit, Denial> {
        let index = slot.0 as usize;
        let grant = match self.slots.get(index).map(|s| s.decision) {
            None => return Err(self.unbound(slot)),
            Some(Decision::Open) => return Ok(Permit { slot: slot.0, constrained: false }),
            Some(Decision::Denied { revoked }) => return Err(self.deny_unheld(index, revoked)),
            Some(Decision::Guarded { grant }) => grant,
        };
        let Some(held) = self.grants.get(grant) else { return Err(self.deny_unheld(index, false)) };
        if held.remaining == Some(0) {
            return Err(self.deny_budget(index, grant));
        }
        let constrained = !held.grant.constraints.is_empty();
        if !constrained {
            self.allow(index, grant);
        }
        Ok(Permit { slot: slot.0, constrained })
    }

    /// Checks the lifted arguments of a call against the constraints of its
    /// grant, after [`check_call`](Self::check_call) gave `permit`, and
    /// counts the call against the budget.
    pub fn check_args(&mut self, permit: &Permit, args: &Args<'_>) -> Result<(), Denial> {
        if !permit.constrained {
            return Ok(());
        }
        let index = permit.slot as usize;
        let grant = match self.slots.get(index).map(|s| s.decision) {
            None => return Err(self.unbound(ImportSlot(permit.slot))),
            Some(Decision::Open) => return Ok(()),
            Some(Decision::Denied { revoked }) => return Err(self.deny_unheld(index, revoked)),
            Some(Decision::Guarded { grant }) => grant,
        };
        let Some(held) = self.grants.get(grant) else { return Err(self.deny_unheld(index, false)) };
        if let Err(broken) = held.grant.constraints.iter().try_for_each(|c| c.check(args)) {
            let reason = DenialReason::Constraint(Box::new(broken));
            let action = held.grant.on_deny.clone();
            return Err(self.deny(index, reason, action));
        }
        if held.remaining == Some(0) {
            return Err(self.deny_budget(index, grant));
        }
        self.allow(index, grant);
        Ok(())
    }

    fn allow(&mut self, index: usize, grant: usize) {
        if let Some(Some(left)) = self.grants.get_mut(grant).map(|h| &mut h.remaining) {
            *left = left.saturating_sub(1);
        }
        if self.audit_allowed {
            self.audit(index, Outcome::Allowed);
        }
    }

    fn deny_unheld(&mut self, index: usize, revoked: bool) -> Denial {
        let reason = if revoked { DenialReason::Revoked } else { DenialReason::NoGrant };
        let action = match self.slots.get(index) {
            Some(s) => self.ungranted_reply(&s.interface, &s.function),
            None => DenyAction::Trap,
        };
        self.deny(index, reason, action)
    }

    /// The most specific reply covering an ungranted import; a trap when none does.
    fn ungranted_reply(&self, interface: &str, function: &str) -> DenyAction {
        let covering = self.ungranted_replies.iter().filter(|r| r.covers(interface, function));
        covering.max_by_key(|r| r.specificity(interface)).map_or(DenyAction::Trap, |r| r.on_deny.clone())
    }

    fn deny_budget(&mut self, index: usize, grant: usize) -> Denial {
        let (budget, action) =
            self.grants.get(grant).map(|h| (h.grant.budget.unwrap_or(0), h.grant.on_deny.clone())).unwrap_or_default();
        self.deny(index, DenialReason::BudgetExhausted { budget }, action)
    }

    fn deny(&mut self, index: usize, reason: DenialReason, action: DenyAction) -> Denial {
        let (interface, function) = match self.slots.get(index) {
            Some(s) => (s.interface.clone(), s.function.clone()),
            None => (Arc::from(""), Arc::from("")),
        };
        let denial = Denial { component: self.component.clone(), interface, function, reason, action };
        self.audit(index, Outcome::Denied(denial.reason.clone()));
        denial
    }

    /// A slot this table never handed out: a bug in the embedder, denied all the same.
    fn unbound(&mut self, slot: ImportSlot) -> Denial {
        let function: Arc<str> = Arc::from(format!("<unbound slot {}>", slot.0).as_str());
        let denial = Denial {
            component: self.component.clone(),
            interface: Arc::from(""),
            function,
            reason: DenialReason::NoGrant,
            action: DenyAction::Trap,
        };
        self.sink.record(&AuditEvent {
            component: denial.component.clone(),
            instance: self.instance,
            interface: denial.interface.clone(),
            function: denial.function.clone(),
            outcome: Outcome::Denied(DenialReason::NoGrant),
        });
        denial
    }

    fn audit(&mut self, index: usize, outcome: Outcome) {
        let Some(slot) = self.slots.get(index) else { return };
        let event = AuditEvent {
            component: self.component.clone(),
            instance: self.instance,
            interface: slot.interface.clone(),
            function: slot.function.clone(),
            outcome,
        };
        self.sink.record(&event);
    }

    // --- changing the grants ---

    /// Adds `grant`; returns the grant it replaces, if the table held one
    /// for the same interface and function.
    pub fn grant(&mut self, grant: Grant) -> Option<Grant> {
        let remaining = grant.budget;
        let old = match self.position(&grant.interface, grant.function.as_deref()) {
            Some(i) => Some(core::mem::replace(&mut self.grants[i], Held { grant, remaining }).grant),
            None => {
                self.grants.push(Held { grant, remaining });
                None
            }
        };
        self.decide_all();
        old
    }

    /// Removes the grant of exactly `interface` and `function` (`None`: the
    /// interface-wide grant) and returns it. Other grants stay: revoking an
    /// interface grant leaves its function grants in place.
    pub fn revoke(&mut self, interface: &str, function: Option<&str>) -> Option<Grant> {
        let i = self.position(interface, function)?;
        let held = self.grants.remove(i);
        self.decide_all();
        Some(held.grant)
    }

    /// Narrows the grant of exactly `interface` and `function`: adds
    /// `constraints` (all must hold, as before) and caps the budget at
    /// `budget` (a cap above what is left changes nothing). Never widens.
    pub fn narrow(
        &mut self,
        interface: &str,
        function: Option<&str>,
        constraints: impl IntoIterator<Item = Constraint>,
        budget: Option<u64>,
    ) -> Result<(), TableError> {
        let Some(i) = self.position(interface, function) else {
            return Err(TableError::NoSuchGrant { interface: interface.into(), function: function.map(Into::into) });
        };
        let held = &mut self.grants[i];
        held.grant.constraints.extend(constraints);
        if let Some(cap) = budget {
            held.grant.budget = Some(held.grant.budget.map_or(cap, |b| b.min(cap)));
            held.remaining = Some(held.remaining.map_or(cap, |r| r.min(cap)));
        }
        self.decide_all();
        Ok(())
    }

    /// Sets what a call of `function` of `interface` (`None`: every function
    /// of it) gets when no grant covers it, or its grant was revoked:
    /// [`DenyAction::ReturnError`] makes it return `err(..)` of the
    /// function's own result type, as a grant's `on-deny` does, so a guest
    /// sees an ordinary error of the interface (`error-code::access`)
    /// instead of a trap. The call is still denied and audited, and the
    /// target never runs; a function without such a result still traps.
    ///
    /// `interface` is matched as a grant's is: without `@version` it covers
    /// every version. The most specific reply wins (a function over an
    /// interface, an exact version over none); setting the same
    /// (interface, function) again replaces the reply. This grants nothing,
    /// and budget or constraint denials keep their grant's own `on-deny`.
    pub fn reply_to_ungranted(&mut self, interface: &str, function: Option<&str>, action: DenyAction) {
        self.ungranted_replies.retain(|r| r.interface != interface || r.function.as_deref() != function);
        let pattern = Grant::new(interface).with_on_deny(action);
        self.ungranted_replies.push(match function {
            Some(f) => pattern.for_function(f),
            None => pattern,
        });
    }

    /// Whether allowed calls are audited too (denials always are).
    pub fn set_audit_allowed(&mut self, on: bool) {
        self.audit_allowed = on;
        self.decide_all();
    }

    /// Replaces the audit sink; returns the old one.
    pub fn set_audit_sink(&mut self, sink: Box<dyn AuditSink>) -> Box<dyn AuditSink> {
        core::mem::replace(&mut self.sink, sink)
    }

    /// The audit sink, if it is a `S`.
    pub fn audit_sink<S: AuditSink>(&self) -> Option<&S> {
        let sink: &dyn Any = &*self.sink;
        sink.downcast_ref()
    }

    /// The audit sink, mutably, if it is a `S`.
    pub fn audit_sink_mut<S: AuditSink>(&mut self) -> Option<&mut S> {
        let sink: &mut dyn Any = &mut *self.sink;
        sink.downcast_mut()
    }

    // --- queries ---

    /// Every grant the table holds, in the order they were first granted.
    pub fn grants(&self) -> impl Iterator<Item = HeldGrant<'_>> {
        self.grants.iter().map(|h| HeldGrant { grant: &h.grant, remaining: h.remaining })
    }

    /// The grant that governs calls of `function` of `interface`, if any.
    pub fn grant_for(&self, interface: &str, function: &str) -> Option<HeldGrant<'_>> {
        let h = self.grants.get(self.governing(interface, function)?)?;
        Some(HeldGrant { grant: &h.grant, remaining: h.remaining })
    }

    /// The imports no grant covers, in the order given: for diagnostics at
    /// instantiation ("the policy leaves these ungranted").
    pub fn ungranted<'i>(&self, imports: impl IntoIterator<Item = (&'i str, &'i str)>) -> Vec<(&'i str, &'i str)> {
        imports.into_iter().filter(|(i, f)| self.governing(i, f).is_none()).collect()
    }

    fn position(&self, interface: &str, function: Option<&str>) -> Option<usize> {
        self.grants.iter().position(|h| h.grant.interface == interface && h.grant.function.as_deref() == function)
    }

    /// The index of the most specific grant covering the import.
    fn governing(&self, interface: &str, function: &str) -> Option<usize> {
        let covering = self.grants.iter().enumerate().filter(|(_, h)| h.grant.covers(interface, function));
        covering.max_by_key(|(_, h)| h.grant.specificity(interface)).map(|(i, _)| i)
    }

    fn decide_all(&mut self) {
        for i in 0..self.slots.len() {
            self.decide(i);
        }
    }

    fn decide(&mut self, index: usize) {
        let Some(slot) = self.slots.get(index) else { return };
        let decision = match self.governing(&slot.interface, &slot.function) {
            None => Decision::Denied { revoked: slot.ever_granted },
            Some(g) => {
                let h = &self.grants[g];
                let open = h.grant.constraints.is_empty() && h.remaining.is_none() && !self.audit_allowed;
                if open { Decision::Open } else { Decision::Guarded { grant: g } }
            }
        };
        if let Some(slot) = self.slots.get_mut(index) {
            slot.ever_granted |= decision != (Decision::Denied { revoked: false });
            slot.decision = decision;
        }
    }
}

impl Default for CapabilityTable {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for CapabilityTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CapabilityTable")
            .field("component", &self.component)
            .field("instance", &self.instance)
            .field("grants", &self.grants.iter().map(|h| h.grant.to_string()).collect::<Vec<_>>())
            .field("slots", &self.slots.len())
            .field("audit_allowed", &self.audit_allowed)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
