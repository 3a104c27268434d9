//! The built `airssys-wasm` binary run on the examples and on components
//! written here: outputs, exit codes and one-line error messages.

mod errors;
mod examples;
mod inspect;
mod lang;
mod values;
mod wasi_dirs;
mod wasi_run;
mod wasi_sockets;
mod wit;
mod wit_packages;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the command did.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code.
    pub code: i32,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
}

/// The workspace root, where the command runs so that paths read `examples/...`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `airssys-wasm args...` in the workspace root.
pub fn airssys_wasm(args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_airssys-wasm"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    Outcome {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// Asserts a successful run that printed exactly `stdout` and nothing on stderr.
#[track_caller]
pub fn assert_prints(outcome: &Outcome, stdout: &str) {
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, stdout, ""), "{outcome:?}");
}

/// Asserts a failed run with exit code `code`, nothing on stdout and exactly
/// the one line `error: <message>` on stderr.
#[track_caller]
pub fn assert_fails(outcome: &Outcome, code: i32, message: &str) {
    let expected = format!("error: {message}\n");
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (code, "", expected.as_str()));
}

/// Writes `contents` to a fresh file `name` in the test's scratch directory
/// and returns its path.
pub fn scratch_file(name: &str, contents: impl AsRef<[u8]>) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path.to_str().expect("utf-8 path").to_string()
}
