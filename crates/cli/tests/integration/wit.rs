//! `inspect` prints a component's world as `wasm-tools component wit` does.
//!
//! Every component of the repository (the examples, the components of these
//! tests, the Rust guests that `crates/guests/build.sh` builds) is compared
//! with wasm-tools when it is on PATH, and otherwise with the output of
//! wasm-tools committed in `crates/cli/tests/wit/` (`<name>.wit`, or
//! `<name>.error` with its error message when it cannot print the
//! component; `crates/cli/tests/wit/generate.sh` remakes them).

use super::{airssys_wasm, root, scratch_file};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What wasm-tools prints for a component: its WIT, or why it has none.
#[derive(Debug, PartialEq, Eq)]
enum Expected {
    /// `wasm-tools component wit` succeeded and printed this.
    Wit(String),
    /// It failed with this message (its `error: ` prefix removed).
    Error(String),
}

/// The directory of the committed expected outputs.
fn expected_dir() -> PathBuf {
    root().join("crates/cli/tests/wit")
}

/// wasm-tools' output for the component `path`, run live (`None` when
/// wasm-tools is not on PATH).
fn wasm_tools(path: &Path) -> Option<Expected> {
    let output = Command::new("wasm-tools").args(["component", "wit"]).arg(path).output().ok()?;
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("utf-8 output");
    if output.status.success() {
        return Some(Expected::Wit(text(output.stdout)));
    }
    let stderr = text(output.stderr);
    let message = stderr.trim_end().strip_prefix("error: ").unwrap_or(&stderr).to_string();
    Some(Expected::Error(message))
}

/// The committed output of wasm-tools for the component called `name`.
fn committed(name: &str) -> Expected {
    let read = |ext: &str| std::fs::read_to_string(expected_dir().join(format!("{name}.{ext}"))).ok();
    match (read("wit"), read("error")) {
        (Some(wit), None) => Expected::Wit(wit),
        (None, Some(error)) => Expected::Error(error.trim_end().to_string()),
        _ => panic!(
            "crates/cli/tests/wit/ needs exactly one of {name}.wit and {name}.error; run crates/cli/tests/wit/generate.sh"
        ),
    }
}

/// Checks `inspect path` against wasm-tools (live if installed, and then
/// the committed file too, so that it does not go stale; else the file).
#[track_caller]
fn check(name: &str, path: &Path) {
    let expected = committed(name);
    if let Some(live) = wasm_tools(path) {
        assert_eq!(live, expected, "{name}: the committed output is stale; run crates/cli/tests/wit/generate.sh");
    }
    let outcome = airssys_wasm(&["inspect", path.to_str().expect("utf-8 path")]);
    match expected {
        Expected::Wit(wit) => {
            assert_eq!(
                (outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()),
                (0, wit.as_str(), ""),
                "{name}"
            )
        }
        Expected::Error(message) => {
            assert_eq!((outcome.code, outcome.stdout.as_str()), (3, ""), "{name}: {outcome:?}");
            assert!(outcome.stderr.contains(&message), "{name}: {outcome:?} should say {message:?}");
            assert!(outcome.stderr.contains("inspect --structural"), "{name}: {outcome:?}");
        }
    }
}

/// The built component of the guest `crates/guests/<name>`.
pub fn guest(name: &str) -> PathBuf {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join(format!("{name}.wasm"));
    assert!(path.is_file(), "{} is missing: run crates/guests/build.sh to build the guests", path.display());
    path
}

/// Checks every `.wat` component in `dir` (under the root); how many.
fn check_dir(dir: &str) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join(dir)).expect("a directory of components") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "wat") {
            let name = path.file_stem().expect("a file name").to_str().expect("utf-8 name");
            check(name, &path);
            count += 1;
        }
    }
    count
}

#[test]
fn examples() {
    let count = check_dir("examples");
    assert!(count >= 5, "examples/ has {count} components");
}

#[test]
fn test_components() {
    // An exported instance, and a WIT package encoded as a component (docs included).
    let count = check_dir("crates/cli/tests/components");
    assert!(count >= 2, "crates/cli/tests/components/ has {count} components");
}

#[test]
fn bindings_demo_guest() {
    check("bindings-demo", &guest("bindings-demo"));
}

#[test]
fn the_structural_view_stays_available() {
    let outcome = airssys_wasm(&["inspect", "--structural", "examples/greet.wat"]);
    assert_eq!(outcome.stdout, "export greet: func(name: string) -> string\n");
}

#[test]
fn a_core_module_is_refused_with_a_clear_error() {
    let path = scratch_file("core-only.wat", "(module)");
    let outcome = airssys_wasm(&["inspect", &path]);
    assert_eq!(outcome.code, 3);
    assert!(outcome.stderr.contains("is a core wasm module, not a component"), "{outcome:?}");
}

#[test]
fn grants_follow_the_wit() {
    let outcome = airssys_wasm(&["inspect", "examples/files.wat", "--allow", "my:log/sink"]);
    let Expected::Wit(wit) = committed("files") else { panic!("files.wat has WIT") };
    assert_eq!(outcome.stdout, format!("{wit}ungranted my:fs/files#size\n"), "{outcome:?}");
}
