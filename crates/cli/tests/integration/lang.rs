//! `airssys-wasm run --invoke` on the language guests of
//! `crates/guests/build-lang.sh`: `python-demo.wasm` (componentize-py) and
//! `js-demo.wasm` (componentize-js), library components that import WASI,
//! called with the CLI's default grants. Strings, lists and records go in
//! as WAVE and come out as WAVE, after what the guest printed.

use super::{Outcome, airssys_wasm, root};
use std::path::PathBuf;

/// The exported interface of both guests.
const DEMO: &str = "airssys:lang-demo/demo@0.1.0";

/// The built guest's path, or a panic that says how to build it.
fn guest(file: &str) -> String {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join(file);
    assert!(path.is_file(), "no {}; run crates/guests/build-lang.sh to build the language guests", path.display());
    path.to_str().expect("utf-8 path").to_string()
}

/// Runs `file` with one `--invoke` per call (each `func(args)` of [`DEMO`]).
fn invoke(file: &str, calls: &[&str]) -> Outcome {
    let file = guest(file);
    let calls: Vec<String> = calls.iter().map(|c| format!("{DEMO}#{c}")).collect();
    let mut args = vec!["run", file.as_str()];
    for call in &calls {
        args.extend(["--invoke", call.as_str()]);
    }
    airssys_wasm(&args)
}

/// Asserts a run that exited 0 and printed exactly `stdout`, nothing on stderr.
#[track_caller]
fn assert_ok(outcome: &Outcome, stdout: &str) {
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, stdout, ""), "{outcome:?}");
}

/// `greet` prints its line (the guest's stdout), then the CLI prints the result.
fn greets(file: &str) {
    assert_ok(&invoke(file, &[r#"greet("world")"#]), "Hello, world!\n\"Hello, world!\"\n");
}

/// Lists and records, several calls on one instance.
fn records_and_lists(file: &str) {
    let outcome = invoke(
        file,
        &[
            r#"shout-sorted(["pear", "apple", "fig"])"#,
            r#"birthday({name: "Ada", age: 36, tags: ["math"]})"#,
            r#"summarize([{name: "Ada", age: 36, tags: []}, {name: "Alan", age: 41, tags: ["x"]}])"#,
        ],
    );
    assert_ok(
        &outcome,
        "[\"APPLE\", \"FIG\", \"PEAR\"]\n\
         {name: \"Ada\", age: 37, tags: [\"math\", \"seen\"]}\n\
         {count: 2, total-age: 77, names: [\"Ada\", \"Alan\"]}\n",
    );
}

/// `now-millis` reads the system's wall clock: the guest prints `now N`,
/// the CLI prints N, and N is the time of the run.
fn reads_the_clock(file: &str) {
    let millis = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis();
    let before = millis();
    let outcome = invoke(file, &["now-millis()"]);
    let after = millis();
    assert_eq!((outcome.code, outcome.stderr.as_str()), (0, ""), "{outcome:?}");
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    let [printed, result] = lines[..] else { panic!("two lines expected: {outcome:?}") };
    assert_eq!(printed, format!("now {result}"));
    let ms: u128 = result.parse().expect("a u64");
    assert!((before..=after).contains(&ms), "now-millis {ms} is not within the run ({before}..={after})");
}

#[test]
fn python_greet_prints_and_returns_a_string() {
    greets("python-demo.wasm");
}

#[test]
fn python_takes_and_returns_records_and_lists() {
    records_and_lists("python-demo.wasm");
}

#[test]
fn python_now_millis_reads_the_wall_clock() {
    reads_the_clock("python-demo.wasm");
}

#[test]
fn js_greet_prints_and_returns_a_string() {
    greets("js-demo.wasm");
}

#[test]
fn js_takes_and_returns_records_and_lists() {
    records_and_lists("js-demo.wasm");
}

#[test]
fn js_now_millis_reads_the_wall_clock() {
    reads_the_clock("js-demo.wasm");
}

#[test]
fn a_bad_argument_is_a_usage_error_before_the_guest_runs() {
    for file in ["python-demo.wasm", "js-demo.wasm"] {
        let outcome = invoke(file, &["greet(42)"]);
        assert_eq!((outcome.code, outcome.stdout.as_str()), (2, ""), "{outcome:?}");
        assert!(outcome.stderr.starts_with("error: "), "{outcome:?}");
    }
}

#[test]
fn the_rust_hello_world_command_prints_its_line() {
    // `crates/guests/wasi-hello`, built by crates/guests/build.sh: the command the measurements use.
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join("wasi-hello.wasm");
    assert!(path.is_file(), "no {}; run crates/guests/build.sh to build the guests", path.display());
    assert_ok(&airssys_wasm(&["run", path.to_str().expect("utf-8 path")]), "Hello, world!\n");
}
