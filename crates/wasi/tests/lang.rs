//! The language guests of `crates/guests/build-lang.sh`: `python-demo.wasm`
//! (componentize-py) and `js-demo.wasm` (componentize-js), both of world
//! `airssys:lang-demo/lang-demo` (`wit/lang-demo`), linked with this crate's
//! [`add_to_linker`](airssys_wasm_wasi::add_to_linker) and the grants the
//! CLI gives by default, stdout captured through a callback, the wall clock
//! virtual. Every export of `airssys:lang-demo/demo@0.1.0` is called twice
//! over: through the `bindgen!` bindings of the world and with dynamic
//! `Val`s.
//!
//! Loading an 18 MB Python or 12 MB JS component takes seconds in a debug
//! build, so each is loaded once and shared by the tests.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use airssys_wasm::{Component, Engine, Linker, Store, Val};
use airssys_wasm_wasi::clocks::WallTime;
use airssys_wasm_wasi::{WasiCtx, grants};
use common::Capture;
use std::sync::OnceLock;

airssys_wasm::bindgen!({ world: "lang-demo", path: "../../wit/lang-demo" });

use exports::airssys::lang_demo::demo::{Person, Summary};

/// The exported interface, as `Instance::get_func` names its functions.
const DEMO: &str = "airssys:lang-demo/demo@0.1.0";

/// The virtual wall clock's start: 2026-01-01T00:00:00Z.
const START: WallTime = WallTime { seconds: 1_767_225_600, nanoseconds: 0 };
/// The virtual clocks advance 1 ms per read.
const STEP_NANOS: u64 = 1_000_000;

/// A language guest.
#[derive(Clone, Copy, Debug)]
enum Lang {
    Python,
    Js,
}

impl Lang {
    /// The component's file name in the guests' directory.
    fn file(self) -> &'static str {
        match self {
            Lang::Python => "python-demo.wasm",
            Lang::Js => "js-demo.wasm",
        }
    }

    /// The component, loaded once per test binary.
    fn component(self) -> &'static Component {
        static PYTHON: OnceLock<Component> = OnceLock::new();
        static JS: OnceLock<Component> = OnceLock::new();
        let cell = match self {
            Lang::Python => &PYTHON,
            Lang::Js => &JS,
        };
        cell.get_or_init(|| load(self.file()))
    }
}

/// Loads `file` from the guests' directory, or panics saying how to build it.
fn load(file: &str) -> Component {
    let bytes = common::guest_bytes(file, "build-lang.sh");
    Component::new(&Engine::default(), bytes).unwrap_or_else(|e| panic!("{file} does not load: {e}"))
}

/// A store for one guest, with its captured stdout and the linker it is
/// instantiated with.
struct Host {
    store: Store<WasiCtx>,
    linker: Linker<WasiCtx>,
    stdout: Capture,
    component: &'static Component,
}

impl Host {
    /// A store on the virtual clocks and a fixed seed, stdout captured, the
    /// WASI interfaces defined and the CLI's default grants given.
    fn new(lang: Lang) -> Host {
        let component = lang.component();
        let stdout = Capture::default();
        let ctx = WasiCtx::builder()
            .arg(lang.file())
            .stdout(stdout.sink())
            .virtual_clocks(START, STEP_NANOS)
            .random_seed(7)
            .build()
            .expect("a context");
        let mut linker = Linker::new();
        airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("the WASI definitions");
        // The grants `airssys-wasm run` gives by default.
        for grant in grants::defaults(component.ty().imports.iter().map(|(name, _)| name.as_str())) {
            linker.grant(grant);
        }
        let store = Store::new(component.engine(), ctx);
        Host { store, linker, stdout, component }
    }

    /// What the guest printed so far, taken out of the buffer.
    fn take_stdout(&self) -> String {
        self.stdout.take()
    }
}

/// A `person` of the Rust bindings.
fn person(name: &str, age: u32, tags: &[&str]) -> Person {
    Person { name: name.into(), age, tags: tags.iter().map(|t| t.to_string()).collect() }
}

/// Checks that `ms` was read from the virtual wall clock: at or after its
/// start, and at most a few thousand 1 ms reads past it.
fn assert_virtual_millis(ms: u64) {
    let start = START.seconds * 1_000;
    assert!((start..start + 10_000).contains(&ms), "now-millis {ms} is not the virtual clock's ({start} + a few ms)");
}

/// Every export through the bindings: results and stdout.
fn typed_calls(lang: Lang) {
    let mut host = Host::new(lang);
    let world = LangDemo::instantiate(&mut host.store, host.component, &host.linker).expect("instantiates");
    let demo = world.airssys_lang_demo_demo();
    let store = &mut host.store;

    assert_eq!(demo.call_greet(store, "world").expect("greet"), "Hello, world!");
    assert_eq!(demo.call_greet(store, "Zoë ✓").expect("greet"), "Hello, Zoë ✓!");
    assert_eq!(host.take_stdout(), "Hello, world!\nHello, Zoë ✓!\n");

    let store = &mut host.store;
    let words = ["pear".to_string(), "apple".into(), "fig".into()];
    assert_eq!(demo.call_shout_sorted(store, &words).expect("shout-sorted"), ["APPLE", "FIG", "PEAR"]);
    assert_eq!(demo.call_shout_sorted(store, &[]).expect("shout-sorted"), Vec::<String>::new());

    let older = demo.call_birthday(store, person("Ada", 36, &["math"])).expect("birthday");
    assert_eq!(
        (older.name.as_str(), older.age, older.tags.as_slice()),
        ("Ada", 37, &["math".into(), "seen".into()][..])
    );

    let people = [person("Ada", 36, &[]), person("Alan", 41, &["x"])];
    let Summary { count, total_age, names } = demo.call_summarize(store, &people).expect("summarize");
    assert_eq!((count, total_age, names.as_slice()), (2, 77, &["Ada".to_string(), "Alan".into()][..]));
    let Summary { count, total_age, names } = demo.call_summarize(store, &[]).expect("summarize");
    assert_eq!((count, total_age, names.len()), (0, 0, 0));
    assert_eq!(host.take_stdout(), "", "only greet and now-millis print");

    let ms = demo.call_now_millis(&mut host.store).expect("now-millis");
    assert_virtual_millis(ms);
    assert_eq!(host.take_stdout(), format!("now {ms}\n"));
}

/// Calls `DEMO#func` with dynamic values and returns its one result.
fn call(host: &mut Host, instance: &airssys_wasm::Instance, func: &str, params: &[Val]) -> Val {
    let name = format!("{DEMO}#{func}");
    let f = instance.get_func(&host.store, &name).unwrap_or_else(|e| panic!("no {name}: {e}"));
    let mut results = [Val::Bool(false)];
    f.call(&mut host.store, params, &mut results).unwrap_or_else(|e| panic!("{name} failed: {e}"));
    let [result] = results;
    result
}

/// A `string` value.
fn s(text: &str) -> Val {
    Val::String(text.into())
}

/// A `list<string>` value.
fn strings(items: &[&str]) -> Val {
    Val::List(items.iter().map(|t| s(t)).collect())
}

/// A `person` value.
fn person_val(name: &str, age: u32, tags: &[&str]) -> Val {
    Val::Record(vec![s(name), Val::U32(age), strings(tags)])
}

/// Every export with dynamic `Val`s: results and stdout.
fn dynamic_calls(lang: Lang) {
    let mut host = Host::new(lang);
    let instance = host.linker.instantiate(&mut host.store, host.component).expect("instantiates");

    assert_eq!(call(&mut host, &instance, "greet", &[s("Val")]), s("Hello, Val!"));
    assert_eq!(host.take_stdout(), "Hello, Val!\n");
    assert_eq!(
        call(&mut host, &instance, "shout-sorted", &[strings(&["b", "c", "a", "b"])]),
        strings(&["A", "B", "B", "C"])
    );
    assert_eq!(
        call(&mut host, &instance, "birthday", &[person_val("Grace", 85, &[])]),
        person_val("Grace", 86, &["seen"])
    );
    let people =
        Val::List(vec![person_val("Ada", 36, &["math"]), person_val("Alan", 41, &[]), person_val("Kay", 1, &[])]);
    assert_eq!(
        call(&mut host, &instance, "summarize", &[people]),
        Val::Record(vec![Val::U32(3), Val::U32(78), strings(&["Ada", "Alan", "Kay"])])
    );
    let Val::U64(ms) = call(&mut host, &instance, "now-millis", &[]) else { panic!("now-millis is not a u64") };
    assert_virtual_millis(ms);
    assert_eq!(host.take_stdout(), format!("now {ms}\n"));
}

#[test]
fn python_exports_through_the_bindings() {
    typed_calls(Lang::Python);
}

#[test]
fn python_exports_with_dynamic_values() {
    dynamic_calls(Lang::Python);
}

#[test]
fn js_exports_through_the_bindings() {
    typed_calls(Lang::Js);
}

#[test]
fn js_exports_with_dynamic_values() {
    dynamic_calls(Lang::Js);
}

#[test]
fn the_wall_clock_advances_between_reads() {
    for lang in [Lang::Python, Lang::Js] {
        let mut host = Host::new(lang);
        let world = LangDemo::instantiate(&mut host.store, host.component, &host.linker).expect("instantiates");
        let demo = world.airssys_lang_demo_demo();
        let first = demo.call_now_millis(&mut host.store).expect("now-millis");
        let second = demo.call_now_millis(&mut host.store).expect("now-millis");
        assert_virtual_millis(first);
        assert!(second > first, "{lang:?}: the virtual clock steps 1 ms per read: {first} then {second}");
    }
}
