//! Procedural macros of airssys-wasm: `bindgen!`, Rust bindings from a WIT
//! world (see `airssys_wasm::bindgen!` and the `airssys-wasm-bindgen` crate),
//! and derive macros for Rust structs and enums as component model `record`,
//! `variant`, `enum` and `flags` types.
//!
//! Use them through `airssys_wasm::typed`, which re-exports each derive
//! beside the trait of the same name:
//!
//! ```text
//! use airssys_wasm::typed::{ComponentType, Lift, Lower};
//! ```
//!
//! | attribute on the type | Rust shape | WIT type |
//! |---|---|---|
//! | `#[component(record)]` | struct with named fields | `record` (fields in order) |
//! | `#[component(variant)]` | enum, each case unit or `Case(T)` | `variant` (cases in order) |
//! | `#[component(enum)]` | enum of unit cases | `enum` |
//! | `#[component(flags)]` | struct of 1 to 32 `bool` fields | `flags` (field `i` is bit `i`) |
//!
//! Names: fields (`snake_case`) and cases (`UpperCamelCase`) become
//! `kebab-case`, `r#type` becomes `type`; `#[component(name = "exact-name")]`
//! on a field or case overrides that. Generated code names the abi crate as
//! `::airssys_wasm::abi`; `#[component(crate = path)]` on the type points it
//! elsewhere (for users of `airssys-wasm-abi` alone). Type parameters get a
//! bound on the derived trait.
//!
//! The size, alignment and flat count are associated constants computed at
//! compile time as the canonical ABI says. `typecheck` compares names, field
//! and case counts, payload presence and each field's type once, when a typed
//! function is made, and its errors name the Rust type and the field or case.
//! Lists of records whose fields are all scalars (`bool`, integers, floats,
//! `char`) are stored and loaded with one bounds check for the whole list.
//! Invalid uses (a record on an enum, a case with two fields, an empty record,
//! a non-`bool` flag, an unknown key) are compile errors at the offending
//! span.
//!
//! # Example
//! ```
//! use airssys_wasm_abi::typed::{self, ComponentType, Lift, Lower};
//! use airssys_wasm_abi::{BumpMemory, FlatWriter, LiftContext, LowerContext, Memory, Options, ValType};
//! use airssys_wasm_macro::{ComponentType, Lift, Lower};
//!
//! #[derive(ComponentType, Lift, Lower, Debug, PartialEq)]
//! #[component(record, crate = airssys_wasm_abi)]
//! struct Point {
//!     x: u32,
//!     y_pos: f32,
//! }
//!
//! #[derive(ComponentType, Lift, Lower, Debug, PartialEq)]
//! #[component(variant, crate = airssys_wasm_abi)]
//! enum Shape {
//!     Empty,
//!     Dot(Point),
//!     #[component(name = "label")]
//!     Text(String),
//! }
//!
//! // record point { x: u32, y-pos: f32 }, variant shape { empty, dot(point), label(string) }
//! let point = ValType::record([("x", ValType::U32), ("y-pos", ValType::F32)])?;
//! let shape = ValType::variant([("empty", None), ("dot", Some(point.clone())), ("label", Some(ValType::String))])?;
//! Shape::typecheck(&shape)?;
//! assert_eq!((Shape::SIZE32, Shape::ALIGN32, Shape::FLAT_COUNT), (shape.size(), shape.align(), 3));
//! assert!(Point::typecheck(&ValType::record([("x", ValType::U32), ("y", ValType::F32)])?).is_err());
//!
//! let options = Options::default();
//! let mut memory = BumpMemory::new(64, 8);
//! let mut slots = [0u64; 3];
//! let mut flat = FlatWriter::new(&mut slots);
//! let value = Shape::Dot(Point { x: 7, y_pos: 1.5 });
//! value.lower_flat(&mut LowerContext::new(&mut memory, &options), &mut flat)?;
//! assert_eq!(flat.written(), &[1, 7, u64::from(1.5f32.to_bits())]);
//! let back: Shape = typed::lift_values(&mut LiftContext::new(memory.bytes(), &options), flat.written(), 16)?;
//! assert_eq!(back, value);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bindgen;
mod derive;

use proc_macro::TokenStream;

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
pub fn bindgen(input: TokenStream) -> TokenStream {
    bindgen::expand(input.into()).into()
}

/// Derives `ComponentType`: the layout constants, `typecheck` and
/// `check_handles` of a `#[component(record | variant | enum | flags)]` type.
#[proc_macro_derive(ComponentType, attributes(component))]
pub fn derive_component_type(input: TokenStream) -> TokenStream {
    derive::expand(input.into(), derive::Trait::ComponentType).into()
}

/// Derives `Lift`: reading the type from flat values and from memory.
#[proc_macro_derive(Lift, attributes(component))]
pub fn derive_lift(input: TokenStream) -> TokenStream {
    derive::expand(input.into(), derive::Trait::Lift).into()
}

/// Derives `Lower`: writing the type as flat values and into memory.
#[proc_macro_derive(Lower, attributes(component))]
pub fn derive_lower(input: TokenStream) -> TokenStream {
    derive::expand(input.into(), derive::Trait::Lower).into()
}
