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
mod tests {
    use super::componentize;

    #[test]
    fn a_component_is_not_a_core_module() {
        let component = [0, b'a', b's', b'm', 0x0d, 0, 1, 0];
        assert!(componentize(&component).is_err());
    }

    #[test]
    fn a_module_without_a_world_becomes_an_empty_component() {
        // No `component-type` section: the world is empty, and so is the component's interface.
        let module = [0, b'a', b's', b'm', 1, 0, 0, 0];
        let component = componentize(&module).expect("an empty module is an empty world");
        assert_eq!(&component[4..8], &[0x0d, 0, 1, 0]);
    }
}
