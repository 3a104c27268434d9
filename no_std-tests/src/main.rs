//! Runs real components on the device: each check loads a component binary
//! (made on the host from component text by build.rs), instantiates it and
//! calls it, and prints one line. Exit status 0 means every check passed.

#![no_std]
#![no_main]
#![deny(unsafe_code)]

extern crate alloc;

use airssys_wasm::caps::{AuditRing, DEFAULT_AUDIT_CAPACITY, DenialReason, Outcome as AuditOutcome};
use airssys_wasm::{Component, Config, Engine, Error, ErrorKind, Grant, Instance, Linker, Store, Val};
use airssys_wasm_no_std_tests::{Check, board, println, run_checks};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

macro_rules! component {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name))
    };
}

static GREET: &[u8] = component!("greet.wasm");
static RECORDS: &[u8] = component!("records.wasm");
static HOST_IMPORT: &[u8] = component!("host-import.wasm");
static COUNTER: &[u8] = component!("counter.wasm");
static VALUES: &[u8] = component!("values.wasm");
static GATED: &[u8] = component!("gated.wasm");
static SPIN: &[u8] = component!("spin.wasm");
static TRUNCATED: &[u8] = component!("truncated.wasm");
static CORRUPT: &[u8] = component!("corrupt.wasm");

const CHECKS: &[Check] = &[
    ("strings", strings),
    ("records-lists-variants", records_lists_variants),
    ("guest-trap", guest_trap),
    ("lists", lists),
    ("result-with-string", result_with_string),
    ("import-granted", import_granted),
    ("import-denied", import_denied),
    ("import-revoked", import_revoked),
    #[cfg(feature = "defmt")]
    ("audit-defmt", audit_defmt),
    ("resource", resource),
    ("fuel-exhausted", fuel_exhausted),
    ("malformed-rejected", malformed_rejected),
    #[cfg(feature = "wasi")]
    ("wasi-demo", airssys_wasm_no_std_tests::wasi_demo::check),
    #[cfg(feature = "selftest-panic")]
    ("selftest-panic", || panic!("on purpose (feature selftest-panic)")),
    #[cfg(feature = "selftest-fault")]
    ("selftest-fault", || board::undefined_instruction()),
    #[cfg(feature = "selftest-stack-overflow")]
    ("selftest-stack-overflow", || Ok(format!("{}", recurse(0)))),
];

/// Recurses with a 1 KiB frame until the stack runs out.
#[cfg(feature = "selftest-stack-overflow")]
fn recurse(depth: u64) -> u64 {
    let frame = core::hint::black_box([depth as u8; 1024]);
    recurse(depth + 1) + u64::from(frame[(depth % 1024) as usize])
}

#[airssys_wasm_no_std_tests::entry]
fn main() -> ! {
    board::init();
    println!(
        "airssys-wasm checks on {}, {}, validate {}",
        board::TARGET,
        if board::OPTIMIZED { "optimized" } else { "debug" },
        if cfg!(feature = "validate") { "on" } else { "off" }
    );
    board::exit(run_checks(CHECKS))
}

type Outcome = Result<String, String>;

/// Turns an error of step `what` into a check failure.
fn at(what: &'static str) -> impl Fn(Error) -> String {
    move |e| format!("{what}: {e}")
}

/// Fails with expected-versus-actual unless they are equal.
fn expect_eq<T: PartialEq + core::fmt::Debug>(what: &str, actual: T, expected: T) -> Result<(), String> {
    if actual == expected { Ok(()) } else { Err(format!("{what}: expected {expected:?}, got {actual:?}")) }
}

fn instantiate<T: 'static>(
    engine: &Engine,
    bytes: &[u8],
    linker: &Linker<T>,
    data: T,
) -> Result<(Store<T>, Instance), String> {
    let component = Component::new(engine, bytes).map_err(at("load"))?;
    let mut store = Store::new(engine, data);
    let instance = linker.instantiate(&mut store, &component).map_err(at("instantiate"))?;
    Ok((store, instance))
}

/// Calls export `name` with dynamic values and returns its one result.
fn call<T: 'static>(store: &mut Store<T>, instance: &Instance, name: &str, args: &[Val]) -> Result<Val, Error> {
    let func = instance.get_func(store, name)?;
    let mut out = [Val::Bool(false)];
    func.call(store, args, &mut out)?;
    let [result] = out;
    Ok(result)
}

/// greet(name: string) -> string, ASCII and not.
fn strings() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, GREET, &Linker::new(), Host::default())?;
    let greet = instance.get_typed_func::<(&str,), (String,), _>(&store, "greet").map_err(at("greet"))?;
    for (name, expected) in [("world", "Hello, world!"), ("Grüße, 世界", "Hello, Grüße, 世界!")] {
        let (got,) = greet.call(&mut store, (name,)).map_err(at("call"))?;
        expect_eq("greet", got.as_str(), expected)?;
    }
    Ok(String::new())
}

fn order(items: &[u32], shipping: Val) -> Val {
    Val::Record(vec![Val::List(items.iter().map(|&i| Val::U32(i)).collect()), shipping])
}

fn express(fee: u32) -> Val {
    Val::Variant(1, Some(Box::new(Val::U32(fee))))
}

/// summarize(order) -> summary: a record holding a list and a variant in,
/// a record holding a variant out.
fn records_lists_variants() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, RECORDS, &Linker::new(), Host::default())?;
    let got = call(&mut store, &instance, "summarize", &[order(&[250, 100], express(15))]).map_err(at("call"))?;
    expect_eq("express", got, Val::Record(vec![Val::U32(2), Val::U32(365), express(15)]))?;
    let standard = Val::Variant(0, None);
    let got = call(&mut store, &instance, "summarize", &[order(&[], standard.clone())]).map_err(at("call"))?;
    expect_eq("standard", got, Val::Record(vec![Val::U32(0), Val::U32(0), standard]))?;
    Ok(String::new())
}

/// The guest's checked arithmetic traps; the trap comes back as an error.
fn guest_trap() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, RECORDS, &Linker::new(), Host::default())?;
    let args = [order(&[u32::MAX, 1], Val::Variant(0, None))];
    match call(&mut store, &instance, "summarize", &args) {
        Ok(v) => Err(format!("a total beyond u32 returned {v:?}")),
        Err(e) if e.is_trap() && e.to_string().contains("unreachable") => Ok(e.to_string()),
        Err(e) => Err(format!("not the `unreachable` trap: {e}")),
    }
}

/// reverse(list<u32>) -> list<u32>, with typed Rust values.
fn lists() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, VALUES, &Linker::new(), Host::default())?;
    let reverse = instance.get_typed_func::<(&[u32],), (Vec<u32>,), _>(&store, "reverse").map_err(at("reverse"))?;
    let items: Vec<u32> = (1..=1000).collect();
    let (got,) = reverse.call(&mut store, (&items[..],)).map_err(at("call"))?;
    let expected: Vec<u32> = (1..=1000).rev().collect();
    expect_eq("reverse(1..=1000)", got == expected, true)?;
    let (got,) = reverse.call(&mut store, (&[][..],)).map_err(at("call"))?;
    expect_eq("reverse([])", got, Vec::new())?;
    Ok(String::new())
}

/// div(a, b) -> result<u32, string>: both cases.
fn result_with_string() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, VALUES, &Linker::new(), Host::default())?;
    let div = instance.get_typed_func::<(u32, u32), (Result<u32, String>,), _>(&store, "div").map_err(at("div"))?;
    expect_eq("div(7, 2)", div.call(&mut store, (7, 2)).map_err(at("call"))?, (Ok(3),))?;
    expect_eq("div(1, 0)", div.call(&mut store, (1, 0)).map_err(at("call"))?, (Err("division by zero".to_string()),))?;
    Ok(String::new())
}

/// Host state of the import checks: the clock's value and how often each
/// host function was reached.
#[derive(Default)]
struct Host {
    now: u64,
    clock_calls: u32,
    send_calls: u32,
}

/// A linker that defines and grants `host:clock/now#now`.
fn clock_linker() -> Result<Linker<Host>, String> {
    let mut linker = Linker::<Host>::new();
    linker
        .instance("host:clock/now")
        .and_then(|mut clock| {
            clock.func_wrap("now", |mut cx, (): ()| {
                cx.data_mut().clock_calls += 1;
                Ok((cx.data().now,))
            })
        })
        .map_err(at("define host:clock/now"))?;
    linker.grant(Grant::new("host:clock/now").for_function("now"));
    Ok(linker)
}

/// The linker of gated.wat: the clock as in `clock_linker`, and
/// `host:net/send#send` defined (it counts its calls and returns the
/// message's length) but granted only when `grant_send`.
fn gated_linker(grant_send: bool) -> Result<Linker<Host>, String> {
    let mut linker = clock_linker()?;
    linker
        .instance("host:net/send")
        .and_then(|mut net| {
            net.func_wrap("send", |mut cx, (msg,): (String,)| {
                cx.data_mut().send_calls += 1;
                Ok((msg.len() as u32,))
            })
        })
        .map_err(at("define host:net/send"))?;
    if grant_send {
        linker.grant(Grant::new("host:net/send").for_function("send"));
    }
    Ok(linker)
}

/// The granted import reaches the host and its value comes back.
fn import_granted() -> Outcome {
    let engine = Engine::default();
    let host = Host { now: 1_700_000_000, ..Host::default() };
    let (mut store, instance) = instantiate(&engine, HOST_IMPORT, &clock_linker()?, host)?;
    let elapsed = instance.get_typed_func::<(u64,), (u64,), _>(&store, "elapsed").map_err(at("elapsed"))?;
    expect_eq("elapsed", elapsed.call(&mut store, (1_699_999_000,)).map_err(at("call"))?, (1000,))?;
    expect_eq("host calls", store.data().clock_calls, 1)?;
    Ok(String::new())
}

/// Calls gated.wat's `ping`, which calls `host:net/send#send`; fails
/// unless the call is denied for `reason`. Returns the error's text.
fn expect_send_denied(store: &mut Store<Host>, instance: &Instance, reason: DenialReason) -> Result<String, String> {
    let ping = instance.get_typed_func::<(&str,), (u32,), _>(&*store, "ping").map_err(at("ping"))?;
    let err = match ping.call(store, ("hello",)) {
        Ok(v) => return Err(format!("the denied import returned {v:?}")),
        Err(e) if e.is_denied() => e,
        Err(e) => return Err(format!("not a denial: {e}")),
    };
    let ErrorKind::Denied(denial) = err.kind() else { unreachable!("is_denied") };
    expect_eq("denied import", (&*denial.interface, &*denial.function), ("host:net/send", "send"))?;
    expect_eq("denial reason", &denial.reason, &reason)?;
    if !err.to_string().contains("host:net/send") {
        return Err(format!("the error does not name the import: {err}"));
    }
    Ok(err.to_string())
}

/// A defined but ungranted import is denied by the capability table before
/// the host function runs; the denial is audited once; the granted import
/// of the same instance keeps working.
fn import_denied() -> Outcome {
    let engine = Engine::default();
    let linker = gated_linker(false)?;
    let component = Component::new(&engine, GATED).map_err(at("load"))?;
    expect_eq("ungranted", linker.ungranted(&component), vec!["host:net/send#send".to_string()])?;
    let (mut store, instance) = instantiate(&engine, GATED, &linker, Host { now: 50, ..Host::default() })?;

    let elapsed = instance.get_typed_func::<(u64,), (u64,), _>(&store, "elapsed").map_err(at("elapsed"))?;
    expect_eq("elapsed", elapsed.call(&mut store, (20,)).map_err(at("call"))?, (30,))?;
    let err = expect_send_denied(&mut store, &instance, DenialReason::NoGrant)?;
    expect_eq("host calls of send", store.data().send_calls, 0)?;
    expect_eq("host calls of now", store.data().clock_calls, 1)?;

    let table = store.capabilities(&instance).map_err(at("the instance's capability table"))?;
    let ring =
        table.audit_sink::<AuditRing<DEFAULT_AUDIT_CAPACITY>>().ok_or("the audit sink is not the default AuditRing")?;
    let events: Vec<_> = ring.events().collect();
    expect_eq("audit events", events.len(), 1)?;
    let event = events[0];
    expect_eq("audited import", (&*event.interface, &*event.function), ("host:net/send", "send"))?;
    expect_eq("audited outcome", &event.outcome, &AuditOutcome::Denied(DenialReason::NoGrant))?;
    expect_eq("audit events dropped", ring.dropped(), 0)?;
    Ok(format!("denied: {err}"))
}

/// A granted import works until its grant is revoked from the live
/// instance's table; then it is denied without reaching the host.
fn import_revoked() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, GATED, &gated_linker(true)?, Host::default())?;
    let ping = instance.get_typed_func::<(&str,), (u32,), _>(&store, "ping").map_err(at("ping"))?;
    expect_eq("ping", ping.call(&mut store, ("hello",)).map_err(at("call"))?, (5,))?;
    expect_eq("host calls of send", store.data().send_calls, 1)?;

    let table = store.capabilities_mut(&instance).map_err(at("the instance's capability table"))?;
    table.revoke("host:net/send", Some("send")).ok_or("no grant to revoke")?;
    let err = expect_send_denied(&mut store, &instance, DenialReason::Revoked)?;
    expect_eq("host calls of send", store.data().send_calls, 1)?;
    Ok(format!("after revoke: {err}"))
}

/// The audit trail over defmt: `DefmtSink` logs one allowed and one denied
/// call through the global logger (semihosting stderr, see `board`); run.sh
/// decodes it with defmt-print.
#[cfg(feature = "defmt")]
fn audit_defmt() -> Outcome {
    let engine = Engine::default();
    let mut linker = gated_linker(false)?;
    linker.audit_allowed_calls(true);
    let (mut store, instance) = instantiate(&engine, GATED, &linker, Host { now: 50, ..Host::default() })?;
    let table = store.capabilities_mut(&instance).map_err(at("the instance's capability table"))?;
    table.set_audit_sink(Box::new(airssys_wasm::caps::DefmtSink));
    let elapsed = instance.get_typed_func::<(u64,), (u64,), _>(&store, "elapsed").map_err(at("elapsed"))?;
    expect_eq("elapsed", elapsed.call(&mut store, (20,)).map_err(at("call"))?, (30,))?;
    expect_send_denied(&mut store, &instance, DenialReason::NoGrant)?;
    expect_eq("host calls of send", store.data().send_calls, 0)?;
    Ok("2 events logged with defmt".to_string())
}

/// counter.wat's resource: constructed, used through borrows, dropped by
/// the host (the guest's destructor runs), then rejected; and the guest's
/// own create-use-drop in `demo`.
fn resource() -> Outcome {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, COUNTER, &Linker::new(), Host::default())?;
    let handle = match call(&mut store, &instance, "[constructor]counter", &[]).map_err(at("constructor"))? {
        Val::Own(h) => h,
        other => return Err(format!("constructor returned {other:?}")),
    };
    let increment = |store: &mut Store<Host>, by| {
        call(store, &instance, "[method]counter.increment", &[Val::Borrow(handle), Val::U32(by)])
    };
    expect_eq("increment(5)", increment(&mut store, 5).map_err(at("increment"))?, Val::U32(5))?;
    expect_eq("increment(2)", increment(&mut store, 2).map_err(at("increment"))?, Val::U32(7))?;
    let got = call(&mut store, &instance, "[method]counter.get", &[Val::Borrow(handle)]).map_err(at("get"))?;
    expect_eq("get", got, Val::U32(7))?;
    expect_eq(
        "destroyed before drop",
        call(&mut store, &instance, "destroyed", &[]).map_err(at("destroyed"))?,
        Val::U32(0),
    )?;

    store.context().resource_drop(handle).map_err(at("drop"))?;
    expect_eq(
        "destroyed after drop",
        call(&mut store, &instance, "destroyed", &[]).map_err(at("destroyed"))?,
        Val::U32(1),
    )?;
    match increment(&mut store, 1) {
        Ok(v) => return Err(format!("a dropped handle still works: {v:?}")),
        Err(e) if e.is_trap() => {}
        Err(e) => return Err(format!("a dropped handle fails without a trap: {e}")),
    }

    expect_eq("demo(3)", call(&mut store, &instance, "demo", &[Val::U32(3)]).map_err(at("demo"))?, Val::U32(3))?;
    expect_eq(
        "destroyed after demo",
        call(&mut store, &instance, "destroyed", &[]).map_err(at("destroyed"))?,
        Val::U32(2),
    )?;
    Ok(String::new())
}

/// A bounded loop fits in the fuel; an endless one runs out, cleanly.
fn fuel_exhausted() -> Outcome {
    let engine = Engine::new(Config::new().fuel(100_000));
    let (mut store, instance) = instantiate(&engine, SPIN, &Linker::new(), Host::default())?;
    let sum = instance.get_typed_func::<(u32,), (u64,), _>(&store, "sum").map_err(at("sum"))?;
    expect_eq("sum(100)", sum.call(&mut store, (100,)).map_err(at("call"))?, (5050,))?;
    let spin = instance.get_typed_func::<(), (), _>(&store, "spin").map_err(at("spin"))?;
    let err = match spin.call(&mut store, ()) {
        Ok(()) => return Err("an endless loop returned".to_string()),
        Err(e) if e.is_out_of_fuel() => e.to_string(),
        Err(e) => return Err(format!("not out of fuel: {e}")),
    };
    expect_eq("fuel left", store.fuel(), Some(0))?;
    Ok(err)
}

/// Broken binaries are errors, never panics: cut in half, a core module
/// with a broken magic number, and nothing at all.
fn malformed_rejected() -> Outcome {
    let engine = Engine::default();
    let mut notes = Vec::new();
    for (what, bytes) in [("truncated", TRUNCATED), ("corrupt core module", CORRUPT), ("empty", &[][..])] {
        match Component::new(&engine, bytes) {
            Ok(_) => return Err(format!("the {what} binary was accepted")),
            Err(e) => notes.push(format!("{what}: {e}")),
        }
    }
    Ok(notes.join("; "))
}
