//! `airssys-wasm run` with network grants: the stock `wasm32-wasip2` guest
//! `crates/guests/wasi-cli` (`tcp-echo`, `std::net::TcpStream`) against an
//! echo server on 127.0.0.1 that the test runs, with `--tcp-connect` and
//! without.

use super::{airssys_wasm, root};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread::JoinHandle;

fn guest() -> String {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR").map_or_else(|| root().join("target/guests"), PathBuf::from);
    let path = dir.join("wasi-cli.wasm");
    assert!(path.is_file(), "no {}; run crates/guests/build.sh to build the guests", path.display());
    path.to_str().expect("utf-8 path").to_string()
}

/// A listener on an ephemeral loopback port, and its `127.0.0.1:PORT`.
fn listener() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = l.local_addr().expect("its address").to_string();
    (l, addr)
}

/// Answers one connection with what it read, upper-cased.
fn serve_one(listener: TcpListener) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("a connection");
        let mut got = Vec::new();
        conn.read_to_end(&mut got).expect("the request");
        conn.write_all(&got.to_ascii_uppercase()).expect("the reply");
        got
    })
}

#[test]
fn tcp_connect_grants_the_connection_and_the_bytes_come_back() {
    let (l, addr) = listener();
    let server = serve_one(l);
    let outcome = airssys_wasm(&["run", "--tcp-connect", &addr, &guest(), "tcp-echo", &addr, "via the cli"]);
    assert_eq!((outcome.code, outcome.stderr.as_str()), (0, ""), "{outcome:?}");
    assert_eq!(outcome.stdout, "echoed: VIA THE CLI\n");
    assert_eq!(server.join().expect("the server"), b"via the cli");
}

#[test]
fn without_a_network_flag_the_program_gets_permission_denied() {
    let (_l, addr) = listener();
    let outcome = airssys_wasm(&["run", &guest(), "tcp-echo", &addr, "x"]);
    assert_eq!(outcome.code, 1, "{outcome:?}");
    assert_eq!(outcome.stderr, "tcp-echo failed: Permission denied (os error 2)\n");
}

#[test]
fn a_grant_of_another_port_is_denied_and_a_port_range_covers() {
    let (l, addr) = listener();
    let port: u16 = addr.rsplit_once(':').and_then(|(_, p)| p.parse().ok()).expect("a port");
    let other = format!("127.0.0.1:{}", if port == u16::MAX { 1 } else { port + 1 });
    let outcome = airssys_wasm(&["run", "--tcp-connect", &other, &guest(), "tcp-echo", &addr, "x"]);
    assert_eq!(outcome.code, 1, "{outcome:?}");
    assert!(outcome.stderr.contains("Permission denied"), "{}", outcome.stderr);
    let server = serve_one(l);
    let range = format!("127.0.0.1:{}-{}", port.saturating_sub(1), port);
    let outcome = airssys_wasm(&["run", "--tcp-connect", &range, &guest(), "tcp-echo", &addr, "ranged"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert_eq!(outcome.stdout, "echoed: RANGED\n");
    server.join().expect("the server");
}

#[test]
fn a_bad_endpoint_is_a_usage_error_that_shows_the_form() {
    let outcome = airssys_wasm(&["run", "--tcp-connect", "localhost:80", &guest()]);
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(outcome.stderr.contains("invalid --tcp-connect: network endpoint `localhost:80`"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("write ADDRESS:PORT"), "{}", outcome.stderr);
}

#[test]
fn tcp_listen_lets_the_program_accept_a_connection() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_airssys-wasm"))
        .args(["run", "--tcp-listen", "127.0.0.1:0", &guest(), "tcp-serve", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the first line");
    let addr = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("{line:?}")).to_string();
    let mut conn = std::net::TcpStream::connect(&addr).expect("a connection to the program");
    conn.write_all(b"stressed").expect("the request");
    conn.shutdown(std::net::Shutdown::Write).expect("the end of the request");
    let mut reply = String::new();
    conn.read_to_string(&mut reply).expect("the reply");
    assert_eq!(reply, "desserts");
    let output = child.wait_with_output().expect("the program ends");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn udp_grants_the_peer_and_lookup_resolves_localhost() {
    let server = std::net::UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
    let addr = server.local_addr().expect("its address").to_string();
    let echo = std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let (n, from) = server.recv_from(&mut buf).expect("a datagram");
        server.send_to(&buf[..n].to_ascii_uppercase(), from).expect("the reply");
    });
    let outcome = airssys_wasm(&["run", "--udp", &addr, &guest(), "udp-echo", &addr, "dgram"]);
    assert_eq!((outcome.code, outcome.stdout.as_str(), outcome.stderr.as_str()), (0, "echoed: DGRAM\n", ""));
    echo.join().expect("the server");
    let outcome = airssys_wasm(&["run", "--allow-ip-name-lookup", &guest(), "lookup", "localhost"]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.starts_with("localhost: ") && outcome.stdout.contains("127.0.0.1"), "{}", outcome.stdout);
    // Without the flag: the network handle is a default, the lookup is not,
    // so the program gets an ordinary error and exits with its own message, not a trap.
    let outcome = airssys_wasm(&["run", &guest(), "lookup", "localhost"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (1, ""), "{outcome:?}");
    assert!(outcome.stderr.starts_with("lookup failed: "), "{}", outcome.stderr);
}
