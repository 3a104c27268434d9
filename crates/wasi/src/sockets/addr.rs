//! Conversions between WASI socket addresses and `core::net` ones, and the
//! address checks the interfaces ask for.

use crate::bindings::wasi::sockets::network::{
    ErrorCode, IpAddress, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress, Ipv6SocketAddress,
};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// A WASI socket address as a `core::net` one.
pub fn to_socket_addr(a: &IpSocketAddress) -> SocketAddr {
    match a {
        IpSocketAddress::Ipv4(v4) => {
            let (a, b, c, d) = v4.address;
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(a, b, c, d), v4.port))
        }
        IpSocketAddress::Ipv6(v6) => {
            let (a, b, c, d, e, f, g, h) = v6.address;
            let ip = Ipv6Addr::new(a, b, c, d, e, f, g, h);
            SocketAddr::V6(SocketAddrV6::new(ip, v6.port, v6.flow_info, v6.scope_id))
        }
    }
}

/// A `core::net` socket address as a WASI one.
pub fn from_socket_addr(a: SocketAddr) -> IpSocketAddress {
    match a {
        SocketAddr::V4(v4) => {
            let [a, b, c, d] = v4.ip().octets();
            IpSocketAddress::Ipv4(Ipv4SocketAddress { port: v4.port(), address: (a, b, c, d) })
        }
        SocketAddr::V6(v6) => {
            let [a, b, c, d, e, f, g, h] = v6.ip().segments();
            IpSocketAddress::Ipv6(Ipv6SocketAddress {
                port: v6.port(),
                flow_info: v6.flowinfo(),
                address: (a, b, c, d, e, f, g, h),
                scope_id: v6.scope_id(),
            })
        }
    }
}

/// A `core::net` IP address as a WASI one.
pub(crate) fn from_ip(ip: IpAddr) -> IpAddress {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            IpAddress::Ipv4((a, b, c, d))
        }
        IpAddr::V6(v6) => {
            let [a, b, c, d, e, f, g, h] = v6.segments();
            IpAddress::Ipv6((a, b, c, d, e, f, g, h))
        }
    }
}

/// The family of an address.
pub(crate) fn family_of(a: &SocketAddr) -> IpAddressFamily {
    if a.is_ipv4() { IpAddressFamily::Ipv4 } else { IpAddressFamily::Ipv6 }
}

/// The checks every address given to a socket of `family` must pass:
/// the same family, and no IPv4-mapped IPv6 address (WASI sockets are
/// single-stack), no multicast or broadcast address.
pub(crate) fn check_family(family: IpAddressFamily, a: &SocketAddr) -> Result<(), ErrorCode> {
    if family_of(a) != family {
        return Err(ErrorCode::InvalidArgument);
    }
    let bad = match a {
        SocketAddr::V4(v4) => v4.ip().is_multicast() || v4.ip().is_broadcast(),
        SocketAddr::V6(v6) => v6.ip().is_multicast() || v6.ip().to_ipv4_mapped().is_some(),
    };
    if bad { Err(ErrorCode::InvalidArgument) } else { Ok(()) }
}

/// The checks of a remote address (`start-connect`, a UDP peer): those of
/// [`check_family`], and neither the unspecified address nor port 0.
pub(crate) fn check_remote(family: IpAddressFamily, a: &SocketAddr) -> Result<(), ErrorCode> {
    check_family(family, a)?;
    if a.ip().is_unspecified() || a.port() == 0 { Err(ErrorCode::InvalidArgument) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip_both_families() {
        let v4: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let w = from_socket_addr(v4);
        assert_eq!(w, IpSocketAddress::Ipv4(Ipv4SocketAddress { port: 8080, address: (127, 0, 0, 1) }));
        assert_eq!(to_socket_addr(&w), v4);
        let v6 = SocketAddr::V6(SocketAddrV6::new("fe80::1:2".parse().unwrap(), 443, 7, 3));
        let w = from_socket_addr(v6);
        match &w {
            IpSocketAddress::Ipv6(a) => {
                assert_eq!((a.port, a.flow_info, a.scope_id), (443, 7, 3));
                assert_eq!(a.address, (0xfe80, 0, 0, 0, 0, 0, 1, 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(to_socket_addr(&w), v6);
        assert_eq!(from_ip("::1".parse().unwrap()), IpAddress::Ipv6((0, 0, 0, 0, 0, 0, 0, 1)));
    }

    #[test]
    fn families_mapped_multicast_unspecified_and_port_zero_are_refused() {
        let v4 = IpAddressFamily::Ipv4;
        let v6 = IpAddressFamily::Ipv6;
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(check_family(v4, &a("10.0.0.1:1")), Ok(()));
        assert_eq!(check_family(v6, &a("10.0.0.1:1")), Err(ErrorCode::InvalidArgument));
        assert_eq!(check_family(v6, &a("[::ffff:10.0.0.1]:1")), Err(ErrorCode::InvalidArgument));
        assert_eq!(check_family(v4, &a("224.0.0.1:1")), Err(ErrorCode::InvalidArgument));
        assert_eq!(check_family(v4, &a("0.0.0.0:0")), Ok(()), "binding the unspecified address is fine");
        assert_eq!(check_remote(v4, &a("0.0.0.0:80")), Err(ErrorCode::InvalidArgument));
        assert_eq!(check_remote(v4, &a("127.0.0.1:0")), Err(ErrorCode::InvalidArgument));
        assert_eq!(check_remote(v6, &a("[::1]:80")), Ok(()));
    }
}
