//! Grants of network use, constrained by address and port.
//!
//! Each helper returns the grants one permission needs; give them all to
//! the linker ([`grant_each`]). A call that breaks a constraint returns
//! `error-code::access-denied` (the grants ask for
//! [`DenyAction::ReturnError`]), and so does a call no grant covers, once
//! [`add_to_linker`](crate::add_to_linker) has set that up: the guest sees
//! an ordinary permission error, not a trap.
//!
//! An endpoint is `ADDRESS:PORT`:
//! - `ADDRESS` is an IPv4 address (`127.0.0.1`), an IPv6 address in
//!   brackets (`[::1]`), `*` for any IPv4 address or `[*]` for any IPv6
//!   address (a grant covers one family). Host names are
//!   refused: a socket connects to addresses, so grant the addresses a
//!   name resolves to (and [`ip_name_lookup`] for the lookup itself);
//! - `PORT` is a number, a range `LOW-HIGH`, or `*` for any port.
//!
//! What each grants:
//! - [`tcp_connect`]: TCP sockets that connect to the endpoint
//!   (`start-connect` is constrained; `start-bind` stays ungranted);
//! - [`tcp_bind`]: TCP sockets that bind to the endpoint, to listen and
//!   accept (`start-bind` constrained; `start-connect` stays ungranted);
//! - [`udp`]: UDP sockets whose datagram streams are connected to the
//!   endpoint (`stream`'s remote address is constrained, so an
//!   unconnected stream, which could send anywhere, is denied);
//! - [`ip_name_lookup`]: resolving any name.
//!
//! Each also grants `network` and `instance-network` (which have no error
//! type: a guest needs them to reach any socket call).
//!
//! The capability table keeps one grant per function: a second
//! `tcp_connect` replaces the first one's `start-connect` grant. Cover
//! several ports with one range.
//!
//! The grants name [`VERSION`]; for a guest that imports another 0.2.x
//! version, rename them with [`at_version`].

use crate::grants::VERSION;
use crate::prelude::*;
use airssys_wasm::caps::DenyAction;
use airssys_wasm::{Grant, Linker};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;

/// The `error-code` case a denied socket call returns.
pub const DENIED_CASE: &str = "access-denied";

/// The functions of `wasi:sockets/tcp` other than `start-bind` and
/// `start-connect`, which the endpoint grants constrain.
const TCP_FUNCTIONS: &[&str] = &[
    "[method]tcp-socket.finish-bind",
    "[method]tcp-socket.finish-connect",
    "[method]tcp-socket.start-listen",
    "[method]tcp-socket.finish-listen",
    "[method]tcp-socket.accept",
    "[method]tcp-socket.local-address",
    "[method]tcp-socket.remote-address",
    "[method]tcp-socket.is-listening",
    "[method]tcp-socket.address-family",
    "[method]tcp-socket.set-listen-backlog-size",
    "[method]tcp-socket.keep-alive-enabled",
    "[method]tcp-socket.set-keep-alive-enabled",
    "[method]tcp-socket.keep-alive-idle-time",
    "[method]tcp-socket.set-keep-alive-idle-time",
    "[method]tcp-socket.keep-alive-interval",
    "[method]tcp-socket.set-keep-alive-interval",
    "[method]tcp-socket.keep-alive-count",
    "[method]tcp-socket.set-keep-alive-count",
    "[method]tcp-socket.hop-limit",
    "[method]tcp-socket.set-hop-limit",
    "[method]tcp-socket.receive-buffer-size",
    "[method]tcp-socket.set-receive-buffer-size",
    "[method]tcp-socket.send-buffer-size",
    "[method]tcp-socket.set-send-buffer-size",
    "[method]tcp-socket.subscribe",
    "[method]tcp-socket.shutdown",
];

/// The functions of `wasi:sockets/udp` other than `stream`.
const UDP_FUNCTIONS: &[&str] = &[
    "[method]udp-socket.start-bind",
    "[method]udp-socket.finish-bind",
    "[method]udp-socket.local-address",
    "[method]udp-socket.remote-address",
    "[method]udp-socket.address-family",
    "[method]udp-socket.unicast-hop-limit",
    "[method]udp-socket.set-unicast-hop-limit",
    "[method]udp-socket.receive-buffer-size",
    "[method]udp-socket.set-receive-buffer-size",
    "[method]udp-socket.send-buffer-size",
    "[method]udp-socket.set-send-buffer-size",
    "[method]udp-socket.subscribe",
    "[method]incoming-datagram-stream.receive",
    "[method]incoming-datagram-stream.subscribe",
    "[method]outgoing-datagram-stream.check-send",
    "[method]outgoing-datagram-stream.send",
    "[method]outgoing-datagram-stream.subscribe",
];

/// Why an endpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    endpoint: String,
    problem: &'static str,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "network endpoint `{}`: {}; write ADDRESS:PORT, as in 127.0.0.1:8080, [::1]:443, *:8000-8099, [*]:443 or 10.0.0.2:*",
            self.endpoint, self.problem
        )
    }
}

impl core::error::Error for EndpointError {}

/// The address part of an [`Endpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointAddress {
    /// `*`: any IPv4 address.
    AnyIpv4,
    /// `[*]`: any IPv6 address.
    AnyIpv6,
    /// One address.
    Ip(IpAddr),
}

/// An endpoint a grant allows: an address (or any address of a family)
/// and a port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The address.
    pub address: EndpointAddress,
    /// The lowest port allowed.
    pub min_port: u16,
    /// The highest port allowed.
    pub max_port: u16,
}

impl core::str::FromStr for Endpoint {
    type Err = EndpointError;

    fn from_str(s: &str) -> Result<Self, EndpointError> {
        let err = |problem| EndpointError { endpoint: s.into(), problem };
        let (host, port) = s.rsplit_once(':').ok_or_else(|| err("there is no `:PORT`"))?;
        let address = if host == "*" {
            EndpointAddress::AnyIpv4
        } else if host == "[*]" {
            EndpointAddress::AnyIpv6
        } else if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            let v6 = v6.parse().map_err(|_| err("the address in brackets is not an IPv6 address (or *)"))?;
            EndpointAddress::Ip(IpAddr::V6(v6))
        } else {
            let v4 = host.parse().map_err(|_| {
                err(if host.contains(':') {
                    "an IPv6 address goes in brackets"
                } else {
                    "the address is not an IP address (host names cannot be granted: grant the addresses they resolve to)"
                })
            })?;
            EndpointAddress::Ip(IpAddr::V4(v4))
        };
        let number = |p: &str| {
            p.parse::<u16>().map_err(|_| err("the port is not a number from 0 to 65535, a range LOW-HIGH or *"))
        };
        let (min_port, max_port) = match port {
            "*" => (0, u16::MAX),
            p => match p.split_once('-') {
                Some((lo, hi)) => (number(lo)?, number(hi)?),
                None => (number(p)?, number(p)?),
            },
        };
        if min_port > max_port {
            return Err(err("the port range is empty (LOW is above HIGH)"));
        }
        Ok(Endpoint { address, min_port, max_port })
    }
}

impl Endpoint {
    /// The constraints on the `ip-socket-address` parameter `param`.
    fn constraints(&self, param: &str) -> String {
        let case = match self.address {
            EndpointAddress::AnyIpv6 | EndpointAddress::Ip(IpAddr::V6(_)) => "ipv6",
            EndpointAddress::AnyIpv4 | EndpointAddress::Ip(IpAddr::V4(_)) => "ipv4",
        };
        let mut c = format!("{param}.{case}.port: {}..={}", self.min_port, self.max_port);
        match self.address {
            EndpointAddress::Ip(IpAddr::V4(v4)) => {
                for (i, octet) in v4.octets().iter().enumerate() {
                    c.push_str(&format!(", {param}.ipv4.address.{i}: {octet}"));
                }
            }
            EndpointAddress::Ip(IpAddr::V6(v6)) => {
                for (i, segment) in v6.segments().iter().enumerate() {
                    c.push_str(&format!(", {param}.ipv6.address.{i}: {segment}"));
                }
            }
            EndpointAddress::AnyIpv4 | EndpointAddress::AnyIpv6 => {}
        }
        c
    }
}

fn versioned(interface: &str) -> String {
    format!("wasi:sockets/{interface}@{VERSION}")
}

/// A grant of `function` of `interface` whose denials return `access-denied`.
fn function_grant(interface: &str, function: &str) -> Grant {
    Grant::new(&versioned(interface))
        .for_function(function)
        .with_on_deny(DenyAction::ReturnError { case: Some(DENIED_CASE.to_string()) })
}

fn constrained(interface: &str, function: &str, constraints: &str, endpoint: &str) -> Result<Grant, EndpointError> {
    let text = format!("{}#{function}({constraints}, on-deny error {DENIED_CASE})", versioned(interface));
    text.parse().map_err(|_| EndpointError { endpoint: endpoint.into(), problem: "its grant does not parse" })
}

/// `network` and `instance-network`: what every socket use needs.
pub fn network() -> Vec<Grant> {
    ["network", "instance-network"].iter().map(|i| Grant::new(&versioned(i))).collect()
}

/// TCP sockets that may connect to `endpoint` (see the module's text).
pub fn tcp_connect(endpoint: &str) -> Result<Vec<Grant>, EndpointError> {
    let e: Endpoint = endpoint.parse()?;
    let mut grants = tcp_common();
    grants.push(constrained("tcp", "[method]tcp-socket.start-connect", &e.constraints("remote-address"), endpoint)?);
    Ok(grants)
}

/// TCP sockets that may bind to `endpoint`, then listen and accept.
pub fn tcp_bind(endpoint: &str) -> Result<Vec<Grant>, EndpointError> {
    let e: Endpoint = endpoint.parse()?;
    let mut grants = tcp_common();
    grants.push(constrained("tcp", "[method]tcp-socket.start-bind", &e.constraints("local-address"), endpoint)?);
    Ok(grants)
}

fn tcp_common() -> Vec<Grant> {
    let mut grants = network();
    grants.push(Grant::new(&versioned("tcp-create-socket")));
    grants.extend(TCP_FUNCTIONS.iter().map(|f| function_grant("tcp", f)));
    grants
}

/// UDP sockets whose streams are connected to `endpoint`.
pub fn udp(endpoint: &str) -> Result<Vec<Grant>, EndpointError> {
    let e: Endpoint = endpoint.parse()?;
    let mut grants = network();
    grants.push(Grant::new(&versioned("udp-create-socket")));
    grants.extend(UDP_FUNCTIONS.iter().map(|f| function_grant("udp", f)));
    grants.push(constrained("udp", "[method]udp-socket.stream", &e.constraints("remote-address"), endpoint)?);
    Ok(grants)
}

/// Resolving any name with `ip-name-lookup`.
pub fn ip_name_lookup() -> Vec<Grant> {
    let mut grants = network();
    grants.push(Grant::new(&versioned("ip-name-lookup")));
    grants
}

/// The grants renamed to `version` of their interfaces (`0.2.4` for a
/// guest that imports `wasi:sockets/tcp@0.2.4`): a versioned grant covers
/// its exact version only.
pub fn at_version(grants: Vec<Grant>, version: &str) -> Vec<Grant> {
    grants
        .into_iter()
        .map(|mut g| {
            if let Some((interface, _)) = g.interface.split_once('@') {
                g.interface = format!("{interface}@{version}");
            }
            g
        })
        .collect()
}

/// Gives every grant of `grants` to `linker`.
pub fn grant_each<T: 'static>(linker: &mut Linker<T>, grants: impl IntoIterator<Item = Grant>) {
    for g in grants {
        linker.grant(g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_parse_addresses_ports_ranges_and_wildcards() {
        let e: Endpoint = "127.0.0.1:8080".parse().unwrap();
        let ip = |s: &str| EndpointAddress::Ip(s.parse().unwrap());
        assert_eq!(e, Endpoint { address: ip("127.0.0.1"), min_port: 8080, max_port: 8080 });
        let e: Endpoint = "[::1]:1-2".parse().unwrap();
        assert_eq!((e.address, e.min_port, e.max_port), (ip("::1"), 1, 2));
        let e: Endpoint = "*:*".parse().unwrap();
        assert_eq!((e.address, e.min_port, e.max_port), (EndpointAddress::AnyIpv4, 0, 65535));
        let e: Endpoint = "[*]:443".parse().unwrap();
        assert_eq!(e.address, EndpointAddress::AnyIpv6);
        assert_eq!(e.constraints("a"), "a.ipv6.port: 443..=443");
        for bad in ["localhost:80", "127.0.0.1", "::1:80", "1.2.3.4:70000", "1.2.3.4:9-8", "1.2.3.4:x"] {
            let err = bad.parse::<Endpoint>().unwrap_err().to_string();
            assert!(err.contains(bad) && err.contains("ADDRESS:PORT"), "{err}");
        }
    }

    #[test]
    fn tcp_connect_constrains_start_connect_by_address_and_port() {
        let grants = tcp_connect("127.0.0.1:8080").unwrap();
        let connect =
            grants.iter().find(|g| g.function.as_deref() == Some("[method]tcp-socket.start-connect")).unwrap();
        assert_eq!(
            connect.to_string(),
            "wasi:sockets/tcp@0.2.12#[method]tcp-socket.start-connect(remote-address.ipv4.port: 8080..=8080, \
             remote-address.ipv4.address.0: 127..=127, remote-address.ipv4.address.1: 0..=0, \
             remote-address.ipv4.address.2: 0..=0, remote-address.ipv4.address.3: 1..=1, on-deny error access-denied)"
        );
        assert!(grants.iter().all(|g| g.function.as_deref() != Some("[method]tcp-socket.start-bind")));
        assert!(grants.iter().any(|g| g.interface == "wasi:sockets/instance-network@0.2.12"));
        let bind = tcp_bind("[::1]:*").unwrap();
        let b = bind.iter().find(|g| g.function.as_deref() == Some("[method]tcp-socket.start-bind")).unwrap();
        assert_eq!(b.constraints.len(), 9, "{b}");
        assert_eq!(b.constraints[0].to_string(), "local-address.ipv6.port: 0..=65535");
        let old = at_version(tcp_connect("127.0.0.1:1").unwrap(), "0.2.4");
        assert!(old.iter().all(|g| g.interface.starts_with("wasi:sockets/") && g.interface.ends_with("@0.2.4")));
        let u = udp("*:53").unwrap();
        let s = u.iter().find(|g| g.function.as_deref() == Some("[method]udp-socket.stream")).unwrap();
        assert_eq!(s.constraints.len(), 1);
    }
}
