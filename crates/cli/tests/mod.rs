//! Integration tests of the `airssys-wasm` command, as one test binary.

// `cfg(test)` marks the helpers as test code too, where clippy.toml allows
// `expect` and `panic`.
#[cfg(test)]
mod integration;
