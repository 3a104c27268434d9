//! Invalid uses of the derives are compile errors with clear messages at
//! the offending span (trybuild; refresh the expected output with
//! `TRYBUILD=overwrite cargo test -p airssys-wasm-macro --test ui`).

#[test]
fn invalid_uses_are_compile_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
