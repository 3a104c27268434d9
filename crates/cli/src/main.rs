//! Placeholder replaced by the CLI.
fn main() {}
