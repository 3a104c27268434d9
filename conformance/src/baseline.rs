//! The baseline: the ids (`file:line`) of the directives that pass, one per
//! line. CI fails when a directive of the baseline no longer passes.

use crate::score::{FileReport, Status};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The ids listed in a baseline file's text; blank lines and `#` comments are ignored.
pub fn parse(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// Reads the baseline at `path`.
pub fn read(path: &Path) -> Result<Vec<String>, String> {
    std::fs::read_to_string(path)
        .map(|t| parse(&t))
        .map_err(|e| format!("cannot read the baseline {}: {e} (create it with --write-baseline)", path.display()))
}

/// The ids of every passing directive, in file order, as a baseline file's text.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for o in reports.iter().flat_map(|r| &r.outcomes).filter(|o| o.status.is_pass()) {
        out.push_str(&o.id);
        out.push('\n');
    }
    out
}

/// A baseline directive that no longer passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regression {
    /// The directive's id.
    pub id: String,
    /// What became of it: its status now, or why it is missing.
    pub now: String,
}

/// The baseline directives that do not pass in `reports`. Ids of files that
/// were not run (a `--filter`) are not checked; ids of files that were run
/// but that no directive carries any more are regressions.
pub fn regressions(baseline: &[String], reports: &[FileReport]) -> Vec<Regression> {
    let files: BTreeSet<&str> = reports.iter().map(|r| r.file.as_str()).collect();
    let status: BTreeMap<&str, &Status> =
        reports.iter().flat_map(|r| &r.outcomes).map(|o| (o.id.as_str(), &o.status)).collect();
    let mut out = Vec::new();
    for id in baseline {
        let file = id.rsplit_once(':').map_or(id.as_str(), |(f, _)| f);
        if !files.contains(file) {
            continue;
        }
        let now = match status.get(id.as_str()) {
            Some(Status::Pass) => continue,
            Some(s) => s.to_string(),
            None => "no directive has this id any more (was the file edited?)".to_string(),
        };
        out.push(Regression { id: id.clone(), now });
    }
    out
}

#[cfg(test)]
mod tests;
