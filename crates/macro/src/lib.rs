//! Procedural macros of airssys-wasm, re-exported by the `airssys-wasm`
//! crate (feature `macros`): use them from there.

#![forbid(unsafe_code)]

mod bindgen;

/// Rust bindings from a WIT world; see `airssys_wasm::bindgen!`.
///
/// ```ignore
/// airssys_wasm::bindgen!({
///     world: "greeter",
///     path: "wit/greeter.wit",
///     with: { "host:kv/store/store": crate::Kv },
/// });
/// ```
#[proc_macro]
pub fn bindgen(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    bindgen::expand(input.into()).into()
}
