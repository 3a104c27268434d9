//! WASI 0.2 for [airssys-wasm](airssys_wasm): `wasi:cli`, `wasi:io`,
//! `wasi:clocks`, `wasi:random`, `wasi:filesystem` and `wasi:sockets`, on
//! the bindings `bindgen!` makes from
//! the vendored WASI 0.2.12 WIT (`wit/deps`, world `cli-core` in
//! `wit/world.wit`).
//!
//! - [`WasiCtx`], built with [`WasiCtxBuilder`] (args, env, stdio,
//!   clocks, random), implements every interface; put it in the store's
//!   data.
//! - [`add_to_linker`] defines the interfaces. It grants nothing: grant
//!   them explicitly ([`grants`]).
//! - [`run`] runs a command's `wasi:cli/run`; `wasi:cli/exit` comes back
//!   as [`RunError::Exit`] with the status.
//! - Backends behind traits: [`clocks`] (virtual, or with `std` the
//!   system's), [`random`] (seeded ChaCha20, or with `std` the OS's),
//!   [`stdio`] (callbacks and memory, or with `std` the process's),
//!   [`filesystem`] (an in-memory directory, or with `std` a host
//!   directory through cap-std, preopened with
//!   [`WasiCtxBuilder::preopen`] / `preopened_dir`),
//!   [`sockets`] (no network, or with `std` the host's TCP, UDP and
//!   resolver).
//!
//! A guest built against any WASI 0.2.x links (see [`grants`] for how
//! versions meet grants).
//!
//! ```no_run
//! use airssys_wasm::{Component, Engine, Linker, Store};
//! use airssys_wasm_wasi::{WasiCtx, stdio::Callback};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Engine::default();
//! let component = Component::from_file(&engine, "hello.wasm")?;
//! let mut linker = Linker::new();
//! airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
//! airssys_wasm_wasi::grants::grant_all(&mut linker);
//! let ctx = WasiCtx::builder().arg("hello").stdout(Callback(|b: &[u8]| print!("{}", String::from_utf8_lossy(b)))).build()?;
//! let mut store = Store::new(&engine, ctx);
//! airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx)?;
//! # Ok(()) }
//! ```

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod bindings;
pub mod cli;
pub mod clocks;
mod ctx;
pub mod filesystem;
pub mod grants;
mod host;
pub mod io;
pub mod random;
mod run;
pub mod sockets;
pub mod stdio;
mod without_sockets;

pub use ctx::{BuildError, WasiCtx, WasiCtxBuilder};
pub use run::{RunError, run};
pub use without_sockets::add_to_linker_without_sockets;

mod prelude {
    pub(crate) use alloc::format;
}

/// Defines every interface of this crate ([`grants::INTERFACES`], at
/// version [`grants::VERSION`]) in `linker`, calling the [`WasiCtx`] that
/// `get` finds in the store's data. Grants nothing. Ungranted calls that
/// have an error to return get it instead of a trap
/// ([`Linker::deny_with_error`](airssys_wasm::Linker::deny_with_error), at
/// any version): `wasi:filesystem/types` returns `error-code::access`, the
/// `wasi:sockets` interfaces `error-code::access-denied`, and
/// `wasi:io/streams` `stream-error::closed`; so a guest without the grant
/// sees a permission error (or a closed stream), not a trap.
pub fn add_to_linker<T: 'static>(
    linker: &mut airssys_wasm::Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> Result<(), airssys_wasm::Error> {
    bindings::CliCore::add_to_linker(linker, get)?;
    deny_with_errors(linker);
    for interface in sockets::SOCKET_INTERFACES {
        linker.deny_with_error(interface, sockets::grants::DENIED_CASE);
    }
    Ok(())
}

/// The errors ungranted calls of the interfaces besides sockets return
/// (at any version): a permission error for files, a closed stream.
fn deny_with_errors<T: 'static>(linker: &mut airssys_wasm::Linker<T>) {
    linker.deny_with_error("wasi:filesystem/types", "access");
    linker.deny_with_error("wasi:io/streams", "closed");
}
