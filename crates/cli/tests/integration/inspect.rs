//! Tests for `inspect --structural`: imports and exports, one per line, in
//! WIT-like syntax. The WIT view is tested in `wit.rs`.

use super::{airssys_wasm, assert_prints, scratch_file};

#[test]
fn greet() {
    assert_prints(
        &airssys_wasm(&["inspect", "--structural", "examples/greet.wat"]),
        "export greet: func(name: string) -> string\n",
    );
}

#[test]
fn host_import() {
    assert_prints(
        &airssys_wasm(&["inspect", "--structural", "examples/host-import.wat"]),
        "import host:clock/now: interface { now: func() -> u64; }\n\
         export elapsed: func(since: u64) -> u64\n",
    );
}

#[test]
fn records() {
    let shipping = "variant { standard, express(u32) }";
    let order = format!("record {{ items: list<u32>, shipping: {shipping} }}");
    let summary = format!("record {{ item-count: u32, total: u32, shipping: {shipping} }}");
    assert_prints(
        &airssys_wasm(&["inspect", "--structural", "examples/records.wat"]),
        &format!(
            "export shipping: type {shipping}\n\
             export order: type {order}\n\
             export summary: type {summary}\n\
             export summarize: func(order: {order}) -> {summary}\n"
        ),
    );
}

/// A component exporting an instance `ns:math/ops` with two functions.
pub const EXPORTED_INSTANCE: &str = include_str!("../components/exported-instance.wat");

#[test]
fn exported_instances_and_their_functions() {
    let path = scratch_file("exported-instance.wat", EXPORTED_INSTANCE);
    assert_prints(
        &airssys_wasm(&["inspect", "--structural", &path]),
        "export ns:math/ops: interface { add: func(a: u32, b: u32) -> u32; reset: func(); }\n",
    );
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", "ns:math/ops#add(2, 40)"]), "42\n");
    // A function without result prints nothing.
    assert_prints(&airssys_wasm(&["run", &path, "--invoke", "ns:math/ops#reset()"]), "");
    let outcome = airssys_wasm(&["run", &path, "--invoke", "add(2, 40)"]);
    assert_eq!(outcome.code, 2);
    assert_eq!(
        outcome.stderr,
        "error: unknown function `add`; the component exports `ns:math/ops#add`, `ns:math/ops#reset`\n"
    );
}

#[test]
fn resources_are_shown_by_name() {
    assert_prints(
        &airssys_wasm(&["inspect", "--structural", "examples/counter.wat"]),
        "export counter: resource\n\
         export [constructor]counter: func() -> own<counter>\n\
         export [method]counter.increment: func(self: borrow<counter>, by: u32) -> u32\n\
         export [method]counter.get: func(self: borrow<counter>) -> u32\n\
         export demo: func(n: u32) -> u32\n\
         export destroyed: func() -> u32\n",
    );
}

#[test]
fn inspect_lists_the_imports_a_policy_leaves_ungranted() {
    let outcome = airssys_wasm(&["inspect", "--structural", "examples/files.wat", "--allow", "my:log/sink"]);
    assert_prints(
        &outcome,
        "import my:fs/files: interface { size: func(path: string) -> u64; }\n\
         export total: func(a: string, b: string) -> u64\n\
         ungranted my:fs/files#size\n",
    );
    let outcome = airssys_wasm(&["inspect", "--structural", "examples/files.wat", "--allow", "my:fs/files#size"]);
    assert!(outcome.stdout.ends_with("every imported function is granted\n"), "{outcome:?}");
}
