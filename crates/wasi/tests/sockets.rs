//! `wasi:sockets` through the API: the stock `wasm32-wasip2` guest
//! `crates/guests/wasi-cli` (its TCP, UDP and lookup commands) against
//! servers and peers this test runs on 127.0.0.1, with and without grants.

// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
// The host's network needs `std`.
#![cfg(feature = "std")]

mod common;

use airssys_wasm::{Component, Grant, Linker, Store};
use airssys_wasm_wasi::stdio::Callback;
use airssys_wasm_wasi::{RunError, WasiCtx, grants};
use common::Capture;
use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::thread::JoinHandle;
use std::time::Duration;

fn guest() -> Component {
    common::guest("wasi-cli.wasm")
}

/// An echo server on an ephemeral loopback port: it answers one
/// connection with what it read, upper-cased; the thread returns what
/// it read (`None` when nobody connected before the listener closed).
fn echo_server() -> (u16, TcpListener) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    (listener.local_addr().unwrap().port(), listener)
}

fn serve_one(listener: TcpListener) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        conn.read_to_end(&mut got).unwrap();
        conn.write_all(&got.to_ascii_uppercase()).unwrap();
        got
    })
}

/// Every interface but the sockets ones.
fn base_grants(linker: &mut Linker<WasiCtx>) {
    for i in grants::INTERFACES.iter().filter(|i| !i.starts_with("wasi:sockets/")) {
        linker.grant(Grant::new(&format!("{i}@{}", grants::VERSION)));
    }
}

struct Outcome {
    stdout: String,
    stderr: String,
    result: Result<(), RunError>,
}

fn run(args: &[&str], grant: impl FnOnce(&mut Linker<WasiCtx>)) -> Outcome {
    run_on(args, true, grant)
}

/// Runs the guest on the host's network (`system`) or on none.
fn run_on(args: &[&str], system: bool, grant: impl FnOnce(&mut Linker<WasiCtx>)) -> Outcome {
    let component = guest();
    let (out, err) = (Capture::default(), Capture::default());
    let mut builder = WasiCtx::builder();
    builder.arg("wasi-cli").args(args.iter().copied()).stdout(out.sink()).stderr(err.sink());
    if system {
        builder.inherit_network();
    }
    let ctx = builder.build().unwrap();
    let mut linker = Linker::new();
    airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
    base_grants(&mut linker);
    grant(&mut linker);
    let mut store = Store::new(component.engine(), ctx);
    let result = airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx);
    Outcome { stdout: out.text(), stderr: err.text(), result }
}

#[test]
fn with_a_grant_of_the_port_the_bytes_come_back() {
    let (port, listener) = echo_server();
    let server = serve_one(listener);
    let addr = format!("127.0.0.1:{port}");
    let run = run(&["tcp-echo", &addr, "hello over tcp"], |l| {
        grants::grant_each(l, grants::tcp_connect(&addr).unwrap());
    });
    assert!(run.result.is_ok(), "{:?}\nstderr: {}", run.result, run.stderr);
    assert_eq!(run.stdout, "echoed: HELLO OVER TCP\n");
    assert_eq!(server.join().unwrap(), b"hello over tcp");
}

#[test]
fn without_a_grant_the_guest_sees_access_denied_and_exits_1() {
    let (port, _listener) = echo_server();
    let run = run(&["tcp-echo", &format!("127.0.0.1:{port}"), "x"], |_| {});
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(run.stderr.contains("tcp-echo failed: Permission denied"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_grant_of_another_port_or_address_is_denied_too() {
    let (port, _listener) = echo_server();
    let addr = format!("127.0.0.1:{port}");
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1).max(1));
    let other_host = format!("127.0.0.2:{port}");
    for grant in [other_port, other_host] {
        let run = run(&["tcp-echo", &addr, "x"], |l| grants::grant_each(l, grants::tcp_connect(&grant).unwrap()));
        assert!(matches!(run.result, Err(RunError::Exit(1))), "{grant}: {:?}\nstderr: {}", run.result, run.stderr);
        assert!(run.stderr.to_lowercase().contains("denied"), "{grant}: {}", run.stderr);
    }
}

#[test]
fn a_port_range_grant_covers_the_port() {
    let (port, listener) = echo_server();
    let server = serve_one(listener);
    let addr = format!("127.0.0.1:{port}");
    let range = format!("127.0.0.1:{}-{}", port.saturating_sub(5), port.saturating_add(5));
    let run = run(&["tcp-echo", &addr, "ranged"], |l| grants::grant_each(l, grants::tcp_connect(&range).unwrap()));
    assert!(run.result.is_ok(), "{:?}\nstderr: {}", run.result, run.stderr);
    assert_eq!(run.stdout, "echoed: RANGED\n");
    server.join().unwrap();
}

/// CPU time of this thread so far (user + system), in clock ticks: the
/// guest runs on the test's thread, and other tests run on theirs.
#[cfg(target_os = "linux")]
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    // Fields 14 and 15 of stat(5), counted from the state (field 3) here.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_guest_waiting_for_a_slow_reply_sleeps_instead_of_spinning() {
    let (port, listener) = echo_server();
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        conn.read_to_end(&mut got).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(800));
        conn.write_all(b"late").unwrap();
    });
    let addr = format!("127.0.0.1:{port}");
    let (ticks, started) = (cpu_ticks(), std::time::Instant::now());
    let run = run(&["tcp-echo", &addr, "x"], |l| grants::grant_each(l, grants::tcp_connect(&addr).unwrap()));
    let (cpu, wall) = (cpu_ticks() - ticks, started.elapsed());
    assert!(run.result.is_ok(), "{:?}\nstderr: {}", run.result, run.stderr);
    assert_eq!(run.stdout, "echoed: late\n");
    assert!(wall >= std::time::Duration::from_millis(800), "{wall:?}");
    // A spinning guest would burn the 800 ms (80 ticks at 100 Hz); loading
    // and running the guest takes a few.
    assert!(cpu < 40, "{cpu} ticks of CPU over {wall:?}");
    server.join().unwrap();
}

#[test]
fn without_a_network_backend_a_granted_connect_is_not_supported() {
    let (port, _listener) = echo_server();
    let addr = format!("127.0.0.1:{port}");
    let run = run_on(&["tcp-echo", &addr, "x"], false, |l| grants::grant_each(l, grants::tcp_connect(&addr).unwrap()));
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(run.stderr.contains("tcp-echo failed: Not supported"), "{}", run.stderr);
}

#[test]
fn a_udp_grant_of_the_peer_gets_the_datagram_back() {
    let server = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let echo = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let (n, from) = server.recv_from(&mut buf).unwrap();
        server.send_to(&buf[..n].to_ascii_uppercase(), from).unwrap();
        buf[..n].to_vec()
    });
    let run = run(&["udp-echo", &addr, "datagram"], |l| grants::grant_each(l, grants::udp(&addr).unwrap()));
    assert!(run.result.is_ok(), "{:?}\nstderr: {}", run.result, run.stderr);
    assert_eq!(run.stdout, "echoed: DATAGRAM\n");
    assert_eq!(echo.join().unwrap(), b"datagram");
}

#[test]
fn a_udp_grant_of_another_peer_is_denied() {
    let server = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let run = run(&["udp-echo", &addr, "x"], |l| grants::grant_each(l, grants::udp("127.0.0.2:*").unwrap()));
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(run.stderr.contains("udp-echo failed: Permission denied"), "{}", run.stderr);
}

/// Two UDP peers on loopback for `udp-disconnect`: the first only
/// receives; the second answers one datagram, upper-cased. The threads
/// return what each received within `wait` (nothing if none came).
fn udp_peers(wait: Duration) -> (String, String, JoinHandle<Vec<u8>>, JoinHandle<Vec<u8>>) {
    let (first, second) = (UdpSocket::bind("127.0.0.1:0").unwrap(), UdpSocket::bind("127.0.0.1:0").unwrap());
    let addrs = (first.local_addr().unwrap().to_string(), second.local_addr().unwrap().to_string());
    for s in [&first, &second] {
        s.set_read_timeout(Some(wait)).unwrap();
    }
    let receive = |s: &UdpSocket| {
        let mut buf = [0u8; 64];
        s.recv_from(&mut buf).map(|(n, from)| (buf[..n].to_vec(), from))
    };
    let first = std::thread::spawn(move || receive(&first).map(|(got, _)| got).unwrap_or_default());
    let second = std::thread::spawn(move || match receive(&second) {
        Ok((got, from)) => {
            second.send_to(&got.to_ascii_uppercase(), from).unwrap();
            got
        }
        Err(_) => Vec::new(),
    });
    (addrs.0, addrs.1, first, second)
}

#[test]
fn stream_none_disconnects_a_udp_socket_so_it_reaches_another_peer() {
    let (first, second, got_first, got_second) = udp_peers(Duration::from_secs(10));
    let run = run(&["udp-disconnect", &first, &second], grants::grant_all);
    assert!(run.result.is_ok(), "{:?}\nstderr: {}", run.result, run.stderr);
    assert_eq!(got_first.join().unwrap(), b"first");
    assert_eq!(got_second.join().unwrap(), b"second");
    let second_port = second.rsplit_once(':').unwrap().1;
    assert_eq!(run.stdout, format!("reply from port {second_port}: SECOND\n"));
}

#[test]
fn an_endpoint_grant_does_not_let_a_udp_socket_disconnect() {
    let (first, second, got_first, got_second) = udp_peers(Duration::from_secs(2));
    // Grants for the first peer only: its unconnected streams could send anywhere.
    let run = run(&["udp-disconnect", &first, &second], |l| grants::grant_each(l, grants::udp(&first).unwrap()));
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(
        run.stderr.contains(r#"udp-disconnect failed: stream(none): ErrorCode { code: 1, name: "access-denied""#),
        "{}",
        run.stderr
    );
    assert_eq!(got_first.join().unwrap(), b"first");
    // Nothing reached the second peer: its thread gave up waiting.
    assert_eq!(got_second.join().unwrap(), b"");
}

#[test]
fn localhost_resolves_with_the_lookup_grant_and_is_denied_without() {
    let run_lookup = run(&["lookup", "localhost"], |l| grants::grant_each(l, grants::ip_name_lookup()));
    assert!(run_lookup.result.is_ok(), "{:?}\nstderr: {}", run_lookup.result, run_lookup.stderr);
    assert!(
        run_lookup.stdout.starts_with("localhost: ") && run_lookup.stdout.contains("127.0.0.1"),
        "{}",
        run_lookup.stdout
    );
    // The network alone (what any socket grant gives): the lookup itself is denied.
    let run = run(&["lookup", "localhost"], |l| grants::grant_each(l, grants::network()));
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(run.stderr.contains("lookup failed"), "{}", run.stderr);
}

#[test]
fn a_tcp_bind_grant_lets_the_guest_listen_and_accept() {
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let guest_run = std::thread::spawn(move || {
        let component = guest();
        let err = Capture::default();
        let ctx = WasiCtx::builder()
            .args(["wasi-cli", "tcp-serve", "127.0.0.1:0"])
            .stdout(Callback(move |b: &[u8]| {
                let _ = tx.send(b.to_vec());
            }))
            .stderr(err.sink())
            .inherit_network()
            .build()
            .unwrap();
        let mut linker = Linker::new();
        airssys_wasm_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
        base_grants(&mut linker);
        grants::grant_each(&mut linker, grants::tcp_bind("127.0.0.1:0").unwrap());
        let mut store = Store::new(component.engine(), ctx);
        let result = airssys_wasm_wasi::run(&mut store, &component, &linker, |ctx| ctx);
        (result, err.text())
    });
    let mut line = Vec::new();
    while !line.ends_with(b"\n") {
        line.extend(rx.recv_timeout(std::time::Duration::from_secs(20)).expect("the guest says where it listens"));
    }
    let line = String::from_utf8(line).unwrap();
    let addr = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("{line}"));
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.write_all(b"stressed").unwrap();
    conn.shutdown(std::net::Shutdown::Write).unwrap();
    let mut reply = String::new();
    conn.read_to_string(&mut reply).unwrap();
    assert_eq!(reply, "desserts");
    let (result, stderr) = guest_run.join().unwrap();
    assert!(result.is_ok(), "{result:?}\nstderr: {stderr}");
}

#[test]
fn a_tcp_bind_grant_of_another_port_is_denied() {
    let run =
        run(&["tcp-serve", "127.0.0.1:0"], |l| grants::grant_each(l, grants::tcp_bind("127.0.0.1:1-1023").unwrap()));
    assert!(matches!(run.result, Err(RunError::Exit(1))), "{:?}\nstderr: {}", run.result, run.stderr);
    assert!(run.stderr.contains("tcp-serve failed: Permission denied"), "{}", run.stderr);
}
