use super::*;
use crate::bindings::wasi::sockets::network::Ipv4SocketAddress;
use core::any::Any;
use core::net::SocketAddr;
use core::sync::atomic::{AtomicBool, Ordering};

/// A socket that records nothing and answers as told: `connected` says
/// whether a connection attempt has finished.
#[derive(Default)]
struct Fake {
    connected: AtomicBool,
}

impl OsSocket for Fake {
    fn bind(&self, _: SocketAddr) -> NetResult<()> {
        Ok(())
    }
    fn connect(&self, _: SocketAddr) -> NetResult<()> {
        Err(ErrorCode::WouldBlock)
    }
    fn connect_result(&self) -> NetResult<()> {
        Ok(())
    }
    fn listen(&self, _: u32) -> NetResult<()> {
        Ok(())
    }
    fn accept(&self) -> NetResult<Arc<dyn OsSocket>> {
        Err(ErrorCode::WouldBlock)
    }
    fn local_addr(&self) -> NetResult<SocketAddr> {
        Ok("127.0.0.1:5".parse().unwrap())
    }
    fn peer_addr(&self) -> NetResult<SocketAddr> {
        Ok("127.0.0.1:6".parse().unwrap())
    }
    fn read(&self, _: &mut [u8]) -> NetResult<usize> {
        Err(ErrorCode::WouldBlock)
    }
    fn write(&self, b: &[u8]) -> NetResult<usize> {
        Ok(b.len())
    }
    fn recv_from(&self, _: &mut [u8]) -> NetResult<(usize, SocketAddr)> {
        Err(ErrorCode::WouldBlock)
    }
    fn send_to(&self, b: &[u8], _: Option<SocketAddr>) -> NetResult<usize> {
        Ok(b.len())
    }
    fn shutdown(&self, _: ShutdownType) -> NetResult<()> {
        Ok(())
    }
    fn option(&self, _: SocketOption) -> NetResult<u64> {
        Ok(1)
    }
    fn set_option(&self, _: SocketOption, _: u64) -> NetResult<()> {
        Ok(())
    }
    fn wait(&self, _: Interest, _: Option<u64>) -> bool {
        self.connected.load(Ordering::SeqCst)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn v4(port: u16) -> IpSocketAddress {
    IpSocketAddress::Ipv4(Ipv4SocketAddress { port, address: (127, 0, 0, 1) })
}

fn socket() -> (TcpSocket, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    (TcpSocket::new(IpAddressFamily::Ipv4, TcpState::Unbound, fake.clone()), fake)
}

#[test]
fn bind_then_listen_then_accept_walks_the_states() {
    let (mut s, _) = socket();
    assert_eq!(s.finish_bind(), Err(ErrorCode::NotInProgress));
    assert_eq!(s.start_listen(), Err(ErrorCode::InvalidState), "not bound yet");
    assert_eq!(s.local_address(), Err(ErrorCode::InvalidState));
    s.start_bind(&v4(0)).unwrap();
    assert_eq!(s.start_bind(&v4(0)), Err(ErrorCode::InvalidState));
    s.finish_bind().unwrap();
    assert!(s.local_address().is_ok());
    assert_eq!(s.finish_listen(), Err(ErrorCode::NotInProgress));
    s.start_listen().unwrap();
    assert_eq!(s.accept().err(), Some(ErrorCode::InvalidState), "listen not finished");
    s.finish_listen().unwrap();
    assert_eq!(s.state, TcpState::Listening);
    assert_eq!(s.accept().err(), Some(ErrorCode::WouldBlock));
    assert_eq!(s.start_connect(&v4(80)), Err(ErrorCode::InvalidState));
    assert_eq!(s.set_backlog(0), Err(ErrorCode::InvalidArgument));
    s.set_backlog(7).unwrap();
    assert_eq!(s.backlog, 7);
}

#[test]
fn connect_would_block_until_the_socket_is_writable() {
    let (mut s, fake) = socket();
    assert_eq!(s.finish_connect().err(), Some(ErrorCode::NotInProgress));
    assert_eq!(s.start_connect(&v4(0)), Err(ErrorCode::InvalidArgument), "port 0");
    let six = IpSocketAddress::Ipv6(crate::bindings::wasi::sockets::network::Ipv6SocketAddress {
        port: 80,
        flow_info: 0,
        address: (0, 0, 0, 0, 0, 0, 0, 1),
        scope_id: 0,
    });
    assert_eq!(s.start_connect(&six), Err(ErrorCode::InvalidArgument), "another family");
    s.start_connect(&v4(80)).unwrap();
    assert_eq!(s.start_connect(&v4(80)), Err(ErrorCode::ConcurrencyConflict));
    assert!(matches!(s.pollable(), Pollable::Socket(SocketWait { interest: Interest::Writable, .. })));
    assert_eq!(s.finish_connect().err(), Some(ErrorCode::WouldBlock));
    assert_eq!(s.remote_address(), Err(ErrorCode::InvalidState));
    fake.connected.store(true, Ordering::SeqCst);
    assert!(s.finish_connect().is_ok());
    assert_eq!(s.state, TcpState::Connected);
    assert!(s.remote_address().is_ok());
    assert_eq!(s.pollable(), Pollable::Ready);
    assert_eq!(s.start_listen(), Err(ErrorCode::InvalidState));
    s.shutdown(ShutdownType::Both).unwrap();
}

#[test]
fn options_refuse_zero_except_keep_alive() {
    let (s, _) = socket();
    assert_eq!(s.set_option(SocketOption::KeepAlive, 0), Ok(()));
    for o in [
        SocketOption::KeepAliveIdleTime,
        SocketOption::KeepAliveInterval,
        SocketOption::KeepAliveCount,
        SocketOption::HopLimit,
        SocketOption::ReceiveBufferSize,
        SocketOption::SendBufferSize,
    ] {
        assert_eq!(s.set_option(o, 0), Err(ErrorCode::InvalidArgument), "{o:?}");
        assert_eq!(s.set_option(o, 1), Ok(()), "{o:?}");
    }
}
