//! Tests of generated bindings against the runtime: a WAT component of
//! world `app` (tests/e2e) called through `App`, its imports served by a
//! host that implements the generated traits.

#![allow(missing_docs)]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

use airssys_wasm::{Component, Engine, Error, ErrorKind, Grant, Linker, Resource, ResourceTable, Store};

/// A host counter, kept in the host's table.
pub struct Counter {
    value: u32,
}

airssys_wasm::bindgen!({
    world: "app",
    path: "tests/e2e/app.wit",
    with: { "e2e:app/host/counter": crate::Counter },
});

use e2e::app::host::{Host, HostCounter};

#[derive(Default)]
struct State {
    table: ResourceTable,
    log: Vec<String>,
    dropped: Vec<u32>,
}

impl HostCounter for State {
    fn new(&mut self, start: u32) -> Result<Resource<Counter>, Error> {
        self.table.push(Counter { value: start })
    }

    fn add(&mut self, self_: Resource<Counter>, n: u32) -> Result<u32, Error> {
        let c = self.table.get_mut(&self_)?;
        c.value += n;
        Ok(c.value)
    }

    fn drop(&mut self, rep: Resource<Counter>) -> Result<(), Error> {
        let c = self.table.delete(rep)?;
        self.dropped.push(c.value);
        Ok(())
    }
}

impl Host for State {
    fn log(&mut self, msg: String) -> Result<(), Error> {
        self.log.push(msg);
        Ok(())
    }

    fn sum(&mut self, items: Vec<u32>) -> Result<u32, Error> {
        if items.is_empty() {
            return Err(Error::from(ErrorKind::Host("the host refuses an empty list".into())));
        }
        Ok(items.iter().sum())
    }
}

fn component(engine: &Engine) -> Component {
    Component::new(engine, include_str!("e2e/app.wat")).expect("valid component")
}

fn setup(grant: bool) -> (Store<State>, App) {
    let engine = Engine::default();
    let mut linker = Linker::<State>::new();
    App::add_to_linker(&mut linker, |s| s).expect("links");
    if grant {
        linker.grant(Grant::new("e2e:app/host"));
    }
    let mut store = Store::new(&engine, State::default());
    let app = App::instantiate(&mut store, &component(&engine), &linker).expect("instantiates");
    (store, app)
}

#[test]
fn world_exports_call_through_typed_accessors() {
    let (mut store, app) = setup(true);
    assert_eq!(app.call_run(&mut store, "héllo").expect("run"), 6);
    assert_eq!(store.data().log, ["héllo"]);
    let api = app.e2e_app_api();
    assert_eq!(api.call_add(&mut store, 2, 40).expect("add"), 42);
    assert_eq!(api.call_greet(&mut store, "wörld").expect("greet"), "wörld");
    assert_eq!(api.call_total(&mut store, &[1, 2, 3, 4]).expect("total"), 10);
}

#[test]
fn a_host_resource_is_lent_to_the_guest() {
    let (mut store, app) = setup(true);
    let c = store.data_mut().table.push(Counter { value: 10 }).expect("push");
    assert_eq!(app.e2e_app_api().call_bump(&mut store, &c, 5).expect("bump"), 15);
    assert_eq!(app.e2e_app_api().call_bump(&mut store, &c, 1).expect("bump"), 16);
    assert!(store.data().dropped.is_empty(), "a borrow never runs the destructor");
    assert_eq!(store.data().table.get(&c).expect("still the host's").value, 16);
}

#[test]
fn a_host_error_traps_the_guest() {
    let (mut store, app) = setup(true);
    let err = app.e2e_app_api().call_total(&mut store, &[]).expect_err("the host refuses");
    assert!(err.to_string().contains("the host refuses an empty list"), "{err}");
}

#[test]
fn bindings_grant_nothing() {
    let (mut store, app) = setup(false);
    let err = app.call_run(&mut store, "hi").expect_err("denied");
    assert!(matches!(err.kind(), ErrorKind::Denied(_)), "{err:?}");
    assert!(store.data().log.is_empty());
    // Functions that call no import still run.
    assert_eq!(app.e2e_app_api().call_add(&mut store, 1, 1).expect("add"), 2);
}

#[test]
fn a_component_of_another_world_is_refused_when_the_bindings_are_made() {
    let engine = Engine::default();
    let mut linker = Linker::<State>::new();
    App::add_to_linker(&mut linker, |s| s).expect("links");
    let other = Component::new(
        &engine,
        r#"(component
             (core module $m (func (export "run") (param i32) (result i32) (local.get 0)))
             (core instance $m (instantiate $m))
             (func (export "run") (param "x" u32) (result u32) (canon lift (core func $m "run"))))"#,
    )
    .expect("valid");
    let mut store = Store::new(&engine, State::default());
    let err = App::instantiate(&mut store, &other, &linker).expect_err("wrong world");
    assert!(matches!(err.kind(), ErrorKind::Type(_) | ErrorKind::NoSuchExport(_)), "{err:?}");
}
