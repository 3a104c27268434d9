//! Core modules made components: a guest that wit-bindgen builds for
//! `wasm32-unknown-unknown` is a core module carrying its world in a
//! `component-type` custom section; [`componentize`] wraps it in a component
//! with that world's imports and exports (what `wasm-tools component new`
//! does), so that building the guests needs no tool beyond cargo.

/// The component of the core module `core`, which must embed its world as
/// wit-bindgen does (a `component-type` custom section) and import nothing
/// but that world's functions (no WASI adapter is applied). The component is
/// validated.
///
/// # Errors
/// A text saying what is wrong: not a core module, no embedded world, an
/// import or export the world does not have, an invalid result.
pub fn componentize(core: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = wit_component::ComponentEncoder::default();
    encoder.validate(true).module(core).map_err(|e| format!("{e:#}"))?.encode().map_err(|e| format!("{e:#}"))
}

#[cfg(test)]
mod tests;
