//! Runs the same components on airssys-wasm (wasmi, interpreted) and on
//! wasmtime 48 (Cranelift, wasmtime-wasi 48) and prints both sets of
//! figures from one run: load, instantiate, first and second call, and the
//! peak RSS of a process that did only that.
//!
//! Cases (components of `crates/guests/build.sh` and `build-lang.sh`):
//! - `hello`: `wasi-hello.wasm`, the Rust hello-world command (`wasi:cli/run`);
//! - `python`: `python-demo.wasm`, `airssys:lang-demo/demo@0.1.0#greet("world")`;
//! - `js`: `js-demo.wasm`, the same call.
//!
//! Each (engine, case) runs in a child process of its own (this binary with
//! `--child`), so that its peak RSS is its own; the parent runs each child
//! `--runs` times and prints the median of each phase.
//!
//! `cargo run --release -- [--runs N] [--guests DIR]` (DIR defaults to
//! `$AIRSSYS_GUESTS_DIR`, then `target/guests` at the repository root).

#![forbid(unsafe_code)]

mod airssys;
mod figures;
mod wasmtime_peer;

use figures::Figures;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The exported interface both language guests implement.
pub const DEMO: &str = "airssys:lang-demo/demo@0.1.0";

/// What one child runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// The Rust hello-world command.
    Hello,
    /// The Python component's `greet`.
    Python,
    /// The JavaScript component's `greet`.
    Js,
}

impl Case {
    /// Every case, in the order printed.
    const ALL: [Case; 3] = [Case::Hello, Case::Python, Case::Js];

    /// The case's name on the command line.
    fn name(self) -> &'static str {
        match self {
            Case::Hello => "hello",
            Case::Python => "python",
            Case::Js => "js",
        }
    }

    /// The component's file name in the guests' directory.
    pub fn file(self) -> &'static str {
        match self {
            Case::Hello => "wasi-hello.wasm",
            Case::Python => "python-demo.wasm",
            Case::Js => "js-demo.wasm",
        }
    }

    /// The case named `name`.
    fn parse(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The engines compared.
const ENGINES: [&str; 2] = ["airssys-wasm", "wasmtime-48"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--child") => child(&args[1..]),
        _ => parent(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--child ENGINE CASE DIR`: runs one case once and prints its figures.
fn child(args: &[String]) -> Result<(), String> {
    let [engine, case, dir] = args else { return Err("usage: --child ENGINE CASE DIR".into()) };
    let case = Case::parse(case).ok_or_else(|| format!("unknown case `{case}`"))?;
    let path = PathBuf::from(dir).join(case.file());
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "cannot read {}: {e}; build it with crates/guests/build.sh (hello) or crates/guests/build-lang.sh",
            path.display()
        )
    })?;
    let figures = match engine.as_str() {
        "airssys-wasm" => airssys::run(case, &bytes)?,
        "wasmtime-48" => wasmtime_peer::run(case, &bytes)?,
        other => return Err(format!("unknown engine `{other}`")),
    };
    println!("{}", figures.with_peak_rss()?.to_line());
    Ok(())
}

/// Runs every (case, engine) `--runs` times in children and prints a table.
fn parent(args: &[String]) -> Result<(), String> {
    let mut runs = 3usize;
    let mut dir = std::env::var_os("AIRSSYS_GUESTS_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests"), PathBuf::from);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--runs" => {
                runs = rest.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).ok_or("--runs takes a count > 0")?
            }
            "--guests" => dir = PathBuf::from(rest.next().ok_or("--guests takes a directory")?),
            other => return Err(format!("unknown argument `{other}`; usage: [--runs N] [--guests DIR]")),
        }
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    println!("{runs} run(s) each, medians; times in ms, peak RSS in MB; guests in {}", dir.display());
    println!("{}", Figures::header());
    for case in Case::ALL {
        for engine in ENGINES {
            let mut all = Vec::new();
            for _ in 0..runs {
                let start = Instant::now();
                let out = Command::new(&exe)
                    .args(["--child", engine, case.name()])
                    .arg(&dir)
                    .output()
                    .map_err(|e| format!("cannot start a child: {e}"))?;
                let wall = start.elapsed();
                if !out.status.success() {
                    return Err(format!(
                        "{engine} on {}: {}",
                        case.name(),
                        String::from_utf8_lossy(&out.stderr).trim_end()
                    ));
                }
                let mut figures = Figures::from_line(String::from_utf8_lossy(&out.stdout).trim())?;
                figures.process_ms = wall.as_secs_f64() * 1e3;
                all.push(figures);
            }
            println!("{}", Figures::median(&all).row(case.name(), engine));
        }
    }
    Ok(())
}

/// Checks what `greet("world")` returned.
pub fn check_greeting(greeting: &str) -> Result<(), String> {
    if greeting == "Hello, world!" { Ok(()) } else { Err(format!("greet returned {greeting:?}")) }
}

/// Checks what the guest printed.
pub fn check_text(printed: &str, expected: &str) -> Result<(), String> {
    if printed == expected { Ok(()) } else { Err(format!("the guest printed {printed:?}, expected {expected:?}")) }
}

/// Checks what the guest printed into `out`.
pub fn check_stdout(out: &std::sync::Mutex<Vec<u8>>, expected: &str) -> Result<(), String> {
    let printed = out.lock().map(|o| String::from_utf8_lossy(&o).into_owned()).unwrap_or_default();
    check_text(&printed, expected)
}
