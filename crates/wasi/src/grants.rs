//! The interfaces this crate defines, and grants for them.
//!
//! Defining WASI in a linker grants nothing: every call passes the import
//! gate like any other import, so a host grants each interface it wants a
//! guest to use ([`grant_all`] grants all of them).
//!
//! # Versions
//! The definitions are named with the version of the vendored WIT,
//! [`VERSION`] (`wasi:cli/stdout@0.2.12`). The capability table matches
//! interface names as strings (`airssys-wasm-caps`):
//! - a grant that names a version (`wasi:cli/stdout@0.2.12`) covers that
//!   exact version only: never another patch, minor or major version;
//! - a grant without a version (`wasi:cli/stdout`) covers every version of
//!   the interface, 1.0 included: write one only when that is meant.
//!
//! [`grant_all`] writes versioned grants, so it never covers a version by
//! accident.
//!
//! The linker matches versions as wasmtime's does: a guest built against
//! another 0.2.x version (`wasi:cli/stdout@0.2.4`) links to these 0.2.12
//! definitions; 0.1, 0.3, 1.x and pre-releases do not. The capability
//! check names the version the guest imports, so such a guest needs grants
//! of its own version (or versionless ones): a grant of 0.2.12 does not
//! cover a 0.2.4 import. [`run`](crate::run) finds `wasi:cli/run` at any
//! 0.2.x version.
//!
//! # Denied calls
//! A call that no grant covers is denied and audited, and never reaches
//! the host. Where the function has an error to return, the guest gets it
//! instead of a trap ([`add_to_linker`](crate::add_to_linker) sets this
//! with [`Linker::deny_with_error`], at any version): the stream methods'
//! `stream-error::closed` (a denied write reads as a closed stream),
//! `wasi:filesystem/types`' `error-code::access` and the socket
//! interfaces' `error-code::access-denied`. A grant may ask the same of
//! its budget or constraint denials (its `on-deny`,
//! [`DenyAction::ReturnError`](airssys_wasm::caps::DenyAction)).
//! `cli`, `clocks`, `random`, `poll`, `preopens` and `instance-network`
//! have no error type, so their denials always trap.
//!
//! `wasi:sockets` is granted by address and port with [`tcp_connect`],
//! [`tcp_bind`], [`udp`] and [`ip_name_lookup`] (see
//! [`sockets::grants`](crate::sockets::grants)): their denials, and calls
//! no grant covers, return `error-code::access-denied`.
//! `network` and `instance-network` have no error type; every socket
//! helper grants them.

use crate::prelude::*;
use airssys_wasm::{Grant, Linker};

/// The WASI version of the vendored WIT and of every definition here.
pub const VERSION: &str = "0.2.12";

/// Every interface [`add_to_linker`](crate::add_to_linker) defines,
/// without version.
pub const INTERFACES: &[&str] = &[
    "wasi:cli/environment",
    "wasi:cli/exit",
    "wasi:cli/stdin",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/terminal-input",
    "wasi:cli/terminal-output",
    "wasi:cli/terminal-stdin",
    "wasi:cli/terminal-stdout",
    "wasi:cli/terminal-stderr",
    "wasi:clocks/monotonic-clock",
    "wasi:clocks/wall-clock",
    "wasi:io/error",
    "wasi:io/poll",
    "wasi:io/streams",
    "wasi:random/random",
    "wasi:random/insecure",
    "wasi:random/insecure-seed",
    "wasi:filesystem/types",
    "wasi:filesystem/preopens",
    "wasi:sockets/network",
    "wasi:sockets/instance-network",
    "wasi:sockets/tcp",
    "wasi:sockets/tcp-create-socket",
    "wasi:sockets/udp",
    "wasi:sockets/udp-create-socket",
    "wasi:sockets/ip-name-lookup",
];

pub use crate::sockets::grants::{
    EndpointError, at_version, grant_each, ip_name_lookup, network, tcp_bind, tcp_connect, udp,
};

/// The grant of one interface of [`INTERFACES`] at [`VERSION`], or `None`
/// when `interface` is not one of them.
pub fn grant(interface: &str) -> Option<Grant> {
    INTERFACES.contains(&interface).then(|| Grant::new(&format!("{interface}@{VERSION}")))
}

/// The interfaces of [`INTERFACES`] that reach beyond the context the host
/// built: files (`types`; the list of preopens is only what the host
/// preopened) and sockets (the network handle alone reaches nothing: every
/// socket and lookup call goes through one of these). Every other
/// interface is a default ([`is_default`]): stdio and whether it is a
/// terminal, the arguments and environment, exit, streams, clocks,
/// randomness, the preopens' list and the network handle.
/// `airssys-wasm run` grants the defaults ([`defaults`]).
pub const EXPLICIT_INTERFACES: &[&str] = &[
    "wasi:filesystem/types",
    "wasi:sockets/tcp",
    "wasi:sockets/tcp-create-socket",
    "wasi:sockets/udp",
    "wasi:sockets/udp-create-socket",
    "wasi:sockets/ip-name-lookup",
];

/// Whether `import` (`wasi:cli/stdout@0.2.4`) is one of
/// [`INTERFACES`] at a 0.2.x version and not one of [`EXPLICIT_INTERFACES`].
pub fn is_default(import: &str) -> bool {
    import
        .split_once('@')
        .is_some_and(|(i, v)| v.starts_with("0.2.") && INTERFACES.contains(&i) && !EXPLICIT_INTERFACES.contains(&i))
}

/// The grants of the default interfaces ([`is_default`]) among `imports` (a
/// component's import names), each under the exact name it is imported
/// by, so a guest built against any 0.2.x version gets them.
pub fn defaults<'a>(imports: impl IntoIterator<Item = &'a str>) -> alloc::vec::Vec<Grant> {
    imports.into_iter().filter(|name| is_default(name)).map(Grant::new).collect()
}

/// Grants every interface of [`INTERFACES`] at [`VERSION`]; for
/// `wasi:sockets` that is unconstrained network use (as far as the
/// context's network backend reaches).
pub fn grant_all<T: 'static>(linker: &mut Linker<T>) {
    for interface in INTERFACES {
        linker.grant(Grant::new(&format!("{interface}@{VERSION}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_0_2_versions_of_the_default_interfaces_are_default() {
        assert!(is_default("wasi:cli/stdout@0.2.12"));
        assert!(is_default("wasi:random/random@0.2.0"));
        assert!(is_default("wasi:cli/terminal-stdout@0.2.12"));
        assert!(is_default("wasi:filesystem/preopens@0.2.12"));
        assert!(is_default("wasi:sockets/instance-network@0.2.9"));
        assert!(!is_default("wasi:cli/stdout@0.3.0"));
        assert!(!is_default("wasi:cli/stdout"));
        assert!(!is_default("wasi:filesystem/types@0.2.12"));
        assert!(!is_default("wasi:sockets/tcp@0.2.12"));
        let granted = defaults(["wasi:cli/stdout@0.2.4", "wasi:sockets/tcp@0.2.4", "my:app/log"]);
        assert_eq!(granted, [Grant::new("wasi:cli/stdout@0.2.4")]);
    }
}
