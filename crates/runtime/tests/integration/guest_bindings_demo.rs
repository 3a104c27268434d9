//! The Rust guest `crates/guests/bindings-demo` (world
//! `airssys:demo/bindings-demo`, `wit/bindings-demo/demo.wit`), built from
//! source by `crates/guests/build.sh`, driven through the dynamic API: a
//! linker defining the host interface with `func_new`, every export called
//! with `Val`s. Each call goes through [`Demo::call`], so that a port to
//! generated bindings replaces one helper per export.

use airssys_wasm::{Component, Engine, Grant, Instance, Linker, Resource, Store, Val};
use std::path::PathBuf;

/// The guest's API interface.
const API: &str = "airssys:demo/api@0.1.0";
/// The host interface the guest imports.
const HOST: &str = "airssys:demo/host@0.1.0";
/// The interface of the nested package: types only, which the guest imports too.
const SHAPES: &str = "airssys:shapes/types@0.1.0";

/// The host's side: its blobs (capacity and bytes, by representation), the
/// messages logged, and the blobs whose destructor ran.
#[derive(Default)]
struct Host {
    blobs: Vec<(u32, Vec<u8>)>,
    logs: Vec<(u32, String)>,
    dropped: Vec<u32>,
}

/// The bytes of the built guest, or a panic that says how to build it.
fn guest_bytes() -> Vec<u8> {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests"), PathBuf::from);
    let path = dir.join("bindings-demo.wasm");
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}; run crates/guests/build.sh to build the guests", path.display())
    })
}

/// A host blob's representation from an argument.
fn blob_rep(v: &Val) -> Result<usize, airssys_wasm::Error> {
    match v {
        Val::Borrow(rep) => Ok(*rep as usize),
        other => Err(airssys_wasm::Error::host(format!("not a blob: {other:?}"))),
    }
}

/// Bytes of a `list<u8>`.
fn bytes(v: &Val) -> Vec<u8> {
    match v {
        Val::List(items) => {
            items.iter().map(|b| if let Val::U8(b) = b { *b } else { panic!("not a u8: {b:?}") }).collect()
        }
        other => panic!("not a list<u8>: {other:?}"),
    }
}

/// A `list<u8>` of `data`.
fn list_u8(data: &[u8]) -> Val {
    Val::List(data.iter().map(|b| Val::U8(*b)).collect())
}

/// The linker of the host interface: `log`, and the resource `blob` with
/// its constructor and methods, all granted.
fn host_linker() -> Linker<Host> {
    let mut linker = blob_linker();
    let mut host = linker.instance(HOST).expect("instance");
    host.func_new("log", |mut cx, params, _| {
        let (Val::Enum(level), Val::String(message)) = (&params[0], &params[1]) else {
            return Err(airssys_wasm::Error::host(format!("log: bad arguments {params:?}")));
        };
        cx.data_mut().logs.push((*level, message.clone()));
        Ok(())
    })
    .expect("log");
    linker
}

/// The linker of the host interface without `log`: the resource `blob`
/// with its constructor and methods, granted.
fn blob_linker() -> Linker<Host> {
    /// The host keeps blobs as bare representations into `Host::blobs`.
    struct Blob;
    let mut linker = Linker::<Host>::new();
    linker.grant(Grant::new(HOST));
    // An instance of types only: nothing to define in it.
    linker.instance(SHAPES).expect("instance");
    let mut host = linker.instance(HOST).expect("instance");
    host.resource("blob", |mut cx, res: Resource<Blob>| {
        cx.data_mut().dropped.push(res.rep());
        Ok(())
    })
    .expect("resource");
    host.func_new("[constructor]blob", |mut cx, params, results| {
        let Val::U32(capacity) = params[0] else { return Err(airssys_wasm::Error::host("capacity")) };
        let rep = cx.data().blobs.len() as u32;
        cx.data_mut().blobs.push((capacity, Vec::new()));
        results[0] = Val::Own(rep);
        Ok(())
    })
    .expect("constructor");
    host.func_new("[method]blob.write", |mut cx, params, results| {
        let rep = blob_rep(&params[0])?;
        let data = bytes(&params[1]);
        let (capacity, held) = &mut cx.data_mut().blobs[rep];
        let left = *capacity as usize - held.len();
        results[0] = if data.len() <= left {
            held.extend_from_slice(&data);
            Val::Result(Ok(None))
        } else {
            Val::Result(Err(Some(Box::new(Val::U32(left as u32)))))
        };
        Ok(())
    })
    .expect("write");
    host.func_new("[method]blob.read", |cx, params, results| {
        let rep = blob_rep(&params[0])?;
        results[0] = list_u8(&cx.data().blobs[rep].1);
        Ok(())
    })
    .expect("read");
    linker
}

/// An instance of the guest in a store of its own.
struct Demo {
    store: Store<Host>,
    instance: Instance,
}

impl Demo {
    /// Instantiates the guest with `linker`.
    fn with(linker: &Linker<Host>) -> Result<Demo, airssys_wasm::Error> {
        let engine = Engine::default();
        let component = Component::new(&engine, guest_bytes())?;
        let mut store = Store::new(&engine, Host::default());
        let instance = linker.instantiate(&mut store, &component)?;
        Ok(Demo { store, instance })
    }

    /// Instantiates the guest with the full host.
    fn new() -> Demo {
        Demo::with(&host_linker()).expect("the guest instantiates")
    }

    /// Calls the export `name` (`iface#func` for a function of an exported
    /// interface) with `args`; its one result, if any.
    fn call(&mut self, name: &str, args: &[Val]) -> Option<Val> {
        self.try_call(name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Like [`Demo::call`], returning the error.
    fn try_call(&mut self, name: &str, args: &[Val]) -> Result<Option<Val>, airssys_wasm::Error> {
        let f = self.instance.get_func(&self.store, name)?;
        let count = f.ty(&self.store)?.results().types().len();
        let mut results = vec![Val::Bool(false); count];
        f.call(&mut self.store, args, &mut results)?;
        Ok(results.pop())
    }

    /// Calls `API#name`.
    fn api(&mut self, name: &str, args: &[Val]) -> Option<Val> {
        self.call(&format!("{API}#{name}"), args)
    }
}

/// `point { x, y }`.
fn point(x: i32, y: i32) -> Val {
    Val::Record(vec![Val::S32(x), Val::S32(y)])
}

/// `rect { origin, width, height }`.
fn rect(origin: Val, width: u32, height: u32) -> Val {
    Val::Record(vec![origin, Val::U32(width), Val::U32(height)])
}

/// The `shape` cases.
fn circle(center: Val, radius: u32) -> Val {
    Val::Variant(0, Some(Box::new(Val::Tuple(vec![center, Val::U32(radius)]))))
}
fn rectangle(r: Val) -> Val {
    Val::Variant(1, Some(Box::new(r)))
}
fn dot(p: Val) -> Val {
    Val::Variant(2, Some(Box::new(p)))
}

/// `Some(v)` and `ok(v)`, `err(v)` as values.
fn some(v: Val) -> Val {
    Val::Option(Some(Box::new(v)))
}
fn ok(v: Val) -> Val {
    Val::Result(Ok(Some(Box::new(v))))
}
fn err(v: Val) -> Val {
    Val::Result(Err(Some(Box::new(v))))
}

#[test]
fn version_is_a_world_export() {
    let mut demo = Demo::new();
    assert_eq!(demo.call("version", &[]), Some(Val::String("bindings-demo 0.1.0".into())));
}

#[test]
fn records_variants_and_nested_package_types() {
    let mut demo = Demo::new();
    assert_eq!(demo.api("area", &[rectangle(rect(point(0, 0), 3, 4))]), Some(Val::U64(12)));
    // 10² · 355/113, rounded down.
    assert_eq!(demo.api("area", &[circle(point(1, 1), 10)]), Some(Val::U64(314)));
    assert_eq!(demo.api("area", &[dot(point(5, 5))]), Some(Val::U64(0)));
    assert_eq!(demo.api("translate", &[point(1, -2), Val::S32(10), Val::S32(20)]), Some(point(11, 18)));
}

#[test]
fn lists_of_variants_give_a_record_with_option_and_strings() {
    let mut demo = Demo::new();
    let shapes = Val::List(vec![circle(point(0, 0), 2), rectangle(rect(point(3, 1), 4, 5)), dot(point(-1, 7))]);
    let summary = demo.api("summarize", &[shapes]);
    let labels = ["circle r=2", "rect 4x5", "dot (-1, 7)"].map(|l| Val::String(l.into())).to_vec();
    assert_eq!(
        summary,
        Some(Val::Record(vec![Val::U32(3), Val::U64(12 + 20), some(rect(point(-2, -2), 9, 9)), Val::List(labels),]))
    );
    let empty = demo.api("summarize", &[Val::List(vec![])]);
    assert_eq!(empty, Some(Val::Record(vec![Val::U32(0), Val::U64(0), Val::Option(None), Val::List(vec![])])));
}

#[test]
fn enums_results_and_error_variants() {
    let mut demo = Demo::new();
    assert_eq!(demo.api("parse-color", &[Val::String("green".into())]), Some(ok(Val::Enum(1))));
    assert_eq!(
        demo.api("parse-color", &[Val::String("mauve".into())]),
        Some(err(Val::Variant(0, Some(Box::new(Val::String("mauve".into()))))))
    );
    assert_eq!(demo.api("parse-color", &[Val::String(String::new())]), Some(err(Val::Variant(2, None))));
}

#[test]
fn flags_and_options() {
    let mut demo = Demo::new();
    // {write, execute} → {read, execute}.
    assert_eq!(demo.api("read-only", &[Val::Flags(0b110)]), Some(Val::Flags(0b101)));
    assert_eq!(demo.api("read-only", &[Val::Flags(0)]), Some(Val::Flags(0b001)));
    assert_eq!(
        demo.api("first-word", &[Val::String("  hello wide world".into())]),
        Some(some(Val::String("hello".into())))
    );
    assert_eq!(demo.api("first-word", &[Val::String("   ".into())]), Some(Val::Option(None)));
}

#[test]
fn host_functions_receive_the_guests_calls() {
    let mut demo = Demo::new();
    let messages = Val::List(vec![Val::String("one".into()), Val::String("två".into())]);
    assert_eq!(demo.api("log-all", &[Val::Enum(2), messages]), Some(Val::U32(2)));
    assert_eq!(demo.store.data().logs, [(2, "one".to_string()), (2, "två".to_string())]);
}

#[test]
fn host_resources_are_created_used_and_dropped_by_the_guest() {
    let mut demo = Demo::new();
    let chunks = Val::List(vec![list_u8(b"ab"), list_u8(b"cde")]);
    assert_eq!(demo.api("fill-blob", &[Val::U32(8), chunks]), Some(ok(list_u8(b"abcde"))));
    // Too large: the host's `err(left)` becomes the guest's `too-large(left)`.
    let chunks = Val::List(vec![list_u8(b"abc"), list_u8(b"defg")]);
    assert_eq!(demo.api("fill-blob", &[Val::U32(5), chunks]), Some(err(Val::Variant(1, Some(Box::new(Val::U32(2)))))));
    // The guest dropped both blobs it made: the host's destructor ran for each.
    assert_eq!(demo.store.data().dropped, [0, 1]);
}

#[test]
fn a_host_resource_is_lent_to_the_guest() {
    let mut demo = Demo::new();
    demo.store.data_mut().blobs.push((4, b"x".to_vec()));
    assert_eq!(demo.api("write-to", &[Val::Borrow(0), list_u8(b"yz")]), Some(Val::Result(Ok(None))));
    assert_eq!(demo.api("write-to", &[Val::Borrow(0), list_u8(b"long")]), Some(err(Val::U32(1))));
    assert_eq!(demo.store.data().blobs[0].1, b"xyz");
    assert!(demo.store.data().dropped.is_empty(), "a loan does not drop");
}

#[test]
fn a_guest_resource_is_constructed_called_and_consumed() {
    let mut demo = Demo::new();
    let Some(Val::Own(a)) = demo.api("[constructor]accumulator", &[Val::S64(10)]) else { panic!("no handle") };
    let Some(Val::Own(b)) = demo.api("[constructor]accumulator", &[Val::S64(-3)]) else { panic!("no handle") };
    assert_eq!(demo.api("[method]accumulator.add", &[Val::Borrow(a), Val::S64(5)]), Some(Val::S64(15)));
    assert_eq!(demo.api("[method]accumulator.total", &[Val::Borrow(b)]), Some(Val::S64(-3)));
    let Some(Val::Own(sum)) = demo.api("[static]accumulator.merge", &[Val::Own(a), Val::Own(b)]) else {
        panic!("no handle")
    };
    assert_eq!(demo.api("[method]accumulator.total", &[Val::Borrow(sum)]), Some(Val::S64(12)));
    // `merge` consumed both: their handles are gone.
    let gone = demo.try_call(&format!("{API}#[method]accumulator.total"), &[Val::Borrow(a)]).expect_err("moved");
    assert!(gone.to_string().contains("unknown handle index"), "{gone}");
    demo.store.context().resource_drop(sum).expect("the host drops its handle");
}

#[test]
fn a_missing_import_is_named() {
    let err = Demo::with(&Linker::new()).err().expect("no host: instantiation fails");
    assert_eq!(
        err.to_string(),
        "unresolved import `airssys:demo/host@0.1.0`: define it in the linker before instantiating"
    );
}

#[test]
fn a_missing_host_function_is_named() {
    let err = Demo::with(&blob_linker()).err().expect("no `log`: instantiation fails");
    assert_eq!(
        err.to_string(),
        "unresolved import `airssys:demo/host@0.1.0#log`: define it in the linker before instantiating"
    );
}

#[test]
fn a_host_function_of_the_wrong_type_is_refused_at_instantiation() {
    let mut linker = blob_linker();
    // `log` takes (level, string): a typed definition of (u32) does not match.
    linker.instance(HOST).expect("instance").func_wrap("log", |_, (_,): (u32,)| Ok(())).expect("define");
    let err = Demo::with(&linker).err().expect("wrong type: instantiation fails");
    let message = err.to_string();
    let expected = "import `airssys:demo/host@0.1.0#log` has the wrong type: the component expects \
                    `func(level: enum { debug, info, warn, error }, message: string)`, the linker has \
                    `a typed host function taking (u32,)";
    assert!(message.starts_with(expected), "{message}");
}
