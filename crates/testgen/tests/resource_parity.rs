//! Typed and dynamic calls that carry resources agree step by step: the
//! same results and errors, host table, handle tables and destructor calls.

// The shared assertion helper panics with the first difference.
#![allow(clippy::panic)]

use airssys_wasm_testgen::parity::{FAILING_SEED, Op, check, run_typed};

fn assert_parity(ops: &[Op]) {
    if let Err(diff) = check(ops) {
        panic!("{diff}");
    }
}

#[test]
fn create_method_and_own_in() {
    assert_parity(&[Op::Make(1), Op::Read(0, 2), Op::Read(0, 3), Op::Consume(0), Op::Read(0, 4)]);
}

#[test]
fn own_in_kept_by_the_guest_and_own_out_again() {
    assert_parity(&[Op::Make(7), Op::Stash(0), Op::Make(8), Op::Unstash, Op::Read(2, 1), Op::Consume(2)]);
}

#[test]
fn unstashing_twice_traps_the_same_way() {
    assert_parity(&[Op::Make(7), Op::Stash(0), Op::Unstash, Op::Unstash, Op::Unstash]);
}

#[test]
fn a_borrow_the_guest_keeps_traps_at_the_end_of_the_call() {
    assert_parity(&[Op::Make(3), Op::Keep(0), Op::Read(0, 1)]);
}

#[test]
fn a_destructor_that_fails() {
    assert_parity(&[Op::Make(FAILING_SEED), Op::Make(6), Op::Consume(0), Op::Consume(1), Op::Make(2 * FAILING_SEED)]);
}

#[test]
fn the_host_deletes_its_own_resource() {
    assert_parity(&[Op::Make(4), Op::HostDelete(0), Op::Make(9), Op::Read(1, 0), Op::HostDelete(1)]);
}

#[test]
fn the_trace_shows_every_table() {
    let trace = run_typed(&[Op::Make(3), Op::Stash(0), Op::Unstash, Op::Consume(1)]).expect("runs");
    assert_eq!(trace[0], "ok rep 0 | table: 0=3 | dropped: [] | guest: | host:");
    assert_eq!(trace[1], "ok () | table: 0=3 | dropped: [] | guest: 1:own0/0 | host:");
    assert_eq!(trace[2], "ok rep 0 | table: 0=3 | dropped: [] | guest: | host:");
    assert_eq!(trace[3], "ok () | table: | dropped: [3] | guest: | host:");
}
