//! `airssys-wasm run FILE [ARGS...]` on WASI commands: the stock
//! `wasm32-wasip2` guest `crates/guests/wasi-cli` (built by
//! `crates/guests/build.sh` into target/guests/, or $AIRSSYS_GUESTS_DIR),
//! with its stdout, stderr, stdin, arguments, environment and exit status;
//! and the grants a WASI component holds by default.

use super::{airssys_wasm, assert_fails, root, scratch_file};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The built guest's path, or a panic that says how to build it.
fn guest() -> String {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join("wasi-cli.wasm");
    assert!(path.is_file(), "no {}; run crates/guests/build.sh to build the guests", path.display());
    path.to_str().expect("utf-8 path").to_string()
}

#[test]
fn a_command_prints_to_stdout_and_exits_0() {
    let outcome = airssys_wasm(&["run", &guest(), "report"]);
    assert_eq!((outcome.code, outcome.stderr.as_str()), (0, ""), "{outcome:?}");
    assert!(outcome.stdout.contains("monotonic never decreases: true"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("random lengths: "), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("two draws differ: true"), "{}", outcome.stdout);
}

#[test]
fn argv_0_is_the_files_name_then_the_arguments_follow() {
    let outcome = airssys_wasm(&["run", &guest(), "report", "two words", "--not-a-flag"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    let first = outcome.stdout.lines().next().expect("a line");
    assert_eq!(first, r#"args: ["wasi-cli.wasm", "report", "two words", "--not-a-flag"]"#);
}

#[test]
fn the_environment_holds_exactly_the_env_flags() {
    // The host's own variables (PATH, HOME...) do not leak in.
    let outcome =
        airssys_wasm(&["run", "--env", "GREETING=hello", "--env", "EMPTY=", "--env", "EQ=a=b", &guest(), "report"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    let env = outcome.stdout.lines().nth(1).expect("a second line");
    assert_eq!(env, r#"env: [("EMPTY", ""), ("EQ", "a=b"), ("GREETING", "hello")]"#);
}

#[test]
fn an_env_flag_without_a_value_takes_the_hosts() {
    let output = Command::new(env!("CARGO_BIN_EXE_airssys-wasm"))
        .args(["run", "--env", "AIRSSYS_TEST_VAR", &guest(), "report"])
        .env("AIRSSYS_TEST_VAR", "from the host")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.lines().nth(1), Some(r#"env: [("AIRSSYS_TEST_VAR", "from the host")]"#));
    let outcome = airssys_wasm(&["run", "--env", "=x", &guest()]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains("has no variable name; write NAME=VALUE"), "{}", outcome.stderr);
}

#[test]
fn stdin_passes_through() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_airssys-wasm"))
        .args(["run", &guest(), "echo"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let input = "line one\nline two, no newline at the end";
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("written");
    let output = child.wait_with_output().expect("the binary ends");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).expect("utf-8"), input);
    assert_eq!(String::from_utf8(output.stderr).expect("utf-8"), "");
}

#[test]
fn stderr_is_the_processs() {
    let outcome = airssys_wasm(&["run", &guest(), "stderr"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "", "to stderr\n"));
}

#[test]
fn the_exit_status_is_the_commands() {
    let outcome = airssys_wasm(&["run", &guest(), "exit", "0"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "exiting with 0\n", ""));
    // WASI 0.2's `exit` takes a `result`: std's non-zero codes are `err`, status 1.
    let outcome = airssys_wasm(&["run", &guest(), "exit", "3"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (1, "exiting with 3\n", ""));
}

#[test]
fn a_trap_exits_1_with_the_reason() {
    let outcome = airssys_wasm(&["run", "--fuel", "1000", &guest(), "report"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (1, ""), "{outcome:?}");
    assert!(outcome.stderr.starts_with("error: ") && outcome.stderr.contains("fuel"), "{}", outcome.stderr);
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
}

#[test]
fn a_component_without_wasi_cli_run_is_told_to_use_invoke() {
    let outcome = airssys_wasm(&["run", "examples/greet.wat"]);
    assert_fails(
        &outcome,
        2,
        "`examples/greet.wat` exports no `wasi:cli/run`, so it is not a WASI command: call one of its functions \
         with --invoke <CALL>, CALL being `name(args)` (the component exports `greet`)",
    );
}

/// A library component that imports `wasi:cli/terminal-stdout` (granted by
/// default) and exports `stdout-is-terminal: func() -> bool`.
const TERMINAL_PROBE: &str = r#"
(component $C
  (import "wasi:cli/terminal-output@0.2.12" (instance $out (export "terminal-output" (type (sub resource)))))
  (alias export $out "terminal-output" (type $terminal-output))
  (import "wasi:cli/terminal-stdout@0.2.12" (instance $stdout
    (alias outer $C $terminal-output (type $t))
    (export "terminal-output" (type $tt (eq $t)))
    (type $opt (option (own $tt)))
    (export "get-terminal-stdout" (func (result $opt)))))
  (core module $mem (memory (export "memory") 1))
  (core instance $mem (instantiate $mem))
  (core func $get (canon lower (func $stdout "get-terminal-stdout") (memory (core memory $mem "memory"))))
  (core module $m
    (import "host" "memory" (memory 1))
    (import "host" "get" (func $get (param i32)))
    (func (export "probe") (result i32)
      (call $get (i32.const 8))
      (i32.load8_u (i32.const 8))))
  (core instance $m (instantiate $m (with "host" (instance (export "memory" (memory $mem "memory")) (export "get" (func $get))))))
  (func (export "stdout-is-terminal") (result bool) (canon lift (core func $m "probe"))))
"#;

#[test]
fn the_terminal_interfaces_are_granted_by_default() {
    let probe = scratch_file("terminal-probe.wat", TERMINAL_PROBE);
    // The test's stdout is a pipe, not a terminal.
    let outcome = airssys_wasm(&["run", &probe, "--invoke", "stdout-is-terminal()"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "false\n", ""));
    // `inspect` does not list them as what stays denied.
    let outcome = airssys_wasm(&["inspect", &probe, "--allow", "my:other/iface"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(!outcome.stdout.contains("ungranted "), "{}", outcome.stdout);
}

#[test]
fn inspect_does_not_list_the_default_grants_as_denied() {
    let outcome = airssys_wasm(&["inspect", &guest(), "--allow", "my:other/iface"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.contains("wasi:cli/stdout@0.2."), "the guest imports stdout: {}", outcome.stdout);
    let denied: Vec<&str> = outcome.stdout.lines().filter(|l| l.starts_with("ungranted ")).collect();
    // The sockets (but the network handle) are not defaults.
    let not_default = |l: &&str| l.contains(" wasi:sockets/");
    assert!(denied.iter().all(not_default), "defaults listed as denied: {denied:?}");
}

#[test]
fn invoke_calls_a_function_of_a_component_that_imports_wasi() {
    // The guest's `run` called as a function: its WASI imports get the defaults.
    let outcome = airssys_wasm(&["run", "--invoke", "wasi:cli/run@0.2.0#run()", &guest(), "stderr"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "ok\n", "to stderr\n"));
    // A `wasi:cli/exit` during an invocation ends the command with its status.
    let outcome = airssys_wasm(&["run", "--invoke", "wasi:cli/run@0.2.0#run()", &guest(), "exit", "2"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (1, "exiting with 2\n", ""));
}

#[test]
fn a_wasi_interface_the_cli_lacks_is_an_unresolved_import() {
    let file = scratch_file(
        "http.wat",
        r#"(component (import "wasi:http/outgoing-handler@0.2.0" (instance (export "handle" (func)))))"#,
    );
    assert_fails(
        &airssys_wasm(&["run", &file]),
        3,
        "unresolved import `wasi:http/outgoing-handler@0.2.0`: of WASI the CLI defines cli, io, clocks, random, \
         filesystem and sockets at 0.2.x only; stub each imported function with --stub-import \
         'wasi:http/outgoing-handler@0.2.0#handle'",
    );
}

#[test]
fn a_stub_of_an_interface_the_cli_defines_is_refused() {
    let stub = "wasi:random/random@0.2.12#get-random-bytes=[1, 2]";
    assert_fails(
        &airssys_wasm(&["run", "--stub-import", stub, &guest(), "report"]),
        2,
        &format!(
            "--stub-import `{stub}`: the CLI defines `wasi:random/random` itself (WASI cli, io, clocks, random, filesystem and sockets); \
             drop the --stub-import"
        ),
    );
}
