//! What a run prints and writes: the table per folder, the failure reasons
//! grouped by cause, and `RESULTS.md` with every non-passing directive.

use crate::score::{FileReport, Outcome, Status, Tally, root_cause, tally_by_folder, total};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The table per folder, as plain text, ending with a total row.
pub fn table(reports: &[FileReport]) -> String {
    let rows = tally_by_folder(reports);
    let mut out = String::new();
    let header = ["folder", "files", "directives", "pass", "fail", "blocked", "n/a"];
    let _ = writeln!(
        out,
        "{:<12} {:>5} {:>10} {:>5} {:>5} {:>7} {:>5}",
        header[0], header[1], header[2], header[3], header[4], header[5], header[6]
    );
    let line = |out: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>10} {:>5} {:>5} {:>7} {:>5}",
            name,
            t.files,
            t.directives(),
            t.pass,
            t.fail,
            t.blocked,
            t.not_applicable
        );
    };
    for (folder, t) in &rows {
        line(&mut out, &format!("{folder}/"), t);
    }
    let all = total(&rows);
    line(&mut out, "total", &all);
    out.push_str(&message_lines(&all));
    out
}

/// How many passing traps and rejections carried the expected message text.
fn message_lines(all: &Tally) -> String {
    format!(
        "assert_trap: {} passed, {} of them with the expected message text\n\
         assert_invalid/assert_malformed: {} passed, {} of them with the expected message text\n",
        all.traps, all.trap_messages_matched, all.rejections, all.rejection_messages_matched
    )
}

/// The table as Markdown.
fn markdown_table(reports: &[FileReport]) -> String {
    let rows = tally_by_folder(reports);
    let mut out =
        String::from("| folder | files | directives | pass | fail | blocked | n/a |\n|---|--:|--:|--:|--:|--:|--:|\n");
    let line = |out: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            t.files,
            t.directives(),
            t.pass,
            t.fail,
            t.blocked,
            t.not_applicable
        );
    };
    for (folder, t) in &rows {
        line(&mut out, &format!("{folder}/"), t);
    }
    line(&mut out, "**total**", &total(&rows));
    out
}

/// A reason with its specifics (numbers, offsets, quoted names) blanked, so
/// that directives failing for the same cause group together.
pub fn cause(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut chars = reason.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                out.push(c);
                out.push('…');
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push(c);
            }
            '0' if chars.peek() == Some(&'x') => {
                chars.next();
                while chars.peek().is_some_and(|d| d.is_ascii_hexdigit()) {
                    chars.next();
                }
                out.push_str("0x…");
            }
            d if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('N');
            }
            _ => out.push(c),
        }
    }
    const MAX: usize = 200;
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

/// Failed and blocked directives that share a root cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    /// The root cause with specifics blanked.
    pub cause: String,
    /// Directives that failed for it themselves.
    pub fail: usize,
    /// Directives blocked by it: unsupported, or depending on one that failed.
    pub blocked: usize,
    /// The first directive of the group, as an example.
    pub example: &'a Outcome,
}

impl Group<'_> {
    /// Every directive of the group.
    pub fn count(&self) -> usize {
        self.fail + self.blocked
    }
}

/// The failed and blocked directives grouped by root cause (a directive
/// blocked by a failed component counts under that component's cause), most
/// common first, ties in file order.
pub fn failure_groups(reports: &[FileReport]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let failing =
        reports.iter().flat_map(|r| &r.outcomes).filter(|o| matches!(o.status, Status::Fail(_) | Status::Blocked(_)));
    for o in failing {
        let key = cause(root_cause(o.status.reason()));
        let i = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group { cause: key, fail: 0, blocked: 0, example: o });
            groups.len() - 1
        });
        match o.status {
            Status::Fail(_) => groups[i].fail += 1,
            _ => groups[i].blocked += 1,
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.count()));
    groups
}

/// The most common failure causes, for the console.
pub fn top_failures(reports: &[FileReport], limit: usize) -> String {
    let groups = failure_groups(reports);
    if groups.is_empty() {
        return String::new();
    }
    let mut out = format!("most common failure causes ({} distinct; fail/blocked):\n", groups.len());
    for g in groups.iter().take(limit) {
        let _ = writeln!(out, "{:>5} {:>4}/{:<4} {}  (e.g. {})", g.count(), g.fail, g.blocked, g.cause, g.example.id);
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `RESULTS.md`: the table, the summary line, the failure causes, the trap
/// messages that differ, and every non-passing directive.
pub fn results_markdown(reports: &[FileReport], suite: &str) -> String {
    let all = total(&tally_by_folder(reports));
    let mut out = String::from("# Conformance results\n\n");
    let _ = writeln!(
        out,
        "The Component Model's `.wast` suite (`{suite}`) run through airssys-wasm by `conformance/`.\n\
         Generated by `cargo run -p airssys-wasm-conformance --release -- --write-results`; do not edit by hand.\n\
         Blocked: a definition or instance the directive depends on failed, or the runtime answered `unsupported`.\n\
         n/a: async, core exceptions, GC or threads, and text-only forms the runtime never sees.\n"
    );
    out.push_str(&markdown_table(reports));
    let _ = writeln!(out, "\n`{}`\n", all.summary_line());
    out.push_str(&message_lines(&all));
    out.push('\n');

    out.push_str(
        "## Failure causes, most common first\n\n\
         Grouped by root cause: a directive blocked by a component that failed counts under that component's cause.\n\n\
         | directives | fail | blocked | cause | example |\n|--:|--:|--:|---|---|\n",
    );
    for g in failure_groups(reports) {
        let _ = writeln!(out, "| {} | {} | {} | {} | {} |", g.count(), g.fail, g.blocked, cell(&g.cause), g.example.id);
    }

    out.push_str(
        "\n## Passing directives whose message differs\n\n\
         The directive passed, but the runtime's error text does not contain the message the script expects.\n\n\
         | directive | kind | expected | runtime said |\n|---|---|---|---|\n",
    );
    let outcomes = || reports.iter().flat_map(|r| &r.outcomes);
    for o in outcomes().filter(|o| o.status.is_pass()) {
        if let Some(m) = o.message.as_ref().filter(|m| !m.matches()) {
            let _ = writeln!(out, "| {} | {} | {} | {} |", o.id, o.kind, cell(&m.expected), cell(&m.actual));
        }
    }

    out.push_str("\n## Every directive that did not pass\n");
    for r in reports {
        let failing: Vec<&Outcome> = r.outcomes.iter().filter(|o| !o.status.is_pass()).collect();
        if failing.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {}\n\n| directive | kind | status | reason |\n|---|---|---|---|", r.file);
        for o in failing {
            let _ = writeln!(out, "| {} | {} | {} | {} |", o.id, o.kind, o.status.label(), cell(o.status.reason()));
        }
    }
    out
}

#[cfg(test)]
mod tests;
