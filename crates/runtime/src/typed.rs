//! Rust types as component values: the traits of typed calls and, with the
//! `macros` feature (on by default), their derives.
//!
//! [`TypedFunc`](crate::TypedFunc), [`Instance::get_typed_func`](crate::Instance::get_typed_func)
//! and [`LinkerInstance::func_wrap`](crate::LinkerInstance::func_wrap) take
//! parameters and results that implement these traits. The built-in types
//! (integers, `String`, `Vec<T>`, `Option<T>`, `Result<T, E>`, tuples, ...)
//! are listed in [`airssys_wasm_abi::typed`]; a Rust struct or enum becomes a
//! WIT `record`, `variant`, `enum` or `flags` with
//! `#[derive(ComponentType, Lift, Lower)]` and a `#[component(...)]`
//! attribute saying which:
//!
//! | attribute | Rust shape | WIT type |
//! |---|---|---|
//! | `#[component(record)]` | struct with named fields | `record`, fields in order |
//! | `#[component(variant)]` | enum, each case unit or `Case(T)` | `variant` |
//! | `#[component(enum)]` | enum of unit cases | `enum` |
//! | `#[component(flags)]` | struct of 1 to 32 `bool` fields | `flags`, field `i` is bit `i` |
//!
//! Fields and cases get their WIT names in `kebab-case` (`write_all` is
//! `write-all`, `NotFound` is `not-found`, `r#type` is `type`);
//! `#[component(name = "...")]` on a field or case names it exactly. The
//! type is checked against the component's type once, when the typed
//! function is made; a mismatch names the Rust type and the field or case.
//!
// The example needs the derives, so it runs only with `macros`.
#![cfg_attr(feature = "macros", doc = "```")]
#![cfg_attr(not(feature = "macros"), doc = "```ignore")]
//! use airssys_wasm::typed::{ComponentType, Lift, Lower};
//! use airssys_wasm::{Component, Engine, Linker, Store};
//!
//! #[derive(ComponentType, Lift, Lower, Debug, PartialEq, Clone, Copy)]
//! #[component(record)]
//! struct Point {
//!     x: u32,
//!     y: u32,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // `swap: func(p: point) -> point` returns its two-field result through memory.
//! let text = r#"
//!   (component
//!     (type $point (record (field "x" u32) (field "y" u32)))
//!     (export $p "point" (type $point))
//!     (core module $m
//!       (memory (export "mem") 1)
//!       (func (export "swap") (param i32 i32) (result i32)
//!         (i32.store (i32.const 16) (local.get 1))
//!         (i32.store (i32.const 20) (local.get 0))
//!         (i32.const 16)))
//!     (core instance $m (instantiate $m))
//!     (func (export "swap") (param "p" $p) (result $p)
//!       (canon lift (core func $m "swap") (memory (core memory $m "mem")))))
//! "#;
//! let engine = Engine::default();
//! let component = Component::new(&engine, text)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Linker::new().instantiate(&mut store, &component)?;
//! let swap = instance.get_typed_func::<(Point,), (Point,), _>(&store, "swap")?;
//! assert_eq!(swap.call(&mut store, (Point { x: 1, y: 2 },))?, (Point { x: 2, y: 1 },));
//!
//! // A Rust type that does not match is refused when the typed function is made.
//! #[derive(ComponentType, Lift, Lower)]
//! #[component(record)]
//! struct Wrong {
//!     x: u32,
//!     z: u32,
//! }
//! let err = instance.get_typed_func::<(Wrong,), (Point,), _>(&store, "swap").err().ok_or("accepted")?;
//! assert!(err.to_string().contains("field `z` (WIT `z`)"), "{err}");
//! # Ok(()) }
//! ```

pub use airssys_wasm_abi::typed::{ComponentList, ComponentType, HandleCheck, HandleClaim, Lift, Lower, Plain};
#[cfg(feature = "macros")]
pub use airssys_wasm_macro::{ComponentType, Lift, Lower};
