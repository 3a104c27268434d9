//! A stock `wasm32-wasip2` command for `airssys-wasm-wasi`'s tests. What it
//! does depends on its first argument:
//! - `report`: prints its arguments and environment, a monotonic-clock check,
//!   the wall clock, and random bytes (lengths, and that two draws differ);
//! - `stderr`: writes a line to stderr;
//! - `echo`: copies stdin to stdout;
//! - `raw-write`: writes to stdout through `wasi:io/streams` directly and
//!   reports the outcome on stderr (an error is printed, not a panic);
//! - `sleep`: sleeps 10 s (a `wasi:io/poll` wait on a monotonic-clock
//!   subscription) and checks the clock moved that far;
//! - `exit N`: exits with status N;
//! - `tcp-echo ADDR MESSAGE`: connects to `ADDR` (`std::net::TcpStream`),
//!   sends `MESSAGE`, shuts down its sending side, reads the reply to its
//!   end and prints it; an error (`access-denied` without a grant) is
//!   printed on stderr and the exit status is 1;
//! - `tcp-serve ADDR`: listens on `ADDR` (`std::net::TcpListener`), prints
//!   `listening on <address>`, answers one connection with what it read,
//!   reversed, and exits (errors as for `tcp-echo`);
//! - `udp-echo ADDR MESSAGE`: binds a UDP socket to 127.0.0.1:0, connects it
//!   to `ADDR`, sends `MESSAGE`, prints the datagram that comes back;
//! - `udp-disconnect FIRST SECOND`: through `wasi:sockets` directly, binds a
//!   UDP socket to 127.0.0.1:0, connects its streams to `FIRST` and sends
//!   `first`, then takes unconnected streams (`stream(none)`), sends
//!   `second` to `SECOND` and prints the datagram that comes back and who
//!   sent it; an error is printed on stderr and the exit status is 1;
//! - `lookup NAME`: resolves `NAME` and prints its addresses, sorted.
//!
//! Everything it prints comes from the host, so two runs on the same seed
//! and virtual clock print the same bytes.

use std::io::{Read, Write};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("exit") => {
            let code = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
            println!("exiting with {code}");
            std::process::exit(code);
        }
        Some("stderr") => {
            eprintln!("to stderr");
        }
        Some("echo") => {
            let mut input = Vec::new();
            std::io::stdin().read_to_end(&mut input).unwrap();
            std::io::stdout().write_all(&input).unwrap();
        }
        Some("raw-write") => raw_write(),
        Some("udp-disconnect") => {
            let (first, second) = (args.get(2).map_or("", String::as_str), args.get(3).map_or("", String::as_str));
            if let Err(e) = udp_disconnect(first, second) {
                eprintln!("udp-disconnect failed: {e}");
                std::process::exit(1);
            }
        }
        Some(cmd @ ("tcp-echo" | "tcp-serve" | "udp-echo" | "lookup")) => {
            let (a, b) = (args.get(2).map_or("", String::as_str), args.get(3).map_or("", String::as_str));
            let outcome = match cmd {
                "tcp-echo" => tcp_echo(a, b),
                "tcp-serve" => tcp_serve(a),
                "udp-echo" => udp_echo(a, b),
                _ => lookup(a),
            };
            if let Err(e) = outcome {
                eprintln!("{cmd} failed: {e}");
                std::process::exit(1);
            }
        }
        Some("sleep") => {
            let before = wasi::clocks::monotonic_clock::now();
            std::thread::sleep(std::time::Duration::from_secs(10));
            let after = wasi::clocks::monotonic_clock::now();
            println!("slept at least 10 s: {}", after - before >= 10_000_000_000);
        }
        _ => report(&args),
    }
}

fn report(args: &[String]) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "args: {args:?}").unwrap();
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    writeln!(out, "env: {vars:?}").unwrap();

    let mut last = wasi::clocks::monotonic_clock::now();
    let mut monotonic_ok = true;
    for _ in 0..5 {
        let now = wasi::clocks::monotonic_clock::now();
        monotonic_ok &= now >= last;
        last = now;
    }
    writeln!(out, "monotonic never decreases: {monotonic_ok}; last reading: {last}").unwrap();
    let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    writeln!(out, "wall: {}.{:09}", wall.as_secs(), wall.subsec_nanos()).unwrap();

    let a = random(16);
    let b = random(16);
    let big = random(1000);
    writeln!(out, "random lengths: {} {} {}", a.len(), b.len(), big.len()).unwrap();
    writeln!(out, "two draws differ: {}", a != b).unwrap();
    writeln!(out, "random: {a:02x?}").unwrap();
    out.flush().unwrap();
}

/// `n` random bytes from the host's `wasi:random/random`.
fn random(n: usize) -> Vec<u8> {
    wasi::random::random::get_random_bytes(n as u64)
}

/// One `blocking-write-and-flush` on stdout, its outcome on stderr.
fn raw_write() {
    let stdout = wasi::cli::stdout::get_stdout();
    match stdout.blocking_write_and_flush(b"raw\n") {
        Ok(()) => eprintln!("write: ok"),
        Err(wasi::io::streams::StreamError::Closed) => eprintln!("write: closed"),
        Err(wasi::io::streams::StreamError::LastOperationFailed(e)) => {
            eprintln!("write: failed: {}", e.to_debug_string())
        }
    }
}

fn tcp_echo(addr: &str, message: &str) -> std::io::Result<()> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.write_all(message.as_bytes())?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    println!("echoed: {reply}");
    Ok(())
}

fn tcp_serve(addr: &str) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind(addr)?;
    println!("listening on {}", listener.local_addr()?);
    std::io::stdout().flush()?;
    let (mut conn, _) = listener.accept()?;
    let mut got = Vec::new();
    conn.read_to_end(&mut got)?;
    got.reverse();
    conn.write_all(&got)?;
    Ok(())
}

fn udp_echo(addr: &str, message: &str) -> std::io::Result<()> {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
    socket.connect(addr)?;
    socket.send(message.as_bytes())?;
    let mut buf = [0u8; 1500];
    let n = socket.recv(&mut buf)?;
    println!("echoed: {}", String::from_utf8_lossy(&buf[..n]));
    Ok(())
}

fn udp_disconnect(first: &str, second: &str) -> Result<(), String> {
    use wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress};
    use wasi::sockets::udp::{OutgoingDatagram, OutgoingDatagramStream};

    fn v4(addr: &str) -> Result<IpSocketAddress, String> {
        let a: std::net::SocketAddrV4 = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
        let [a0, a1, a2, a3] = a.ip().octets();
        Ok(IpSocketAddress::Ipv4(Ipv4SocketAddress { port: a.port(), address: (a0, a1, a2, a3) }))
    }
    fn failed(what: &str) -> impl Fn(ErrorCode) -> String {
        move |e| format!("{what}: {e:?}")
    }
    fn send(out: &OutgoingDatagramStream, data: &[u8], to: Option<IpSocketAddress>) -> Result<(), String> {
        out.subscribe().block();
        out.check_send().map_err(failed("check-send"))?;
        let datagram = OutgoingDatagram { data: data.to_vec(), remote_address: to };
        match out.send(&[datagram]).map_err(failed("send"))? {
            1 => Ok(()),
            n => Err(format!("send: {n} datagrams went")),
        }
    }

    let network = wasi::sockets::instance_network::instance_network();
    let socket =
        wasi::sockets::udp_create_socket::create_udp_socket(IpAddressFamily::Ipv4).map_err(failed("create"))?;
    socket.start_bind(&network, v4("127.0.0.1:0")?).map_err(failed("start-bind"))?;
    socket.subscribe().block();
    socket.finish_bind().map_err(failed("finish-bind"))?;
    let (_, connected) = socket.stream(Some(v4(first)?)).map_err(failed("stream to the first peer"))?;
    send(&connected, b"first", None)?;
    drop(connected);
    let (incoming, unconnected) = socket.stream(None).map_err(failed("stream(none)"))?;
    send(&unconnected, b"second", Some(v4(second)?))?;
    incoming.subscribe().block();
    let got = incoming.receive(1).map_err(failed("receive"))?;
    let reply = got.first().ok_or("receive: no datagram")?;
    let from = match reply.remote_address {
        IpSocketAddress::Ipv4(a) => a.port,
        IpSocketAddress::Ipv6(a) => a.port,
    };
    println!("reply from port {from}: {}", String::from_utf8_lossy(&reply.data));
    Ok(())
}

fn lookup(name: &str) -> std::io::Result<()> {
    use std::net::ToSocketAddrs;
    let mut ips: Vec<String> = (name, 0).to_socket_addrs()?.map(|a| a.ip().to_string()).collect();
    ips.sort();
    ips.dedup();
    println!("{name}: {}", ips.join(" "));
    Ok(())
}
