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

use prelude::*;

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
    let v = grants::VERSION;
    for (owner, ty, user) in USED_RESOURCES {
        linker.alias_resource(&format!("{owner}@{v}"), ty, &format!("{user}@{v}"), ty)?;
    }
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

/// The resource types an interface `use`s from another, as
/// (owner, type, user): the user's imported instance exports the type
/// again, so it is defined there as the same host type.
const USED_RESOURCES: &[(&str, &str, &str)] = &[
    ("wasi:io/error", "error", "wasi:io/streams"),
    ("wasi:io/poll", "pollable", "wasi:io/streams"),
    ("wasi:io/poll", "pollable", "wasi:clocks/monotonic-clock"),
    ("wasi:io/streams", "input-stream", "wasi:cli/stdin"),
    ("wasi:io/streams", "output-stream", "wasi:cli/stdout"),
    ("wasi:io/streams", "output-stream", "wasi:cli/stderr"),
    ("wasi:cli/terminal-input", "terminal-input", "wasi:cli/terminal-stdin"),
    ("wasi:cli/terminal-output", "terminal-output", "wasi:cli/terminal-stdout"),
    ("wasi:cli/terminal-output", "terminal-output", "wasi:cli/terminal-stderr"),
    ("wasi:io/streams", "input-stream", "wasi:filesystem/types"),
    ("wasi:io/streams", "output-stream", "wasi:filesystem/types"),
    ("wasi:io/error", "error", "wasi:filesystem/types"),
    ("wasi:filesystem/types", "descriptor", "wasi:filesystem/preopens"),
    ("wasi:io/poll", "pollable", "wasi:sockets/tcp"),
    ("wasi:io/poll", "pollable", "wasi:sockets/udp"),
    ("wasi:io/poll", "pollable", "wasi:sockets/ip-name-lookup"),
    ("wasi:io/streams", "input-stream", "wasi:sockets/tcp"),
    ("wasi:io/streams", "output-stream", "wasi:sockets/tcp"),
    ("wasi:sockets/network", "network", "wasi:sockets/instance-network"),
    ("wasi:sockets/network", "network", "wasi:sockets/tcp"),
    ("wasi:sockets/network", "network", "wasi:sockets/udp"),
    ("wasi:sockets/network", "network", "wasi:sockets/ip-name-lookup"),
    ("wasi:sockets/network", "network", "wasi:sockets/tcp-create-socket"),
    ("wasi:sockets/network", "network", "wasi:sockets/udp-create-socket"),
    ("wasi:sockets/tcp", "tcp-socket", "wasi:sockets/tcp-create-socket"),
    ("wasi:sockets/udp", "udp-socket", "wasi:sockets/udp-create-socket"),
];
