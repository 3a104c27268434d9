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
        "unresolved import `host:clock/now`: the CLI defines no host functions; \
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
            "--allow",
            "host:clock/now",
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

#[test]
fn imports_are_denied_without_a_grant_granted_with_allow_and_constrained() {
    let run = |extra: &[&str], invoke: &str| {
        let mut args = vec!["run", "examples/files.wat", "--stub-import", "my:fs/files#size=10"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--invoke", invoke]);
        airssys_wasm(&args)
    };
    let denied = run(&[], r#"total("/data/a", "/data/b")"#);
    assert_fails(
        &denied,
        1,
        "trap: denied: component `files` calling `my:fs/files#size` — no grant covers it \
         (grant it with --allow 'my:fs/files#size')",
    );
    // The stub never ran: nothing was traced.
    assert!(!denied.stderr.contains("stub:"), "{denied:?}");
    let granted = run(&["--allow", "my:fs/files"], r#"total("/data/a", "/data/b")"#);
    assert_eq!((granted.code, granted.stdout.as_str()), (0, "20\n"), "{granted:?}");
    let constrained = &["--allow", r#"my:fs/files#size(path: prefix "/data")"#];
    let allowed = run(constrained, r#"total("/data/a", "/data//b/./c")"#);
    assert_eq!((allowed.code, allowed.stdout.as_str()), (0, "20\n"), "{allowed:?}");
    let attack = run(constrained, r#"total("/data/a", "/data/../etc/passwd")"#);
    assert_eq!(attack.code, 1, "{attack:?}");
    assert!(
        attack.stderr.ends_with(
            "error: trap: denied: component `files` calling `my:fs/files#size` — argument `path` = \
             \"/data/../etc/passwd\" does not match `prefix path \"/data\"` (widen the grant's constraint to allow it)\n"
        ),
        "{attack:?}"
    );
    assert_eq!(attack.stderr.matches("stub:").count(), 1, "{attack:?}");
}

#[test]
fn bad_grants_and_policies_are_usage_errors_with_a_position() {
    let outcome = airssys_wasm(&[
        "run",
        "examples/files.wat",
        "--allow",
        "my:fs/files#size(path: prefx \"/d\")",
        "--invoke",
        "total(\"a\", \"b\")",
    ]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(
        outcome.stderr.contains("invalid --allow 'my:fs/files#size(path: prefx \"/d\")': bad grant at column 24"),
        "{outcome:?}"
    );
    let policy = scratch_file("bad-policy.toml", "[[grant]]\ninterface = \"my:fs/files\"\nbogus = 1\n");
    let outcome = airssys_wasm(&["run", "examples/files.wat", "--policy", &policy, "--invoke", "total(\"a\", \"b\")"]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains("bad policy at line 3, column 1: unknown key `bogus`"), "{outcome:?}");
    let policy = scratch_file("good-policy.toml", "[[grant]]\ninterface = \"my:fs/files\"\n");
    let outcome = airssys_wasm(&[
        "run",
        "examples/files.wat",
        "--stub-import",
        "my:fs/files#size=1",
        "--policy",
        &policy,
        "--invoke",
        "total(\"a\", \"b\")",
    ]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, "2\n"), "{outcome:?}");
}

/// A component whose `grow(pages)` grows its one-page memory.
const GROWER: &str = r#"(component
  (core module $m
    (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
  (core instance $m (instantiate $m))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $m "grow"))))"#;

#[test]
fn a_4_gib_grow_is_refused_under_the_default_budget() {
    let path = scratch_file("grower.wat", GROWER);
    // 65535 more pages make the whole 4 GiB: over the default 1 GiB total.
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", "grow(65535)"]), "-1\n");
    // 16384 more are one page over 1 GiB (16383 would fit, but allocate it).
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", "grow(16384)"]), "-1\n");
}

#[test]
fn max_memory_is_the_total_of_all_memories() {
    let path = scratch_file("grower-small.wat", GROWER);
    assert_prints(&airssys_wasm(&["run", &path, "--max-memory", "131072", "--invoke", "grow(1)"]), "1\n");
    assert_prints(&airssys_wasm(&["run", &path, "--max-memory", "131072", "--invoke", "grow(2)"]), "-1\n");
    assert_fails(
        &airssys_wasm(&["run", &path, "--max-memory", "65535", "--invoke", "grow(0)"]),
        3,
        "store limit reached: 65536 more bytes on top of the 0 the store holds exceed its budget of 65535 bytes; raise StoreLimitsBuilder::total_bytes",
    );
}
