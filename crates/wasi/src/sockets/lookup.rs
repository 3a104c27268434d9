//! `wasi:sockets/network`, `instance-network` and `ip-name-lookup`.
//!
//! A lookup resolves at once, in `resolve-addresses` (the system resolver
//! blocks there); the stream then hands out the addresses one by one, and
//! its pollable is always ready. An IP literal resolves to itself without
//! asking the backend.

use super::Network;
use super::addr::from_ip;
use crate::WasiCtx;
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddress};
use crate::bindings::wasi::sockets::{instance_network, ip_name_lookup, network};
use crate::io::Pollable;
use airssys_wasm::{Error, Resource};
use alloc::collections::VecDeque;
use alloc::string::String;
use core::net::IpAddr;

/// A `wasi:sockets/ip-name-lookup` stream: the addresses still to hand out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveAddressStream {
    addresses: VecDeque<IpAddr>,
}

/// The longest name a lookup takes (DNS's limit).
const MAX_NAME: usize = 253;

/// The addresses of `name`: itself when it is an IP literal (IPv6 with or
/// without brackets), else what `resolve` says. Empty names, names over
/// 253 bytes and names with characters no host name has are
/// `invalid-argument`.
pub(crate) fn lookup(
    name: &str,
    resolve: impl FnOnce(&str) -> Result<alloc::vec::Vec<IpAddr>, ErrorCode>,
) -> Result<VecDeque<IpAddr>, ErrorCode> {
    let bare = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(VecDeque::from([ip]));
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > MAX_NAME || !name.chars().all(valid) {
        return Err(ErrorCode::InvalidArgument);
    }
    resolve(name).map(VecDeque::from)
}

impl network::HostNetwork for WasiCtx {
    fn drop(&mut self, rep: Resource<Network>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl network::Host for WasiCtx {}

impl instance_network::Host for WasiCtx {
    fn instance_network(&mut self) -> Result<Resource<Network>, Error> {
        self.table.push(Network)
    }
}

impl ip_name_lookup::HostResolveAddressStream for WasiCtx {
    fn resolve_next_address(
        &mut self,
        this: Resource<ResolveAddressStream>,
    ) -> Result<Result<Option<IpAddress>, ErrorCode>, Error> {
        Ok(Ok(self.table.get_mut(&this)?.addresses.pop_front().map(from_ip)))
    }

    fn subscribe(&mut self, this: Resource<ResolveAddressStream>) -> Result<Resource<Pollable>, Error> {
        self.table.get(&this)?;
        self.table.push(Pollable::Ready)
    }

    fn drop(&mut self, rep: Resource<ResolveAddressStream>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl ip_name_lookup::Host for WasiCtx {
    fn resolve_addresses(
        &mut self,
        network: Resource<Network>,
        name: String,
    ) -> Result<Result<Resource<ResolveAddressStream>, ErrorCode>, Error> {
        self.table.get(&network)?;
        let net = &mut self.net;
        match lookup(&name, |n| net.resolve(n)) {
            Ok(addresses) => Ok(Ok(self.table.push(ResolveAddressStream { addresses })?)),
            Err(e) => Ok(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_resolve_to_themselves_and_bad_names_are_invalid() {
        let never = |_: &str| -> Result<alloc::vec::Vec<IpAddr>, ErrorCode> { panic!("the backend was asked") };
        assert_eq!(lookup("10.1.2.3", never), Ok(VecDeque::from(["10.1.2.3".parse::<IpAddr>().unwrap()])));
        assert_eq!(lookup("[::1]", never), Ok(VecDeque::from(["::1".parse::<IpAddr>().unwrap()])));
        assert_eq!(lookup("", never), Err(ErrorCode::InvalidArgument));
        assert_eq!(lookup("a b", never), Err(ErrorCode::InvalidArgument));
        assert_eq!(lookup("example.com:80", never), Err(ErrorCode::InvalidArgument));
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(
            lookup("localhost", |n| if n == "localhost" { Ok(alloc::vec![ip]) } else { Err(ErrorCode::Unknown) }),
            Ok(VecDeque::from([ip]))
        );
        assert_eq!(lookup("nowhere.invalid", |_| Err(ErrorCode::NameUnresolvable)), Err(ErrorCode::NameUnresolvable));
    }
}
