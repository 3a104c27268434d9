//! Decoding WebAssembly component binaries for airssys-wasm.
//!
//! [`decode()`] reads a component binary (validating it first with the
//! `validate` feature) into a [`ComponentDef`]: the component's type, its
//! instantiation plan as an ordered list of [`Initializer`]s, and the nested
//! core modules and components the plan refers to. Every value type is
//! resolved into the canonical ABI's [`ValType`](airssys_wasm_abi::ValType),
//! with its layout computed once. Nothing is executed here; the runtime
//! crate carries the plan out on wasmi.
//!
//! Invalid input is an [`Error`] with a byte offset, never a panic, with or
//! without the validator. [`decode_unvalidated`] skips the validator even
//! when the feature is on, so that one host build can compare both paths.
//!
//! # Example
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let bytes = wat::parse_str(r#"
//!     (component
//!       (core module $m (func (export "add") (param i32 i32) (result i32)
//!         local.get 0 local.get 1 i32.add))
//!       (core instance $i (instantiate $m))
//!       (func (export "add") (param "a" u32) (param "b" u32) (result u32)
//!         (canon lift (core func $i "add"))))
//! "#)?;
//! let def = airssys_wasm_component::decode(&bytes)?;
//! let (name, ty) = &def.ty.exports[0];
//! assert_eq!((name.as_str(), ty.to_string().as_str()), ("add", "func(a: u32, b: u32) -> u32"));
//! # Ok(()) }
//! ```
//!
//! # Crate features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | forwards `std` to the dependencies |
//! | `validate` | yes | wasmparser's validator (about 285 KiB of flash on a Cortex-M) |

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod builtin;
mod decode;
mod error;
mod name_index;
mod plan;
mod prelude;
mod resource_map;
mod subst;
mod types;

pub use builtin::{CoreValType, TaskBuiltin};
pub use decode::{decode, decode_unvalidated};
pub use error::{Error, ErrorKind};
pub use name_index::NameIndex;
pub use plan::{CanonOptions, ComponentDef, CoreSort, Initializer, ItemRef, ResourceBuiltin, Sort};
pub use resource_map::ResourceMap;
pub use types::{ComponentType, ExternType, FuncType, InstanceType, TypeDef};

#[cfg(test)]
mod tests;
