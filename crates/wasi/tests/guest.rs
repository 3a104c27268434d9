//! The stock `wasm32-wasip2` command `crates/guests/wasi-cli`, built from
//! source by `crates/guests/build.sh`, run with this crate's API: stdout
//! and stderr captured through callbacks, deterministic backends, exit
//! statuses and capability grants.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use airssys_wasm::caps::DenyAction;
use airssys_wasm::{Component, Engine, Grant, Linker, Store};
use airssys_wasm_wasi::clocks::WallTime;
use airssys_wasm_wasi::{RunError, WasiCtx, WasiCtxBuilder, grants};
use common::Capture;

/// The built guest, or a panic that says how to build it.
fn guest() -> Component {
    common::guest("wasi-cli.wasm")
}

/// The bytes of the built guest, or a panic that says how to build it.
fn guest_bytes() -> Vec<u8> {
    common::guest_bytes("wasi-cli.wasm", "build.sh")
}

/// What one run printed and how it ended.
struct Outcome {
    stdout: String,
    stderr: String,
    result: Result<(), RunError>,
}

/// Runs the guest with `args` on a context from `configure`, with the
/// grants `grant` gives.
fn run_with(
    args: &[&str],
    configure: impl FnOnce(&mut WasiCtxBuilder),
    grant: impl FnOnce(&mut Linker<WasiCtx>),
) -> Outcome {
    let component = guest();
    let (out, err) = (Capture::default(), Capture::default());
    let mut builder = WasiCtx::builder();
    builder.arg("wasi-cli").args(args.iter().copied()).stdout(out.sink()).stderr(err.sink());
    configure(&mut builder);
    let ctx = builder.build().expect("a context");
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("the definitions");
    grant(&mut linker);
    let mut store = Store::new(component.engine(), ctx);
    let result = airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx);
    Outcome { stdout: out.text(), stderr: err.text(), result }
}

/// A deterministic run: seed 42, virtual clocks from 2026-01-01 stepping 1 ms.
fn deterministic(args: &[&str]) -> Outcome {
    run_with(
        args,
        |b| {
            b.random_seed(42).virtual_clocks(WallTime { seconds: 1_767_225_600, nanoseconds: 0 }, 1_000_000);
        },
        grants::grant_all,
    )
}

// The system clocks and OS randomness of the defaults come with `std`.
#[cfg(feature = "std")]
#[test]
fn the_guest_prints_its_args_env_clocks_and_random_bytes() {
    let run = run_with(
        &["report", "two words"],
        |b| {
            b.env("GREETING", "hello").env("EMPTY", "");
        },
        grants::grant_all,
    );
    run.result.expect("the command succeeds");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], r#"args: ["wasi-cli", "report", "two words"]"#);
    assert_eq!(lines[1], r#"env: [("EMPTY", ""), ("GREETING", "hello")]"#);
    assert!(lines[2].starts_with("monotonic never decreases: true"), "{}", lines[2]);
    // System clocks by default: a wall time after 2025.
    let wall: f64 = lines[3].strip_prefix("wall: ").unwrap().parse().unwrap();
    assert!(wall > 1_735_689_600.0, "{wall}");
    assert_eq!(lines[4], "random lengths: 16 16 1000");
    assert_eq!(lines[5], "two draws differ: true");
    assert!(run.stderr.is_empty());
}

#[test]
fn two_runs_with_the_same_seed_and_virtual_clock_print_the_same_bytes() {
    let (a, b) = (deterministic(&["report"]), deterministic(&["report"]));
    a.result.expect("the first run succeeds");
    b.result.expect("the second run succeeds");
    assert_eq!(a.stdout.as_bytes(), b.stdout.as_bytes());
    // The virtual wall clock's start, advanced by some reads of 1 ms.
    assert!(a.stdout.contains("wall: 1767225600."), "{}", a.stdout);
    let other = run_with(
        &["report"],
        |b| {
            b.random_seed(43).virtual_clocks(WallTime { seconds: 1_767_225_600, nanoseconds: 0 }, 1_000_000);
        },
        grants::grant_all,
    );
    other.result.expect("the run with another seed succeeds");
    assert_ne!(a.stdout, other.stdout, "another seed gives other random bytes");
}

#[test]
fn stderr_goes_to_its_own_callback() {
    let run = deterministic(&["stderr"]);
    run.result.expect("the command succeeds");
    assert_eq!(run.stderr, "to stderr\n");
    assert!(run.stdout.is_empty());
}

#[test]
fn exit_surfaces_as_its_own_error_with_the_status() {
    let run = deterministic(&["exit", "0"]);
    assert!(matches!(run.result, Err(RunError::Exit(0))), "{:?}", run.result);
    assert_eq!(run.stdout, "exiting with 0\n", "stdout written before the exit is kept");
    // WASI 0.2's `exit` takes `result`: any non-zero code from std is `err`, status 1.
    let run = deterministic(&["exit", "3"]);
    let err = run.result.expect_err("the guest exits");
    assert!(matches!(err, RunError::Exit(1)), "{err:?}");
    assert_eq!(err.status(), Some(1));
}

/// Grants every interface of the crate but `wasi:random/random`, then `random`.
fn all_but_random_and(random: Option<Grant>) -> impl FnOnce(&mut Linker<WasiCtx>) {
    move |l| {
        for i in grants::INTERFACES.iter().filter(|i| **i != "wasi:random/random") {
            l.grant(grants::grant(i).expect("an interface of the crate"));
        }
        if let Some(g) = random {
            l.grant(g);
        }
    }
}

/// The error of a run that must have been denied at `wasi:random/random`.
fn denied_at_random(run: Outcome) -> String {
    let Err(RunError::Error(e)) = run.result else { panic!("not denied: {:?}", run.result.err()) };
    let text = e.to_string();
    assert!(text.contains("wasi:random/random@0.2.12"), "{text}");
    assert!(run.stdout.contains("monotonic never decreases: true"), "the calls before the draw ran: {}", run.stdout);
    assert!(!run.stdout.contains("random lengths"), "{}", run.stdout);
    text
}

#[test]
fn every_interface_needs_its_grant() {
    let seed = |b: &mut WasiCtxBuilder| {
        b.random_seed(1);
    };
    // No grants: the first WASI call the guest makes traps with the denial.
    let run = run_with(&["report"], seed, |_| {});
    let Err(RunError::Error(e)) = run.result else { panic!("not denied: {:?}", run.result.err()) };
    assert!(e.to_string().contains("no grant covers it"), "{e}");
    assert!(run.stdout.is_empty());
    // Everything but wasi:random/random: the output up to the draw, then the denial.
    let text = denied_at_random(run_with(&["report"], seed, all_but_random_and(None)));
    assert!(text.contains("no grant covers it"), "{text}");
}

#[test]
fn a_versioned_grant_covers_its_exact_version_only() {
    let seed = |b: &mut WasiCtxBuilder| {
        b.random_seed(1);
    };
    // The guest imports wasi:random/random@0.2.12: grants of another patch,
    // minor or major version do not cover it.
    for other in [
        "wasi:random/random@0.2.11",
        "wasi:random/random@0.2.13",
        "wasi:random/random@0.3.12",
        "wasi:random/random@1.2.12",
    ] {
        denied_at_random(run_with(&["report"], seed, all_but_random_and(Some(Grant::new(other)))));
    }
    // The exact version, and a grant without version (every version), do.
    for covering in ["wasi:random/random@0.2.12", "wasi:random/random"] {
        let run = run_with(&["report"], seed, all_but_random_and(Some(Grant::new(covering))));
        run.result.expect("the draw is granted");
        assert!(run.stdout.contains("random lengths: 16 16 1000"), "{}", run.stdout);
    }
}

#[test]
fn stdin_reaches_the_guest() {
    let run = run_with(
        &["echo"],
        |b| {
            b.random_seed(1).stdin(airssys_wasm_wasi::stdio::Bytes::new(*b"line one\nline two\n"));
        },
        grants::grant_all,
    );
    run.result.expect("the command succeeds");
    assert_eq!(run.stdout, "line one\nline two\n");
}

#[test]
fn a_denied_write_returns_the_interfaces_own_error() {
    let raw_write = |grant: &dyn Fn(&mut Linker<WasiCtx>)| {
        run_with(
            &["raw-write"],
            |b| {
                b.random_seed(1);
            },
            |l| grant(l),
        )
    };
    let run = raw_write(&|l| grants::grant_all(l));
    run.result.expect("the command succeeds");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("raw\n", "write: ok\n"));
    // A grant of the write whose budget is spent, asking for `stream-error::closed`:
    // the guest sees an ordinary error instead of a trap.
    let run = raw_write(&|l| {
        grants::grant_all(l);
        l.grant(
            Grant::new("wasi:io/streams@0.2.12")
                .for_function("[method]output-stream.blocking-write-and-flush")
                .with_budget(0)
                .with_on_deny(DenyAction::ReturnError { case: Some("closed".into()) }),
        );
    });
    run.result.expect("the command succeeds");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", "write: closed\n"));
}

#[test]
fn a_sleep_on_the_virtual_clock_resolves_at_once() {
    let started = std::time::Instant::now();
    let run = deterministic(&["sleep"]);
    run.result.expect("the command succeeds");
    assert_eq!(run.stdout, "slept at least 10 s: true\n");
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "the virtual clock jumped instead of waiting");
}

/// A run on clocks driven by fuel: the guest's monotonic clock reads
/// `nanos_per_fuel` times the fuel it burned (plus waits).
fn on_fuel_clocks(args: &[&str], nanos_per_fuel: u64) -> Outcome {
    use airssys_wasm::{Config, FuelGauge};
    let engine = Engine::new(Config::default().fuel(u64::MAX / 2));
    let component = Component::new(&engine, guest_bytes()).expect("the guest loads");
    let out = Capture::default();
    let gauge = FuelGauge::new();
    let mut builder = WasiCtx::builder();
    builder.arg("wasi-cli").args(args.iter().copied()).stdout(out.sink()).random_seed(7).fuel_clocks(
        WallTime { seconds: 1_767_225_600, nanoseconds: 0 },
        &gauge,
        nanos_per_fuel,
    );
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("the definitions");
    grants::grant_all(&mut linker);
    let mut store = Store::new(&engine, builder.build().expect("a context"));
    store.set_fuel_gauge(gauge.clone()).expect("the engine has fuel");
    let result = airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx);
    assert!(gauge.consumed() > 0, "the guest burned fuel");
    Outcome { stdout: out.text(), stderr: String::new(), result }
}

#[test]
fn fuel_clocks_advance_with_the_guests_work_and_repeat_exactly() {
    let (a, b) = (on_fuel_clocks(&["report"], 7), on_fuel_clocks(&["report"], 7));
    a.result.expect("the first run succeeds");
    b.result.expect("the second run succeeds");
    assert_eq!(a.stdout.as_bytes(), b.stdout.as_bytes(), "the same work reads the same times");
    let line = a.stdout.lines().find(|l| l.starts_with("monotonic never decreases: ")).expect("the clock line");
    assert!(line.starts_with("monotonic never decreases: true"), "{line}");
    let last: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(last > 0 && last.is_multiple_of(7), "the reading is 7 ns per unit of fuel burned so far: {last}");
    // More nanoseconds per unit of fuel: the same run reads later times.
    let c = on_fuel_clocks(&["report"], 70);
    let line = c.stdout.lines().find(|l| l.starts_with("monotonic never decreases: ")).expect("the clock line");
    assert_eq!(line.rsplit(' ').next().unwrap().parse::<u64>().unwrap(), last * 10);
    // A 10 s sleep moves the fuel clock by 10 s at once.
    let slept = on_fuel_clocks(&["sleep"], 7);
    slept.result.expect("the sleep succeeds");
    assert_eq!(slept.stdout, "slept at least 10 s: true\n");
}
