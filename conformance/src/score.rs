//! Scores: what became of each top-level directive, and the counts per folder.

use std::collections::BTreeMap;
use std::fmt;

/// The verdict on one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The runtime did what the directive asserts.
    Pass,
    /// The runtime did something else; the reason says what.
    Fail(String),
    /// The directive could not be tried: something it depends on failed, or
    /// the runtime answered `unsupported`.
    Blocked(String),
    /// Outside the runtime's scope (async, core exceptions, GC, threads, text-only forms).
    NotApplicable(String),
}

impl Status {
    /// Whether the directive passed.
    pub fn is_pass(&self) -> bool {
        matches!(self, Status::Pass)
    }

    /// The short name of the verdict, as the tables print it.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail(_) => "fail",
            Status::Blocked(_) => "blocked",
            Status::NotApplicable(_) => "n/a",
        }
    }

    /// Why the directive did not pass; empty for a pass.
    pub fn reason(&self) -> &str {
        match self {
            Status::Pass => "",
            Status::Fail(r) | Status::Blocked(r) | Status::NotApplicable(r) => r,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Pass => f.write_str("pass"),
            other => write!(f, "{}: {}", other.label(), other.reason()),
        }
    }
}

/// The reason of a directive that needs the `what` at `line`, which did not
/// succeed for `reason`; [`root_cause`] undoes it.
pub fn dependent_reason(what: &str, line: usize, status: &Status) -> Status {
    match status {
        Status::NotApplicable(r) => Status::NotApplicable(format!("uses the {what} at line {line}, which is n/a: {r}")),
        Status::Fail(r) | Status::Blocked(r) => Status::Blocked(format!("the {what} at line {line} failed: {r}")),
        Status::Pass => Status::Fail(format!("harness: the {what} at line {line} passed but left nothing")),
    }
}

/// The reason behind a chain of [`dependent_reason`]s: what the first
/// directive of the chain failed for.
pub fn root_cause(mut reason: &str) -> &str {
    fn strip(r: &str) -> Option<&str> {
        let rest = r.strip_prefix("uses the ").or_else(|| r.strip_prefix("the "))?;
        let (_, after) = rest.split_once(" at line ")?;
        let digits = after.find(|c: char| !c.is_ascii_digit()).filter(|&n| n > 0)?;
        let tail = &after[digits..];
        tail.strip_prefix(" failed: ").or_else(|| tail.strip_prefix(", which is n/a: "))
    }
    while let Some(inner) = strip(reason) {
        reason = inner;
    }
    reason
}

/// How the runtime's error text compared with the message an `assert_trap`,
/// `assert_invalid` or `assert_malformed` expects. Extra information only: the
/// directive passes whatever the text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message the script expects (a substring of the runtime's).
    pub expected: String,
    /// What the runtime said.
    pub actual: String,
}

impl Message {
    /// Whether the runtime's text contains the expected message.
    pub fn matches(&self) -> bool {
        self.actual.contains(&self.expected)
    }
}

/// One scored top-level directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `file:line` (with `#n` appended for the n-th directive on one line).
    pub id: String,
    /// The file, relative to the suite's root, with `/` separators.
    pub file: String,
    /// The 1-based line the directive starts on.
    pub line: usize,
    /// What the directive is: `component`, `assert_return`, ...
    pub kind: String,
    /// The verdict.
    pub status: Status,
    /// For a passing `assert_trap`, `assert_invalid` or binary `assert_malformed`: how the message compared.
    pub message: Option<Message>,
}

impl Outcome {
    /// A directive at `line` of `file`; `id` is filled in by [`assign_ids`].
    pub fn new(file: &str, line: usize, kind: impl Into<String>, status: Status) -> Self {
        Outcome { id: String::new(), file: file.to_string(), line, kind: kind.into(), status, message: None }
    }
}

/// Gives every outcome of one file its `file:line` id, numbering second and
/// later directives that start on the same line (`file:line#2`) so ids stay unique.
pub fn assign_ids(outcomes: &mut [Outcome]) {
    let mut seen: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for o in outcomes {
        let n = seen.entry((o.file.clone(), o.line)).or_insert(0);
        *n += 1;
        o.id = match *n {
            1 => format!("{}:{}", o.file, o.line),
            k => format!("{}:{}#{k}", o.file, o.line),
        };
    }
}

/// The folder a file is scored under: its first path component.
pub fn folder_of(file: &str) -> &str {
    match file.split_once('/') {
        Some((folder, _)) => folder,
        None => ".",
    }
}

/// Counts for one folder (or the whole suite).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// `.wast` files.
    pub files: usize,
    /// Directives that passed.
    pub pass: usize,
    /// Directives that failed.
    pub fail: usize,
    /// Directives that were blocked.
    pub blocked: usize,
    /// Directives out of scope.
    pub not_applicable: usize,
    /// Passing `assert_trap`s (and `assert_exhaustion`s).
    pub traps: usize,
    /// Passing `assert_trap`s whose message contains the expected text.
    pub trap_messages_matched: usize,
    /// Passing `assert_invalid`s and `assert_malformed`s.
    pub rejections: usize,
    /// Passing rejections whose error contains the expected text.
    pub rejection_messages_matched: usize,
}

impl Tally {
    /// Every directive counted.
    pub fn directives(&self) -> usize {
        self.pass + self.fail + self.blocked + self.not_applicable
    }

    /// Counts one outcome.
    pub fn add(&mut self, o: &Outcome) {
        match o.status {
            Status::Pass => self.pass += 1,
            Status::Fail(_) => self.fail += 1,
            Status::Blocked(_) => self.blocked += 1,
            Status::NotApplicable(_) => self.not_applicable += 1,
        }
        if let (Status::Pass, Some(m)) = (&o.status, &o.message) {
            let matched = usize::from(m.matches());
            if matches!(o.kind.as_str(), "assert_trap" | "assert_exhaustion") {
                self.traps += 1;
                self.trap_messages_matched += matched;
            } else {
                self.rejections += 1;
                self.rejection_messages_matched += matched;
            }
        }
    }

    /// Adds another tally's counts to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.files += other.files;
        self.pass += other.pass;
        self.fail += other.fail;
        self.blocked += other.blocked;
        self.not_applicable += other.not_applicable;
        self.traps += other.traps;
        self.trap_messages_matched += other.trap_messages_matched;
        self.rejections += other.rejections;
        self.rejection_messages_matched += other.rejection_messages_matched;
    }

    /// The summary line CI greps for: blocked counts as failed, n/a as skipped.
    pub fn summary_line(&self) -> String {
        format!(
            "conformance: {} passed, {} failed, {} skipped",
            self.pass,
            self.fail + self.blocked,
            self.not_applicable
        )
    }
}

/// The outcomes of one `.wast` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file, relative to the suite's root.
    pub file: String,
    /// Every top-level directive, in file order.
    pub outcomes: Vec<Outcome>,
}

/// The folders scored in the order the tables list them; others follow alphabetically.
pub const FOLDERS: [&str; 6] = ["values", "resources", "linking", "validation", "binary", "async"];

/// Tallies per folder, in table order ([`FOLDERS`] first, always present).
pub fn tally_by_folder(reports: &[FileReport]) -> Vec<(String, Tally)> {
    let mut by: BTreeMap<String, Tally> = FOLDERS.iter().map(|f| (f.to_string(), Tally::default())).collect();
    for r in reports {
        let t = by.entry(folder_of(&r.file).to_string()).or_default();
        t.files += 1;
        r.outcomes.iter().for_each(|o| t.add(o));
    }
    let rank = |f: &str| FOLDERS.iter().position(|k| *k == f).unwrap_or(FOLDERS.len());
    let mut rows: Vec<(String, Tally)> = by.into_iter().collect();
    rows.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    rows
}

/// The tally of the whole run.
pub fn total(rows: &[(String, Tally)]) -> Tally {
    let mut t = Tally::default();
    rows.iter().for_each(|(_, r)| t.merge(r));
    t
}

#[cfg(test)]
mod tests;
