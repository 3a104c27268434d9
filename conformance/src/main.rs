//! The conformance harness: runs the Component Model's own `.wast` suite
//! through airssys-wasm and scores every top-level directive as pass, fail,
//! blocked or n/a, per folder.
//!
//! ```text
//! cargo run -p airssys-wasm-conformance --release -- [options]
//! ```
//!
//! Layers, top down: this file reads the options and ties the steps together;
//! [`runner`] finds and runs the files; [`script`] runs one file's directives
//! against the runtime; [`values`] turns script values into runtime values and
//! compares results; [`score`], [`report`] and [`baseline`] count, print and
//! remember the verdicts; [`scan`] and [`scope`] split text without a parser
//! and decide what is out of scope; [`guard`] turns runtime panics into scores.

mod baseline;
mod guard;
mod report;
mod runner;
mod scan;
mod scope;
mod score;
mod script;
mod values;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo run -p airssys-wasm-conformance --release -- [options]

Runs every .wast file of the Component Model suite through airssys-wasm and
prints a score table per folder, then `conformance: P passed, F failed, S skipped`.

options:
  --dir <path>        the suite's test/ folder (default: $AIRSSYS_WAST_DIR, else
                      ../shared/conformance/component-model/test beside the repository)
  --filter <text>     run only files whose relative path contains <text>
  --jobs <n>          files run in parallel (default: the number of CPUs)
  --verbose, -v       print every directive that did not pass
  --write-results     write conformance/RESULTS.md
  --write-baseline    rewrite conformance/baseline.txt with the passing directives
  --check-baseline    exit 1 if a directive of conformance/baseline.txt no longer passes
  --help, -h          print this help";

/// What to do, from the command line.
#[derive(Debug, Default)]
struct Options {
    dir: Option<PathBuf>,
    filter: Option<String>,
    jobs: Option<usize>,
    verbose: bool,
    write_results: bool,
    write_baseline: bool,
    check_baseline: bool,
    help: bool,
}

/// Parses the arguments after the program name.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut o = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--dir" => o.dir = Some(PathBuf::from(value("--dir")?)),
            "--filter" => o.filter = Some(value("--filter")?),
            "--jobs" => {
                let n = value("--jobs")?;
                o.jobs = Some(n.parse().map_err(|_| format!("--jobs needs a number, not `{n}`"))?);
            }
            "--verbose" | "-v" => o.verbose = true,
            "--write-results" => o.write_results = true,
            "--write-baseline" => o.write_baseline = true,
            "--check-baseline" => o.check_baseline = true,
            "--help" | "-h" => o.help = true,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if o.filter.is_some() && (o.write_baseline || o.write_results) {
        return Err("--write-baseline and --write-results need the whole suite; drop --filter".into());
    }
    Ok(o)
}

/// The folder of this package (`conformance/`), where the results and the baseline live.
fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The suite's folder relative to the repository's root, where it is by default.
const DEFAULT_SUITE: &str = "../shared/conformance/component-model/test";

/// The suite's `test/` folder (`--dir`, else `$AIRSSYS_WAST_DIR`, else beside
/// the repository), and how `RESULTS.md` names it.
fn suite_dir(o: &Options) -> (PathBuf, String) {
    let given = o.dir.clone().or_else(|| std::env::var_os("AIRSSYS_WAST_DIR").map(PathBuf::from));
    match given {
        Some(dir) => {
            let name = dir.display().to_string();
            (dir, name)
        }
        None => (package_dir().join("..").join(DEFAULT_SUITE), DEFAULT_SUITE.to_string()),
    }
}

/// Prints the console report; a closed pipe (`| head`) is not an error.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs the suite as the options say; the exit code is 1 only for a baseline regression.
fn run(o: &Options) -> Result<ExitCode, String> {
    let (dir, suite_name) = suite_dir(o);
    if !dir.is_dir() {
        return Err(format!(
            "the suite folder {} does not exist; pass --dir or set AIRSSYS_WAST_DIR to the component-model test/ folder",
            dir.display()
        ));
    }
    let mut files = runner::discover(&dir)?;
    if let Some(f) = &o.filter {
        files.retain(|p| p.contains(f.as_str()));
    }
    if files.is_empty() {
        return Err(format!("no .wast files to run under {}", dir.display()));
    }
    let jobs = o.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));

    let started = Instant::now();
    let reports = runner::run_all(&dir, &files, jobs)?;
    let elapsed = started.elapsed();

    let mut text = String::new();
    if o.verbose {
        for out in reports.iter().flat_map(|r| &r.outcomes).filter(|o| !o.status.is_pass()) {
            let _ = writeln!(text, "{} {}: {}", out.id, out.kind, out.status);
        }
        text.push('\n');
    }
    text.push_str(&report::table(&reports));
    text.push('\n');
    text.push_str(&report::top_failures(&reports, 12));
    // The table goes out before anything below can fail.
    print(&text);
    text.clear();

    let mut code = ExitCode::SUCCESS;
    let baseline_path = package_dir().join("baseline.txt");
    if o.check_baseline {
        let baseline = baseline::read(&baseline_path)?;
        let regressions = baseline::regressions(&baseline, &reports);
        if regressions.is_empty() {
            let _ = writeln!(text, "\nbaseline: all {} listed directives still pass", baseline.len());
        } else {
            let _ = writeln!(text, "\nbaseline: {} directive(s) no longer pass:", regressions.len());
            for r in &regressions {
                let _ = writeln!(text, "  {}  {}", r.id, r.now);
            }
            code = ExitCode::from(1);
        }
    }
    if o.write_baseline {
        write(&baseline_path, &baseline::render(&reports))?;
        let _ = writeln!(text, "\nwrote {}", baseline_path.display());
    }
    if o.write_results {
        let path = package_dir().join("RESULTS.md");
        write(&path, &report::results_markdown(&reports, &suite_name))?;
        let _ = writeln!(text, "wrote {}", path.display());
    }
    let all = score::total(&score::tally_by_folder(&reports));
    let _ = writeln!(text, "\n{} files in {:.2} s on {jobs} thread(s)", reports.len(), elapsed.as_secs_f64());
    let _ = writeln!(text, "{}", all.summary_line());
    print(&text);
    Ok(code)
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("conformance: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    guard::install_hook();
    match run(&options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("conformance: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Options, String> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options_parse() {
        let o = args(&["--dir", "/x", "--check-baseline", "-v", "--jobs", "3"]).unwrap();
        assert_eq!(o.dir, Some(PathBuf::from("/x")));
        assert!(o.check_baseline && o.verbose && !o.write_baseline);
        assert_eq!(o.jobs, Some(3));
        assert_eq!(args(&["--dir"]).unwrap_err(), "--dir needs a value");
        assert_eq!(args(&["--frob"]).unwrap_err(), "unknown option `--frob`");
        assert!(args(&["--filter", "values", "--write-baseline"]).is_err());
    }
}
