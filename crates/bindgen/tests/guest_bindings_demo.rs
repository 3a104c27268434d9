//! The Rust guest `crates/guests/bindings-demo` (world
//! `airssys:demo/bindings-demo`, `wit/bindings-demo/demo.wit`), built from
//! source by `crates/guests/build.sh`, driven only through the bindings
//! `bindgen!` generates: the host implements the generated `Host` and
//! `HostBlob` traits, every export is called through a typed accessor, and
//! the exported resource is held as a `ResourceAny`. The runtime's
//! `tests/integration/guest_bindings_demo.rs` drives the same guest through
//! the dynamic API.

#![allow(missing_docs)]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

use airssys_wasm::{Component, Engine, Error, ErrorKind, Grant, Linker, Resource, ResourceTable, Store};
use std::path::PathBuf;

/// The host's state of a `blob`: its capacity and the bytes written.
pub struct BlobData {
    capacity: u32,
    bytes: Vec<u8>,
}

airssys_wasm::bindgen!({
    world: "bindings-demo",
    path: "../../wit/bindings-demo",
    with: { "airssys:demo/host@0.1.0/blob": crate::BlobData },
});

use airssys::demo::host::{self as host_api, HostBlob, Level};
use airssys::shapes::types::{Point, Rect, Shape};
use exports::airssys::demo::api::{Color, Error as ApiError, Permissions, Summary};

/// The host interface the guest imports.
const HOST: &str = "airssys:demo/host@0.1.0";

/// The host: its blobs, the messages logged, and the bytes of every blob
/// whose destructor ran.
#[derive(Default)]
struct State {
    table: ResourceTable,
    logs: Vec<(Level, String)>,
    dropped: Vec<Vec<u8>>,
}

impl HostBlob for State {
    fn new(&mut self, capacity: u32) -> Result<Resource<BlobData>, Error> {
        self.table.push(BlobData { capacity, bytes: Vec::new() })
    }

    fn write(&mut self, self_: Resource<BlobData>, data: Vec<u8>) -> Result<Result<(), u32>, Error> {
        let blob = self.table.get_mut(&self_)?;
        let left = blob.capacity as usize - blob.bytes.len();
        if data.len() > left {
            return Ok(Err(u32::try_from(left).unwrap_or(u32::MAX)));
        }
        blob.bytes.extend_from_slice(&data);
        Ok(Ok(()))
    }

    fn read(&mut self, self_: Resource<BlobData>) -> Result<Vec<u8>, Error> {
        Ok(self.table.get(&self_)?.bytes.clone())
    }

    fn drop(&mut self, rep: Resource<BlobData>) -> Result<(), Error> {
        let blob = self.table.delete(rep)?;
        self.dropped.push(blob.bytes);
        Ok(())
    }
}

impl host_api::Host for State {
    fn log(&mut self, level: Level, message: String) -> Result<(), Error> {
        self.logs.push((level, message));
        Ok(())
    }
}

/// The nested package's interface has types only: nothing to implement.
impl airssys::shapes::types::Host for State {}

/// The built guest, or a panic that says how to build it.
fn guest(engine: &Engine) -> Component {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests"), PathBuf::from);
    let path = dir.join("bindings-demo.wasm");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}; run crates/guests/build.sh to build the guests", path.display())
    });
    Component::new(engine, bytes).expect("the guest is a valid component")
}

/// A linker with the whole world's imports defined by the bindings and the
/// host interface granted.
fn linker() -> Linker<State> {
    let mut linker = Linker::new();
    BindingsDemo::add_to_linker(&mut linker, |s| s).expect("the bindings define the imports");
    linker.grant(Grant::new(HOST));
    linker
}

/// Instantiates the guest with `linker`.
fn instantiate(linker: &Linker<State>) -> Result<(Store<State>, BindingsDemo), Error> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, State::default());
    let demo = BindingsDemo::instantiate(&mut store, &guest(&engine), linker)?;
    Ok((store, demo))
}

/// The guest, instantiated with the full host.
fn demo() -> (Store<State>, BindingsDemo) {
    instantiate(&linker()).expect("the guest instantiates")
}

fn point(x: i32, y: i32) -> Point {
    Point { x, y }
}

fn rect(origin: Point, width: u32, height: u32) -> Rect {
    Rect { origin, width, height }
}

#[test]
fn version_is_a_world_export() {
    let (mut store, demo) = demo();
    assert_eq!(demo.call_version(&mut store).expect("version"), "bindings-demo 0.1.0");
}

#[test]
fn records_variants_and_nested_package_types() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    assert_eq!(api.call_area(&mut store, Shape::Rectangle(rect(point(0, 0), 3, 4))).expect("area"), 12);
    // 10² · 355/113, rounded down.
    assert_eq!(api.call_area(&mut store, Shape::Circle((point(1, 1), 10))).expect("area"), 314);
    assert_eq!(api.call_area(&mut store, Shape::Dot(point(5, 5))).expect("area"), 0);
    assert_eq!(api.call_translate(&mut store, point(1, -2), 10, 20).expect("translate"), point(11, 18));
}

#[test]
fn lists_of_variants_give_a_record_with_option_and_strings() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    let shapes = [Shape::Circle((point(0, 0), 2)), Shape::Rectangle(rect(point(3, 1), 4, 5)), Shape::Dot(point(-1, 7))];
    let summary = api.call_summarize(&mut store, &shapes).expect("summarize");
    let labels = ["circle r=2", "rect 4x5", "dot (-1, 7)"].map(String::from).to_vec();
    let expected = Summary { count: 3, total_area: 12 + 20, bounds: Some(rect(point(-2, -2), 9, 9)), labels };
    assert_eq!(summary, expected);
    let empty = api.call_summarize(&mut store, &[]).expect("summarize");
    assert_eq!(empty, Summary { count: 0, total_area: 0, bounds: None, labels: vec![] });
}

#[test]
fn enums_results_and_error_variants() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    assert_eq!(api.call_parse_color(&mut store, "green").expect("call"), Ok(Color::Green));
    assert_eq!(api.call_parse_color(&mut store, "blue").expect("call"), Ok(Color::Blue));
    assert_eq!(api.call_parse_color(&mut store, "mauve").expect("call"), Err(ApiError::Invalid("mauve".into())));
    assert_eq!(api.call_parse_color(&mut store, "").expect("call"), Err(ApiError::Empty));
}

#[test]
fn flags_and_options() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    let write_execute = Permissions { read: false, write: true, execute: true };
    let read_execute = Permissions { read: true, write: false, execute: true };
    assert_eq!(api.call_read_only(&mut store, write_execute).expect("read-only"), read_execute);
    let read = Permissions { read: true, ..Permissions::default() };
    assert_eq!(api.call_read_only(&mut store, Permissions::default()).expect("read-only"), read);
    assert_eq!(api.call_first_word(&mut store, "  hello wide world").expect("call"), Some("hello".into()));
    assert_eq!(api.call_first_word(&mut store, "   ").expect("call"), None);
}

#[test]
fn host_functions_receive_the_guests_calls() {
    let (mut store, demo) = demo();
    let messages = ["one".to_string(), "två".to_string()];
    assert_eq!(demo.airssys_demo_api().call_log_all(&mut store, Level::Warn, &messages).expect("log-all"), 2);
    assert_eq!(store.data().logs, [(Level::Warn, "one".to_string()), (Level::Warn, "två".to_string())]);
}

#[test]
fn host_resources_are_given_to_the_guest_used_and_dropped() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    let chunks = [b"ab".to_vec(), b"cde".to_vec()];
    assert_eq!(api.call_fill_blob(&mut store, 8, &chunks).expect("fill-blob"), Ok(b"abcde".to_vec()));
    // Too large: the host's `err(left)` becomes the guest's `too-large(left)`.
    let chunks = [b"abc".to_vec(), b"defg".to_vec()];
    assert_eq!(api.call_fill_blob(&mut store, 5, &chunks).expect("fill-blob"), Err(ApiError::TooLarge(2)));
    // The guest dropped both blobs the host gave it: the destructor ran for each.
    assert_eq!(store.data().dropped, [b"abcde".to_vec(), b"abc".to_vec()]);
}

#[test]
fn a_host_resource_is_lent_to_the_guest() {
    let (mut store, demo) = demo();
    let api = demo.airssys_demo_api();
    let blob = store.data_mut().table.push(BlobData { capacity: 4, bytes: b"x".to_vec() }).expect("push");
    assert_eq!(api.call_write_to(&mut store, &blob, b"yz").expect("write-to"), Ok(()));
    assert_eq!(api.call_write_to(&mut store, &blob, b"long").expect("write-to"), Err(1));
    assert_eq!(store.data().table.get(&blob).expect("still the host's").bytes, b"xyz");
    assert!(store.data().dropped.is_empty(), "a loan does not drop");
}

#[test]
fn a_guest_resource_is_constructed_called_passed_back_and_dropped() {
    let (mut store, demo) = demo();
    let acc = demo.airssys_demo_api().accumulator();
    let a = acc.call_constructor(&mut store, 10).expect("constructor");
    let b = acc.call_constructor(&mut store, -3).expect("constructor");
    assert_eq!(acc.call_add(&mut store, &a, 5).expect("add"), 15);
    assert_eq!(acc.call_total(&mut store, &a).expect("total"), 15);
    assert_eq!(acc.call_total(&mut store, &b).expect("total"), -3);
    assert!(store.data().logs.is_empty(), "nothing dropped yet");
    // `merge` takes both back by value: the guest consumed them, so their
    // destructors ran (the guest's destructor logs through the host).
    let sum = acc.call_merge(&mut store, a, b).expect("merge");
    assert_eq!(acc.call_total(&mut store, &sum).expect("total"), 12);
    let dropped = |store: &Store<State>| -> Vec<String> {
        store.data().logs.iter().map(|(level, m)| format!("{level:?}: {m}")).collect()
    };
    // (The guest's `merge` drops its parameters in reverse order.)
    assert_eq!(dropped(&store), ["Debug: accumulator dropped at -3", "Debug: accumulator dropped at 15"]);
    // The host drops its handle: the guest's destructor runs.
    sum.resource_drop(&mut store).expect("the host drops its handle");
    assert_eq!(dropped(&store)[2..], ["Debug: accumulator dropped at 12".to_string()]);
}

#[test]
fn a_guest_resource_of_another_store_is_refused() {
    let (mut store, demo) = demo();
    let (mut other, other_demo) = self::demo();
    let theirs = other_demo.airssys_demo_api().accumulator().call_constructor(&mut other, 1).expect("constructor");
    let err = demo.airssys_demo_api().accumulator().call_total(&mut store, &theirs).expect_err("another store's");
    assert!(matches!(err.kind(), ErrorKind::WrongStore { object: "resource handle", .. }), "{err:?}");
    theirs.resource_drop(&mut other).expect("dropped in its own store");
}

#[test]
fn a_missing_import_is_named() {
    // Only the nested package's (empty) interface: the host interface is missing.
    let mut linker = Linker::<State>::new();
    airssys::shapes::types::add_to_linker(&mut linker, |s| s).expect("links");
    let err = instantiate(&linker).err().expect("no host interface: instantiation fails");
    assert_eq!(
        err.to_string(),
        "unresolved import `airssys:demo/host@0.1.0`: define it in the linker before instantiating"
    );
}

/// `HostBlob` of another binding of the host interface, as the demo's.
macro_rules! same_blob {
    ($host:path) => {
        impl $host for State {
            fn new(&mut self, capacity: u32) -> Result<Resource<BlobData>, Error> {
                <Self as HostBlob>::new(self, capacity)
            }

            fn write(&mut self, self_: Resource<BlobData>, data: Vec<u8>) -> Result<Result<(), u32>, Error> {
                <Self as HostBlob>::write(self, self_, data)
            }

            fn read(&mut self, self_: Resource<BlobData>) -> Result<Vec<u8>, Error> {
                <Self as HostBlob>::read(self, self_)
            }

            fn drop(&mut self, rep: Resource<BlobData>) -> Result<(), Error> {
                <Self as HostBlob>::drop(self, rep)
            }
        }
    };
}

/// The host interface without `log`.
mod no_log {
    airssys_wasm::bindgen!({
        world: "no-log",
        inline: "
            package airssys:demo@0.1.0;
            interface host {
              resource blob {
                constructor(capacity: u32);
                write: func(data: list<u8>) -> result<_, u32>;
                read: func() -> list<u8>;
              }
            }
            world no-log { import host; }
        ",
        with: { "airssys:demo/host@0.1.0/blob": crate::BlobData },
    });
}

same_blob!(no_log::airssys::demo::host::HostBlob);

impl no_log::airssys::demo::host::Host for State {}

#[test]
fn a_missing_host_function_is_named() {
    let mut linker = Linker::<State>::new();
    airssys::shapes::types::add_to_linker(&mut linker, |s| s).expect("links");
    no_log::NoLog::add_to_linker(&mut linker, |s| s).expect("links");
    let err = instantiate(&linker).err().expect("no `log`: instantiation fails");
    assert_eq!(
        err.to_string(),
        "unresolved import `airssys:demo/host@0.1.0#log`: define it in the linker before instantiating"
    );
}

/// The host interface as another WIT says it: `log` takes a `u32` level.
mod wrong_host {
    airssys_wasm::bindgen!({
        world: "wrong",
        inline: "
            package airssys:demo@0.1.0;
            interface host {
              log: func(level: u32, message: string);
              resource blob {
                constructor(capacity: u32);
                write: func(data: list<u8>) -> result<_, u32>;
                read: func() -> list<u8>;
              }
            }
            world wrong { import host; }
        ",
        with: { "airssys:demo/host@0.1.0/blob": crate::BlobData },
    });
}

same_blob!(wrong_host::airssys::demo::host::HostBlob);

impl wrong_host::airssys::demo::host::Host for State {
    fn log(&mut self, _level: u32, message: String) -> Result<(), Error> {
        self.logs.push((Level::Error, message));
        Ok(())
    }
}

#[test]
fn a_host_function_of_the_wrong_type_is_refused_at_instantiation() {
    let mut linker = Linker::<State>::new();
    airssys::shapes::types::add_to_linker(&mut linker, |s| s).expect("links");
    wrong_host::Wrong::add_to_linker(&mut linker, |s| s).expect("links");
    let err = instantiate(&linker).err().expect("wrong type: instantiation fails");
    let message = err.to_string();
    assert!(message.starts_with("import `airssys:demo/host@0.1.0#log` has the wrong type"), "{message}");
    assert!(message.contains("func(level: enum { debug, info, warn, error }, message: string)"), "{message}");
}

#[test]
fn a_component_of_another_world_is_refused_when_the_bindings_are_made() {
    // `version` returns a `u32` here, and the `api` interface is missing.
    let engine = Engine::default();
    let other = Component::new(
        &engine,
        r#"(component
             (core module $m (func (export "version") (result i32) (i32.const 1)))
             (core instance $m (instantiate $m))
             (func (export "version") (result u32) (canon lift (core func $m "version"))))"#,
    )
    .expect("valid");
    let mut store = Store::new(&engine, State::default());
    let err = BindingsDemo::instantiate(&mut store, &other, &linker()).expect_err("another world");
    assert!(matches!(err.kind(), ErrorKind::Type(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "in Rust type `TypedFunc<(), (String,)>`, export `version`: \
         type mismatch: the Rust type needs string but the component type is u32"
    );
}
