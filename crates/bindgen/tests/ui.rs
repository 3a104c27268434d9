//! Compile-fail tests of `bindgen!` (trybuild): each `ui/*.rs` must fail
//! with the error in its `.stderr`.

#[test]
fn bindgen_misuse_fails_to_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
