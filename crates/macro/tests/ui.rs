//! Invalid uses of the derives are compile errors with clear messages at
//! the offending span, and generated code compiles in `no_std` crates
//! (trybuild; refresh the expected output with
//! `TRYBUILD=overwrite cargo test -p airssys-wasm-macro --test ui`).

#[test]
fn invalid_uses_are_compile_errors_and_no_std_crates_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
