//! Store identity: an instance, a function, a typed function or a linker
//! definition bound to a store is refused by every other store, through
//! every public method that takes both, and the refusal changes nothing in
//! either store.

use super::component;
use airssys_wasm::{Component, Config, Engine, Error, ErrorKind, Func, Instance, Linker, Store, StoreId, Val};

/// A counter: `bump` adds one to a global and returns the new count, `get`
/// reads it. Each instance has its own count, so acting on the wrong
/// tenant's instance would show up as a count that moved.
fn counter() -> Vec<u8> {
    component(
        r#"
        (core module $m
          (global $n (mut i32) (i32.const 0))
          (func (export "bump") (result i32)
            (global.set $n (i32.add (global.get $n) (i32.const 1)))
            (global.get $n))
          (func (export "get") (result i32) (global.get $n)))
        (core instance $m (instantiate $m))
        (func (export "bump") (result u32) (canon lift (core func $m "bump")))
        (func (export "get") (result u32) (canon lift (core func $m "get")))
        "#,
    )
}

/// Two tenants on one engine, each with its own counter instance.
struct Tenants {
    engine: Engine,
    a: Store<&'static str>,
    b: Store<&'static str>,
    in_a: Instance,
    in_b: Instance,
}

fn tenants() -> Tenants {
    let engine = Engine::default();
    let component = Component::new(&engine, counter()).expect("valid");
    let linker = Linker::new();
    let mut a = Store::new(&engine, "tenant a");
    let mut b = Store::new(&engine, "tenant b");
    let in_a = linker.instantiate(&mut a, &component).expect("instantiates in a");
    let in_b = linker.instantiate(&mut b, &component).expect("instantiates in b");
    Tenants { engine, a, b, in_a, in_b }
}

/// Asserts that `result` is the wrong-store error for `object`, naming both stores.
fn assert_wrong_store<X>(result: Result<X, Error>, object: &str, owner: StoreId, store: StoreId) {
    let Err(err) = result else { panic!("a {object} of {owner} was accepted by {store}") };
    match err.kind() {
        ErrorKind::WrongStore { object: o, owner: ow, store: st } => {
            assert_eq!((*o, *ow, *st), (object, owner, store), "{err}");
        }
        other => panic!("expected WrongStore, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains(&owner.to_string()) && text.contains(&store.to_string()), "{text}");
    assert!(text.contains("only with the store that created it"), "{text}");
}

/// The count of each tenant's counter, read through its own store.
fn counts(t: &mut Tenants) -> (u32, u32) {
    let get_a = t.in_a.get_typed_func::<(), (u32,), _>(&t.a, "get").expect("get in a");
    let get_b = t.in_b.get_typed_func::<(), (u32,), _>(&t.b, "get").expect("get in b");
    (get_a.call(&mut t.a, ()).expect("a").0, get_b.call(&mut t.b, ()).expect("b").0)
}

#[test]
fn every_store_has_its_own_identity() {
    let engine = Engine::default();
    let ids: Vec<StoreId> = (0..4).map(|_| Store::new(&engine, ()).id()).collect();
    for (i, x) in ids.iter().enumerate() {
        for y in &ids[i + 1..] {
            assert_ne!(x, y);
        }
    }
    let other_engine = Engine::default();
    assert!(!ids.contains(&Store::new(&other_engine, ()).id()), "identities are unique across engines too");
}

#[test]
fn instance_methods_refuse_another_store() {
    let mut t = tenants();
    let (a, b) = (t.a.id(), t.b.id());
    assert_wrong_store(t.in_a.get_func(&t.b, "bump"), "instance", a, b);
    assert_wrong_store(t.in_a.get_typed_func::<(), (u32,), _>(&t.b, "bump"), "instance", a, b);
    assert_wrong_store(t.in_a.exports(&t.b), "instance", a, b);
    assert_wrong_store(t.in_b.get_func(&t.a, "bump"), "instance", b, a);
    // The same calls on the right store work.
    assert_eq!(t.in_a.exports(&t.a).expect("exports").len(), 2);
    assert!(t.in_b.get_func(&t.b, "bump").is_ok());
    assert_eq!(counts(&mut t), (0, 0));
}

#[test]
fn func_methods_refuse_another_store_and_run_nothing() {
    let mut t = tenants();
    let (a, b) = (t.a.id(), t.b.id());
    let bump_a: Func = t.in_a.get_func(&t.a, "bump").expect("bump");
    assert_wrong_store(bump_a.ty(&t.b), "function", a, b);
    assert_wrong_store(bump_a.typed::<(), (u32,), _>(&t.b), "function", a, b);
    let mut out = [Val::U32(0)];
    assert_wrong_store(bump_a.call(&mut t.b, &[], &mut out), "function", a, b);
    assert_eq!(counts(&mut t), (0, 0), "neither tenant's counter moved");
    // Through its own store it runs, in its own instance only.
    bump_a.call(&mut t.a, &[], &mut out).expect("call in a");
    assert_eq!(out, [Val::U32(1)]);
    assert_eq!(counts(&mut t), (1, 0));
}

#[test]
fn typed_func_calls_refuse_another_store_and_run_nothing() {
    let mut t = tenants();
    let (a, b) = (t.a.id(), t.b.id());
    let bump_a = t.in_a.get_typed_func::<(), (u32,), _>(&t.a, "bump").expect("typed");
    let bump_b = t.in_b.get_typed_func::<(), (u32,), _>(&t.b, "bump").expect("typed");
    assert_wrong_store(bump_a.call(&mut t.b, ()), "typed function", a, b);
    assert_wrong_store(bump_b.call(&mut t.a, ()), "typed function", b, a);
    // A typed view made from a function keeps the function's store.
    assert_wrong_store(bump_a.func().call(&mut t.b, &[], &mut [Val::U32(0)]), "function", a, b);
    assert_eq!(counts(&mut t), (0, 0));
    assert_eq!(bump_b.call(&mut t.b, ()).expect("b"), (1,));
    assert_eq!(counts(&mut t), (0, 1));
}

#[test]
fn capability_tables_of_another_stores_instance_are_refused() {
    let mut t = tenants();
    let (a, b) = (t.a.id(), t.b.id());
    assert_wrong_store(t.b.capabilities(&t.in_a).map(|_| ()), "instance", a, b);
    assert_wrong_store(t.b.capabilities_mut(&t.in_a).map(|_| ()), "instance", a, b);
    // A grant through the right store lands on the right tenant only.
    t.a.capabilities_mut(&t.in_a).expect("a's table").grant("my:log/sink".parse().expect("grant"));
    assert_eq!(t.a.capabilities(&t.in_a).expect("a's table").grants().count(), 1);
    assert!(t.b.capabilities(&t.in_b).expect("b's table").grants().count() == 0);
}

/// A component that imports `relay: func() -> u32` and exports `call`, which calls it.
fn relay_user() -> Vec<u8> {
    component(
        r#"
        (import "relay" (func $relay (result u32)))
        (core func $relay (canon lower (func $relay)))
        (core module $m
          (import "" "relay" (func $relay (result i32)))
          (func (export "call") (result i32) (call $relay)))
        (core instance $m (instantiate $m (with "" (instance (export "relay" (func $relay))))))
        (func (export "call") (result u32) (canon lift (core func $m "call")))
        "#,
    )
}

#[test]
fn linker_definitions_bound_to_a_store_are_refused_elsewhere() {
    let mut t = tenants();
    let (a, b) = (t.a.id(), t.b.id());
    let user = Component::new(&t.engine, relay_user()).expect("valid");
    let mut linker = Linker::<&'static str>::new();
    // Defining from an instance needs the instance's own store.
    assert_wrong_store(linker.root().func_from_export("relay", &t.b, &t.in_a, "bump"), "instance", a, b);
    linker.root().func_from_export("relay", &t.a, &t.in_a, "bump").expect("defined from a");
    linker.grant("relay".parse().expect("grant"));
    // Instantiating that definition into store b is refused before anything runs.
    assert_wrong_store(linker.instantiate(&mut t.b, &user), "linked export", a, b);
    assert_eq!(counts(&mut t), (0, 0));
    // In store a it links and calls a's counter.
    let used = linker.instantiate(&mut t.a, &user).expect("instantiates in a");
    let call = used.get_typed_func::<(), (u32,), _>(&t.a, "call").expect("typed");
    assert_eq!(call.call(&mut t.a, ()).expect("call"), (1,));
    assert_eq!(counts(&mut t), (1, 0));
}

#[test]
fn a_component_of_another_engine_is_refused() {
    let engine = Engine::default();
    let other = Engine::new(Config::new().fuel(1_000));
    let component = Component::new(&other, counter()).expect("valid");
    let mut store = Store::new(&engine, ());
    let err = Linker::new().instantiate(&mut store, &component).expect_err("foreign engine");
    assert!(matches!(err.kind(), ErrorKind::WrongEngine), "{err:?}");
    assert!(err.to_string().contains("create the store with the engine"), "{err}");
    // Engines are cheap handles: a clone is the same engine.
    let component = Component::new(&engine, counter()).expect("valid");
    let mut store = Store::new(&engine.clone(), ());
    assert!(Linker::new().instantiate(&mut store, &component).is_ok());
}
