//! The resource parity oracle: one sequence of resource operations, run
//! once through typed calls ([`TypedFunc`](airssys_wasm::TypedFunc) with [`Resource<Kv>`]) and once
//! through dynamic calls ([`Func::call`] with [`Val::Own`] / [`Val::Borrow`]),
//! each on a fresh store, must leave the same trace: the same results and
//! errors, the same host table, the same handle tables (the guest's and the
//! host's) and the same destructor calls, after every step.
//!
//! The guest imports a host resource `host:kv/store` (a constructor and a
//! method) and exports one function per operation: `make` (own out),
//! `read` (borrow in, calling the host's method with it), `consume` (own in,
//! dropped by the guest: the destructor runs), `stash` / `unstash` (own in,
//! kept by the guest; own out again), and `keep` (a borrow the guest fails
//! to drop, which the end-of-call check refuses). The host's destructor
//! fails for seeds that are multiples of [`FAILING_SEED`].
//!
//! ```
//! use airssys_wasm_testgen::parity::{Op, check};
//!
//! let ops = [Op::Make(3), Op::Read(0, 4), Op::Stash(0), Op::Unstash, Op::Consume(0)];
//! assert_eq!(check(&ops), Ok(()));
//! ```

use airssys_wasm::{
    Component, Engine, Error, Func, Grant, HandleInfo, Instance, Linker, Resource, ResourceTable, Store, Val,
};
use core::fmt::Write;

/// The destructor fails for seeds that are multiples of this.
pub const FAILING_SEED: u32 = 5;

/// One resource operation. Slots number the resources the host holds, in
/// the order it got them; an operation on an empty slot does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Op {
    /// `make(seed) -> own<store>`: the guest calls the host's constructor
    /// and gives the resource to the host.
    Make(u32),
    /// `read(borrow<store>, key) -> u32`: the host lends the resource in
    /// slot `.0`; the guest passes the borrow on to the host's method.
    Read(u8, u32),
    /// `consume(own<store>)`: the host gives the resource away; the guest
    /// drops it and the destructor runs (and fails for some seeds).
    Consume(u8),
    /// `stash(own<store>)`: the host gives the resource away; the guest
    /// keeps its handle.
    Stash(u8),
    /// `unstash() -> own<store>`: the guest gives back what it stashed last
    /// (a trap when it holds nothing).
    Unstash,
    /// `keep(borrow<store>)`: the guest does not drop the borrow, and the
    /// call traps at its end.
    Keep(u8),
    /// The host deletes the resource in the slot from its table itself.
    HostDelete(u8),
}

/// A host key-value store kept in a [`ResourceTable`].
#[derive(Debug)]
pub struct Kv {
    seed: u32,
}

/// The host data of the parity stores.
#[derive(Default)]
pub struct Host {
    table: ResourceTable,
    /// The seeds whose destructor ran, in order (a failing one included).
    dropped: Vec<u32>,
}

/// The guest: imports `host:kv/store`, exports one function per [`Op`].
pub const GUEST: &str = r#"(component
  (import "host:kv/store" (instance $kv
    (export "store" (type $s (sub resource)))
    (export "[constructor]store" (func (param "seed" u32) (result (own $s))))
    (export "[method]store.get" (func (param "self" (borrow $s)) (param "key" u32) (result u32)))))
  (alias export $kv "store" (type $store))
  (core func $new (canon lower (func $kv "[constructor]store")))
  (core func $get (canon lower (func $kv "[method]store.get")))
  (core func $drop (canon resource.drop $store))
  (core module $m
    (import "kv" "new" (func $new (param i32) (result i32)))
    (import "kv" "get" (func $get (param i32 i32) (result i32)))
    (import "kv" "drop" (func $drop (param i32)))
    (global $stash (mut i32) (i32.const 0))
    (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "read") (param i32 i32) (result i32)
      (local $r i32)
      (local.set $r (call $get (local.get 0) (local.get 1)))
      (call $drop (local.get 0))
      (local.get $r))
    (func (export "consume") (param i32) (call $drop (local.get 0)))
    (func (export "stash") (param i32) (global.set $stash (local.get 0)))
    (func (export "unstash") (result i32) (global.get $stash))
    (func (export "keep") (param i32)))
  (core instance $m (instantiate $m (with "kv" (instance
    (export "new" (func $new)) (export "get" (func $get)) (export "drop" (func $drop))))))
  (func (export "make") (param "seed" u32) (result (own $store)) (canon lift (core func $m "make")))
  (func (export "read") (param "s" (borrow $store)) (param "key" u32) (result u32) (canon lift (core func $m "read")))
  (func (export "consume") (param "s" (own $store)) (canon lift (core func $m "consume")))
  (func (export "stash") (param "s" (own $store)) (canon lift (core func $m "stash")))
  (func (export "unstash") (result (own $store)) (canon lift (core func $m "unstash")))
  (func (export "keep") (param "s" (borrow $store)) (canon lift (core func $m "keep"))))"#;

fn linker() -> Result<Linker<Host>, Error> {
    let mut linker = Linker::<Host>::new();
    linker.grant(Grant::new("host:kv/store"));
    let mut kv = linker.instance("host:kv/store")?;
    kv.resource("store", |mut cx, res: Resource<Kv>| {
        let state = cx.data_mut().table.delete(res)?;
        cx.data_mut().dropped.push(state.seed);
        if state.seed % FAILING_SEED == 0 {
            return Err(Error::host(format!("the destructor of store {} failed", state.seed)));
        }
        Ok(())
    })?;
    kv.func_wrap("[constructor]store", |mut cx, (seed,): (u32,)| Ok((cx.data_mut().table.push(Kv { seed })?,)))?;
    kv.func_wrap("[method]store.get", |cx, (this, key): (Resource<Kv>, u32)| {
        Ok((cx.data().table.get(&this)?.seed.wrapping_mul(1000).wrapping_add(key),))
    })?;
    Ok(linker)
}

fn setup() -> Result<(Store<Host>, Instance), Error> {
    let engine = Engine::default();
    let bytes = wat::parse_str(GUEST).map_err(|e| Error::host(format!("the parity guest does not parse: {e}")))?;
    let component = Component::new(&engine, bytes)?;
    let mut store = Store::new(&engine, Host::default());
    let instance = linker()?.instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// The state after a step, as text: the step's outcome, the host table
/// (representation and seed of each live resource), the destructor calls,
/// and the guest's and the host's handle tables.
fn snapshot(store: &Store<Host>, instance: &Instance, outcome: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, "{outcome} | table:");
    for rep in 0..64 {
        if let Ok(kv) = store.data().table.get(&Resource::<Kv>::new(rep)) {
            let _ = write!(out, " {rep}={}", kv.seed);
        }
    }
    let _ = write!(out, " | dropped: {:?}", store.data().dropped);
    let handles = |list: Vec<HandleInfo>| -> String {
        list.iter()
            .map(|h| format!(" {}:{}{}/{}", h.index, if h.own { "own" } else { "borrow" }, h.rep, h.lends))
            .collect()
    };
    match instance.handles(store) {
        Ok(list) => {
            let _ = write!(out, " | guest:{}", handles(list));
        }
        Err(e) => {
            let _ = write!(out, " | guest: {e}");
        }
    }
    let _ = write!(out, " | host:{}", handles(store.host_handles()));
    out
}

fn outcome<X: core::fmt::Debug>(result: Result<X, Error>) -> String {
    match result {
        Ok(x) => format!("ok {x:?}"),
        Err(e) => format!("error: {e}"),
    }
}

/// Runs `ops` through typed calls; one line of trace per step.
pub fn run_typed(ops: &[Op]) -> Result<Vec<String>, Error> {
    let (mut store, instance) = setup()?;
    let make = instance.get_typed_func::<(u32,), (Resource<Kv>,), _>(&store, "make")?;
    let consume = instance.get_typed_func::<(Resource<Kv>,), (), _>(&store, "consume")?;
    let stash = instance.get_typed_func::<(Resource<Kv>,), (), _>(&store, "stash")?;
    let unstash = instance.get_typed_func::<(), (Resource<Kv>,), _>(&store, "unstash")?;
    let mut held: Vec<Option<Resource<Kv>>> = Vec::new();
    let mut trace = Vec::new();
    for op in ops {
        let step = match *op {
            Op::Make(seed) => match make.call(&mut store, (seed,)) {
                Ok((kv,)) => {
                    let line = format!("ok rep {}", kv.rep());
                    held.push(Some(kv));
                    line
                }
                Err(e) => outcome::<()>(Err(e)),
            },
            Op::Read(slot, key) => match held.get(usize::from(slot)).and_then(Option::as_ref) {
                Some(kv) => {
                    let read = instance.get_typed_func::<(&Resource<Kv>, u32), (u32,), _>(&store, "read")?;
                    outcome(read.call(&mut store, (kv, key)).map(|(n,)| n))
                }
                None => "skip".into(),
            },
            Op::Keep(slot) => match held.get(usize::from(slot)).and_then(Option::as_ref) {
                Some(kv) => {
                    let keep = instance.get_typed_func::<(&Resource<Kv>,), (), _>(&store, "keep")?;
                    outcome(keep.call(&mut store, (kv,)))
                }
                None => "skip".into(),
            },
            Op::Consume(slot) | Op::Stash(slot) => match held.get_mut(usize::from(slot)).and_then(Option::take) {
                Some(kv) => {
                    let func = if matches!(op, Op::Consume(_)) { &consume } else { &stash };
                    outcome(func.call(&mut store, (kv,)))
                }
                None => "skip".into(),
            },
            Op::Unstash => match unstash.call(&mut store, ()) {
                Ok((kv,)) => {
                    let line = format!("ok rep {}", kv.rep());
                    held.push(Some(kv));
                    line
                }
                Err(e) => outcome::<()>(Err(e)),
            },
            Op::HostDelete(slot) => match held.get_mut(usize::from(slot)).and_then(Option::take) {
                Some(kv) => outcome(store.data_mut().table.delete(kv).map(|kv| kv.seed)),
                None => "skip".into(),
            },
        };
        trace.push(snapshot(&store, &instance, &step));
    }
    Ok(trace)
}

/// Runs `ops` through dynamic calls; one line of trace per step.
pub fn run_dynamic(ops: &[Op]) -> Result<Vec<String>, Error> {
    let (mut store, instance) = setup()?;
    let func = |name: &str| -> Result<Func, Error> { instance.get_func(&store, name) };
    let (make, read, consume, stash, unstash, keep) =
        (func("make")?, func("read")?, func("consume")?, func("stash")?, func("unstash")?, func("keep")?);
    // The host's resources are named by their representation.
    let mut held: Vec<Option<u32>> = Vec::new();
    let mut trace = Vec::new();
    for op in ops {
        let mut out = [Val::Bool(false)];
        let step = match *op {
            Op::Make(seed) => own_out(make.call(&mut store, &[Val::U32(seed)], &mut out), &out, &mut held),
            Op::Unstash => own_out(unstash.call(&mut store, &[], &mut out), &out, &mut held),
            Op::Read(slot, key) => match held.get(usize::from(slot)).copied().flatten() {
                Some(rep) => {
                    let called = read.call(&mut store, &[Val::Borrow(rep), Val::U32(key)], &mut out);
                    match (called, &out) {
                        (Ok(()), [Val::U32(n)]) => format!("ok {n}"),
                        (Ok(()), other) => format!("ok but not a u32: {other:?}"),
                        (Err(e), _) => outcome::<()>(Err(e)),
                    }
                }
                None => "skip".into(),
            },
            Op::Keep(slot) => match held.get(usize::from(slot)).copied().flatten() {
                Some(rep) => outcome(keep.call(&mut store, &[Val::Borrow(rep)], &mut [])),
                None => "skip".into(),
            },
            Op::Consume(slot) | Op::Stash(slot) => match held.get_mut(usize::from(slot)).and_then(Option::take) {
                Some(rep) => {
                    let func = if matches!(op, Op::Consume(_)) { consume } else { stash };
                    outcome(func.call(&mut store, &[Val::Own(rep)], &mut []))
                }
                None => "skip".into(),
            },
            Op::HostDelete(slot) => match held.get_mut(usize::from(slot)).and_then(Option::take) {
                Some(rep) => outcome(store.data_mut().table.delete(Resource::<Kv>::new(rep)).map(|kv| kv.seed)),
                None => "skip".into(),
            },
        };
        trace.push(snapshot(&store, &instance, &step));
    }
    Ok(trace)
}

/// The outcome of a dynamic call that gives the host an `own`, which it keeps.
fn own_out(called: Result<(), Error>, out: &[Val], held: &mut Vec<Option<u32>>) -> String {
    match (called, out) {
        (Ok(()), [Val::Own(rep)]) => {
            held.push(Some(*rep));
            format!("ok rep {rep}")
        }
        (Ok(()), other) => format!("ok but not an own handle: {other:?}"),
        (Err(e), _) => outcome::<()>(Err(e)),
    }
}

/// Runs `ops` both ways and compares the traces step by step; the error
/// names the first step where they differ, with both lines.
pub fn check(ops: &[Op]) -> Result<(), String> {
    let typed = run_typed(ops).map_err(|e| format!("typed setup failed: {e}"))?;
    let dynamic = run_dynamic(ops).map_err(|e| format!("dynamic setup failed: {e}"))?;
    for (i, (t, d)) in typed.iter().zip(&dynamic).enumerate() {
        if t != d {
            return Err(format!("step {i} ({:?}) differs:\n  typed:   {t}\n  dynamic: {d}", ops[i]));
        }
    }
    if typed.len() != dynamic.len() {
        return Err(format!("the traces have {} and {} steps", typed.len(), dynamic.len()));
    }
    Ok(())
}
