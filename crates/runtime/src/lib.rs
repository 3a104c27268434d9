//! airssys-wasm: a portable WebAssembly Component Model runtime on the
//! [wasmi](https://docs.rs/wasmi) interpreter.
//!
//! Components run where a JIT cannot: microcontrollers, sandboxes without
//! executable memory, deterministic replay rigs. The API follows the one
//! wasmtime's component embedders know: an [`Engine`], a [`Store`], a
//! [`Component`], a [`Linker`] that defines imports, and the [`Instance`]
//! it creates, whose exports are called as [`Func`] (dynamic [`Val`]s) or
//! [`TypedFunc`] (Rust types).
//!
//! # Layers
//! - `airssys-wasm-abi` lifts and lowers values (the canonical ABI);
//! - `airssys-wasm-component` decodes the binary into an instantiation plan;
//! - `airssys-wasm-caps` ([`caps`]) holds capability tables: grants,
//!   argument constraints, budgets, revocation and the audit trail;
//! - this crate carries the plan out on wasmi. Every import call from a guest
//!   goes through one choke point, the import gate, which checks the calling
//!   instance's capability table, lifts the arguments from the caller, checks
//!   the grant's argument constraints, runs the target and lowers the results.
//!
//! # Capabilities
//! Linking a host function does not let a guest call it. Each instance has a
//! [`CapabilityTable`], filled from the linker's grants ([`Linker::grant`])
//! when it is created and changed later through [`Store::capabilities_mut`]
//! or, from inside a host function, [`StoreContextMut::caller_capabilities_mut`].
//! A call that no grant covers traps with an [`ErrorKind::Denied`] that names
//! the component, the interface, the function and the reason; the denial is
//! recorded in the table's audit sink. [`Linker::ungranted`] lists the
//! imports a set of grants leaves out. Functions of nested components that
//! their enclosing component links together are not checked: the
//! composition itself grants them to each other.
//!
//! Resources follow CanonicalABI.md: every instance has a handle table, and
//! `own` / `borrow` handles move between tables whenever a call crosses an
//! instance boundary. One vocabulary throughout: a **handle index** is a slot
//! of a handle table (what a guest holds); a **representation** is the
//! resource's own `u32`, chosen by whoever defines it. The host defines
//! resource types with [`LinkerInstance::resource`], keeps their state in,
//! for example, a [`ResourceTable`], and names them by representation as
//! [`Resource<T>`](Resource) in typed calls (by value an `own`, which the
//! callee takes; by reference a `borrow`) or as [`Val::Own`] / [`Val::Borrow`]
//! in dynamic ones. Resources a component defines reach the host as handle
//! indices of the host's own table ([`Val::Own`]), which
//! [`StoreContextMut::resource_rep`] and [`StoreContextMut::resource_drop`]
//! read and drop.
//!
//! # Bounded stores
//! wasmi backs linear memories and tables with host memory, and a guest
//! decides how far they grow. [`StoreLimits`], built with
//! [`StoreLimitsBuilder`] and applied to every store by
//! [`Config::store_limits`] (or to one by [`Store::limiter`]), bounds each
//! memory and table, the number of instances, memories and tables, the
//! resource handles per handle table, and the store's **total** bytes across
//! all of them, checked before anything is allocated. A refused
//! `memory.grow` returns -1 (or traps, with `trap_on_grow_failure`); a
//! refused instantiation or handle is an [`ErrorKind::Limit`] that names the
//! setting to raise. Hosts that run untrusted components should set
//! `total_bytes`: by default only the counts are limited.
//!
//! ```
//! use airssys_wasm::{Config, Engine, StoreLimitsBuilder};
//!
//! let limits = StoreLimitsBuilder::new().total_bytes(64 << 20).instances(100).build();
//! let engine = Engine::new(Config::new().store_limits(limits));
//! # let _ = engine;
//! ```
//!
//! # Example
//! ```
//! use airssys_wasm::{Component, Engine, Linker, Store};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Component text, as the `wat` feature (on by default) accepts it; a
//! // component binary (`std::fs::read("app.wasm")?`) goes the same way.
//! let text = r#"
//!   (component
//!     (import "host:log/sink" (instance $sink (export "log" (func (param "msg" string)))))
//!     (core module $libc (memory (export "mem") 1)
//!       (global $top (mut i32) (i32.const 1024))
//!       (func (export "realloc") (param i32 i32 i32 i32) (result i32)
//!         (local $p i32)
//!         (local.set $p (i32.and (i32.add (global.get $top) (i32.sub (local.get 2) (i32.const 1)))
//!                                (i32.sub (i32.const 0) (local.get 2))))
//!         (global.set $top (i32.add (local.get $p) (local.get 3)))
//!         (if (local.get 1) (then (memory.copy (local.get $p) (local.get 0)
//!           (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
//!         (local.get $p)))
//!     (core instance $libc (instantiate $libc))
//!     (core func $log (canon lower (func $sink "log") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
//!     (core module $main
//!       (import "host" "log" (func $log (param i32 i32)))
//!       (func (export "run") (param i32 i32) (result i32)
//!         (call $log (local.get 0) (local.get 1))
//!         (local.get 1)))
//!     (core instance $main (instantiate $main (with "host" (instance (export "log" (func $log))))))
//!     (func (export "run") (param "text" string) (result u32)
//!       (canon lift (core func $main "run") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
//! "#;
//!
//! let engine = Engine::default();
//! let component = Component::new(&engine, text)?;
//! let mut linker = Linker::<Vec<String>>::new();
//! linker.instance("host:log/sink")?.func_wrap("log", |mut cx, (msg,): (String,)| {
//!     cx.data_mut().push(msg);
//!     Ok(())
//! })?;
//! // Deny by default: without this grant, the guest's call to `log` traps.
//! linker.grant("host:log/sink#log".parse()?);
//! let mut store = Store::new(&engine, Vec::new());
//! let instance = linker.instantiate(&mut store, &component)?;
//! let run = instance.get_typed_func::<(&str,), (u32,), _>(&store, "run")?;
//! assert_eq!(run.call(&mut store, ("héllo",))?, (6,));
//! assert_eq!(store.data(), &["héllo".to_string()]);
//! # Ok(()) }
//! ```
//!
//! # Crate features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | forwards `std` to wasmi and the other layers |
//! | `validate` | yes | validates component binaries with wasmparser's validator ([`Config::validate`] switches it off per engine) |
//! | `fast-calls` | yes | typed wasmi calls for `i32`-shaped core signatures: faster calls, about 12 KiB more code |
//! | `macros` | yes | `#[derive(ComponentType, Lift, Lower)]` in [`typed`] (host-side proc macros; fine for `no_std` targets) |
//! | `wat` | yes | component text: [`Component::new`] parses bytes that do not start with `\0asm` as WAT; needs `std` |
//! | `policy` | no | TOML capability policy files (`caps::Policy`) |
//! | `defmt` | no | audit events as `defmt::Format`, `caps::DefmtSink` |
//! | `wave` | no | values as WAVE text: `Val::from_wave`, `Val::to_wave` and the `wave` module; no_std |
//! | `macros` | yes | [`bindgen!`]: Rust bindings from a WIT world; `#[derive(ComponentType, Lift, Lower)]` in [`typed`] (the macros run on the build host, so `no_std` keeps them) |

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod component;
mod core_call;
mod engine;
mod error;
#[cfg(feature = "fast-calls")]
mod fast_calls;
mod func;
mod guest_memory;
mod instance;
mod limits;
mod linker;
mod prelude;
mod resources;
mod store;
mod store_id;
pub mod typed;

/// The canonical ABI layer: value types, lifting and lowering.
pub use airssys_wasm_abi as abi;
/// WAVE, the text syntax of component values (feature `wave`).
#[cfg(feature = "wave")]
pub use airssys_wasm_abi::wave;
pub use airssys_wasm_abi::{Limits, StringEncoding, Val, ValType};
/// The capability layer: grants, constraints, denials and audit.
pub use airssys_wasm_caps as caps;
pub use airssys_wasm_caps::{CapabilityTable, Grant};
/// The decoding layer: component types and the instantiation plan.
pub use airssys_wasm_component as component_model;
pub use airssys_wasm_component::{ComponentType, ExternType, FuncType};
pub use component::Component;
pub use engine::{Config, Engine};
pub use error::{Error, ErrorKind};
pub use func::Func;
pub use func::dispatch::{DispatchCall, DispatchedFunc, HostDispatch};
pub use func::typed::TypedFunc;
pub use instance::Instance;
pub use limits::{
    DEFAULT_COUNT_LIMIT, DEFAULT_HANDLES_PER_TABLE, HANDLE_BYTES, LimitError, MAX_HANDLES_PER_TABLE, StoreLimits,
    StoreLimitsBuilder, TABLE_ELEMENT_BYTES,
};
pub use linker::{HostResourceType, Linker, LinkerInstance};
pub use resources::{HandleInfo, Resource, ResourceAny, ResourceTable, ResourceType};
pub use store::{FuelGauge, Store, StoreContextMut, StoreData};
pub use store_id::StoreId;

/// Rust bindings from a WIT world: host traits and `add_to_linker` for its
/// imports, typed accessors for its exports, a struct for the world. See
/// the `airssys-wasm-bindgen` crate for the mapping and the build-script form.
///
/// `path` names WIT files or directories relative to the crate's
/// `Cargo.toml`; `inline` gives WIT source; `with` maps host resources to
/// Rust types (`"ns:pkg/iface/name": crate::Type`).
///
/// ```
/// airssys_wasm::bindgen!({
///     world: "greeter",
///     inline: "package demo:greet;
///         interface log { write: func(msg: string); }
///         world greeter {
///             import log;
///             export greet: func(name: string) -> string;
///         }",
/// });
///
/// struct Host(Vec<String>);
///
/// impl demo::greet::log::Host for Host {
///     // An `Err` traps the guest.
///     fn write(&mut self, msg: String) -> Result<(), airssys_wasm::Error> {
///         self.0.push(msg);
///         Ok(())
///     }
/// }
///
/// let mut linker = airssys_wasm::Linker::<Host>::new();
/// Greeter::add_to_linker(&mut linker, |host| host)?;
/// // Bindings define imports; grants stay explicit.
/// linker.grant(airssys_wasm::Grant::new("demo:greet/log"));
/// // let greeter = Greeter::instantiate(&mut store, &component, &linker)?;
/// // let text: String = greeter.call_greet(&mut store, "world")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "macros")]
pub use airssys_wasm_macro::bindgen;

/// What code generated by [`bindgen!`] names, so that it needs no
/// `extern crate alloc` of its own. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use alloc::boxed::Box;
    pub use alloc::string::String;
    pub use alloc::vec::Vec;
}
