//! `wasi:sockets/udp` and `udp-create-socket`.
//!
//! A socket is bound (`start-bind`, `finish-bind`), then `stream` gives
//! its datagram streams: with a remote address they are connected to that
//! peer (only its datagrams arrive, and outgoing datagrams may name no
//! other address), without one they send to the address each datagram
//! names. A second `stream` call replaces the streams, connecting to the
//! new peer or, without one, disconnecting from the old.

use super::addr::{check_family, check_remote, from_socket_addr, to_socket_addr};
use super::backend::{Interest, OsSocket, SocketKind, SocketOption};
use super::streams::SocketWait;
use super::tcp::check_option;
use super::{NetResult, Network};
use crate::WasiCtx;
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress};
use crate::bindings::wasi::sockets::udp::{self, IncomingDatagram, OutgoingDatagram};
use crate::bindings::wasi::sockets::udp_create_socket;
use crate::io::Pollable;
use airssys_wasm::{Error, Resource};
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::net::SocketAddr;

/// The largest datagram `receive` takes (the UDP maximum).
pub const MAX_DATAGRAM: usize = 65_535;

/// How many datagrams `check-send` allows at once.
pub const SEND_PERMITS: u64 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UdpState {
    Unbound,
    BindStarted,
    Bound,
}

/// A `wasi:sockets/udp` socket held by a guest.
pub struct UdpSocket {
    family: IpAddressFamily,
    state: UdpState,
    socket: Arc<dyn OsSocket>,
    remote: Option<SocketAddr>,
}

/// The incoming datagrams of a [`UdpSocket`].
pub struct IncomingDatagramStream {
    socket: Arc<dyn OsSocket>,
}

/// The outgoing datagrams of a [`UdpSocket`].
pub struct OutgoingDatagramStream {
    socket: Arc<dyn OsSocket>,
    family: IpAddressFamily,
    remote: Option<SocketAddr>,
}

impl fmt::Debug for UdpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdpSocket").field("family", &self.family).field("state", &self.state).finish_non_exhaustive()
    }
}

impl fmt::Debug for IncomingDatagramStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IncomingDatagramStream")
    }
}

impl fmt::Debug for OutgoingDatagramStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingDatagramStream").field("remote", &self.remote).finish_non_exhaustive()
    }
}

impl UdpSocket {
    fn start_bind(&mut self, addr: &IpSocketAddress) -> NetResult<()> {
        let addr = to_socket_addr(addr);
        check_family(self.family, &addr)?;
        if self.state != UdpState::Unbound {
            return Err(ErrorCode::InvalidState);
        }
        self.socket.bind(addr)?;
        self.state = UdpState::BindStarted;
        Ok(())
    }

    fn finish_bind(&mut self) -> NetResult<()> {
        if self.state != UdpState::BindStarted {
            return Err(ErrorCode::NotInProgress);
        }
        self.state = UdpState::Bound;
        Ok(())
    }

    fn stream(
        &mut self,
        remote: Option<&IpSocketAddress>,
    ) -> NetResult<(IncomingDatagramStream, OutgoingDatagramStream)> {
        if self.state != UdpState::Bound {
            return Err(ErrorCode::InvalidState);
        }
        let remote = remote.map(to_socket_addr);
        match remote {
            Some(r) => {
                check_remote(self.family, &r)?;
                self.socket.connect(r)?;
            }
            None if self.remote.is_some() => self.socket.disconnect()?,
            None => {}
        }
        self.remote = remote;
        let incoming = IncomingDatagramStream { socket: self.socket.clone() };
        let outgoing = OutgoingDatagramStream { socket: self.socket.clone(), family: self.family, remote };
        Ok((incoming, outgoing))
    }
}

impl IncomingDatagramStream {
    fn receive(&self, max: u64) -> NetResult<Vec<IncomingDatagram>> {
        let mut got = Vec::new();
        let mut buf = vec![0u8; MAX_DATAGRAM];
        while (got.len() as u64) < max {
            match self.socket.recv_from(&mut buf) {
                Ok((n, from)) => got.push(IncomingDatagram {
                    data: buf.get(..n).unwrap_or_default().to_vec(),
                    remote_address: from_socket_addr(from),
                }),
                Err(ErrorCode::WouldBlock) => break,
                Err(e) if got.is_empty() => return Err(e),
                Err(_) => break,
            }
        }
        Ok(got)
    }
}

impl OutgoingDatagramStream {
    /// Sends datagrams in order until one cannot go: how many went.
    fn send(&self, datagrams: &[OutgoingDatagram]) -> NetResult<u64> {
        if datagrams.len() as u64 > SEND_PERMITS {
            return Err(ErrorCode::InvalidArgument);
        }
        let mut sent = 0u64;
        for d in datagrams {
            let to = d.remote_address.as_ref().map(to_socket_addr);
            let outcome = match (to, self.remote) {
                (Some(to), Some(peer)) if to != peer => Err(ErrorCode::InvalidArgument),
                (Some(to), None) => {
                    check_remote(self.family, &to).and_then(|()| self.socket.send_to(&d.data, Some(to)))
                }
                (_, Some(_)) => self.socket.send_to(&d.data, None),
                (None, None) => Err(ErrorCode::InvalidArgument),
            };
            match outcome {
                Ok(_) => sent += 1,
                Err(e) if sent == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(sent)
    }
}

type Reply<T> = Result<Result<T, ErrorCode>, Error>;

impl WasiCtx {
    fn udp(&mut self, this: &Resource<UdpSocket>) -> Result<&mut UdpSocket, Error> {
        self.table.get_mut(this)
    }
}

impl udp::HostUdpSocket for WasiCtx {
    fn start_bind(
        &mut self,
        this: Resource<UdpSocket>,
        network: Resource<Network>,
        local_address: IpSocketAddress,
    ) -> Reply<()> {
        self.table.get(&network)?;
        Ok(self.udp(&this)?.start_bind(&local_address))
    }

    fn finish_bind(&mut self, this: Resource<UdpSocket>) -> Reply<()> {
        Ok(self.udp(&this)?.finish_bind())
    }

    fn stream(
        &mut self,
        this: Resource<UdpSocket>,
        remote_address: Option<IpSocketAddress>,
    ) -> Reply<(Resource<IncomingDatagramStream>, Resource<OutgoingDatagramStream>)> {
        let (incoming, outgoing) = match self.udp(&this)?.stream(remote_address.as_ref()) {
            Ok(streams) => streams,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok((self.table.push(incoming)?, self.table.push(outgoing)?)))
    }

    fn local_address(&mut self, this: Resource<UdpSocket>) -> Reply<IpSocketAddress> {
        let s = self.udp(&this)?;
        if s.state == UdpState::Unbound {
            return Ok(Err(ErrorCode::InvalidState));
        }
        Ok(s.socket.local_addr().map(from_socket_addr))
    }

    fn remote_address(&mut self, this: Resource<UdpSocket>) -> Reply<IpSocketAddress> {
        Ok(self.udp(&this)?.remote.map(from_socket_addr).ok_or(ErrorCode::InvalidState))
    }

    fn address_family(&mut self, this: Resource<UdpSocket>) -> Result<IpAddressFamily, Error> {
        Ok(self.udp(&this)?.family)
    }

    fn unicast_hop_limit(&mut self, this: Resource<UdpSocket>) -> Reply<u8> {
        Ok(self.udp(&this)?.socket.option(SocketOption::HopLimit).map(|v| u8::try_from(v).unwrap_or(u8::MAX)))
    }

    fn set_unicast_hop_limit(&mut self, this: Resource<UdpSocket>, value: u8) -> Reply<()> {
        let v = u64::from(value);
        let s = self.udp(&this)?;
        Ok(check_option(SocketOption::HopLimit, v).and_then(|()| s.socket.set_option(SocketOption::HopLimit, v)))
    }

    fn receive_buffer_size(&mut self, this: Resource<UdpSocket>) -> Reply<u64> {
        Ok(self.udp(&this)?.socket.option(SocketOption::ReceiveBufferSize))
    }

    fn set_receive_buffer_size(&mut self, this: Resource<UdpSocket>, value: u64) -> Reply<()> {
        let s = self.udp(&this)?;
        Ok(check_option(SocketOption::ReceiveBufferSize, value)
            .and_then(|()| s.socket.set_option(SocketOption::ReceiveBufferSize, value)))
    }

    fn send_buffer_size(&mut self, this: Resource<UdpSocket>) -> Reply<u64> {
        Ok(self.udp(&this)?.socket.option(SocketOption::SendBufferSize))
    }

    fn set_send_buffer_size(&mut self, this: Resource<UdpSocket>, value: u64) -> Reply<()> {
        let s = self.udp(&this)?;
        Ok(check_option(SocketOption::SendBufferSize, value)
            .and_then(|()| s.socket.set_option(SocketOption::SendBufferSize, value)))
    }

    fn subscribe(&mut self, this: Resource<UdpSocket>) -> Result<Resource<Pollable>, Error> {
        self.udp(&this)?;
        self.table.push(Pollable::Ready)
    }

    fn drop(&mut self, rep: Resource<UdpSocket>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl udp::HostIncomingDatagramStream for WasiCtx {
    fn receive(&mut self, this: Resource<IncomingDatagramStream>, max_results: u64) -> Reply<Vec<IncomingDatagram>> {
        Ok(self.table.get(&this)?.receive(max_results))
    }

    fn subscribe(&mut self, this: Resource<IncomingDatagramStream>) -> Result<Resource<Pollable>, Error> {
        let socket = self.table.get(&this)?.socket.clone();
        self.table.push(Pollable::Socket(SocketWait { socket, interest: Interest::Readable }))
    }

    fn drop(&mut self, rep: Resource<IncomingDatagramStream>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl udp::HostOutgoingDatagramStream for WasiCtx {
    fn check_send(&mut self, this: Resource<OutgoingDatagramStream>) -> Reply<u64> {
        let s = self.table.get(&this)?;
        Ok(Ok(if s.socket.wait(Interest::Writable, Some(0)) { SEND_PERMITS } else { 0 }))
    }

    fn send(&mut self, this: Resource<OutgoingDatagramStream>, datagrams: Vec<OutgoingDatagram>) -> Reply<u64> {
        Ok(self.table.get(&this)?.send(&datagrams))
    }

    fn subscribe(&mut self, this: Resource<OutgoingDatagramStream>) -> Result<Resource<Pollable>, Error> {
        let socket = self.table.get(&this)?.socket.clone();
        self.table.push(Pollable::Socket(SocketWait { socket, interest: Interest::Writable }))
    }

    fn drop(&mut self, rep: Resource<OutgoingDatagramStream>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl udp::Host for WasiCtx {}

impl udp_create_socket::Host for WasiCtx {
    fn create_udp_socket(&mut self, address_family: IpAddressFamily) -> Reply<Resource<UdpSocket>> {
        match self.net.socket(address_family, SocketKind::Udp) {
            Ok(socket) => {
                let s = UdpSocket { family: address_family, state: UdpState::Unbound, socket, remote: None };
                Ok(Ok(self.table.push(s)?))
            }
            Err(e) => Ok(Err(e)),
        }
    }
}
