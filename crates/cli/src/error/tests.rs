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

#[test]
fn denials_name_the_allow_flag_and_other_traps_keep_their_message() {
    use airssys_wasm::caps::{Denial, DenialReason, DenyAction};
    let denial = Denial {
        component: "app".into(),
        interface: "my:fs/files".into(),
        function: "size".into(),
        reason: DenialReason::Revoked,
        action: DenyAction::Trap,
    };
    let e = CliError::guest_trap(&airssys_wasm::Error::new(ErrorKind::Denied(denial)));
    assert_eq!(e.exit_code(), 1);
    assert_eq!(
        e.to_string(),
        "trap: denied: component `app` calling `my:fs/files#size` — its grant was revoked \
         (grant it with --allow 'my:fs/files#size')"
    );
    let e = CliError::guest_trap(&airssys_wasm::Error::host("no disk"));
    assert_eq!(e.to_string(), "host function failed: no disk");
}
