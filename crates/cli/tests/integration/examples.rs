//! Tests for the examples in `examples/`: each one runs as its header says.

use super::{airssys_wasm, assert_fails, assert_prints, scratch_file};

#[test]
fn greet_greets() {
    assert_prints(
        &airssys_wasm(&["run", "examples/greet.wat", "--invoke", r#"greet("world")"#]),
        "\"Hello, world!\"\n",
    );
}

#[test]
fn greet_round_trips_unicode_and_escapes() {
    let outcome = airssys_wasm(&["run", "examples/greet.wat", "--invoke", r#"greet("héllo \"☃\"\n\u{1F600}")"#]);
    assert_prints(&outcome, "\"Hello, héllo \\\"☃\\\"\\n😀!\"\n");
}

#[test]
fn greet_runs_from_a_binary() {
    let bytes = wat::parse_file(super::root().join("examples/greet.wat")).expect("valid text");
    let path = scratch_file("greet.wasm", bytes);
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", r#"greet("bin")"#]), "\"Hello, bin!\"\n");
    // The magic number wins over the name.
    let path = scratch_file("greet-binary.wat", wat::parse_file(super::root().join("examples/greet.wat")).unwrap());
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", r#"greet("x")"#]), "\"Hello, x!\"\n");
}

#[test]
fn greet_handles_names_that_grow_the_memory() {
    let name = "n".repeat(100_000);
    let outcome = airssys_wasm(&["run", "examples/greet.wat", "--invoke", &format!("greet(\"{name}\")")]);
    assert_prints(&outcome, &format!("\"Hello, {name}!\"\n"));
}

#[test]
fn max_memory_stops_growth() {
    let name = "n".repeat(100_000);
    let invoke = format!("greet(\"{name}\")");
    let outcome = airssys_wasm(&["run", "examples/greet.wat", "--max-memory", "65536", "--invoke", &invoke]);
    assert_fails(&outcome, 1, "trap: wasm `unreachable` instruction executed");
}

#[test]
fn records_summarizes_an_order() {
    let run = |invoke: &str| airssys_wasm(&["run", "examples/records.wat", "--invoke", invoke]);
    assert_prints(
        &run("summarize({items: [250, 100], shipping: express(15)})"),
        "{item-count: 2, total: 365, shipping: express(15)}\n",
    );
    assert_prints(
        &run("summarize({shipping: standard, items: []})"),
        "{item-count: 0, total: 0, shipping: standard}\n",
    );
    assert_prints(
        &run("summarize({items: [4294967295], shipping: %standard})"),
        "{item-count: 1, total: 4294967295, shipping: standard}\n",
    );
}

#[test]
fn records_traps_when_the_total_overflows() {
    let outcome = airssys_wasm(&[
        "run",
        "examples/records.wat",
        "--invoke",
        "summarize({items: [4294967295, 1], shipping: standard})",
    ]);
    assert_fails(&outcome, 1, "trap: wasm `unreachable` instruction executed");
}

#[test]
fn fuel_bounds_the_work() {
    let invoke = format!("summarize({{items: [{}], shipping: standard}})", vec!["1"; 100].join(", "));
    let outcome = airssys_wasm(&["run", "examples/records.wat", "--fuel", "100", "--invoke", &invoke]);
    assert_fails(&outcome, 1, "trap: out of fuel; raise the fuel limit if the work is legitimate");
    let outcome = airssys_wasm(&["run", "examples/records.wat", "--fuel", "1000000", "--invoke", &invoke]);
    assert_prints(&outcome, "{item-count: 100, total: 100, shipping: standard}\n");
}

#[test]
fn host_import_fails_to_link_without_a_stub() {
    let outcome = airssys_wasm(&["run", "examples/host-import.wat", "--invoke", "elapsed(1699999000)"]);
    assert_fails(
        &outcome,
        3,
        "unresolved import `host:clock/now`: the CLI grants no imports yet; \
         stub each imported function with --stub-import 'host:clock/now#now=VALUE'",
    );
}

#[test]
fn host_import_calls_a_stub() {
    let run = |invoke: &str| {
        airssys_wasm(&[
            "run",
            "examples/host-import.wat",
            "--stub-import",
            "host:clock/now#now=1700000000",
            "--invoke",
            invoke,
        ])
    };
    let outcome = run("elapsed(1699999000)");
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert_eq!(outcome.stdout, "1000\n");
    assert_eq!(outcome.stderr, "stub: host:clock/now#now() -> 1700000000\n");
    assert_eq!(run("elapsed(1800000000)").stdout, "0\n");
}

#[test]
fn counter_implements_a_resource_used_across_invocations() {
    // One instance for all the calls: the destructor count carries over.
    let outcome = airssys_wasm(&[
        "run",
        "examples/counter.wat",
        "--invoke",
        "demo(5)",
        "--invoke",
        "destroyed()",
        "--invoke",
        "demo(2)",
        "--invoke",
        "destroyed()",
    ]);
    assert_prints(&outcome, "5\n1\n2\n2\n");
}

#[test]
fn functions_passing_handles_are_refused_before_anything_runs() {
    let outcome =
        airssys_wasm(&["run", "examples/counter.wat", "--invoke", "demo(1)", "--invoke", "[constructor]counter()"]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert_eq!(outcome.stdout, "", "nothing ran");
    assert!(outcome.stderr.contains("passes resource handles, which --invoke cannot write or print"), "{outcome:?}");
}
