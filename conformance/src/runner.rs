//! Finding the suite's `.wast` files and running them, a few at a time, each
//! to a [`FileReport`] that scores every one of its top-level directives.

use crate::guard::guard;
use crate::scan;
use crate::scope;
use crate::score::{FileReport, Outcome, Status, assign_ids};
use crate::script::{self, Script};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use wast::Wast;
use wast::parser::{self, ParseBuffer};

/// Stack for the threads that run files: the wast parser and the runtime recurse.
const STACK_BYTES: usize = 64 << 20;

/// Every `.wast` file under `root`, as sorted paths relative to it with `/` separators.
pub fn discover(root: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let dir = root.join(&rel);
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let path = rel.join(entry.file_name());
            let ty = entry.file_type().map_err(|e| format!("cannot stat {}: {e}", root.join(&path).display()))?;
            if ty.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|x| x == "wast") {
                let parts: Vec<String> =
                    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Runs `files` (relative to `root`) on `jobs` threads; reports come back in `files` order.
pub fn run_all(root: &Path, files: &[String], jobs: usize) -> Result<Vec<FileReport>, String> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|s| -> Result<(), String> {
        let mut workers = Vec::new();
        for n in 0..jobs.clamp(1, files.len().max(1)) {
            let worker = || {
                let engine = script::engine();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let report = run_file(root, file, &engine);
                    done.lock().unwrap_or_else(|poisoned| poisoned.into_inner())[i] = Some(report);
                }
            };
            let spawned = std::thread::Builder::new()
                .name(format!("wast-{n}"))
                .stack_size(STACK_BYTES)
                .spawn_scoped(s, worker)
                .map_err(|e| format!("cannot start a worker thread: {e}"))?;
            workers.push(spawned);
        }
        for w in workers {
            w.join().map_err(|_| "a worker thread panicked outside the runtime (a harness bug)".to_string())?;
        }
        Ok(())
    })?;
    let done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    done.into_iter().zip(files).map(|(r, f)| r.ok_or_else(|| format!("{f} was never run (a harness bug)"))).collect()
}

/// Runs one file and scores each directive.
pub fn run_file(root: &Path, file: &str, engine: &airssys_wasm::Engine) -> FileReport {
    let path = root.join(file);
    let mut outcomes = match std::fs::read_to_string(&path) {
        Err(e) => vec![Outcome::new(file, 1, "file", Status::Fail(format!("cannot read {}: {e}", path.display())))],
        Ok(text) => match scope::file_out_of_scope(file) {
            Some(reason) => every(file, &text, &Status::NotApplicable(reason.to_string())),
            None => run_text(file, &text, engine),
        },
    };
    assign_ids(&mut outcomes);
    FileReport { file: file.to_string(), outcomes }
}

/// Scores every directive of a file the same way, found by the lexical pass.
fn every(file: &str, text: &str, status: &Status) -> Vec<Outcome> {
    match scan::directives(text) {
        Ok(found) => found.into_iter().map(|d| Outcome::new(file, d.line, d.kind, status.clone())).collect(),
        Err(e) => {
            let reason = format!("{} (the file could not be split into directives: {e})", status.reason());
            let status = match status {
                Status::NotApplicable(_) => Status::NotApplicable(reason),
                _ => Status::Blocked(reason),
            };
            vec![Outcome::new(file, 1, "file", status)]
        }
    }
}

/// Parses a file with the wast crate and runs its directives in order.
fn run_text(file: &str, text: &str, engine: &airssys_wasm::Engine) -> Vec<Outcome> {
    let parse_failed = |why: String| every(file, text, &Status::Blocked(format!("wast cannot parse this file: {why}")));
    let buf = match ParseBuffer::new(text) {
        Ok(buf) => buf,
        Err(e) => return parse_failed(format!("{} (line {})", e.message(), e.span().linecol_in(text).0 + 1)),
    };
    let wast = match guard(|| parser::parse::<Wast<'_>>(&buf)) {
        Ok(Ok(wast)) => wast,
        Ok(Err(e)) => return parse_failed(format!("{} (line {})", e.message(), e.span().linecol_in(text).0 + 1)),
        Err(panic) => return parse_failed(format!("panic: {panic}")),
    };
    let starts: Vec<usize> = wast.directives.iter().map(|d| d.span().offset()).collect();
    let mut script = Script::new(engine);
    let mut outcomes = Vec::with_capacity(starts.len());
    for (i, d) in wast.directives.into_iter().enumerate() {
        let span = d.span();
        let end = starts.get(i + 1).copied().unwrap_or(text.len()).max(span.offset());
        let source = text.get(span.offset()..end).unwrap_or("");
        let line = span.linecol_in(text).0 + 1;
        let kind = script::kind(&d);
        let verdict = script.directive(d, line, scope::directive_out_of_scope(source));
        let mut o = Outcome::new(file, line, kind, verdict.status);
        o.message = verdict.message;
        outcomes.push(o);
    }
    outcomes
}

#[cfg(test)]
mod tests;
