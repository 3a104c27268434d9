//! Tests for the reports.

use super::*;
use crate::score::assign_ids;

#[test]
fn causes_blank_out_specifics() {
    assert_eq!(
        cause("component at line 12 failed: load: invalid component: bad `foo` (at offset 0x1f)"),
        "component at line N failed: load: invalid component: bad `…` (at offset 0x…)"
    );
    assert_eq!(cause("result 0: expected \"a\", got \"b\""), "result N: expected \"…\", got \"…\"");
}

#[test]
fn failures_group_by_cause_most_common_first() {
    let mut outcomes = vec![
        Outcome::new("values/a.wast", 1, "component", Status::Fail("load: bad index 3".into())),
        Outcome::new("values/a.wast", 2, "assert_return", Status::Blocked("unsupported: x".into())),
        Outcome::new("values/a.wast", 3, "component", Status::Fail("load: bad index 7".into())),
        Outcome::new("values/a.wast", 4, "assert_return", Status::Pass),
        Outcome::new(
            "values/a.wast",
            5,
            "assert_return",
            Status::Blocked("the component at line 3 failed: load: bad index 7".into()),
        ),
    ];
    assign_ids(&mut outcomes);
    let reports = vec![FileReport { file: "values/a.wast".into(), outcomes }];
    let groups = failure_groups(&reports);
    let got: Vec<(&str, usize, usize, &str)> =
        groups.iter().map(|g| (g.cause.as_str(), g.fail, g.blocked, g.example.id.as_str())).collect();
    assert_eq!(got, [("load: bad index N", 2, 1, "values/a.wast:1"), ("unsupported: x", 0, 1, "values/a.wast:2")]);
    let md = results_markdown(&reports, "test");
    assert!(md.contains("`conformance: 1 passed, 4 failed, 0 skipped`"), "{md}");
    assert!(md.contains("| values/a.wast:2 | assert_return | blocked | unsupported: x |"), "{md}");
}
