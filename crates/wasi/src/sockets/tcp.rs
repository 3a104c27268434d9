//! `wasi:sockets/tcp` and `tcp-create-socket`: the TCP socket state
//! machine on an [`OsSocket`].
//!
//! States: unbound → (`start-bind`) bind-started → (`finish-bind`) bound;
//! unbound or bound → (`start-connect`) connecting → (`finish-connect`)
//! connected; bound → (`start-listen`) listen-started → (`finish-listen`)
//! listening. A call in the wrong state is `invalid-state`, a `finish-*`
//! without its `start-*` `not-in-progress`, a connection still under way
//! `would-block`, a failed connection leaves the socket closed.

use super::addr::{check_family, check_remote, from_socket_addr, to_socket_addr};
use super::backend::{Interest, OsSocket, SocketKind, SocketOption};
use super::streams::{SocketWait, TcpReader, TcpWriter};
use super::{NetResult, Network};
use crate::WasiCtx;
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress};
use crate::bindings::wasi::sockets::tcp::{self, ShutdownType};
use crate::bindings::wasi::sockets::tcp_create_socket;
use crate::io::{InputStream, OutputStream, Pollable};
use airssys_wasm::{Error, Resource};
use alloc::sync::Arc;
use core::fmt;

/// Where a TCP socket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TcpState {
    Unbound,
    BindStarted,
    Bound,
    Connecting,
    Connected,
    ListenStarted,
    Listening,
    /// A connection failed: nothing more can be done with the socket.
    Closed,
}

/// The listen backlog until `set-listen-backlog-size` says otherwise.
pub const DEFAULT_BACKLOG: u32 = 128;

/// A `wasi:sockets/tcp` socket held by a guest.
pub struct TcpSocket {
    pub(crate) family: IpAddressFamily,
    pub(crate) state: TcpState,
    pub(crate) socket: Arc<dyn OsSocket>,
    pub(crate) backlog: u32,
}

impl fmt::Debug for TcpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpSocket").field("family", &self.family).field("state", &self.state).finish_non_exhaustive()
    }
}

impl TcpSocket {
    /// A new socket in state `state` on `socket`.
    pub(crate) fn new(family: IpAddressFamily, state: TcpState, socket: Arc<dyn OsSocket>) -> Self {
        TcpSocket { family, state, socket, backlog: DEFAULT_BACKLOG }
    }

    pub(crate) fn start_bind(&mut self, addr: &IpSocketAddress) -> NetResult<()> {
        let addr = to_socket_addr(addr);
        check_family(self.family, &addr)?;
        if self.state != TcpState::Unbound {
            return Err(ErrorCode::InvalidState);
        }
        self.socket.bind(addr)?;
        self.state = TcpState::BindStarted;
        Ok(())
    }

    pub(crate) fn finish_bind(&mut self) -> NetResult<()> {
        self.finish(TcpState::BindStarted, TcpState::Bound)
    }

    fn finish(&mut self, started: TcpState, done: TcpState) -> NetResult<()> {
        if self.state != started {
            return Err(ErrorCode::NotInProgress);
        }
        self.state = done;
        Ok(())
    }

    pub(crate) fn start_connect(&mut self, addr: &IpSocketAddress) -> NetResult<()> {
        let addr = to_socket_addr(addr);
        check_remote(self.family, &addr)?;
        match self.state {
            TcpState::Unbound | TcpState::Bound => {}
            TcpState::BindStarted | TcpState::ListenStarted | TcpState::Connecting => {
                return Err(ErrorCode::ConcurrencyConflict);
            }
            TcpState::Connected | TcpState::Listening | TcpState::Closed => return Err(ErrorCode::InvalidState),
        }
        match self.socket.connect(addr) {
            Ok(()) | Err(ErrorCode::WouldBlock) => {
                self.state = TcpState::Connecting;
                Ok(())
            }
            Err(e) => {
                self.state = TcpState::Closed;
                Err(e)
            }
        }
    }

    /// Finishes a connection: `would-block` while it is under way.
    pub(crate) fn finish_connect(&mut self) -> NetResult<(TcpReader, TcpWriter)> {
        if self.state != TcpState::Connecting {
            return Err(ErrorCode::NotInProgress);
        }
        if !self.socket.wait(Interest::Writable, Some(0)) {
            return Err(ErrorCode::WouldBlock);
        }
        match self.socket.connect_result() {
            Ok(()) => {
                self.state = TcpState::Connected;
                Ok((TcpReader { socket: self.socket.clone() }, TcpWriter { socket: self.socket.clone() }))
            }
            Err(e) => {
                self.state = TcpState::Closed;
                Err(e)
            }
        }
    }

    pub(crate) fn start_listen(&mut self) -> NetResult<()> {
        match self.state {
            TcpState::Bound => {}
            TcpState::BindStarted | TcpState::Connecting | TcpState::ListenStarted => {
                return Err(ErrorCode::ConcurrencyConflict);
            }
            _ => return Err(ErrorCode::InvalidState),
        }
        self.socket.listen(self.backlog)?;
        self.state = TcpState::ListenStarted;
        Ok(())
    }

    pub(crate) fn finish_listen(&mut self) -> NetResult<()> {
        self.finish(TcpState::ListenStarted, TcpState::Listening)
    }

    /// Accepts a connection: `would-block` when none is waiting.
    pub(crate) fn accept(&mut self) -> NetResult<(TcpSocket, TcpReader, TcpWriter)> {
        if self.state != TcpState::Listening {
            return Err(ErrorCode::InvalidState);
        }
        let socket = self.socket.accept()?;
        let streams = (TcpReader { socket: socket.clone() }, TcpWriter { socket: socket.clone() });
        Ok((TcpSocket::new(self.family, TcpState::Connected, socket), streams.0, streams.1))
    }

    pub(crate) fn local_address(&self) -> NetResult<IpSocketAddress> {
        match self.state {
            TcpState::Unbound | TcpState::BindStarted | TcpState::Closed => Err(ErrorCode::InvalidState),
            _ => self.socket.local_addr().map(from_socket_addr),
        }
    }

    pub(crate) fn remote_address(&self) -> NetResult<IpSocketAddress> {
        if self.state != TcpState::Connected {
            return Err(ErrorCode::InvalidState);
        }
        self.socket.peer_addr().map(from_socket_addr)
    }

    pub(crate) fn set_backlog(&mut self, value: u64) -> NetResult<()> {
        if value == 0 {
            return Err(ErrorCode::InvalidArgument);
        }
        let backlog = u32::try_from(value).unwrap_or(u32::MAX);
        match self.state {
            TcpState::Connecting | TcpState::Connected | TcpState::Closed => Err(ErrorCode::InvalidState),
            // Listening already: the kernel takes a new backlog on a second listen.
            TcpState::Listening | TcpState::ListenStarted => {
                self.socket.listen(backlog)?;
                self.backlog = backlog;
                Ok(())
            }
            _ => {
                self.backlog = backlog;
                Ok(())
            }
        }
    }

    pub(crate) fn set_option(&self, option: SocketOption, value: u64) -> NetResult<()> {
        check_option(option, value)?;
        self.socket.set_option(option, value)
    }

    /// What the socket's pollable waits for in its current state.
    pub(crate) fn pollable(&self) -> Pollable {
        match self.state {
            TcpState::Connecting => {
                Pollable::Socket(SocketWait { socket: self.socket.clone(), interest: Interest::Writable })
            }
            TcpState::Listening => {
                Pollable::Socket(SocketWait { socket: self.socket.clone(), interest: Interest::Readable })
            }
            _ => Pollable::Ready,
        }
    }

    pub(crate) fn shutdown(&self, how: ShutdownType) -> NetResult<()> {
        if self.state != TcpState::Connected {
            return Err(ErrorCode::InvalidState);
        }
        self.socket.shutdown(how)
    }
}

/// The values the interfaces refuse with `invalid-argument`: zero for
/// every option but `keep-alive-enabled`.
pub(crate) fn check_option(option: SocketOption, value: u64) -> NetResult<()> {
    if option != SocketOption::KeepAlive && value == 0 { Err(ErrorCode::InvalidArgument) } else { Ok(()) }
}

type Reply<T> = Result<Result<T, ErrorCode>, Error>;

impl WasiCtx {
    fn tcp(&mut self, this: &Resource<TcpSocket>) -> Result<&mut TcpSocket, Error> {
        self.table.get_mut(this)
    }

    fn tcp_option<T>(&mut self, this: &Resource<TcpSocket>, option: SocketOption, to: fn(u64) -> T) -> Reply<T> {
        Ok(self.tcp(this)?.socket.option(option).map(to))
    }

    fn tcp_set(&mut self, this: &Resource<TcpSocket>, option: SocketOption, value: u64) -> Reply<()> {
        Ok(self.tcp(this)?.set_option(option, value))
    }
}

impl tcp::HostTcpSocket for WasiCtx {
    fn start_bind(
        &mut self,
        this: Resource<TcpSocket>,
        network: Resource<Network>,
        local_address: IpSocketAddress,
    ) -> Reply<()> {
        self.table.get(&network)?;
        Ok(self.tcp(&this)?.start_bind(&local_address))
    }

    fn finish_bind(&mut self, this: Resource<TcpSocket>) -> Reply<()> {
        Ok(self.tcp(&this)?.finish_bind())
    }

    fn start_connect(
        &mut self,
        this: Resource<TcpSocket>,
        network: Resource<Network>,
        remote_address: IpSocketAddress,
    ) -> Reply<()> {
        self.table.get(&network)?;
        Ok(self.tcp(&this)?.start_connect(&remote_address))
    }

    fn finish_connect(&mut self, this: Resource<TcpSocket>) -> Reply<(Resource<InputStream>, Resource<OutputStream>)> {
        let (reader, writer) = match self.tcp(&this)?.finish_connect() {
            Ok(streams) => streams,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok((self.table.push(InputStream::Tcp(reader))?, self.table.push(OutputStream::Tcp(writer))?)))
    }

    fn start_listen(&mut self, this: Resource<TcpSocket>) -> Reply<()> {
        Ok(self.tcp(&this)?.start_listen())
    }

    fn finish_listen(&mut self, this: Resource<TcpSocket>) -> Reply<()> {
        Ok(self.tcp(&this)?.finish_listen())
    }

    fn accept(
        &mut self,
        this: Resource<TcpSocket>,
    ) -> Reply<(Resource<TcpSocket>, Resource<InputStream>, Resource<OutputStream>)> {
        let (socket, reader, writer) = match self.tcp(&this)?.accept() {
            Ok(accepted) => accepted,
            Err(e) => return Ok(Err(e)),
        };
        let socket = self.table.push(socket)?;
        Ok(Ok((socket, self.table.push(InputStream::Tcp(reader))?, self.table.push(OutputStream::Tcp(writer))?)))
    }

    fn local_address(&mut self, this: Resource<TcpSocket>) -> Reply<IpSocketAddress> {
        Ok(self.tcp(&this)?.local_address())
    }

    fn remote_address(&mut self, this: Resource<TcpSocket>) -> Reply<IpSocketAddress> {
        Ok(self.tcp(&this)?.remote_address())
    }

    fn is_listening(&mut self, this: Resource<TcpSocket>) -> Result<bool, Error> {
        Ok(self.tcp(&this)?.state == TcpState::Listening)
    }

    fn address_family(&mut self, this: Resource<TcpSocket>) -> Result<IpAddressFamily, Error> {
        Ok(self.tcp(&this)?.family)
    }

    fn set_listen_backlog_size(&mut self, this: Resource<TcpSocket>, value: u64) -> Reply<()> {
        Ok(self.tcp(&this)?.set_backlog(value))
    }

    fn keep_alive_enabled(&mut self, this: Resource<TcpSocket>) -> Reply<bool> {
        self.tcp_option(&this, SocketOption::KeepAlive, |v| v != 0)
    }

    fn set_keep_alive_enabled(&mut self, this: Resource<TcpSocket>, value: bool) -> Reply<()> {
        self.tcp_set(&this, SocketOption::KeepAlive, u64::from(value))
    }

    fn keep_alive_idle_time(&mut self, this: Resource<TcpSocket>) -> Reply<u64> {
        self.tcp_option(&this, SocketOption::KeepAliveIdleTime, |v| v)
    }

    fn set_keep_alive_idle_time(&mut self, this: Resource<TcpSocket>, value: u64) -> Reply<()> {
        self.tcp_set(&this, SocketOption::KeepAliveIdleTime, value)
    }

    fn keep_alive_interval(&mut self, this: Resource<TcpSocket>) -> Reply<u64> {
        self.tcp_option(&this, SocketOption::KeepAliveInterval, |v| v)
    }

    fn set_keep_alive_interval(&mut self, this: Resource<TcpSocket>, value: u64) -> Reply<()> {
        self.tcp_set(&this, SocketOption::KeepAliveInterval, value)
    }

    fn keep_alive_count(&mut self, this: Resource<TcpSocket>) -> Reply<u32> {
        self.tcp_option(&this, SocketOption::KeepAliveCount, |v| u32::try_from(v).unwrap_or(u32::MAX))
    }

    fn set_keep_alive_count(&mut self, this: Resource<TcpSocket>, value: u32) -> Reply<()> {
        self.tcp_set(&this, SocketOption::KeepAliveCount, u64::from(value))
    }

    fn hop_limit(&mut self, this: Resource<TcpSocket>) -> Reply<u8> {
        self.tcp_option(&this, SocketOption::HopLimit, |v| u8::try_from(v).unwrap_or(u8::MAX))
    }

    fn set_hop_limit(&mut self, this: Resource<TcpSocket>, value: u8) -> Reply<()> {
        self.tcp_set(&this, SocketOption::HopLimit, u64::from(value))
    }

    fn receive_buffer_size(&mut self, this: Resource<TcpSocket>) -> Reply<u64> {
        self.tcp_option(&this, SocketOption::ReceiveBufferSize, |v| v)
    }

    fn set_receive_buffer_size(&mut self, this: Resource<TcpSocket>, value: u64) -> Reply<()> {
        self.tcp_set(&this, SocketOption::ReceiveBufferSize, value)
    }

    fn send_buffer_size(&mut self, this: Resource<TcpSocket>) -> Reply<u64> {
        self.tcp_option(&this, SocketOption::SendBufferSize, |v| v)
    }

    fn set_send_buffer_size(&mut self, this: Resource<TcpSocket>, value: u64) -> Reply<()> {
        self.tcp_set(&this, SocketOption::SendBufferSize, value)
    }

    fn subscribe(&mut self, this: Resource<TcpSocket>) -> Result<Resource<Pollable>, Error> {
        let p = self.tcp(&this)?.pollable();
        self.table.push(p)
    }

    fn shutdown(&mut self, this: Resource<TcpSocket>, shutdown_type: ShutdownType) -> Reply<()> {
        Ok(self.tcp(&this)?.shutdown(shutdown_type))
    }

    fn drop(&mut self, rep: Resource<TcpSocket>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl tcp::Host for WasiCtx {}

impl tcp_create_socket::Host for WasiCtx {
    fn create_tcp_socket(&mut self, address_family: IpAddressFamily) -> Reply<Resource<TcpSocket>> {
        match self.net.socket(address_family, SocketKind::Tcp) {
            Ok(socket) => Ok(Ok(self.table.push(TcpSocket::new(address_family, TcpState::Unbound, socket))?)),
            Err(e) => Ok(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests;
