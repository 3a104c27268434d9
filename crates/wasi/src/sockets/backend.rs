//! The operating system's side of sockets: [`NetBackend`] makes sockets
//! and resolves names, [`OsSocket`] is one socket. Every call is
//! non-blocking except [`OsSocket::wait`] and [`NetBackend::wait_any`],
//! which are where a guest's blocking calls sleep.

use super::NetResult;
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily};
use crate::bindings::wasi::sockets::tcp::ShutdownType;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::net::{IpAddr, SocketAddr};

/// Which kind of socket to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketKind {
    /// A TCP (stream) socket.
    Tcp,
    /// A UDP (datagram) socket.
    Udp,
}

/// What a wait waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interest {
    /// Data to read, a connection to accept, or the end of the stream.
    Readable,
    /// Room to write, or a connection attempt that finished.
    Writable,
}

/// A socket option, read and written as a `u64` (a `bool` is 0 or 1, a
/// duration is in nanoseconds). The WASI layer has checked the value
/// (non-zero where the interface requires it) before a backend sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketOption {
    /// `SO_KEEPALIVE`, as 0 or 1.
    KeepAlive,
    /// `TCP_KEEPIDLE`, in nanoseconds.
    KeepAliveIdleTime,
    /// `TCP_KEEPINTVL`, in nanoseconds.
    KeepAliveInterval,
    /// `TCP_KEEPCNT`.
    KeepAliveCount,
    /// `IP_TTL` or `IPV6_UNICAST_HOPS`.
    HopLimit,
    /// `SO_RCVBUF`, in bytes.
    ReceiveBufferSize,
    /// `SO_SNDBUF`, in bytes.
    SendBufferSize,
}

/// One socket of the operating system (or of a test's fake network).
/// Every method is non-blocking: what cannot finish at once returns
/// `would-block`, and [`wait`](OsSocket::wait) sleeps until it can.
pub trait OsSocket: Send + Sync + Any {
    /// Binds to `addr` (port 0: an ephemeral port).
    fn bind(&self, addr: SocketAddr) -> NetResult<()>;
    /// TCP: starts connecting (`would-block` while in progress; then wait
    /// for [`Interest::Writable`] and call
    /// [`connect_result`](OsSocket::connect_result)). UDP: sets the peer.
    fn connect(&self, addr: SocketAddr) -> NetResult<()>;
    /// The outcome of a TCP connection attempt that is no longer in progress.
    fn connect_result(&self) -> NetResult<()>;
    /// UDP: forgets the peer [`connect`](OsSocket::connect) set, keeping
    /// the bound address, so that datagrams from anyone arrive again and
    /// each outgoing one names its address. A backend that cannot do this
    /// keeps the default, `not-supported`, which the guest sees as the
    /// error of `udp-socket.stream(none)`.
    fn disconnect(&self) -> NetResult<()> {
        Err(ErrorCode::NotSupported)
    }
    /// Starts listening with a queue of `backlog` connections.
    fn listen(&self, backlog: u32) -> NetResult<()>;
    /// Accepts a connection (`would-block` when none is waiting).
    fn accept(&self) -> NetResult<Arc<dyn OsSocket>>;
    /// The address the socket is bound to.
    fn local_addr(&self) -> NetResult<SocketAddr>;
    /// The address of the peer.
    fn peer_addr(&self) -> NetResult<SocketAddr>;
    /// Reads into `buf`: the count, 0 at the end of the stream,
    /// `would-block` when nothing is there yet.
    fn read(&self, buf: &mut [u8]) -> NetResult<usize>;
    /// Writes from `buf`: how many bytes went, `would-block` when none could.
    fn write(&self, buf: &[u8]) -> NetResult<usize>;
    /// Receives one datagram into `buf`: its length and sender.
    fn recv_from(&self, buf: &mut [u8]) -> NetResult<(usize, SocketAddr)>;
    /// Sends one datagram, to `addr` or (`None`) to the connected peer.
    fn send_to(&self, buf: &[u8], addr: Option<SocketAddr>) -> NetResult<usize>;
    /// Shuts down one or both directions.
    fn shutdown(&self, how: ShutdownType) -> NetResult<()>;
    /// Reads an option.
    fn option(&self, option: SocketOption) -> NetResult<u64>;
    /// Writes an option.
    fn set_option(&self, option: SocketOption, value: u64) -> NetResult<()>;
    /// Waits until the socket is ready for `interest`, for at most
    /// `timeout_nanos` (`Some(0)`: only checks; `None`: no limit).
    /// Whether it is ready.
    fn wait(&self, interest: Interest, timeout_nanos: Option<u64>) -> bool;
    /// The socket as `Any`, for a backend's [`NetBackend::wait_any`].
    fn as_any(&self) -> &dyn Any;
}

/// The network a context's sockets live on.
pub trait NetBackend: Send {
    /// A new, unbound socket.
    fn socket(&mut self, family: IpAddressFamily, kind: SocketKind) -> NetResult<Arc<dyn OsSocket>>;
    /// The addresses of `name` (a host name; IP literals never get here).
    fn resolve(&mut self, name: &str) -> NetResult<Vec<IpAddr>>;
    /// Waits until at least one of `waits` is ready, for at most
    /// `timeout_nanos`; which ones are (none when the time ran out). The
    /// default checks each, then waits on each in turn for at most 1 ms
    /// (`poll` calls it again while nothing is ready): a backend that can
    /// wait on several at once (`poll(2)`) overrides it.
    fn wait_any(&mut self, waits: &[(&dyn OsSocket, Interest)], timeout_nanos: Option<u64>) -> Vec<bool> {
        wait_in_turn(waits, timeout_nanos)
    }
}

/// [`NetBackend::wait_any`]'s default: checks each socket, then waits on
/// each in turn, for at most 1 ms (or `timeout_nanos`) in all.
pub fn wait_in_turn(waits: &[(&dyn OsSocket, Interest)], timeout_nanos: Option<u64>) -> Vec<bool> {
    let ready: Vec<bool> = waits.iter().map(|(s, i)| s.wait(*i, Some(0))).collect();
    if ready.iter().any(|r| *r) || waits.is_empty() {
        return ready;
    }
    let slice = timeout_nanos.unwrap_or(u64::MAX).min(1_000_000) / waits.len() as u64;
    waits.iter().map(|(s, i)| s.wait(*i, Some(slice))).collect()
}

/// No network: every socket and every lookup is `not-supported`. The
/// default backend, and the only one without `std`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNetwork;

impl NetBackend for NoNetwork {
    fn socket(&mut self, _: IpAddressFamily, _: SocketKind) -> NetResult<Arc<dyn OsSocket>> {
        Err(ErrorCode::NotSupported)
    }

    fn resolve(&mut self, _: &str) -> NetResult<Vec<IpAddr>> {
        Err(ErrorCode::NotSupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_network_refuses_every_socket_and_lookup_as_not_supported() {
        let mut net = NoNetwork;
        for kind in [SocketKind::Tcp, SocketKind::Udp] {
            for family in [IpAddressFamily::Ipv4, IpAddressFamily::Ipv6] {
                assert_eq!(net.socket(family, kind).err(), Some(ErrorCode::NotSupported));
            }
        }
        assert_eq!(net.resolve("localhost"), Err(ErrorCode::NotSupported));
        assert!(net.wait_any(&[], Some(0)).is_empty());
    }
}
