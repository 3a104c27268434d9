//! Generated bindings of a world whose imported interfaces share a
//! resource type (`use`, as `wasi:io/streams` uses `wasi:io/error`'s
//! `error`): `add_to_linker` defines the type in every interface that
//! exports it again, and `USED_RESOURCES` lists those definitions.

#![allow(missing_docs)]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

use airssys_wasm::{Component, Engine, Error, Grant, Linker, Resource, ResourceTable, Store};

/// The host's value behind a `thing`.
pub struct Thing(u32);

airssys_wasm::bindgen!({
    world: "shared",
    path: "tests/e2e/shared.wit",
    with: { "e2e:shared/owner/thing": crate::Thing },
});

use e2e::shared::{chain, owner, user};

#[derive(Default)]
struct State {
    table: ResourceTable,
    dropped: Vec<u32>,
}

impl owner::HostThing for State {
    fn new(&mut self, n: u32) -> Result<Resource<Thing>, Error> {
        self.table.push(Thing(n))
    }

    fn get(&mut self, self_: Resource<Thing>) -> Result<u32, Error> {
        Ok(self.table.get(&self_)?.0)
    }

    fn drop(&mut self, rep: Resource<Thing>) -> Result<(), Error> {
        let thing = self.table.delete(rep)?;
        self.dropped.push(thing.0);
        Ok(())
    }
}

impl owner::Host for State {}

impl user::Host for State {
    fn peek(&mut self, t: Resource<Thing>) -> Result<u32, Error> {
        Ok(self.table.get(&t)?.0)
    }

    fn take(&mut self, t: Resource<Thing>) -> Result<u32, Error> {
        Ok(self.table.delete(t)?.0 * 100)
    }
}

impl chain::Host for State {
    fn double(&mut self, t: Resource<Thing>) -> Result<u32, Error> {
        Ok(self.table.get(&t)?.0 * 2)
    }
}

const OWNER: &str = "e2e:shared/owner@1.0.0";
const USER: &str = "e2e:shared/user@1.0.0";
const CHAIN: &str = "e2e:shared/chain@1.0.0";

fn component(engine: &Engine) -> Component {
    Component::new(engine, include_str!("e2e/shared.wat")).expect("valid component")
}

fn granted(mut linker: Linker<State>) -> Linker<State> {
    for interface in [OWNER, USER, CHAIN] {
        linker.grant(Grant::new(interface));
    }
    linker
}

#[test]
fn used_resources_name_the_owner_and_each_user_with_versions() {
    assert_eq!(Shared::USED_RESOURCES, [(OWNER, "thing", USER, "thing"), (OWNER, "thing", CHAIN, "item")]);
}

#[test]
fn one_host_resource_type_passes_through_every_interface_that_uses_it() {
    let engine = Engine::default();
    let mut linker = Linker::new();
    Shared::add_to_linker(&mut linker, |s: &mut State| s).expect("links");
    let linker = granted(linker);
    let mut store = Store::new(&engine, State::default());
    let shared = Shared::instantiate(&mut store, &component(&engine), &linker).expect("instantiates");
    // peek 7, double 14, take 700: the handle the owner's constructor made
    // is the type the user and the chain take.
    assert_eq!(shared.call_run(&mut store, 7).expect("run"), 721);
    assert!(store.data().dropped.is_empty(), "`take` moved the thing to the host, which deleted it");
}

#[test]
fn without_the_aliases_the_users_type_is_undefined() {
    let engine = Engine::default();
    let mut linker = Linker::new();
    owner::add_to_linker(&mut linker, |s: &mut State| s).expect("links");
    user::add_to_linker(&mut linker, |s: &mut State| s).expect("links");
    chain::add_to_linker(&mut linker, |s: &mut State| s).expect("links");
    let linker = granted(linker);
    let mut store = Store::new(&engine, State::default());
    let e = Shared::instantiate(&mut store, &component(&engine), &linker).map(|_| ()).expect_err("a type is missing");
    assert!(e.to_string().contains("unresolved import `e2e:shared/user@1.0.0#thing`"), "{e}");
}
