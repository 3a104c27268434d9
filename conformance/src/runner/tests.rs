//! Tests for running scripts end to end, on small components.

use super::*;

const SCRIPT: &str = r#"
(component $c
  (core module $M
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "boom") unreachable))
  (core instance $m (instantiate $M))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
  (func (export "boom") (canon lift (core func $m "boom"))))
(assert_return (invoke "add" (u32.const 1) (u32.const 2)) (u32.const 3))
(assert_return (invoke "add" (u32.const 1) (u32.const 2)) (u32.const 4))
(assert_trap (invoke "boom") "unreachable")
(assert_trap (invoke "add" (u32.const 0) (u32.const 0)) "x")
(component (import "host" (func)))
(invoke "f")
(component definition $D (core module (memory 1 1 shared)))
(component instance $i $D)
(assert_return (invoke $c "add" (u32.const 2) (u32.const 2)) (u32.const 4))
(assert_malformed (component quote "(") "text")
(assert_invalid (component (core module (func (result i32)))) "type mismatch")
"#;

fn statuses(outcomes: &[Outcome]) -> Vec<(usize, &str, &str)> {
    outcomes.iter().map(|o| (o.line, o.kind.as_str(), o.status.label())).collect()
}

#[test]
fn every_directive_is_scored_in_order() {
    let outcomes = run_text("values/t.wast", SCRIPT, &script::engine());
    assert_eq!(
        statuses(&outcomes),
        [
            (2, "component", "pass"),
            (9, "assert_return", "pass"),
            (10, "assert_return", "fail"),
            (11, "assert_trap", "pass"),
            (12, "assert_trap", "fail"),
            (13, "component", "blocked"),
            (14, "invoke", "blocked"),
            (15, "component definition", "n/a"),
            (16, "component instance", "n/a"),
            (17, "assert_return", "pass"),
            (18, "assert_malformed", "n/a"),
            (19, "assert_invalid", "pass"),
        ]
    );
    assert_eq!(outcomes[2].status.reason(), "result 0: expected 4, got 3");
    assert!(outcomes[3].message.as_ref().is_some_and(|m| m.expected == "unreachable"));
    // The runtime's own wording follows; only the harness's part is pinned.
    let blocked = outcomes[6].status.reason();
    assert!(blocked.starts_with("the component at line 13 failed: instantiate: needs a host import; "), "{blocked}");
}

#[test]
fn a_file_that_does_not_parse_still_has_every_directive_scored() {
    let text = "(component)\n(assert_return (invoke \"f\") (bogus.const 1))\n";
    let outcomes = run_text("values/bad.wast", text, &script::engine());
    assert_eq!(statuses(&outcomes), [(1, "component", "blocked"), (2, "assert_return", "blocked")]);
    assert!(outcomes[0].status.reason().starts_with("wast cannot parse this file: "), "{:?}", outcomes[0]);
}

#[test]
fn out_of_scope_files_are_counted_without_parsing() {
    let outcomes =
        every("async/x.wast", "(component)\n(assert_return (invoke \"f\"))", &Status::NotApplicable("async".into()));
    assert_eq!(statuses(&outcomes), [(1, "component", "n/a"), (2, "assert_return", "n/a")]);
}
