//! Tests for resources defined by components: handles crossing to the host
//! and back, destructors, and the handle-table traps.

use airssys_wasm::{Component, Engine, Grant, Linker, Resource, ResourceTable, Store, Val};

/// A component defining resource `r` (rep = an i32, destructor adds the rep
/// to a counter) with `make(rep) -> own<r>`, `rep-of(borrow<r>) -> u32`,
/// `take(own<r>)` (drops it) and `dropped() -> u32` (sum of destroyed reps).
fn counter_component() -> Vec<u8> {
    wat::parse_str(
        r#"(component
          (core module $dtor
            (global $sum (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) (global.set $sum (i32.add (global.get $sum) (local.get 0))))
            (func (export "dropped") (result i32) (global.get $sum)))
          (core instance $dtor (instantiate $dtor))
          (type $r (resource (rep i32) (dtor (core func $dtor "dtor"))))
          (export $R "r" (type $r))
          (core func $new (canon resource.new $r))
          (core func $drop (canon resource.drop $r))
          (core module $m
            (import "r" "new" (func $new (param i32) (result i32)))
            (import "r" "drop" (func $drop (param i32)))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "rep-of") (param i32) (result i32) (local.get 0))
            (func (export "take") (param i32) (call $drop (local.get 0))))
          (core instance $m (instantiate $m (with "r" (instance (export "new" (func $new)) (export "drop" (func $drop))))))
          (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $m "make")))
          (func (export "rep-of") (param "h" (borrow $R)) (result u32) (canon lift (core func $m "rep-of")))
          (func (export "take") (param "h" (own $R)) (canon lift (core func $m "take")))
          (func (export "dropped") (result u32) (canon lift (core func $dtor "dropped"))))"#,
    )
    .expect("valid component")
}

fn call(
    store: &mut Store<()>,
    instance: &airssys_wasm::Instance,
    name: &str,
    args: &[Val],
    results: usize,
) -> Vec<Val> {
    let f = instance.get_func(store, name).expect("export");
    let mut out = vec![Val::Bool(false); results];
    f.call(store, args, &mut out).unwrap_or_else(|e| panic!("{name}: {e}"));
    out
}

#[test]
fn handles_travel_to_the_host_and_back_and_the_destructor_runs_once() {
    let engine = Engine::default();
    let component = Component::new(&engine, counter_component()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");

    // The guest's handle 1 moves to the host's table (index 1 there too).
    let made = call(&mut store, &instance, "make", &[Val::U32(7)], 1);
    assert_eq!(made, [Val::Own(1)]);
    let second = call(&mut store, &instance, "make", &[Val::U32(5)], 1);
    assert_eq!(second, [Val::Own(2)]);

    // A borrow lends the host's handle for the call: the implementing
    // instance sees the representation itself.
    assert_eq!(call(&mut store, &instance, "rep-of", &[Val::Borrow(1)], 1), [Val::U32(7)]);

    // Ownership moves back into the guest, which drops it: the destructor runs.
    call(&mut store, &instance, "take", &[Val::Own(1)], 0);
    assert_eq!(call(&mut store, &instance, "dropped", &[], 1), [Val::U32(7)]);

    // The host's index 1 is gone now.
    let f = instance.get_func(&store, "take").expect("export");
    let err = f.call(&mut store, &[Val::Own(1)], &mut []).expect_err("moved out");
    assert_eq!(err.to_string(), "trap: unknown handle index 1 in parameter 0 (`h`) of `take`");
    let err = f.call(&mut store, &[Val::Own(0)], &mut []).expect_err("index 0 is reserved");
    assert_eq!(err.to_string(), "trap: unknown handle index 0 in parameter 0 (`h`) of `take`");

    call(&mut store, &instance, "take", &[Val::Own(2)], 0);
    assert_eq!(call(&mut store, &instance, "dropped", &[], 1), [Val::U32(12)]);
}

#[test]
fn handles_of_another_instance_are_rejected() {
    let engine = Engine::default();
    let component = Component::new(&engine, counter_component()).expect("valid");
    let mut store = Store::new(&engine, ());
    let a = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let b = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let from_a = call(&mut store, &a, "make", &[Val::U32(1)], 1);
    // Each instance defines its own resource type: a's handle is not b's.
    let take = b.get_func(&store, "take").expect("export");
    let err = take.call(&mut store, &from_a, &mut []).expect_err("wrong type");
    assert_eq!(
        err.to_string(),
        "trap: handle index 1 used with the wrong type, expected guest-defined resource `r` but found a different guest-defined resource `r` in parameter 0 (`h`) of `take`"
    );
    // It still belongs to the host and can go home.
    call(&mut store, &a, "take", &from_a, 0);
    assert_eq!(call(&mut store, &a, "dropped", &[], 1), [Val::U32(1)]);
}

/// Host state for the host-resource tests: stores by representation, and
/// the representations whose destructor ran.
#[derive(Default)]
struct Host {
    stores: Vec<u32>,
    dropped: Vec<u32>,
}

/// A component that imports `host:kv/store` with a host resource `store`,
/// constructs one, reads through a borrow, and drops it.
fn kv_user() -> Vec<u8> {
    wat::parse_str(
        r#"(component
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
            (global $h (mut i32) (i32.const 0))
            (func (export "open") (param i32) (global.set $h (call $new (local.get 0))))
            (func (export "get") (param i32) (result i32) (call $get (global.get $h) (local.get 0)))
            (func (export "close") (call $drop (global.get $h))))
          (core instance $m (instantiate $m (with "kv" (instance
            (export "new" (func $new)) (export "get" (func $get)) (export "drop" (func $drop))))))
          (func (export "open") (param "seed" u32) (canon lift (core func $m "open")))
          (func (export "get") (param "key" u32) (result u32) (canon lift (core func $m "get")))
          (func (export "close") (canon lift (core func $m "close"))))"#,
    )
    .expect("valid component")
}

/// A linker granting `host:kv/store` and defining its resource `store`,
/// whose destructor records the dropped representation.
fn kv_resource_linker() -> Linker<Host> {
    /// The host keeps these stores as bare representations.
    struct KvStore;
    let mut linker = Linker::<Host>::new();
    linker.grant(Grant::new("host:kv/store"));
    linker
        .instance("host:kv/store")
        .expect("instance")
        .resource("store", |mut cx, res: Resource<KvStore>| {
            cx.data_mut().dropped.push(res.rep());
            Ok(())
        })
        .expect("resource");
    linker
}

fn kv_linker() -> Linker<Host> {
    let mut linker = kv_resource_linker();
    let mut kv = linker.instance("host:kv/store").expect("instance");
    kv.func_new("[constructor]store", move |mut cx, params, results| {
        let Val::U32(seed) = params[0] else { return Err(airssys_wasm::Error::host("seed")) };
        let rep = cx.data().stores.len() as u32;
        cx.data_mut().stores.push(seed);
        // The host holds its own resources as their representation.
        results[0] = Val::Own(rep);
        Ok(())
    })
    .expect("constructor");
    kv.func_new("[method]store.get", |cx, params, results| {
        // A borrow of a host resource reaches the host as its representation.
        let (Val::Borrow(rep), Val::U32(key)) = (&params[0], &params[1]) else {
            return Err(airssys_wasm::Error::host("bad arguments"));
        };
        results[0] = Val::U32(cx.data().stores[*rep as usize] * 1000 + key);
        Ok(())
    })
    .expect("method");
    linker
}

#[test]
fn host_resources_are_created_borrowed_and_destroyed_once() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_user()).expect("valid");
    let mut store = Store::new(&engine, Host::default());
    let instance = kv_linker().instantiate(&mut store, &component).expect("instantiates");
    let open = instance.get_typed_func::<(u32,), (), _>(&store, "open").expect("typed");
    let get = instance.get_typed_func::<(u32,), (u32,), _>(&store, "get").expect("typed");
    let close = instance.get_typed_func::<(), (), _>(&store, "close").expect("typed");
    open.call(&mut store, (4,)).expect("open");
    assert_eq!(get.call(&mut store, (2,)).expect("get"), (4002,));
    close.call(&mut store, ()).expect("close");
    assert_eq!(store.data().dropped, [0]);
    // The guest's handle is gone: using it again traps, and the destructor does not run twice.
    let err = get.call(&mut store, (2,)).expect_err("stale handle");
    assert_eq!(
        err.to_string(),
        "trap: unknown handle index 1 in parameter 0 (`self`) of import `host:kv/store#[method]store.get`"
    );
    let err = close.call(&mut store, ()).expect_err("double drop");
    assert_eq!(err.to_string(), "trap: unknown handle index 1");
    assert_eq!(store.data().dropped, [0]);
}

#[test]
fn the_host_drops_handles_of_component_resources_it_holds() {
    let engine = Engine::default();
    let component = Component::new(&engine, counter_component()).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let made = call(&mut store, &instance, "make", &[Val::U32(3)], 1);
    let Val::Own(handle) = made[0] else { panic!("not a handle: {made:?}") };
    let mut cx = store.context();
    assert_eq!(cx.resource_rep(handle).expect("rep"), 3);
    // Dropping it runs the component's destructor.
    cx.resource_drop(handle).expect("drop");
    let err = cx.resource_drop(handle).expect_err("twice");
    assert_eq!(err.to_string(), "trap: unknown handle index 1");
    assert_eq!(call(&mut store, &instance, "dropped", &[], 1), [Val::U32(3)]);
}

/// A host resource kept in a [`ResourceTable`], with typed host functions.
struct Kv {
    seed: u32,
}

#[derive(Default)]
struct TypedHost {
    table: ResourceTable,
    dropped: Vec<u32>,
}

#[test]
fn typed_host_resources_live_in_a_resource_table() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_user()).expect("valid");
    let mut linker = Linker::<TypedHost>::new();
    linker.grant(Grant::new("host:kv/store"));
    let mut kv = linker.instance("host:kv/store").expect("instance");
    kv.resource("store", |mut cx, res: Resource<Kv>| {
        let state = cx.data_mut().table.delete(res)?;
        cx.data_mut().dropped.push(state.seed);
        Ok(())
    })
    .expect("resource");
    kv.func_wrap("[constructor]store", |mut cx, (seed,): (u32,)| Ok((cx.data_mut().table.push(Kv { seed })?,)))
        .expect("constructor");
    kv.func_wrap("[method]store.get", |cx, (this, key): (Resource<Kv>, u32)| {
        Ok((cx.data().table.get(&this)?.seed * 1000 + key,))
    })
    .expect("method");
    let mut store = Store::new(&engine, TypedHost::default());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let open = instance.get_typed_func::<(u32,), (), _>(&store, "open").expect("typed");
    let get = instance.get_typed_func::<(u32,), (u32,), _>(&store, "get").expect("typed");
    let close = instance.get_typed_func::<(), (), _>(&store, "close").expect("typed");
    open.call(&mut store, (6,)).expect("open");
    assert_eq!(get.call(&mut store, (9,)).expect("get"), (6009,));
    close.call(&mut store, ()).expect("close");
    assert_eq!(store.data().dropped, [6], "the destructor ran once and emptied the table");
    let probe: Resource<Kv> = Resource::new(0);
    assert!(store.data().table.get(&probe).is_err());
}

#[test]
fn a_store_that_holds_leaked_handles_frees_everything_when_dropped() {
    let engine = Engine::default();
    let component = Component::new(&engine, counter_component()).expect("valid");
    let witness = std::sync::Arc::new(());
    let mut store = Store::new(&engine, witness.clone());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let make = instance.get_func(&store, "make").expect("export");
    let mut out = [Val::Bool(false)];
    for rep in 0..100 {
        // The host never gives these back: they leak in the store's tables.
        make.call(&mut store, &[Val::U32(rep)], &mut out).expect("make");
    }
    assert_eq!(out, [Val::Own(100)]);
    assert_eq!(std::sync::Arc::strong_count(&witness), 2);
    drop(store);
    assert_eq!(std::sync::Arc::strong_count(&witness), 1, "the store's data and tables are gone");
}

/// Regression: a guest lent a `borrow` of a host resource cannot hand that
/// handle to a host import taking `own<store>`. CanonicalABI.md's `lift_own`
/// traps before the host function runs.
#[test]
fn a_borrowed_host_resource_cannot_be_given_away_as_own() {
    let component = wat::parse_str(
        r#"(component
          (import "host:kv/store" (instance $kv
            (export "store" (type $s (sub resource)))
            (export "consume" (func (param "s" (own $s))))))
          (alias export $kv "store" (type $store))
          (core func $consume (canon lower (func $kv "consume")))
          (core module $m
            (import "kv" "consume" (func $consume (param i32)))
            (func (export "relay") (param i32) (call $consume (local.get 0))))
          (core instance $m (instantiate $m (with "kv" (instance (export "consume" (func $consume))))))
          (func (export "relay") (param "s" (borrow $store)) (canon lift (core func $m "relay"))))"#,
    )
    .expect("valid component");
    let engine = Engine::default();
    let component = Component::new(&engine, &component).expect("valid");
    let mut linker = kv_resource_linker();
    let mut kv = linker.instance("host:kv/store").expect("instance");
    kv.func_new("consume", |mut cx, params, _| {
        let Val::Own(rep) = params[0] else { return Err(airssys_wasm::Error::host("not own")) };
        // Reaching this line is the defect: record it.
        cx.data_mut().stores.push(rep);
        Ok(())
    })
    .expect("consume");
    let mut store = Store::new(&engine, Host::default());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let relay = instance.get_func(&store, "relay").expect("export");
    let err = relay.call(&mut store, &[Val::Borrow(9)], &mut []).expect_err("a borrow is not an own");
    assert_eq!(
        err.to_string(),
        "trap: handle index 1 is a borrow, not an owning handle in parameter 0 (`s`) of import `host:kv/store#consume`"
    );
    assert!(store.data().stores.is_empty(), "the host function ran: {:?}", store.data().stores);
    assert!(store.data().dropped.is_empty(), "the host's resource was destroyed");
}

#[derive(Default)]
struct Lender {
    handle: u32,
    drop_error: Option<String>,
}

/// Regression: `resource_drop` of a lent handle fails and changes nothing;
/// the owner can drop it once the loan ends, and the destructor runs then.
#[test]
fn a_failed_host_drop_of_a_lent_handle_keeps_the_handle() {
    let component = wat::parse_str(
        r#"(component
          (import "host:cb/cb" (instance $cb (export "poke" (func))))
          (core func $poke (canon lower (func $cb "poke")))
          (core module $dtor
            (global $sum (mut i32) (i32.const 0))
            (func (export "dtor") (param i32) (global.set $sum (i32.add (global.get $sum) (local.get 0))))
            (func (export "dropped") (result i32) (global.get $sum)))
          (core instance $dtor (instantiate $dtor))
          (type $r (resource (rep i32) (dtor (core func $dtor "dtor"))))
          (export $R "r" (type $r))
          (core func $new (canon resource.new $r))
          (core module $m
            (import "r" "new" (func $new (param i32) (result i32)))
            (import "cb" "poke" (func $poke))
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            (func (export "hold") (param i32) (call $poke)))
          (core instance $m (instantiate $m (with "r" (instance (export "new" (func $new))))
            (with "cb" (instance (export "poke" (func $poke))))))
          (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $m "make")))
          (func (export "hold") (param "h" (borrow $R)) (canon lift (core func $m "hold")))
          (func (export "dropped") (result u32) (canon lift (core func $dtor "dropped"))))"#,
    )
    .expect("valid component");
    let engine = Engine::default();
    let component = Component::new(&engine, &component).expect("valid");
    let mut linker = Linker::<Lender>::new();
    linker.grant(Grant::new("host:cb/cb"));
    linker
        .instance("host:cb/cb")
        .expect("instance")
        .func_new("poke", |mut cx, _, _| {
            // The handle is lent to the running `hold` call: dropping it must fail.
            let handle = cx.data().handle;
            let err = cx.resource_drop(handle).expect_err("the handle is lent");
            cx.data_mut().drop_error = Some(err.to_string());
            Ok(())
        })
        .expect("poke");
    let mut store = Store::new(&engine, Lender::default());
    let instance = linker.instantiate(&mut store, &component).expect("instantiates");
    let f = instance.get_func(&store, "make").expect("make");
    let mut out = [Val::Bool(false)];
    f.call(&mut store, &[Val::U32(21)], &mut out).expect("make");
    let Val::Own(handle) = out[0] else { panic!("not a handle: {out:?}") };
    store.data_mut().handle = handle;
    let hold = instance.get_func(&store, "hold").expect("hold");
    hold.call(&mut store, &[Val::Borrow(handle)], &mut []).expect("hold");
    assert_eq!(store.data().drop_error.as_deref(), Some("trap: cannot remove owned resource while borrowed"));

    // The handle survived the failed drop: its owner drops it now, once.
    let dropped = instance.get_func(&store, "dropped").expect("dropped");
    let mut sum = [Val::Bool(false)];
    dropped.call(&mut store, &[], &mut sum).expect("dropped");
    assert_eq!(sum, [Val::U32(0)]);
    store.context().resource_drop(handle).expect("the loan is over");
    dropped.call(&mut store, &[], &mut sum).expect("dropped");
    assert_eq!(sum, [Val::U32(21)]);
}
