//! Call overhead of the component layer, measured in the same run against
//! wasmi's own core calls, with the ratios printed at the end; and calls
//! through `bindgen!`'s accessors against hand-written typed calls.
//!
//! `cargo bench -p airssys-wasm --bench calls`. Targets: a typed component
//! call at most 1.3x a wasmi typed core call; an import call at most 1.3x a
//! wasmi host call.

// A benchmark whose setup fails has nothing to measure: stop at once.
#![allow(clippy::expect_used)]

use airssys_wasm::{
    Component, Config, DispatchCall, DispatchedFunc, Engine, Error, Grant, HostDispatch, Linker, Store, Val,
};
use criterion::{BenchmarkId, Criterion};
use std::hint::black_box;
use std::path::PathBuf;

/// Calls of the import per `run` invocation in the import benchmarks.
const LOOP: u32 = 1000;

const ADD_CORE: &str = r#"(func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))"#;

/// The fields of a core module that calls `$f` `n` times, summing results.
fn loop_core(import: &str) -> String {
    format!(
        r#"{import}
          (func (export "run") (param $n i32) (result i32)
            (local $i i32) (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (call $f (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $s))"#
    )
}

fn add_component() -> Vec<u8> {
    wat::parse_str(format!(
        r#"(component
          (core module $m {ADD_CORE})
          (core instance $m (instantiate $m))
          (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add"))))"#
    ))
    .expect("valid component")
}

fn import_component() -> Vec<u8> {
    let core = loop_core(r#"(import "host" "f" (func $f (param i32) (result i32)))"#);
    wat::parse_str(format!(
        r#"(component
          (import "bench:host/f" (instance $h (export "f" (func (param "x" u32) (result u32)))))
          (core func $f (canon lower (func $h "f")))
          (core module $m {core})
          (core instance $m (instantiate $m (with "host" (instance (export "f" (func $f))))))
          (func (export "run") (param "n" u32) (result u32) (canon lift (core func $m "run"))))"#
    ))
    .expect("valid component")
}

fn bench_typed_call(c: &mut Criterion) {
    let mut g = c.benchmark_group("typed_call_add");
    let engine = Engine::default();
    let component = Component::new(&engine, add_component()).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let add = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "add").expect("typed");
    g.bench_function(BenchmarkId::new("call", "ours"), |b| b.iter(|| add.call(&mut store, black_box((1, 2)))));

    let wengine = wasmi::Engine::default();
    let module =
        wasmi::Module::new(&wengine, wat::parse_str(format!("(module {ADD_CORE})")).expect("wat")).expect("module");
    let mut wstore = wasmi::Store::new(&wengine, ());
    let winstance = wasmi::Instance::new(&mut wstore, &module, &[]).expect("instance");
    let wadd = winstance.get_typed_func::<(i32, i32), i32>(&wstore, "add").expect("typed");
    g.bench_function(BenchmarkId::new("call", "wasmi"), |b| b.iter(|| wadd.call(&mut wstore, black_box((1, 2)))));
    g.finish();
}

/// A component whose `count(s: string) -> u32` returns the byte length of a
/// UTF-8 string it received through its bump `realloc`.
fn string_component() -> Vec<u8> {
    wat::parse_str(
        r#"(component
          (core module $m
            (memory (export "memory") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (global.get $next))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (local.get $p))
            (func (export "count") (param $ptr i32) (param $len i32) (result i32)
              (global.set $next (i32.const 1024))
              (local.get $len)))
          (core instance $m (instantiate $m))
          (func (export "count") (param "s" string) (result u32)
            (canon lift (core func $m "count") (memory (core memory $m "memory")) (realloc (core func $m "realloc")))))"#,
    )
    .expect("valid component")
}

/// A typed call that lowers a 32-byte string into the guest (a `realloc`
/// call and a copy into linear memory).
fn bench_string_call(c: &mut Criterion) {
    let mut g = c.benchmark_group("typed_call_string");
    let engine = Engine::default();
    let component = Component::new(&engine, string_component()).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let count = instance.get_typed_func::<(&str,), (u32,), _>(&store, "count").expect("typed");
    let text = "a string of exactly 32 bytes....";
    g.bench_function(BenchmarkId::new("call", "ours"), |b| b.iter(|| count.call(&mut store, black_box((text,)))));
    g.finish();
}

/// `f(x) = x + 1` of `bench:host/f` through a dispatcher.
struct Increment;

impl HostDispatch<()> for Increment {
    fn functions(&self) -> &'static [DispatchedFunc] {
        const FUNCS: &[DispatchedFunc] = &[DispatchedFunc::new::<(u32,), (u32,)>("f")];
        FUNCS
    }

    fn call(&self, index: usize, call: DispatchCall<'_, ()>) -> Result<Vec<Val>, Error> {
        match index {
            0 => call.run(|_, (x,): (u32,)| Ok((x + 1,))),
            _ => Err(call.unknown(index)),
        }
    }
}

fn bench_import_call(c: &mut Criterion) {
    let mut g = c.benchmark_group("import_call_1000");
    let engine = Engine::default();
    let component = Component::new(&engine, import_component()).expect("component");
    let mut linker = Linker::<()>::new();
    linker.instance("bench:host/f").expect("instance").func_wrap("f", |_, (x,): (u32,)| Ok((x + 1,))).expect("define");
    linker.grant(Grant::new("bench:host/f"));
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).expect("instance");
    let run = instance.get_typed_func::<(u32,), (u32,), _>(&store, "run").expect("typed");
    run.call(&mut store, (LOOP,)).expect("granted");
    g.bench_function(BenchmarkId::new("loop", "ours"), |b| b.iter(|| run.call(&mut store, black_box((LOOP,)))));

    // The same function through a dispatcher (as `bindgen!` defines imports).
    let mut linker = Linker::<()>::new();
    linker.instance("bench:host/f").expect("instance").func_dispatch(Increment).expect("define");
    linker.grant(Grant::new("bench:host/f"));
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).expect("instance");
    let run = instance.get_typed_func::<(u32,), (u32,), _>(&store, "run").expect("typed");
    run.call(&mut store, (LOOP,)).expect("granted");
    g.bench_function(BenchmarkId::new("loop", "dispatched"), |b| b.iter(|| run.call(&mut store, black_box((LOOP,)))));

    let wengine = wasmi::Engine::default();
    let text = format!("(module {})", loop_core(r#"(import "host" "f" (func $f (param i32) (result i32)))"#));
    let module = wasmi::Module::new(&wengine, wat::parse_str(&text).expect("wat")).expect("module");
    let mut wstore = wasmi::Store::new(&wengine, ());
    let f = wasmi::Func::wrap(&mut wstore, |x: i32| x.wrapping_add(1));
    let winstance = wasmi::Instance::new(&mut wstore, &module, &[f.into()]).expect("instance");
    let wrun = winstance.get_typed_func::<i32, i32>(&wstore, "run").expect("typed");
    g.bench_function(BenchmarkId::new("loop", "wasmi"), |b| b.iter(|| wrun.call(&mut wstore, black_box(LOOP as i32))));
    g.finish();
}

fn bench_instantiate(c: &mut Criterion) {
    let mut g = c.benchmark_group("instantiate_add");
    let engine = Engine::default();
    let bytes = add_component();
    let component = Component::new(&engine, &bytes).expect("component");
    let linker = Linker::<()>::new();
    g.bench_function(BenchmarkId::new("instantiate", "ours"), |b| {
        b.iter(|| {
            let mut store = Store::new(&engine, ());
            linker.instantiate(&mut store, black_box(&component)).expect("instance")
        })
    });
    g.bench_function(BenchmarkId::new("load+instantiate", "ours"), |b| {
        b.iter(|| {
            let component = Component::new(&engine, black_box(&bytes)).expect("component");
            let mut store = Store::new(&engine, ());
            linker.instantiate(&mut store, &component).expect("instance")
        })
    });
    let wengine = wasmi::Engine::default();
    let core = wat::parse_str(format!("(module {ADD_CORE})")).expect("wat");
    let module = wasmi::Module::new(&wengine, &core).expect("module");
    g.bench_function(BenchmarkId::new("instantiate", "wasmi"), |b| {
        b.iter(|| {
            let mut store = wasmi::Store::new(&wengine, ());
            wasmi::Instance::new(&mut store, black_box(&module), &[]).expect("instance")
        })
    });
    g.bench_function(BenchmarkId::new("load+instantiate", "wasmi"), |b| {
        b.iter(|| {
            let module = wasmi::Module::new(&wengine, black_box(&core)).expect("module");
            let mut store = wasmi::Store::new(&wengine, ());
            wasmi::Instance::new(&mut store, &module, &[]).expect("instance")
        })
    });
    g.finish();
}

/// A component calling `bench:fs/files#size(path)` in a loop with the path
/// "/data/logs/today.txt" from its memory.
fn path_import_component() -> Vec<u8> {
    wat::parse_str(
        r#"(component
          (import "bench:fs/files" (instance $h (export "size" (func (param "path" string) (result u32)))))
          (core module $mem (memory (export "mem") 1) (data (i32.const 64) "/data/logs/today.txt"))
          (core instance $mem (instantiate $mem))
          (core func $f (canon lower (func $h "size") (memory (core memory $mem "mem"))))
          (core module $m
            (import "host" "f" (func $f (param i32 i32) (result i32)))
            (func (export "run") (param $n i32) (result i32)
              (local $i i32) (local $s i32)
              (loop $l
                (local.set $s (i32.add (local.get $s) (call $f (i32.const 64) (i32.const 20))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
              (local.get $s)))
          (core instance $m (instantiate $m (with "host" (instance (export "f" (func $f))))))
          (func (export "run") (param "n" u32) (result u32) (canon lift (core func $m "run"))))"#,
    )
    .expect("valid component")
}

/// The capability check's cost: the same import calls with checks switched
/// off, with an unconstrained grant, and (for a string argument) with one
/// path-prefix constraint.
fn bench_capability_check(c: &mut Criterion) {
    let mut g = c.benchmark_group("capability_check_1000");
    let cases: [(&str, Vec<u8>, Option<&str>); 5] = [
        ("u32-unchecked", import_component(), None),
        ("u32-granted", import_component(), Some("bench:host/f")),
        ("path-unchecked", path_import_component(), None),
        ("path-granted", path_import_component(), Some("bench:fs/files")),
        ("path-prefix", path_import_component(), Some(r#"bench:fs/files#size(path: prefix "/data")"#)),
    ];
    for (name, bytes, grant) in cases {
        let mut config = Config::new();
        config.capability_checks(grant.is_some());
        let engine = Engine::new(&config);
        let component = Component::new(&engine, &bytes).expect("component");
        let mut linker = Linker::<()>::new();
        linker.instance("bench:host/f").expect("instance").func_wrap("f", |_, (x,): (u32,)| Ok((x + 1,))).expect("f");
        linker
            .instance("bench:fs/files")
            .expect("instance")
            .func_wrap("size", |_, (p,): (String,)| Ok((p.len() as u32,)))
            .expect("size");
        if let Some(grant) = grant {
            linker.grant(grant.parse::<Grant>().expect("grant"));
        }
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component).expect("instance");
        let run = instance.get_typed_func::<(u32,), (u32,), _>(&store, "run").expect("typed");
        run.call(&mut store, (LOOP,)).expect("every call allowed");
        g.bench_function(BenchmarkId::new("loop", name), |b| b.iter(|| run.call(&mut store, black_box((LOOP,)))));
    }
    g.finish();
}

// `bindgen!` needs the `macros` feature (on by default).
#[cfg(feature = "macros")]
mod generated {
    //! Bindings of the two benchmark components, from `bindgen!`.

    /// `add_component`'s world.
    pub mod adder {
        airssys_wasm::bindgen!({
            world: "adder",
            inline: "package bench:calls; world adder { export add: func(a: u32, b: u32) -> u32; }",
        });
    }

    /// `string_component`'s world.
    pub mod counter {
        airssys_wasm::bindgen!({
            world: "counter",
            inline: "package bench:calls; world counter { export count: func(s: string) -> u32; }",
        });
    }
}

/// A call through `bindgen!`'s accessor against the same call through a
/// hand-written `get_typed_func`, in the same run: both are one `TypedFunc`
/// call, so the generated one must cost no more.
#[cfg(feature = "macros")]
fn bench_generated_call(c: &mut Criterion) {
    let mut g = c.benchmark_group("generated_call");
    let engine = Engine::default();
    let component = Component::new(&engine, add_component()).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let add = instance.get_typed_func::<(u32, u32), (u32,), _>(&store, "add").expect("typed");
    let adder = generated::adder::Adder::new(&store, &instance).expect("bindings");
    g.bench_function(BenchmarkId::new("add", "get_typed_func"), |b| b.iter(|| add.call(&mut store, black_box((1, 2)))));
    g.bench_function(BenchmarkId::new("add", "generated"), |b| {
        b.iter(|| adder.call_add(&mut store, black_box(1), black_box(2)))
    });

    let component = Component::new(&engine, string_component()).expect("component");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instance");
    let count = instance.get_typed_func::<(&str,), (u32,), _>(&store, "count").expect("typed");
    let counter = generated::counter::Counter::new(&store, &instance).expect("bindings");
    let text = "a string of exactly 32 bytes....";
    g.bench_function(BenchmarkId::new("string", "get_typed_func"), |b| {
        b.iter(|| count.call(&mut store, black_box((text,))))
    });
    g.bench_function(BenchmarkId::new("string", "generated"), |b| {
        b.iter(|| counter.call_count(&mut store, black_box(text)))
    });
    g.finish();
}

fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("criterion")
}

fn mean_ns(dir: &std::path::Path, group: &str, function: &str, param: &str) -> Option<f64> {
    let path = dir.join(group).join(function).join(param).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn print_ratios(dir: &std::path::Path) {
    println!("\nratio to wasmi in the same run (our time / wasmi time; targets: calls <= 1.30):");
    let rows = [
        ("typed_call_add", "call", 1.0),
        ("import_call_1000", "loop", f64::from(LOOP)),
        ("instantiate_add", "instantiate", 1.0),
        ("instantiate_add", "load+instantiate", 1.0),
    ];
    for (group, function, per) in rows {
        match (mean_ns(dir, group, function, "ours"), mean_ns(dir, group, function, "wasmi")) {
            (Some(ours), Some(wasmi)) => println!(
                "  {group:<18} {function:<17} ours {:>9.1} ns  wasmi {:>9.1} ns  ratio {:.2}",
                ours / per,
                wasmi / per,
                ours / wasmi
            ),
            _ => println!("  {group:<18} {function:<17} (not measured in this run)"),
        }
    }
}

fn print_generated_costs(dir: &std::path::Path) {
    println!("\ngenerated accessor vs hand-written get_typed_func, same run (target: ratio <= 1.00 within noise):");
    for function in ["add", "string"] {
        let time = |case: &str| mean_ns(dir, "generated_call", function, case);
        match (time("generated"), time("get_typed_func")) {
            (Some(gen_ns), Some(hand)) => println!(
                "  {function:<7} generated {gen_ns:>8.1} ns  get_typed_func {hand:>8.1} ns  ratio {:.3}",
                gen_ns / hand
            ),
            _ => println!("  {function:<7} (not measured in this run)"),
        }
    }
}

fn print_check_costs(dir: &std::path::Path) {
    println!("\ncapability check, per import call (target: unconstrained check <= 5% or 2 ns over unchecked):");
    let per_call = |case: &str| mean_ns(dir, "capability_check_1000", "loop", case).map(|t| t / f64::from(LOOP));
    for (checked, unchecked) in
        [("u32-granted", "u32-unchecked"), ("path-granted", "path-unchecked"), ("path-prefix", "path-unchecked")]
    {
        match (per_call(checked), per_call(unchecked)) {
            (Some(c), Some(u)) => println!(
                "  {checked:<14} {c:>7.2} ns  vs {unchecked:<15} {u:>7.2} ns  +{:.2} ns  ratio {:.3}",
                c - u,
                c / u
            ),
            _ => println!("  {checked:<14} (not measured in this run)"),
        }
    }
}

fn main() {
    let dir = criterion_dir();
    let mut c = Criterion::default().output_directory(&dir).configure_from_args();
    bench_typed_call(&mut c);
    bench_string_call(&mut c);
    #[cfg(feature = "macros")]
    bench_generated_call(&mut c);
    bench_import_call(&mut c);
    bench_instantiate(&mut c);
    bench_capability_check(&mut c);
    c.final_summary();
    print_ratios(&dir);
    print_check_costs(&dir);
    print_generated_costs(&dir);
}
