//! Rust bindings for [airssys-wasm](https://docs.rs/airssys-wasm) from a
//! WIT world, for the `airssys_wasm::bindgen!` macro and for build scripts.
//!
//! The shape follows wasmtime's `bindgen!`, so host code ports with renames:
//! - every imported interface `ns:pkg/iface` becomes a module
//!   `ns::pkg::iface` with a `Host` trait (one method per function, each
//!   returning `Result<_, airssys_wasm::Error>`; an `Err` traps the guest),
//!   a `Host{Resource}` trait per resource the host defines (`new`, methods,
//!   statics, `drop`) and `add_to_linker(linker, get)`, which defines each
//!   function on the instance `ns:pkg/iface@version` through one dispatcher
//!   (`LinkerInstance::func_dispatch`: a `const` table of the functions'
//!   names and typed signatures and one `match` on the index, rather than
//!   a `func_wrap` per function). Bindings never grant anything: grants stay
//!   explicit (`Linker::grant`);
//! - every exported interface becomes a module `exports::ns::pkg::iface`
//!   with a `Guest` struct of `TypedFunc`s, type-checked once when the
//!   world is created, and accessors `call_{function}`;
//! - the world becomes a struct with `instantiate`, `new`, `add_to_linker`,
//!   an accessor per exported interface and `call_{function}` for its own
//!   exported functions; functions the world imports itself go to a trait
//!   `{World}Imports`. A resource type that one imported interface `use`s
//!   from another is exported again by the user's instance: the world's
//!   `USED_RESOURCES` lists each such pair, and its `add_to_linker` defines
//!   the type there as the owner's (`Linker::alias_resource`).
//!
//! | WIT | Rust (results, host parameters) | Rust (parameters of exports) |
//! |---|---|---|
//! | `bool`, `u8` … `s64`, `f32`, `f64`, `char` | the same | the same |
//! | `string` | `String` | `&str` |
//! | `list<T>` | `Vec<T>` | `&[T]` |
//! | `option<T>`, `result<T, E>`, `tuple<…>` | `Option`, `Result` (`()` for no payload), tuples | the same, of the parameter forms |
//! | `record`, `variant`, `enum`, `flags` | a struct or enum deriving `airssys_wasm::typed::{ComponentType, Lift, Lower}` | the same, by value |
//! | `own<r>` / `borrow<r>`, `r` defined by the host | `Resource<R>` (`R` from `with`, or an empty enum) | `Resource<R>` / `&Resource<R>` |
//! | `own<r>` / `borrow<r>`, `r` defined by the guest | `ResourceAny` | `ResourceAny` / `&ResourceAny` |
//!
//! Names: a WIT type named `guest` or `host` becomes `Guest_` or `Host_`,
//! beside the generated `Guest` and `Host`; when two versions of one
//! interface are exported, each accessor carries its version
//! (`ns_pkg_iface_1_0_0`). A type error found when the world is made names
//! the export and the Rust types it was checked with.
//!
//! Generated code names only `::airssys_wasm::…` and `::core::…` paths, so it
//! compiles in `no_std` crates.
//!
//! # Build scripts
//! ```no_run
//! // build.rs
//! let opts = airssys_wasm_bindgen::Opts::new("greeter").path("wit");
//! opts.write_to_out_dir("greeter.rs")?;
//! // then, in the crate: include!(concat!(env!("OUT_DIR"), "/greeter.rs"));
//! # Ok::<(), airssys_wasm_bindgen::Error>(())
//! ```

#![forbid(unsafe_code)]

mod error;
mod generate;
mod names;
mod opts;

pub use error::{Error, Subject};
pub use generate::{Bindings, generate, generate_bindings};
pub use opts::Opts;
