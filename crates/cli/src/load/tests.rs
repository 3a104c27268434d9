//! Tests for telling binaries from text and for one-line text errors.

use super::text_error;

#[test]
fn text_errors_fold_the_location_into_one_line() {
    let rendered = "unknown operator or unexpected token\n     --> examples/bad.wat:3:5\n      |\n    3 |     (foo)\n      |     ^";
    assert_eq!(text_error(rendered), "examples/bad.wat:3:5: unknown operator or unexpected token");
}

#[test]
fn text_errors_without_a_location_keep_their_message() {
    assert_eq!(text_error("input bytes aren't valid utf-8"), "input bytes aren't valid utf-8");
}
