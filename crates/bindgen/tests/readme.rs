//! Tests that the README's `bindgen!` host is the example that
//! `.ci/test-all` runs: `crates/runtime/examples/bindgen_host.rs` from its
//! first `use` on, verbatim, in one Rust code block, and under 40 lines.

#![allow(missing_docs)]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

#[test]
fn the_readme_shows_the_bindgen_host_example() {
    let example = read("crates/runtime/examples/bindgen_host.rs");
    assert!(example.lines().count() < 40, "the example host has {} lines", example.lines().count());
    let code = &example[example.find("use airssys_wasm").expect("the example starts with its imports")..];
    let readme = read("README.md");
    assert!(readme.contains(&format!("```rust\n{code}```\n")), "README.md does not show {code}");
}
