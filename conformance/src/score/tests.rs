//! Tests for scoring and tallies.

use super::*;

fn outcome(file: &str, line: usize, status: Status) -> Outcome {
    Outcome::new(file, line, "assert_trap", status)
}

#[test]
fn ids_are_file_and_line_and_unique() {
    let mut v = vec![
        outcome("values/a.wast", 3, Status::Pass),
        outcome("values/a.wast", 3, Status::Pass),
        outcome("values/a.wast", 4, Status::Pass),
    ];
    assign_ids(&mut v);
    let ids: Vec<&str> = v.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["values/a.wast:3", "values/a.wast:3#2", "values/a.wast:4"]);
}

#[test]
fn blocked_counts_as_failed_and_na_as_skipped() {
    let reports = vec![
        FileReport {
            file: "values/a.wast".into(),
            outcomes: vec![
                outcome("values/a.wast", 1, Status::Pass),
                outcome("values/a.wast", 2, Status::Fail("x".into())),
                outcome("values/a.wast", 3, Status::Blocked("y".into())),
            ],
        },
        FileReport {
            file: "async/b.wast".into(),
            outcomes: vec![outcome("async/b.wast", 1, Status::NotApplicable("async".into()))],
        },
        FileReport { file: "extra/c.wast".into(), outcomes: vec![outcome("extra/c.wast", 1, Status::Pass)] },
    ];
    let rows = tally_by_folder(&reports);
    let folders: Vec<&str> = rows.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(folders, ["values", "resources", "linking", "validation", "binary", "async", "extra"]);
    let values = &rows[0].1;
    assert_eq!((values.files, values.pass, values.fail, values.blocked, values.not_applicable), (1, 1, 1, 1, 0));
    let all = total(&rows);
    assert_eq!(all.directives(), 5);
    assert_eq!(all.summary_line(), "conformance: 2 passed, 2 failed, 1 skipped");
}

#[test]
fn messages_are_counted_for_passing_directives_only() {
    let mut pass = outcome("values/a.wast", 1, Status::Pass);
    pass.message = Some(Message { expected: "unreachable".into(), actual: "trap: unreachable code".into() });
    let mut differs = outcome("values/a.wast", 2, Status::Pass);
    differs.message = Some(Message { expected: "out of bounds".into(), actual: "trap: misaligned".into() });
    let mut failed = outcome("values/a.wast", 3, Status::Fail("no trap".into()));
    failed.message = Some(Message { expected: "x".into(), actual: "x".into() });
    let mut invalid = Outcome::new("validation/b.wast", 1, "assert_invalid", Status::Pass);
    invalid.message = Some(Message { expected: "type mismatch".into(), actual: "invalid: type mismatch: i32".into() });
    let mut t = Tally::default();
    [pass, differs, failed, invalid].iter().for_each(|o| t.add(o));
    assert_eq!((t.traps, t.trap_messages_matched), (2, 1));
    assert_eq!((t.rejections, t.rejection_messages_matched), (1, 1));
}

#[test]
fn folders_are_first_path_components() {
    assert_eq!(folder_of("values/strings.wast"), "values");
    assert_eq!(folder_of("top.wast"), ".");
}

#[test]
fn root_causes_undo_dependency_chains() {
    let root = Status::Fail("load: invalid component: bad".into());
    let def = dependent_reason("component definition", 4, &root);
    let inst = dependent_reason("component instance", 9, &def);
    assert_eq!(
        inst,
        Status::Blocked(
            "the component instance at line 9 failed: the component definition at line 4 failed: load: invalid component: bad"
                .into()
        )
    );
    assert_eq!(root_cause(inst.reason()), "load: invalid component: bad");
    let na = dependent_reason("component", 2, &Status::NotApplicable("needs GC".into()));
    assert_eq!(root_cause(na.reason()), "needs GC");
    assert_eq!(root_cause("the instance exports no function `f`"), "the instance exports no function `f`");
}
