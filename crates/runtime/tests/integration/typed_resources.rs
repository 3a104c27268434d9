//! Host resources through typed calls: a `Resource<T>` given to or taken
//! from a guest export moves through the same handle transfer as a dynamic
//! call (`own` moves, `borrow` lends), and typed functions accept a
//! `Resource<T>` only for T's own resource type.

use airssys_wasm::{Component, Engine, ErrorKind, Grant, Instance, Linker, Resource, ResourceTable, Store, Val};

/// A host key-value store, kept in a [`ResourceTable`].
struct Kv {
    seed: u32,
}

/// Another host resource type, to check that typing is exact.
struct Other;

#[derive(Default)]
struct Host {
    table: ResourceTable,
    /// The seeds of the stores whose destructor ran, in order.
    dropped: Vec<u32>,
}

/// Imports `host:kv/store` (a resource with a constructor and a method) and
/// exports `make(seed) -> own<store>`, `read(s: borrow<store>, key) -> u32`
/// and `consume(s: own<store>)`.
fn kv_component() -> Vec<u8> {
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
            (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
            ;; The borrow must be dropped before the call returns.
            (func (export "read") (param i32 i32) (result i32)
              (local $r i32)
              (local.set $r (call $get (local.get 0) (local.get 1)))
              (call $drop (local.get 0))
              (local.get $r))
            (func (export "consume") (param i32) (call $drop (local.get 0))))
          (core instance $m (instantiate $m (with "kv" (instance
            (export "new" (func $new)) (export "get" (func $get)) (export "drop" (func $drop))))))
          (func (export "make") (param "seed" u32) (result (own $store)) (canon lift (core func $m "make")))
          (func (export "read") (param "s" (borrow $store)) (param "key" u32) (result u32)
            (canon lift (core func $m "read")))
          (func (export "consume") (param "s" (own $store)) (canon lift (core func $m "consume"))))"#,
    )
    .expect("valid component")
}

fn kv_linker() -> Linker<Host> {
    let mut linker = Linker::<Host>::new();
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
    // A second resource type, defined but never imported by the component.
    linker
        .instance("host:other/api")
        .expect("instance")
        .resource("thing", |_, _: Resource<Other>| Ok(()))
        .expect("other");
    linker
}

fn setup() -> (Store<Host>, Instance) {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut store = Store::new(&engine, Host::default());
    let instance = kv_linker().instantiate(&mut store, &component).expect("instantiates");
    (store, instance)
}

/// How many values the host's table holds.
fn live(store: &Store<Host>) -> usize {
    (0..8).filter(|rep| store.data().table.get(&Resource::<Kv>::new(*rep)).is_ok()).count()
}

#[test]
fn a_typed_resource_goes_into_the_guest_and_back() {
    let (mut store, instance) = setup();
    let make = instance.get_typed_func::<(u32,), (Resource<Kv>,), _>(&store, "make").expect("make");
    let read = instance.get_typed_func::<(&Resource<Kv>, u32), (u32,), _>(&store, "read").expect("read");
    let consume = instance.get_typed_func::<(Resource<Kv>,), (), _>(&store, "consume").expect("consume");

    let (kv,) = make.call(&mut store, (100,)).expect("make");
    // The host receives its own representation, the table slot, not the guest's handle index.
    assert_eq!(kv.rep(), 0);
    assert_eq!(store.data().table.get(&kv).expect("in the table").seed, 100);
    // A borrow lends it for the call; the host keeps it.
    assert_eq!(read.call(&mut store, (&kv, 7)).expect("read"), (100_007,));
    assert_eq!(read.call(&mut store, (&kv, 8)).expect("read again"), (100_008,));
    assert!(store.data().dropped.is_empty(), "a borrow never runs the destructor");
    assert_eq!(live(&store), 1);
    // An own moves it: the guest drops it, and the destructor runs once.
    consume.call(&mut store, (kv,)).expect("consume");
    assert_eq!(store.data().dropped, [100]);
    assert_eq!(live(&store), 0);
    // A second store comes from the freed slot and is a different resource.
    // (`read` borrowed `kv` for its whole life: a typed function taking a
    // reference is made again for the next resource.)
    let (again,) = make.call(&mut store, (200,)).expect("make");
    assert_eq!(again.rep(), 0);
    let read = instance.get_typed_func::<(&Resource<Kv>, u32), (u32,), _>(&store, "read").expect("read");
    assert_eq!(read.call(&mut store, (&again, 1)).expect("read"), (200_001,));
}

#[test]
fn the_same_calls_through_dynamic_values_agree() {
    let (mut store, instance) = setup();
    let make = instance.get_func(&store, "make").expect("make");
    let read = instance.get_func(&store, "read").expect("read");
    let consume = instance.get_func(&store, "consume").expect("consume");
    let mut out = [Val::Bool(false)];
    make.call(&mut store, &[Val::U32(100)], &mut out).expect("make");
    assert_eq!(out, [Val::Own(0)], "a host resource reaches the host as its representation");
    read.call(&mut store, &[Val::Borrow(0), Val::U32(7)], &mut out).expect("read");
    assert_eq!(out, [Val::U32(100_007)]);
    consume.call(&mut store, &[Val::Own(0)], &mut []).expect("consume");
    assert_eq!(store.data().dropped, [100]);
    assert_eq!(live(&store), 0);
}

#[test]
fn a_resource_of_another_type_is_refused_when_the_typed_function_is_made() {
    let (store, instance) = setup();
    let err = instance.get_typed_func::<(Resource<Other>,), (), _>(&store, "consume").expect_err("wrong type");
    assert!(matches!(err.kind(), ErrorKind::Type(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("Other") && text.contains("Kv"), "{text}");
    let err = instance.get_typed_func::<(u32,), (Resource<Other>,), _>(&store, "make").expect_err("wrong result");
    assert!(err.to_string().contains("Other"), "{err}");
    // The right type is accepted.
    assert!(instance.get_typed_func::<(Resource<Kv>,), (), _>(&store, "consume").is_ok());
}

#[test]
fn an_own_cannot_be_passed_by_reference() {
    let (store, instance) = setup();
    let err = instance.get_typed_func::<(&Resource<Kv>,), (), _>(&store, "consume").expect_err("own by reference");
    assert!(err.to_string().contains("a reference only lends"), "{err}");
}

/// A component that defines its own resource and exports `make() -> own<r>`.
#[test]
fn a_resource_the_guest_defines_is_not_a_host_resource() {
    let bytes = wat::parse_str(
        r#"(component
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core module $m
            (import "" "new" (func $new (param i32) (result i32)))
            (func (export "make") (result i32) (call $new (i32.const 5)))
            (func (export "take") (param i32)))
          (core instance $m (instantiate $m (with "" (instance (export "new" (func $new))))))
          (export $r-ex "r" (type $r))
          (func (export "make") (result (own $r-ex)) (canon lift (core func $m "make")))
          (func (export "take") (param "h" (own $r-ex)) (canon lift (core func $m "take"))))"#,
    )
    .expect("valid component");
    let engine = Engine::default();
    let component = Component::new(&engine, &bytes).expect("valid").with_name("maker");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let err = instance.get_typed_func::<(), (Resource<Kv>,), _>(&store, "make").expect_err("guest-defined");
    assert!(err.to_string().contains("a resource a component defines"), "{err}");
    // A bad handle index names the function, the parameter and the component.
    let take = instance.get_func(&store, "take").expect("take");
    let err = take.call(&mut store, &[Val::Own(9)], &mut []).expect_err("no such handle");
    assert_eq!(err.to_string(), "trap: unknown handle index 9 in parameter 0 (`h`) of `take` in component `maker`");
}

#[test]
fn a_typed_host_function_with_another_resource_type_fails_to_link() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Host>::new();
    let mut kv = linker.instance("host:kv/store").expect("instance");
    kv.resource("store", |_, _: Resource<Kv>| Ok(())).expect("resource");
    kv.func_wrap("[constructor]store", |mut cx, (seed,): (u32,)| Ok((cx.data_mut().table.push(Kv { seed })?,)))
        .expect("constructor");
    // The method claims its `self` is an `Other`, but the component passes a `store`.
    kv.func_wrap("[method]store.get", |_, (_, key): (Resource<Other>, u32)| Ok((key,))).expect("method");
    let mut store = Store::new(&engine, Host::default());
    let err = linker.instantiate(&mut store, &component).expect_err("wrong resource type");
    let ErrorKind::ImportType { name, found, .. } = err.kind() else { panic!("expected ImportType, got {err:?}") };
    assert_eq!(name, "host:kv/store#[method]store.get");
    assert!(found.contains("Other") && found.contains("Kv"), "{found}");
}

/// `store`'s constructor and method through one dispatcher, the method
/// claiming its `self` is an `Other`.
struct OtherSelf;

impl airssys_wasm::HostDispatch<Host> for OtherSelf {
    fn functions(&self) -> &'static [airssys_wasm::DispatchedFunc] {
        use airssys_wasm::DispatchedFunc;
        const FUNCS: &[DispatchedFunc] = &[
            DispatchedFunc::new::<(u32,), (Resource<Kv>,)>("[constructor]store"),
            DispatchedFunc::new::<(Resource<Other>, u32), (u32,)>("[method]store.get"),
        ];
        FUNCS
    }

    fn call(&self, index: usize, call: airssys_wasm::DispatchCall<'_, Host>) -> Result<Vec<Val>, airssys_wasm::Error> {
        match index {
            0 => call.run(|mut cx, (seed,): (u32,)| Ok((cx.data_mut().table.push(Kv { seed })?,))),
            1 => call.run(|_, (_, key): (Resource<Other>, u32)| Ok((key,))),
            _ => Err(call.unknown(index)),
        }
    }
}

#[test]
fn a_dispatched_host_function_with_another_resource_type_fails_to_link() {
    let engine = Engine::default();
    let component = Component::new(&engine, kv_component()).expect("valid");
    let mut linker = Linker::<Host>::new();
    let mut kv = linker.instance("host:kv/store").expect("instance");
    kv.resource("store", |_, _: Resource<Kv>| Ok(())).expect("resource");
    kv.func_dispatch(OtherSelf).expect("functions");
    let mut store = Store::new(&engine, Host::default());
    let err = linker.instantiate(&mut store, &component).expect_err("wrong resource type");
    let ErrorKind::ImportType { name, found, .. } = err.kind() else { panic!("expected ImportType, got {err:?}") };
    assert_eq!(name, "host:kv/store#[method]store.get");
    assert!(found.contains("Other") && found.contains("Kv"), "{found}");
}

/// Derived records holding typed resources (the derives need the `macros` feature).
#[cfg(feature = "macros")]
mod derived {
    use super::*;

    /// `record held { kv: own<store>, seed: u32 }` as a derived record.
    #[derive(airssys_wasm::typed::ComponentType, airssys_wasm::typed::Lift, airssys_wasm::typed::Lower)]
    #[component(record)]
    struct Held {
        kv: Resource<Kv>,
        seed: u32,
    }

    /// The same record claiming the other host resource type.
    #[derive(airssys_wasm::typed::ComponentType, airssys_wasm::typed::Lift, airssys_wasm::typed::Lower)]
    #[component(record)]
    struct HeldOther {
        kv: Resource<Other>,
        seed: u32,
    }

    /// Exports `make-held(seed) -> held`, a record holding a new `own<store>`
    /// (returned through memory at 16).
    fn held_component() -> Vec<u8> {
        wat::parse_str(
            r#"(component
              (import "host:kv/store" (instance $kv
                (export "store" (type $s (sub resource)))
                (export "[constructor]store" (func (param "seed" u32) (result (own $s))))))
              (alias export $kv "store" (type $store))
              (core func $new (canon lower (func $kv "[constructor]store")))
              (core module $m
                (import "kv" "new" (func $new (param i32) (result i32)))
                (memory (export "mem") 1)
                (func (export "make-held") (param i32) (result i32)
                  (i32.store (i32.const 16) (call $new (local.get 0)))
                  (i32.store (i32.const 20) (local.get 0))
                  (i32.const 16)))
              (core instance $m (instantiate $m (with "kv" (instance (export "new" (func $new))))))
              (type $held (record (field "kv" (own $store)) (field "seed" u32)))
              (export $held-e "held" (type $held))
              (func (export "make-held") (param "seed" u32) (result $held-e)
                (canon lift (core func $m "make-held") (memory (core memory $m "mem")))))"#,
        )
        .expect("valid component")
    }

    #[test]
    fn a_derived_record_carries_a_typed_resource_checked_by_its_type() {
        let engine = Engine::default();
        let component = Component::new(&engine, held_component()).expect("valid");
        let mut store = Store::new(&engine, Host::default());
        let instance = kv_linker().instantiate(&mut store, &component).expect("instantiates");
        let err = instance.get_typed_func::<(u32,), (HeldOther,), _>(&store, "make-held").expect_err("wrong type");
        let text = err.to_string();
        assert!(text.contains("Other") && text.contains("Kv"), "{text}");
        let make = instance.get_typed_func::<(u32,), (Held,), _>(&store, "make-held").expect("typed");
        let (held,) = make.call(&mut store, (300,)).expect("make");
        assert_eq!(held.seed, 300);
        assert_eq!(store.data().table.get(&held.kv).expect("in the table").seed, 300);
    }
}
