//! Tests for the baseline.

use super::*;
use crate::score::{Outcome, assign_ids};

fn report(file: &str, statuses: Vec<Status>) -> FileReport {
    let mut outcomes: Vec<Outcome> =
        statuses.into_iter().enumerate().map(|(i, s)| Outcome::new(file, i + 1, "assert_return", s)).collect();
    assign_ids(&mut outcomes);
    FileReport { file: file.to_string(), outcomes }
}

#[test]
fn renders_passing_ids_and_parses_them_back() {
    let reports = vec![report("values/a.wast", vec![Status::Pass, Status::Fail("x".into()), Status::Pass])];
    let text = render(&reports);
    assert_eq!(text, "values/a.wast:1\nvalues/a.wast:3\n");
    assert_eq!(parse(&format!("# comment\n\n{text}  \n")), ["values/a.wast:1", "values/a.wast:3"]);
}

#[test]
fn a_baseline_pass_that_fails_now_is_a_regression() {
    let reports = vec![report("values/a.wast", vec![Status::Pass, Status::Blocked("dep".into())])];
    let baseline = parse("values/a.wast:1\nvalues/a.wast:2\nvalues/a.wast:9\nlinking/b.wast:4\n");
    let got = regressions(&baseline, &reports);
    assert_eq!(
        got,
        [
            Regression { id: "values/a.wast:2".into(), now: "blocked: dep".into() },
            Regression {
                id: "values/a.wast:9".into(),
                now: "no directive has this id any more (was the file edited?)".into()
            },
        ]
    );
}

#[test]
fn an_unchanged_run_has_no_regressions() {
    let reports = vec![report("binary/c.wast", vec![Status::Pass, Status::NotApplicable("n".into())])];
    assert!(regressions(&parse(&render(&reports)), &reports).is_empty());
}
