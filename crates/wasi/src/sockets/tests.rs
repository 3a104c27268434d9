//! The socket interfaces driven through their host traits on the host's
//! network: the state machine, `wasi:io/poll` over sockets and clocks,
//! and the TCP streams.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::unwrap_used)]

use crate::WasiCtx;
use crate::bindings::wasi::clocks::monotonic_clock::Host as _;
use crate::bindings::wasi::io::poll::{Host as _, HostPollable as _};
use crate::bindings::wasi::io::streams::{HostInputStream as Input, HostOutputStream as _};
use crate::bindings::wasi::sockets::instance_network::Host as _;
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress};
use crate::bindings::wasi::sockets::tcp::HostTcpSocket as Tcp;
use crate::bindings::wasi::sockets::tcp_create_socket::Host as _;
use crate::bindings::wasi::sockets::udp::{
    HostIncomingDatagramStream as In, HostOutgoingDatagramStream as _, HostUdpSocket as Udp, OutgoingDatagram,
};
use crate::bindings::wasi::sockets::udp_create_socket::Host as _;
use airssys_wasm::Resource;
use alloc::vec;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn ctx() -> WasiCtx {
    WasiCtx::builder().inherit_network().build().unwrap()
}

fn loopback(port: u16) -> IpSocketAddress {
    IpSocketAddress::Ipv4(Ipv4SocketAddress { port, address: (127, 0, 0, 1) })
}

fn port_of(a: &IpSocketAddress) -> u16 {
    match a {
        IpSocketAddress::Ipv4(v4) => v4.port,
        IpSocketAddress::Ipv6(v6) => v6.port,
    }
}

fn borrow<T: 'static>(r: &Resource<T>) -> Resource<T> {
    Resource::new(r.rep())
}

#[test]
fn a_listener_polls_with_a_clock_then_accepts_and_streams_carry_bytes() {
    let mut ctx = ctx();
    let net = ctx.instance_network().unwrap();
    let listener = ctx.create_tcp_socket(IpAddressFamily::Ipv4).unwrap().unwrap();
    let l = || borrow(&listener);
    assert_eq!(Tcp::start_listen(&mut ctx, l()).unwrap(), Err(ErrorCode::InvalidState));
    Tcp::start_bind(&mut ctx, l(), borrow(&net), loopback(0)).unwrap().unwrap();
    Tcp::finish_bind(&mut ctx, l()).unwrap().unwrap();
    Tcp::start_listen(&mut ctx, l()).unwrap().unwrap();
    Tcp::finish_listen(&mut ctx, l()).unwrap().unwrap();
    assert!(Tcp::is_listening(&mut ctx, l()).unwrap());
    let port = port_of(&Tcp::local_address(&mut ctx, l()).unwrap().unwrap());
    assert_eq!(Tcp::accept(&mut ctx, l()).unwrap().err(), Some(ErrorCode::WouldBlock));

    // Nobody connects: poll returns the clock, after waiting for it.
    let ready = Tcp::subscribe(&mut ctx, l()).unwrap();
    let clock = ctx.subscribe_duration(50_000_000).unwrap();
    let started = Instant::now();
    assert_eq!(ctx.poll(vec![borrow(&ready), borrow(&clock)]).unwrap(), [1]);
    assert!(started.elapsed() >= Duration::from_millis(50));

    // A client connects later: poll waits for it.
    let client = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.write_all(b"ping").unwrap();
        let mut reply = [0u8; 4];
        c.read_exact(&mut reply).unwrap();
        reply
    });
    assert_eq!(ctx.poll(vec![borrow(&ready)]).unwrap(), [0]);
    let (conn, input, output) = Tcp::accept(&mut ctx, l()).unwrap().unwrap();
    assert!(port_of(&Tcp::remote_address(&mut ctx, borrow(&conn)).unwrap().unwrap()) != 0);
    let readable = Input::subscribe(&mut ctx, borrow(&input)).unwrap();
    ctx.block(borrow(&readable)).unwrap();
    assert_eq!(Input::blocking_read(&mut ctx, borrow(&input), 16).unwrap().unwrap(), b"ping");
    assert_eq!(Input::read(&mut ctx, borrow(&input), 16).unwrap().unwrap(), b"", "nothing more yet");
    ctx.blocking_write_and_flush(borrow(&output), b"pong".to_vec()).unwrap().unwrap();
    assert_eq!(&client.join().unwrap(), b"pong");
    assert!(Input::blocking_read(&mut ctx, borrow(&input), 16).unwrap().is_err(), "the client closed: the stream ends");
}

#[test]
fn udp_streams_connect_and_refuse_other_peers() {
    let mut ctx = ctx();
    let net = ctx.instance_network().unwrap();
    let peer = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let peer_port = peer.local_addr().unwrap().port();
    let s = ctx.create_udp_socket(IpAddressFamily::Ipv4).unwrap().unwrap();
    let u = || borrow(&s);
    assert!(matches!(Udp::stream(&mut ctx, u(), None).unwrap(), Err(ErrorCode::InvalidState)), "not bound");
    Udp::start_bind(&mut ctx, u(), borrow(&net), loopback(0)).unwrap().unwrap();
    Udp::finish_bind(&mut ctx, u()).unwrap().unwrap();
    let (_incoming, outgoing) = Udp::stream(&mut ctx, u(), Some(loopback(peer_port))).unwrap().unwrap();
    let other = OutgoingDatagram { data: b"x".to_vec(), remote_address: Some(loopback(peer_port.wrapping_add(1))) };
    assert_eq!(ctx.send(borrow(&outgoing), vec![other]).unwrap(), Err(ErrorCode::InvalidArgument));
    assert!(ctx.check_send(borrow(&outgoing)).unwrap().unwrap() > 0);
    let hello = OutgoingDatagram { data: b"hello".to_vec(), remote_address: None };
    assert_eq!(ctx.send(borrow(&outgoing), vec![hello]).unwrap(), Ok(1));
    let mut buf = [0u8; 16];
    assert_eq!(peer.recv(&mut buf).unwrap(), 5);

    // `stream(none)` disconnects: datagrams go to the address each names,
    // and come from anyone.
    let other = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let other_port = other.local_addr().unwrap().port();
    let (incoming, outgoing) = Udp::stream(&mut ctx, u(), None).unwrap().unwrap();
    assert_eq!(Udp::remote_address(&mut ctx, u()).unwrap(), Err(ErrorCode::InvalidState), "no peer any more");
    let unaddressed = OutgoingDatagram { data: b"?".to_vec(), remote_address: None };
    assert_eq!(ctx.send(borrow(&outgoing), vec![unaddressed]).unwrap(), Err(ErrorCode::InvalidArgument));
    let to_other = OutgoingDatagram { data: b"other".to_vec(), remote_address: Some(loopback(other_port)) };
    assert!(ctx.check_send(borrow(&outgoing)).unwrap().unwrap() > 0);
    assert_eq!(ctx.send(borrow(&outgoing), vec![to_other]).unwrap(), Ok(1));
    let (n, from) = other.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"other");
    let own_port = port_of(&Udp::local_address(&mut ctx, u()).unwrap().unwrap());
    assert_eq!(from.port(), own_port, "the bound address was kept");
    other.send_to(b"reply", from).unwrap();
    let readable = In::subscribe(&mut ctx, borrow(&incoming)).unwrap();
    ctx.block(borrow(&readable)).unwrap();
    let got = In::receive(&mut ctx, borrow(&incoming), 4).unwrap().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].data, b"reply");
    assert_eq!(port_of(&got[0].remote_address), other_port, "a datagram from another peer than the first");
}
