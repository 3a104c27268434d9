//! Tests for exit codes and one-line messages.

use super::*;

#[test]
fn exit_codes_follow_the_failure() {
    assert_eq!(CliError::trap("t").exit_code(), 1);
    assert_eq!(CliError::usage("u").exit_code(), 2);
    assert_eq!(CliError::load("l").exit_code(), 3);
}

#[test]
fn display_is_one_line() {
    let e = CliError::load("expected `(`\n     --> a.wat:1:1\n");
    assert_eq!(e.to_string(), "expected `(` --> a.wat:1:1");
}
