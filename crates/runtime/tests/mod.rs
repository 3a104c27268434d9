//! Integration tests of the runtime, as one test binary.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

mod integration;
