//! Tests for the error paths: each prints one line `error: <reason>` on
//! stderr, nothing on stdout, and exits with the code of its kind.

use super::{airssys_wasm, assert_fails, scratch_file};

/// A component whose `boom` traps and whose `fine` returns 7.
const TRAPPING: &str = r#"
(component
  (core module $m
    (func (export "boom") unreachable)
    (func (export "fine") (result i32) (i32.const 7)))
  (core instance $m (instantiate $m))
  (func (export "boom") (canon lift (core func $m "boom")))
  (func (export "fine") (result u32) (canon lift (core func $m "fine"))))
"#;

#[test]
fn missing_file() {
    let outcome = airssys_wasm(&["run", "no-such.wat", "--invoke", "f()"]);
    assert_fails(&outcome, 3, "cannot read `no-such.wat`: No such file or directory (os error 2)");
    assert_fails(
        &airssys_wasm(&["inspect", "no-such.wasm"]),
        3,
        "cannot read `no-such.wasm`: No such file or directory (os error 2)",
    );
}

#[test]
fn bad_binary() {
    let path = scratch_file("truncated.wasm", b"\0asm\x0d\x00\x01\x00\x07\x05");
    let outcome = airssys_wasm(&["run", &path, "--invoke", "f()"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (3, ""), "{outcome:?}");
    let prefix = format!("error: cannot load component `{path}`: ");
    assert!(outcome.stderr.starts_with(&prefix), "{outcome:?}");
    assert_eq!(outcome.stderr.lines().count(), 1, "{outcome:?}");
}

#[test]
fn text_in_a_wasm_file() {
    let path = scratch_file("text.wasm", "(component)");
    let outcome = airssys_wasm(&["inspect", &path]);
    assert_fails(&outcome, 3, &format!("`{path}` is not a wasm binary (it does not start with `\\0asm`)"));
}

#[test]
fn bad_component_text() {
    let path = scratch_file("bad.wat", "(component\n  (func (export \"f\") (cannon lift)))\n");
    let outcome = airssys_wasm(&["run", &path, "--invoke", "f()"]);
    assert_fails(&outcome, 3, &format!("invalid component text: {path}:2:23: expected keyword `canon`"));
}

#[test]
fn core_module_instead_of_a_component() {
    let path = scratch_file("core.wat", "(module (func (export \"f\")))");
    let outcome = airssys_wasm(&["run", &path, "--invoke", "f()"]);
    assert_fails(
        &outcome,
        3,
        &format!("`{path}` is a core wasm module, not a component; wrap it in a component first"),
    );
}

#[test]
fn trap() {
    let path = scratch_file("trapping.wat", TRAPPING);
    assert_fails(
        &airssys_wasm(&["run", &path, "--invoke", "boom()"]),
        1,
        "trap: wasm `unreachable` instruction executed",
    );
    let outcome = airssys_wasm(&["run", &path, "--invoke", "fine()"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, "7\n"));
}

#[test]
fn trap_in_a_start_function() {
    let path = scratch_file(
        "start-trap.wat",
        r#"(component
             (core module $m (func $start unreachable) (start $start) (func (export "f")))
             (core instance $m (instantiate $m))
             (func (export "f") (canon lift (core func $m "f"))))"#,
    );
    assert_fails(&airssys_wasm(&["run", &path, "--invoke", "f()"]), 1, "trap: wasm `unreachable` instruction executed");
}

#[test]
fn unresolved_import_of_a_function() {
    let path = scratch_file(
        "import-func.wat",
        r#"(component
             (import "log" (func $log (param "msg" u32)))
             (core func $log (canon lower (func $log)))
             (core module $m (import "" "log" (func (param i32))))
             (core instance $m (instantiate $m (with "" (instance (export "log" (func $log)))))))"#,
    );
    assert_fails(
        &airssys_wasm(&["run", &path, "--invoke", "f()"]),
        2,
        "unknown function `f`; the component exports no functions",
    );
    let path2 = scratch_file(
        "import-func-export.wat",
        r#"(component
             (import "log" (func $log (param "msg" u32)))
             (export "relog" (func $log)))"#,
    );
    assert_fails(
        &airssys_wasm(&["run", &path2, "--invoke", "relog(1)"]),
        3,
        "unresolved import `log`: the CLI defines no host functions; stub each imported function with --stub-import 'log'",
    );
    let outcome = airssys_wasm(&["run", &path2, "--stub-import", "log", "--invoke", "relog(1)"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "", "stub: log(1)\n"));
}

#[test]
fn bad_argument_syntax() {
    let run = |invoke: &str| airssys_wasm(&["run", "examples/greet.wat", "--invoke", invoke]);
    assert_fails(
        &run("greet(world)"),
        2,
        r#"invalid argument: expected a string like "text", found `world` (at column 7)"#,
    );
    assert_fails(
        &run(r#"greet("world""#),
        2,
        "invalid argument: expected `,` or `)`, found the end of the input (at column 14)",
    );
    assert_fails(
        &run(r#"greet("a", "b")"#),
        2,
        "invalid argument: too many arguments: `greet` takes 1 argument (at column 12)",
    );
    assert_fails(&run("greet()"), 2, "invalid argument: missing argument `name: string` of `greet` (at column 7)");
    assert_fails(
        &run(r#"greet("\q")"#),
        2,
        r#"invalid argument: invalid escape `\q`; the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value (at column 8)"#,
    );
    assert_fails(
        &run(r#"(\"x\")"#),
        2,
        "invalid --invoke: missing function name; write `name(arguments)` (at column 1)",
    );
    let records = airssys_wasm(&["run", "examples/records.wat", "--invoke", "summarize({items: [1], shipping: fast})"]);
    assert_fails(
        &records,
        2,
        "invalid argument: unknown case `fast` of `variant { standard, express(u32) }`; \
         the cases are standard, express (at column 34)",
    );
}

#[test]
fn unknown_function() {
    let outcome = airssys_wasm(&["run", "examples/greet.wat", "--invoke", r#"gret("x")"#]);
    assert_fails(&outcome, 2, "unknown function `gret`; the component exports `greet`");
    let outcome = airssys_wasm(&["run", "examples/greet.wat", "--invoke", r#"ns:pkg/iface#greet("x")"#]);
    assert_fails(&outcome, 2, "unknown function `ns:pkg/iface#greet`; the component exports `greet`");
}

#[test]
fn bad_stub_imports() {
    let run = |stub: &str| {
        airssys_wasm(&["run", "examples/host-import.wat", "--stub-import", stub, "--invoke", "elapsed(1)"])
    };
    assert_fails(
        &run("host:clock/now#later=1"),
        2,
        "--stub-import `host:clock/now#later=1`: the component imports no function `host:clock/now#later`; \
         it imports host:clock/now#now",
    );
    assert_fails(
        &run("host:clock/now#now=soon"),
        2,
        "--stub-import `host:clock/now#now=soon`: invalid value: expected an integer (u64), found `soon` (at column 1)",
    );
    assert_fails(
        &run("host:clock/now#now"),
        2,
        "--stub-import `host:clock/now#now`: `host:clock/now#now` returns `u64`: write `host:clock/now#now=VALUE`",
    );
    let twice = airssys_wasm(&[
        "run",
        "examples/host-import.wat",
        "--stub-import",
        "host:clock/now#now=1",
        "--stub-import",
        "host:clock/now#now=2",
        "--invoke",
        "elapsed(1)",
    ]);
    assert_fails(
        &twice,
        2,
        "--stub-import `host:clock/now#now=2`: instantiation failed: `now` is defined twice in the linker",
    );
}

#[test]
fn usage_errors_from_the_command_line_exit_with_2() {
    let outcome = airssys_wasm(&["run", "examples/greet.wat"]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains("--invoke <CALL>"), "{outcome:?}");
    assert_eq!(airssys_wasm(&["run", "examples/greet.wat", "--fuel", "lots", "--invoke", "f()"]).code, 2);
    assert_eq!(airssys_wasm(&["frobnicate"]).code, 2);
}

#[test]
fn help_documents_the_exit_codes() {
    let outcome = airssys_wasm(&["run", "--help"]);
    assert_eq!(outcome.code, 0);
    for line in
        ["0  success", "1  the guest trapped", "2  usage error", "3  the component could not be loaded or linked"]
    {
        assert!(outcome.stdout.contains(line), "{line} missing from {}", outcome.stdout);
    }
    assert!(airssys_wasm(&["--help"]).stdout.contains("3  the component could not be loaded or linked"));
}
