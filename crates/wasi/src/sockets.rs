//! `wasi:sockets` 0.2: `network`, `instance-network`, `tcp`,
//! `tcp-create-socket`, `udp`, `udp-create-socket` and `ip-name-lookup`.
//!
//! The WASI side (the socket state machines, argument checks, the
//! resources handed to the guest) is here; the operating system's side is
//! a [`NetBackend`] set with
//! [`WasiCtxBuilder::network`](crate::WasiCtxBuilder::network):
//! - [`NoNetwork`], the default, with and without `std`: every socket call
//!   (creating a socket, resolving a name) returns `not-supported`;
//! - with `std`, [`SystemNetwork`]
//!   ([`WasiCtxBuilder::inherit_network`](crate::WasiCtxBuilder::inherit_network)):
//!   the host's TCP and UDP sockets (non-blocking, through `socket2`, with
//!   `poll(2)` to wait) and its name resolver.
//!
//! A backend only reaches the network a grant lets the guest reach:
//! calls pass the capability gate first ([`grants`](crate::grants) has
//! helpers that grant by address and port), and ungranted calls return
//! `error-code::access-denied` (see [`add_to_linker`](crate::add_to_linker)).
//!
//! Pollables really wait: a guest blocking on a socket's or a TCP stream's
//! pollable sleeps in `poll(2)` until the socket is ready.

mod addr;
mod backend;
pub mod grants;
mod lookup;
pub(crate) mod streams;
#[cfg(feature = "std")]
mod system;
mod tcp;
mod udp;

pub use addr::{from_socket_addr, to_socket_addr};
pub use backend::{Interest, NetBackend, NoNetwork, OsSocket, SocketKind, SocketOption, wait_in_turn};
pub use lookup::ResolveAddressStream;
pub use streams::{TcpReader, TcpWriter};
#[cfg(feature = "std")]
pub use system::SystemNetwork;
pub use tcp::TcpSocket;
pub use udp::{IncomingDatagramStream, OutgoingDatagramStream, UdpSocket};

use crate::bindings::wasi::sockets::network::ErrorCode;

/// A `wasi:sockets/network`: the guest's handle on the context's network
/// backend (there is one network per context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network;

/// What a backend or a WASI check answers: a value, or the `error-code`
/// the guest gets.
pub type NetResult<T> = Result<T, ErrorCode>;

/// The `wasi:sockets` interfaces with an `error-code`, without version:
/// [`add_to_linker`](crate::add_to_linker) makes their ungranted calls
/// return `access-denied`.
pub const SOCKET_INTERFACES: &[&str] = &[
    "wasi:sockets/tcp",
    "wasi:sockets/tcp-create-socket",
    "wasi:sockets/udp",
    "wasi:sockets/udp-create-socket",
    "wasi:sockets/ip-name-lookup",
];

/// Waits in the context's backend until one of `waits` is ready, for at
/// most `timeout_nanos`.
pub(crate) fn wait_any(ctx: &mut crate::WasiCtx, waits: &[&streams::SocketWait], timeout_nanos: Option<u64>) {
    let list: alloc::vec::Vec<(&dyn OsSocket, Interest)> = waits.iter().map(|w| (&*w.socket, w.interest)).collect();
    ctx.net.wait_any(&list, timeout_nanos);
}

#[cfg(all(test, feature = "std"))]
mod tests;
