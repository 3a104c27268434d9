//! The host's network (`std`): non-blocking `socket2` sockets, `poll(2)`
//! (through `rustix`) to wait, and the system resolver.

use super::NetResult;
use super::backend::{Interest, NetBackend, OsSocket, SocketKind, SocketOption, wait_in_turn};
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily};
use crate::bindings::wasi::sockets::tcp::ShutdownType;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::net::{IpAddr, SocketAddr};
use core::time::Duration;
use rustix::event::{PollFd, PollFlags, Timespec};
use socket2::{Domain, Protocol, Socket, TcpKeepalive, Type};
use std::io::{self, ErrorKind, Read, Write};
use std::net::ToSocketAddrs;

/// The host's TCP and UDP sockets and its name resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemNetwork;

/// One host socket, always in non-blocking mode.
#[derive(Debug)]
struct SystemSocket {
    socket: Socket,
    kind: SocketKind,
    /// For UDP, the same socket as std's (`recv_from` into a plain buffer).
    datagrams: Option<std::net::UdpSocket>,
}

impl SystemSocket {
    fn new(socket: Socket, kind: SocketKind) -> NetResult<Self> {
        let datagrams = match kind {
            SocketKind::Udp => Some(std::net::UdpSocket::from(os(socket.try_clone())?)),
            SocketKind::Tcp => None,
        };
        Ok(SystemSocket { socket, kind, datagrams })
    }
}

/// The `error-code` of an OS error.
fn code(e: &io::Error) -> ErrorCode {
    match e.kind() {
        ErrorKind::WouldBlock => ErrorCode::WouldBlock,
        ErrorKind::PermissionDenied => ErrorCode::AccessDenied,
        ErrorKind::Unsupported => ErrorCode::NotSupported,
        ErrorKind::InvalidInput => ErrorCode::InvalidArgument,
        ErrorKind::OutOfMemory => ErrorCode::OutOfMemory,
        ErrorKind::TimedOut => ErrorCode::Timeout,
        ErrorKind::AddrInUse => ErrorCode::AddressInUse,
        ErrorKind::AddrNotAvailable => ErrorCode::AddressNotBindable,
        ErrorKind::ConnectionRefused => ErrorCode::ConnectionRefused,
        ErrorKind::ConnectionReset | ErrorKind::BrokenPipe => ErrorCode::ConnectionReset,
        ErrorKind::ConnectionAborted => ErrorCode::ConnectionAborted,
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => ErrorCode::RemoteUnreachable,
        ErrorKind::NotConnected => ErrorCode::InvalidState,
        _ => match e.raw_os_error().map(rustix::io::Errno::from_raw_os_error) {
            Some(rustix::io::Errno::INPROGRESS) | Some(rustix::io::Errno::ALREADY) => ErrorCode::WouldBlock,
            Some(rustix::io::Errno::MSGSIZE) => ErrorCode::DatagramTooLarge,
            Some(rustix::io::Errno::ISCONN) => ErrorCode::InvalidState,
            _ => ErrorCode::Unknown,
        },
    }
}

/// Whether the host is a BSD (macOS among them), whose `connect(AF_UNSPEC)`
/// reports an error after disconnecting.
const IS_BSD: bool = cfg!(any(
    target_vendor = "apple",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
));

fn os<T>(r: io::Result<T>) -> NetResult<T> {
    r.map_err(|e| code(&e))
}

fn nanos_to_timespec(nanos: u64) -> Timespec {
    Timespec { tv_sec: (nanos / 1_000_000_000) as i64, tv_nsec: (nanos % 1_000_000_000) as _ }
}

fn flags(interest: Interest) -> PollFlags {
    match interest {
        Interest::Readable => PollFlags::IN,
        Interest::Writable => PollFlags::OUT,
    }
}

/// `poll(2)` on `fds`, retried when interrupted; errors count as "ready"
/// so the caller's next call reports them.
fn poll(fds: &mut [PollFd<'_>], timeout_nanos: Option<u64>) {
    let timeout = timeout_nanos.map(nanos_to_timespec);
    loop {
        match rustix::event::poll(fds, timeout.as_ref()) {
            Err(rustix::io::Errno::INTR) => continue,
            _ => return,
        }
    }
}

fn revents_ready(fd: &PollFd<'_>, interest: Interest) -> bool {
    let r = fd.revents();
    r.intersects(flags(interest) | PollFlags::ERR | PollFlags::HUP | PollFlags::NVAL)
}

impl NetBackend for SystemNetwork {
    fn socket(&mut self, family: IpAddressFamily, kind: SocketKind) -> NetResult<Arc<dyn OsSocket>> {
        let domain = match family {
            IpAddressFamily::Ipv4 => Domain::IPV4,
            IpAddressFamily::Ipv6 => Domain::IPV6,
        };
        let (ty, proto) = match kind {
            SocketKind::Tcp => (Type::STREAM, Protocol::TCP),
            SocketKind::Udp => (Type::DGRAM, Protocol::UDP),
        };
        let socket = os(Socket::new(domain, ty, Some(proto)))?;
        if family == IpAddressFamily::Ipv6 {
            // WASI sockets are single-stack.
            os(socket.set_only_v6(true))?;
        }
        os(socket.set_nonblocking(true))?;
        Ok(Arc::new(SystemSocket::new(socket, kind)?))
    }

    fn resolve(&mut self, name: &str) -> NetResult<Vec<IpAddr>> {
        let addrs = (name, 0u16).to_socket_addrs().map_err(|_| ErrorCode::NameUnresolvable)?;
        let mut ips: Vec<IpAddr> = Vec::new();
        for a in addrs {
            if !ips.contains(&a.ip()) {
                ips.push(a.ip());
            }
        }
        if ips.is_empty() { Err(ErrorCode::NameUnresolvable) } else { Ok(ips) }
    }

    fn wait_any(&mut self, waits: &[(&dyn OsSocket, Interest)], timeout_nanos: Option<u64>) -> Vec<bool> {
        let sockets: Option<Vec<&SystemSocket>> =
            waits.iter().map(|(s, _)| s.as_any().downcast_ref::<SystemSocket>()).collect();
        let Some(sockets) = sockets else {
            // A socket of another backend among them: wait the generic way.
            return wait_in_turn(waits, timeout_nanos);
        };
        let mut fds: Vec<PollFd<'_>> =
            sockets.iter().zip(waits).map(|(s, (_, i))| PollFd::new(&s.socket, flags(*i))).collect();
        poll(&mut fds, timeout_nanos);
        fds.iter().zip(waits).map(|(fd, (_, i))| revents_ready(fd, *i)).collect()
    }
}

fn secs(nanos: u64) -> Duration {
    // The kernel counts keep-alive times in whole seconds: round up, at least 1.
    Duration::from_secs(nanos.div_ceil(1_000_000_000).max(1))
}

fn usize_of(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

impl OsSocket for SystemSocket {
    fn bind(&self, addr: SocketAddr) -> NetResult<()> {
        os(self.socket.bind(&addr.into()))
    }

    fn connect(&self, addr: SocketAddr) -> NetResult<()> {
        os(self.socket.connect(&addr.into()))
    }

    /// `connect` with the address family `AF_UNSPEC`, which dissolves a
    /// UDP socket's association and keeps the address it was bound to.
    fn disconnect(&self) -> NetResult<()> {
        match rustix::net::connect_unspec(&self.socket) {
            // The BSDs report an error although the socket was disconnected.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::AFNOSUPPORT) if IS_BSD => Ok(()),
            result => os(result.map_err(io::Error::from)),
        }
    }

    fn connect_result(&self) -> NetResult<()> {
        match os(self.socket.take_error())? {
            Some(e) => Err(code(&e)),
            None => os(self.socket.peer_addr()).map(|_| ()),
        }
    }

    fn listen(&self, backlog: u32) -> NetResult<()> {
        os(self.socket.listen(i32::try_from(backlog).unwrap_or(i32::MAX)))
    }

    fn accept(&self) -> NetResult<Arc<dyn OsSocket>> {
        let (socket, _) = os(self.socket.accept())?;
        os(socket.set_nonblocking(true))?;
        Ok(Arc::new(SystemSocket::new(socket, self.kind)?))
    }

    fn local_addr(&self) -> NetResult<SocketAddr> {
        os(self.socket.local_addr())?.as_socket().ok_or(ErrorCode::InvalidState)
    }

    fn peer_addr(&self) -> NetResult<SocketAddr> {
        os(self.socket.peer_addr())?.as_socket().ok_or(ErrorCode::InvalidState)
    }

    fn read(&self, buf: &mut [u8]) -> NetResult<usize> {
        os((&self.socket).read(buf))
    }

    fn write(&self, buf: &[u8]) -> NetResult<usize> {
        os((&self.socket).write(buf))
    }

    fn recv_from(&self, buf: &mut [u8]) -> NetResult<(usize, SocketAddr)> {
        let udp = self.datagrams.as_ref().ok_or(ErrorCode::NotSupported)?;
        os(udp.recv_from(buf))
    }

    fn send_to(&self, buf: &[u8], addr: Option<SocketAddr>) -> NetResult<usize> {
        match addr {
            Some(a) => os(self.socket.send_to(buf, &a.into())),
            None => os(self.socket.send(buf)),
        }
    }

    fn shutdown(&self, how: ShutdownType) -> NetResult<()> {
        let how = match how {
            ShutdownType::Receive => std::net::Shutdown::Read,
            ShutdownType::Send => std::net::Shutdown::Write,
            ShutdownType::Both => std::net::Shutdown::Both,
        };
        os(self.socket.shutdown(how))
    }

    fn option(&self, option: SocketOption) -> NetResult<u64> {
        let s = &self.socket;
        let v6 = os(s.domain())? == Domain::IPV6;
        Ok(match option {
            SocketOption::KeepAlive => u64::from(os(s.keepalive())?),
            SocketOption::KeepAliveIdleTime => os(s.tcp_keepalive_time())?.as_nanos() as u64,
            SocketOption::KeepAliveInterval => os(s.tcp_keepalive_interval())?.as_nanos() as u64,
            SocketOption::KeepAliveCount => u64::from(os(s.tcp_keepalive_retries())?),
            SocketOption::HopLimit if v6 => u64::from(os(s.unicast_hops_v6())?),
            SocketOption::HopLimit => u64::from(os(s.ttl_v4())?),
            SocketOption::ReceiveBufferSize => os(s.recv_buffer_size())? as u64,
            SocketOption::SendBufferSize => os(s.send_buffer_size())? as u64,
        })
    }

    fn set_option(&self, option: SocketOption, value: u64) -> NetResult<()> {
        let s = &self.socket;
        let v6 = os(s.domain())? == Domain::IPV6;
        let u32_of = |v: u64| u32::try_from(v).map_err(|_| ErrorCode::InvalidArgument);
        match option {
            SocketOption::KeepAlive => os(s.set_keepalive(value != 0)),
            SocketOption::KeepAliveIdleTime => os(s.set_tcp_keepalive(&TcpKeepalive::new().with_time(secs(value)))),
            SocketOption::KeepAliveInterval => os(s.set_tcp_keepalive(&TcpKeepalive::new().with_interval(secs(value)))),
            SocketOption::KeepAliveCount => os(s.set_tcp_keepalive(&TcpKeepalive::new().with_retries(u32_of(value)?))),
            SocketOption::HopLimit if v6 => os(s.set_unicast_hops_v6(u32_of(value)?)),
            SocketOption::HopLimit => os(s.set_ttl_v4(u32_of(value)?)),
            SocketOption::ReceiveBufferSize => os(s.set_recv_buffer_size(usize_of(value))),
            SocketOption::SendBufferSize => os(s.set_send_buffer_size(usize_of(value))),
        }
    }

    fn wait(&self, interest: Interest, timeout_nanos: Option<u64>) -> bool {
        let mut fds = [PollFd::new(&self.socket, flags(interest))];
        poll(&mut fds, timeout_nanos);
        revents_ready(&fds[0], interest)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tcp_connection_on_loopback_waits_and_carries_bytes() {
        let mut net = SystemNetwork;
        let listener = net.socket(IpAddressFamily::Ipv4, SocketKind::Tcp).unwrap();
        listener.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        listener.listen(4).unwrap();
        let addr = listener.local_addr().unwrap();
        assert_eq!(listener.accept().err(), Some(ErrorCode::WouldBlock));
        assert!(!listener.wait(Interest::Readable, Some(0)));
        let client = net.socket(IpAddressFamily::Ipv4, SocketKind::Tcp).unwrap();
        match client.connect(addr) {
            Ok(()) | Err(ErrorCode::WouldBlock) => {}
            Err(e) => panic!("{e:?}"),
        }
        assert!(client.wait(Interest::Writable, None));
        client.connect_result().unwrap();
        assert!(listener.wait(Interest::Readable, Some(1_000_000_000)));
        let server = listener.accept().unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(server.read(&mut buf), Err(ErrorCode::WouldBlock));
        assert_eq!(client.write(b"ping").unwrap(), 4);
        assert!(server.wait(Interest::Readable, None));
        assert_eq!(server.read(&mut buf).unwrap(), 4);
        assert_eq!(&buf[..4], b"ping");
        client.set_option(SocketOption::KeepAlive, 1).unwrap();
        assert_eq!(client.option(SocketOption::KeepAlive).unwrap(), 1);
        client.set_option(SocketOption::HopLimit, 9).unwrap();
        assert_eq!(client.option(SocketOption::HopLimit).unwrap(), 9);
        client.shutdown(ShutdownType::Send).unwrap();
        assert!(server.wait(Interest::Readable, None));
        assert_eq!(server.read(&mut buf).unwrap(), 0, "end of stream after shutdown");
    }

    #[test]
    fn a_refused_connection_reports_connection_refused() {
        let mut net = SystemNetwork;
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = probe.local_addr().unwrap();
        drop(probe);
        let client = net.socket(IpAddressFamily::Ipv4, SocketKind::Tcp).unwrap();
        let started = client.connect(addr);
        if started.is_err() && started != Err(ErrorCode::WouldBlock) {
            assert_eq!(started, Err(ErrorCode::ConnectionRefused));
            return;
        }
        assert!(client.wait(Interest::Writable, None));
        assert_eq!(client.connect_result(), Err(ErrorCode::ConnectionRefused));
    }

    #[test]
    fn udp_datagrams_round_trip_and_localhost_resolves() {
        let mut net = SystemNetwork;
        let a = net.socket(IpAddressFamily::Ipv4, SocketKind::Udp).unwrap();
        let b = net.socket(IpAddressFamily::Ipv4, SocketKind::Udp).unwrap();
        a.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        b.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(b.recv_from(&mut buf).err(), Some(ErrorCode::WouldBlock));
        a.send_to(b"hi", Some(b.local_addr().unwrap())).unwrap();
        let waits: [(&dyn OsSocket, Interest); 2] = [(&*a, Interest::Readable), (&*b, Interest::Readable)];
        assert_eq!(net.wait_any(&waits, Some(2_000_000_000)), [false, true]);
        assert_eq!(b.recv_from(&mut buf).unwrap(), (2, a.local_addr().unwrap()));
        assert!(net.resolve("localhost").unwrap().iter().any(|ip| ip.is_loopback()));
    }
}
