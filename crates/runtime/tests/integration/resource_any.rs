//! `ResourceAny`: typed handles the host holds to resources a component
//! defines, through typed exports, typed host functions and the dynamic path.

use super::{MEM, component};
use airssys_wasm::{
    Component, Engine, ErrorKind, Func, Grant, Instance, Linker, ResourceAny, Store, StoreContextMut, TypedFunc, Val,
};

/// A component defining resource `counter` (rep = an i32; the destructor
/// adds the rep to `dropped` and counts in `destroyed`) and `other` (no
/// destructor), with a constructor, a method through `borrow`, a function
/// taking `own` back, an `option`, a `tuple`, a `result` and a `list` each way.
fn counter_component() -> Vec<u8> {
    component(&format!(
        r#"
        (core module $dtor
          (global $sum (mut i32) (i32.const 0))
          (global $count (mut i32) (i32.const 0))
          (func (export "dtor") (param i32)
            (global.set $sum (i32.add (global.get $sum) (local.get 0)))
            (global.set $count (i32.add (global.get $count) (i32.const 1))))
          (func (export "dropped") (result i32) (global.get $sum))
          (func (export "destroyed") (result i32) (global.get $count)))
        (core instance $dtor (instantiate $dtor))
        (type $r (resource (rep i32) (dtor (core func $dtor "dtor"))))
        (type $s (resource (rep i32)))
        (core func $new (canon resource.new $r))
        (core func $drop (canon resource.drop $r))
        (core func $rep (canon resource.rep $r))
        (core func $new-s (canon resource.new $s))
        (core module $m
          (import "libc" "mem" (memory 1))
          (import "r" "new" (func $new (param i32) (result i32)))
          (import "r" "drop" (func $drop (param i32)))
          (import "r" "rep" (func $rep (param i32) (result i32)))
          (import "r" "new-s" (func $new-s (param i32) (result i32)))
          (func (export "new") (param i32) (result i32) (call $new (local.get 0)))
          (func (export "get") (param i32) (result i32) (local.get 0))
          (func (export "take") (param i32) (result i32) (local $r i32)
            (local.set $r (call $rep (local.get 0)))
            (call $drop (local.get 0))
            (local.get $r))
          (func (export "new-s") (param i32) (result i32) (call $new-s (local.get 0)))
          (func (export "maybe") (param i32) (result i32)
            (if (local.get 0)
              (then (i32.store (i32.const 16) (i32.const 1))
                    (i32.store (i32.const 20) (call $new (local.get 0))))
              (else (i32.store (i32.const 16) (i32.const 0))))
            (i32.const 16))
          (func (export "pair") (param i32) (result i32)
            (i32.store (i32.const 16) (call $new (local.get 0)))
            (i32.store (i32.const 20) (local.get 0))
            (i32.const 16))
          (func (export "checked") (param i32) (result i32)
            (if (local.get 0)
              (then (i32.store (i32.const 16) (i32.const 0))
                    (i32.store (i32.const 20) (call $new (local.get 0))))
              (else (i32.store (i32.const 16) (i32.const 1))
                    (i32.store (i32.const 20) (i32.const 99))))
            (i32.const 16))
          (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $s))
          (func (export "many") (param $n i32) (result i32) (local $i i32)
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (i32.store (i32.add (i32.const 32) (i32.mul (local.get $i) (i32.const 4)))
                (call $new (i32.add (local.get $i) (i32.const 1))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (i32.store (i32.const 16) (i32.const 32))
            (i32.store (i32.const 20) (local.get $n))
            (i32.const 16)))
        (core instance $m (instantiate $m
          (with "libc" (instance $libc))
          (with "r" (instance (export "new" (func $new)) (export "drop" (func $drop)) (export "rep" (func $rep))
            (export "new-s" (func $new-s))))))
        (export $R "counter" (type $r))
        (export $S "other" (type $s))
        (func (export "[constructor]counter") (param "rep" u32) (result (own $R)) (canon lift (core func $m "new")))
        (func (export "[method]counter.get") (param "self" (borrow $R)) (result u32) (canon lift (core func $m "get")))
        (func (export "take") (param "c" (own $R)) (result u32) (canon lift (core func $m "take")))
        (func (export "new-other") (param "rep" u32) (result (own $S)) (canon lift (core func $m "new-s")))
        (func (export "maybe") (param "rep" u32) (result (option (own $R))) (canon lift (core func $m "maybe") {MEM}))
        (func (export "pair") (param "rep" u32) (result (tuple (own $R) u32)) (canon lift (core func $m "pair") {MEM}))
        (func (export "checked") (param "rep" u32) (result (result (own $R) (error u32)))
          (canon lift (core func $m "checked") {MEM}))
        (func (export "sum") (param "cs" (list (borrow $R))) (result u32) (canon lift (core func $m "sum") {MEM}))
        (func (export "many") (param "n" u32) (result (list (own $R))) (canon lift (core func $m "many") {MEM}))
        (func (export "dropped") (result u32) (canon lift (core func $dtor "dropped")))
        (func (export "destroyed") (result u32) (canon lift (core func $dtor "destroyed")))"#
    ))
}

/// A component that imports `counter` and three host functions over it,
/// `keep` (own), `peek` (borrow) and `give` (own result), and relays
/// handles through them: `relay-keep(own)`, `relay-peek(own) -> u32` (lends
/// it to `peek`, then drops it) and `relay-give() -> own`.
fn user_component() -> Vec<u8> {
    wat::parse_str(
        r#"(component
          (import "test:res/api" (instance $api
            (export "counter" (type $c (sub resource)))
            (export "keep" (func (param "c" (own $c))))
            (export "peek" (func (param "c" (borrow $c)) (result u32)))
            (export "give" (func (result (own $c))))))
          (alias export $api "counter" (type $C))
          (core func $keep (canon lower (func $api "keep")))
          (core func $peek (canon lower (func $api "peek")))
          (core func $give (canon lower (func $api "give")))
          (core func $drop (canon resource.drop $C))
          (core module $m
            (import "h" "keep" (func $keep (param i32)))
            (import "h" "peek" (func $peek (param i32) (result i32)))
            (import "h" "give" (func $give (result i32)))
            (import "h" "drop" (func $drop (param i32)))
            (func (export "relay-keep") (param i32) (call $keep (local.get 0)))
            (func (export "relay-peek") (param i32) (result i32) (local $r i32)
              (local.set $r (call $peek (local.get 0)))
              (call $drop (local.get 0))
              (local.get $r))
            (func (export "relay-give") (result i32) (call $give)))
          (core instance $m (instantiate $m (with "h" (instance
            (export "keep" (func $keep)) (export "peek" (func $peek)) (export "give" (func $give))
            (export "drop" (func $drop))))))
          (func (export "relay-keep") (param "c" (own $C)) (canon lift (core func $m "relay-keep")))
          (func (export "relay-peek") (param "c" (own $C)) (result u32) (canon lift (core func $m "relay-peek")))
          (func (export "relay-give") (result (own $C)) (canon lift (core func $m "relay-give"))))"#,
    )
    .expect("valid component")
}

/// What the host functions keep: handles given to the host, borrows seen.
#[derive(Default)]
struct Keeper {
    kept: Vec<ResourceAny>,
    /// A borrow the host held on to past its call (which it should not).
    stale_borrow: Option<ResourceAny>,
    peeked_owned: Vec<bool>,
}

/// `test:res/api` with `counter` as `provider`'s resource type, and `keep`,
/// `peek` and `give` as typed host functions.
fn typed_linker(store: &Store<Keeper>, provider: &Instance) -> Linker<Keeper> {
    let mut linker = Linker::<Keeper>::new();
    linker.grant(Grant::new("test:res/api"));
    let mut api = linker.instance("test:res/api").expect("instance");
    api.resource_type("counter", provider.get_resource(store, "counter").expect("counter")).expect("counter");
    api.func_wrap("keep", |mut cx: StoreContextMut<'_, Keeper>, (c,): (ResourceAny,)| {
        cx.data_mut().kept.push(c);
        Ok(())
    })
    .expect("keep");
    api.func_wrap("peek", |mut cx: StoreContextMut<'_, Keeper>, (c,): (ResourceAny,)| {
        cx.data_mut().peeked_owned.push(c.owned());
        cx.data_mut().stale_borrow = Some(c);
        Ok((42u32,))
    })
    .expect("peek");
    api.func_wrap("give", |mut cx: StoreContextMut<'_, Keeper>, ()| {
        let c = cx.data_mut().kept.pop().ok_or_else(|| airssys_wasm::Error::host("nothing kept"))?;
        Ok((c,))
    })
    .expect("give");
    linker
}

/// The same host functions through dynamic values.
fn dynamic_linker(store: &Store<Keeper>, provider: &Instance) -> Linker<Keeper> {
    let mut linker = Linker::<Keeper>::new();
    linker.grant(Grant::new("test:res/api"));
    let mut api = linker.instance("test:res/api").expect("instance");
    api.resource_type("counter", provider.get_resource(store, "counter").expect("counter")).expect("counter");
    api.func_new("keep", |mut cx, params, _| {
        let c = ResourceAny::try_from_val_in(params[0].clone(), &cx)?;
        cx.data_mut().kept.push(c);
        Ok(())
    })
    .expect("keep");
    api.func_new("peek", |mut cx, params, results| {
        let c = ResourceAny::try_from_val_in(params[0].clone(), &cx)?;
        cx.data_mut().peeked_owned.push(c.owned());
        cx.data_mut().stale_borrow = Some(c);
        results[0] = Val::U32(42);
        Ok(())
    })
    .expect("peek");
    api.func_new("give", |mut cx, _, results| {
        let c = cx.data_mut().kept.pop().ok_or_else(|| airssys_wasm::Error::host("nothing kept"))?;
        results[0] = c.into_val_in(&cx)?;
        Ok(())
    })
    .expect("give");
    linker
}

struct Fixture {
    store: Store<Keeper>,
    instance: Instance,
}

fn setup() -> Fixture {
    setup_in(&Engine::default())
}

fn setup_in(engine: &Engine) -> Fixture {
    let component = Component::new(engine, counter_component()).expect("valid");
    let mut store = Store::new(engine, Keeper::default());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    Fixture { store, instance }
}

impl Fixture {
    fn typed<P, R>(&self, name: &str) -> TypedFunc<P, R>
    where
        P: airssys_wasm::abi::typed::Lower + airssys_wasm::abi::typed::ComponentList,
        R: airssys_wasm::abi::typed::Lift + airssys_wasm::abi::typed::ComponentList,
    {
        self.instance.get_typed_func::<P, R, _>(&self.store, name).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn make(&mut self, rep: u32) -> ResourceAny {
        let new = self.typed::<(u32,), (ResourceAny,)>("[constructor]counter");
        new.call(&mut self.store, (rep,)).expect("constructor").0
    }

    /// `[method]counter.get`, lending `c`. (A typed function that takes a
    /// reference borrows it for as long as the function lives: it is made
    /// here, in the scope of the call.)
    fn get(&mut self, c: &ResourceAny) -> Result<u32, airssys_wasm::Error> {
        let get = self.typed::<(&ResourceAny,), (u32,)>("[method]counter.get");
        Ok(get.call(&mut self.store, (c,))?.0)
    }

    /// (sum of destroyed reps, number of destructor calls)
    fn destroyed(&mut self) -> (u32, u32) {
        let dropped = self.typed::<(), (u32,)>("dropped");
        let destroyed = self.typed::<(), (u32,)>("destroyed");
        (
            dropped.call(&mut self.store, ()).expect("dropped").0,
            destroyed.call(&mut self.store, ()).expect("destroyed").0,
        )
    }

    /// No handle left in the host's table nor the instance's.
    fn assert_no_handles(&self) {
        assert_eq!(self.store.host_handles(), [], "host handles leaked");
        assert_eq!(self.instance.handles(&self.store).expect("handles"), [], "instance handles leaked");
    }
}

#[test]
fn a_handle_is_made_lent_given_back_and_dropped_through_typed_calls() {
    let mut t = setup();
    let take = t.typed::<(ResourceAny,), (u32,)>("take");

    let a = t.make(7);
    assert!(a.owned());
    assert_eq!(a.ty(), t.instance.get_resource(&t.store, "counter").expect("counter"));
    assert_ne!(a.ty(), t.instance.get_resource(&t.store, "other").expect("other"));
    assert_eq!(t.store.host_handles().len(), 1);

    // Lent twice: the host keeps it.
    assert_eq!(t.get(&a).expect("get"), 7);
    assert_eq!(t.get(&a).expect("get"), 7);
    assert_eq!(t.store.host_handles()[0].lends, 0, "the loans ended with the calls");

    // Given back: the guest drops it, its destructor runs once.
    assert_eq!(take.call(&mut t.store, (a,)).expect("take"), (7,));
    assert_eq!(t.destroyed(), (7, 1));

    // Dropped by the host: the destructor runs once.
    let b = t.make(5);
    b.resource_drop(&mut t.store).expect("drop");
    assert_eq!(t.destroyed(), (12, 2));
    t.assert_no_handles();
}

#[test]
fn a_dropped_or_given_handle_cannot_be_used_again() {
    let mut t = setup();
    let a = t.make(3);
    // Two host values for one handle can only come through the dynamic path.
    let val = a.into_val(&t.store).expect("into_val");
    let a = ResourceAny::try_from_val(val.clone(), &t.store).expect("from_val");
    let twin = ResourceAny::try_from_val(val, &t.store).expect("from_val");
    a.resource_drop(&mut t.store).expect("drop");
    // A newer handle takes the freed index: the twin still does not name it.
    let b = t.make(9);
    assert_eq!(b.into_val(&t.store).expect("val"), Val::Own(1), "the index was reused");
    let b = ResourceAny::try_from_val(Val::Own(1), &t.store).expect("b");
    let err = t.get(&twin).expect_err("use after drop");
    assert!(err.to_string().contains("no longer live"), "{err}");
    let err = twin.resource_drop(&mut t.store).expect_err("drop after drop");
    assert!(err.to_string().contains("no longer live"), "{err}");
    assert_eq!(t.destroyed(), (3, 1), "the destructor ran once, and not for the newer handle");
    assert_eq!(t.get(&b).expect("b is fine"), 9);
    b.resource_drop(&mut t.store).expect("drop");
    t.assert_no_handles();
}

#[test]
fn a_handle_of_another_store_is_refused() {
    let engine = Engine::default();
    let mut a = setup_in(&engine);
    let mut b = setup_in(&engine);
    let from_a = a.make(4);
    let err = b.get(&from_a).expect_err("wrong store");
    assert!(matches!(err.kind(), ErrorKind::WrongStore { .. }), "{err:?}");
    let err = ResourceAny::try_from_val(Val::Own(1), &b.store).expect_err("nothing in b");
    assert!(err.to_string().contains("unknown handle index 1"), "{err}");
    // Nothing happened in either store; the handle still works at home.
    assert_eq!(b.store.host_handles(), []);
    assert_eq!(a.get(&from_a).expect("get"), 4);
    let err = from_a.into_val(&b.store).expect_err("into another store");
    assert!(matches!(err.kind(), ErrorKind::WrongStore { .. }), "{err:?}");
    let from_a = a.make(6);
    let err = from_a.resource_drop(&mut b.store).expect_err("dropped in another store");
    assert!(matches!(err.kind(), ErrorKind::WrongStore { .. }), "{err:?}");
}

#[test]
fn a_handle_of_another_resource_type_is_refused_per_call() {
    let mut t = setup();
    let new_other = t.typed::<(u32,), (ResourceAny,)>("new-other");
    let take = t.typed::<(ResourceAny,), (u32,)>("take");
    let (other,) = new_other.call(&mut t.store, (8,)).expect("other");
    assert_eq!(other.ty(), t.instance.get_resource(&t.store, "other").expect("other"));
    let err = t.get(&other).expect_err("an `other` is not a `counter`");
    assert_eq!(
        err.to_string(),
        "trap: handle index 1 used with the wrong type, expected guest-defined resource `counter` but found a \
         different guest-defined resource `other` in parameter 0 (`self`) of `[method]counter.get`"
    );
    let err = take.call(&mut t.store, (other,)).expect_err("an `other` is not a `counter`");
    assert!(err.to_string().contains("wrong type"), "{err}");
    // The `other` stays with the host (the call failed before moving it).
    assert_eq!(t.store.host_handles().len(), 1);
    assert_eq!(t.destroyed(), (0, 0));
}

#[test]
fn typed_functions_check_handle_positions_when_made() {
    let t = setup();
    // An own cannot be lent, a borrow cannot be given by value.
    let err = t.instance.get_typed_func::<(&ResourceAny,), (u32,), _>(&t.store, "take").expect_err("&own");
    assert!(err.to_string().contains("a reference only lends"), "{err}");
    let err = t.instance.get_typed_func::<(ResourceAny,), (u32,), _>(&t.store, "[method]counter.get").expect_err("");
    assert!(err.to_string().contains("&ResourceAny"), "{err}");
    // A ResourceAny is a handle, not a number.
    let err = t
        .instance
        .get_typed_func::<(ResourceAny,), (ResourceAny,), _>(&t.store, "[constructor]counter")
        .expect_err("u32");
    assert!(matches!(err.kind(), ErrorKind::Type(_)), "{err:?}");
}

#[test]
fn handles_nest_in_options_lists_tuples_and_results() {
    let mut t = setup();
    let maybe = t.typed::<(u32,), (Option<ResourceAny>,)>("maybe");
    let many = t.typed::<(u32,), (Vec<ResourceAny>,)>("many");
    let sum = t.typed::<(&[&ResourceAny],), (u32,)>("sum");
    assert!(maybe.call(&mut t.store, (0,)).expect("none").0.is_none());
    let some = maybe.call(&mut t.store, (30,)).expect("some").0.expect("a handle");
    let (list,) = many.call(&mut t.store, (3,)).expect("many");
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|c| c.owned() && c.ty() == some.ty()));
    let lent: Vec<&ResourceAny> = list.iter().chain([&some]).collect();
    assert_eq!(sum.call(&mut t.store, (&lent,)).expect("sum"), (1 + 2 + 3 + 30,));
    for c in list.into_iter().chain([some]) {
        c.resource_drop(&mut t.store).expect("drop");
    }
    assert_eq!(t.destroyed(), (36, 4));
    t.assert_no_handles();

    let pair = t.typed::<(u32,), ((ResourceAny, u32),)>("pair");
    let checked = t.typed::<(u32,), (Result<ResourceAny, u32>,)>("checked");
    let ((c, rep),) = pair.call(&mut t.store, (4,)).expect("pair");
    assert_eq!((t.get(&c).expect("get"), rep), (4, 4));
    let (ok,) = checked.call(&mut t.store, (5,)).expect("checked");
    let ok = ok.expect("ok");
    assert_eq!(t.get(&ok).expect("get"), 5);
    assert_eq!(checked.call(&mut t.store, (0,)).expect("checked").0.expect_err("err"), 99);
    c.resource_drop(&mut t.store).expect("drop");
    ok.resource_drop(&mut t.store).expect("drop");
    assert_eq!(t.destroyed(), (45, 6));
    t.assert_no_handles();
}

/// `keep` takes the guest's own, `give` returns it, `peek` sees a borrow.
fn relay_through_host(linker: fn(&Store<Keeper>, &Instance) -> Linker<Keeper>) {
    let engine = Engine::default();
    let mut t = setup_in(&engine);
    let user = Component::new(&engine, user_component()).expect("valid");
    let user = linker(&t.store, &t.instance).instantiate(&mut t.store, &user).expect("instantiates");
    let keep = user.get_typed_func::<(ResourceAny,), (), _>(&t.store, "relay-keep").expect("relay-keep");
    let peek = user.get_typed_func::<(ResourceAny,), (u32,), _>(&t.store, "relay-peek").expect("relay-peek");
    let give = user.get_typed_func::<(), (ResourceAny,), _>(&t.store, "relay-give").expect("relay-give");

    // The user gives the host's handle to the host's `keep`.
    let c = t.make(11);
    keep.call(&mut t.store, (c,)).expect("keep");
    let kept = &t.store.data().kept;
    assert_eq!(kept.len(), 1);
    assert!(kept[0].owned());
    assert_eq!(Some(kept[0].ty()), t.instance.get_resource(&t.store, "counter").ok());
    assert_eq!(t.store.host_handles().len(), 1, "the host owns it now");
    let kept = t.store.data_mut().kept.remove(0);
    assert_eq!(t.get(&kept).expect("get"), 11);
    t.store.data_mut().kept.push(kept);

    // `give` returns it to the user, which returns it to the host.
    let (back,) = give.call(&mut t.store, ()).expect("give");
    assert_eq!(t.get(&back).expect("get"), 11);
    back.resource_drop(&mut t.store).expect("drop");
    assert_eq!(t.destroyed(), (11, 1));

    // A borrow lent to the host ends with the call; the user then drops the handle.
    let c = t.make(12);
    assert_eq!(peek.call(&mut t.store, (c,)).expect("peek"), (42,));
    assert_eq!(t.store.data().peeked_owned, [false]);
    assert_eq!(t.destroyed(), (23, 2));
    let stale = t.store.data_mut().stale_borrow.take().expect("peek kept its borrow");
    let err = t.get(&stale).expect_err("the borrow ended");
    assert!(err.to_string().contains("no longer live"), "{err}");
    t.assert_no_handles();
    assert_eq!(user.handles(&t.store).expect("handles"), [], "the user's handles leaked");
}

#[test]
fn typed_host_functions_take_and_return_guest_resources() {
    relay_through_host(typed_linker);
}

#[test]
fn dynamic_host_functions_take_and_return_guest_resources() {
    relay_through_host(dynamic_linker);
}

#[test]
fn a_component_resource_type_is_linked_only_into_its_store() {
    let engine = Engine::default();
    let a = setup_in(&engine);
    let mut b = setup_in(&engine);
    let user = Component::new(&engine, user_component()).expect("valid");
    let err = typed_linker(&a.store, &a.instance).instantiate(&mut b.store, &user).expect_err("a's type in b");
    assert!(matches!(err.kind(), ErrorKind::WrongStore { .. }), "{err:?}");
}

#[test]
fn the_dynamic_path_converts_both_ways() {
    let mut t = setup();
    let func = |t: &Fixture, name: &str| -> Func { t.instance.get_func(&t.store, name).expect("export") };
    let new = func(&t, "[constructor]counter");
    let get = func(&t, "[method]counter.get");
    let take = func(&t, "take");
    let mut out = [Val::Bool(false)];
    new.call(&mut t.store, &[Val::U32(2)], &mut out).expect("new");
    let [val] = out.clone();
    let c = ResourceAny::try_from_val(val, &t.store).expect("a handle");
    assert!(c.owned());
    let err = ResourceAny::try_from_val(Val::Borrow(1), &t.store).expect_err("not a borrow");
    assert!(err.to_string().contains("owning handle"), "{err}");
    let err = ResourceAny::try_from_val(Val::U32(1), &t.store).expect_err("not a handle");
    assert!(matches!(err.kind(), ErrorKind::Type(_)), "{err:?}");

    // A typed handle lent through the dynamic path, then given back.
    let lent = ResourceAny::try_from_val(Val::Own(1), &t.store).expect("again");
    let Val::Own(i) = lent.into_val(&t.store).expect("val") else { panic!("not own") };
    get.call(&mut t.store, &[Val::Borrow(i)], &mut out).expect("get");
    assert_eq!(out, [Val::U32(2)]);
    let val = c.into_val(&t.store).expect("val");
    take.call(&mut t.store, &[val], &mut out).expect("take");
    assert_eq!(out, [Val::U32(2)]);
    assert_eq!(t.destroyed(), (2, 1));
    t.assert_no_handles();
}
