//! Network grants of `run`: `--tcp-connect`, `--tcp-listen`, `--udp` and
//! `--allow-ip-name-lookup` (nothing network is granted without them,
//! or an `--allow`/`--policy` grant of `wasi:sockets`).
//!
//! Each flag becomes the grants of `airssys_wasm_wasi::grants`'s helper
//! of the same name, constrained by address and port: a call outside them
//! returns `access-denied` to the guest. The grants are made for the
//! version of each `wasi:sockets` interface the component imports (any
//! 0.2.x), as the default WASI grants are.

use crate::error::CliError;
use airssys_wasm::{ComponentType, Grant};
use airssys_wasm_wasi::grants;

/// The network flags of the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct NetFlags<'a> {
    /// `--tcp-connect ADDRESS:PORT`.
    pub tcp_connect: Option<&'a str>,
    /// `--tcp-listen ADDRESS:PORT`.
    pub tcp_listen: Option<&'a str>,
    /// `--udp ADDRESS:PORT`.
    pub udp: Option<&'a str>,
    /// `--allow-ip-name-lookup`.
    pub ip_name_lookup: bool,
}

/// The usage error of a flag whose endpoint does not parse.
fn usage(flag: &'static str) -> impl Fn(grants::EndpointError) -> CliError {
    move |e| CliError::usage(format!("invalid {flag}: {e}"))
}

/// The grants the flags ask for, each under the name (and version) the
/// component imports its interface by; a flag's endpoint that does not
/// parse is a usage error.
pub fn grants(flags: &NetFlags<'_>, ty: &ComponentType) -> Result<Vec<Grant>, CliError> {
    let mut all = Vec::new();
    if let Some(e) = flags.tcp_connect {
        all.extend(grants::tcp_connect(e).map_err(usage("--tcp-connect"))?);
    }
    if let Some(e) = flags.tcp_listen {
        all.extend(grants::tcp_bind(e).map_err(usage("--tcp-listen"))?);
    }
    if let Some(e) = flags.udp {
        all.extend(grants::udp(e).map_err(usage("--udp"))?);
    }
    if flags.ip_name_lookup {
        all.extend(grants::ip_name_lookup());
    }
    Ok(all.into_iter().map(|g| at_imported_version(g, ty)).collect())
}

/// The grant renamed to the 0.2.x version of its interface that `ty`
/// imports (unchanged when `ty` imports no 0.2.x version of it).
fn at_imported_version(mut grant: Grant, ty: &ComponentType) -> Grant {
    let Some((interface, _)) = grant.interface.split_once('@') else { return grant };
    let imported =
        ty.imports.iter().map(|(name, _)| name).find(|name| {
            name.split_once('@').is_some_and(|(i, version)| i == interface && version.starts_with("0.2."))
        });
    if let Some(name) = imported {
        grant.interface = name.clone();
    }
    grant
}

/// Whether any grant names a `wasi:sockets` interface: then the run gets
/// the host's network (without one, socket calls are `not-supported`).
pub fn wants_network(grants: &[Grant]) -> bool {
    grants.iter().any(|g| g.interface.starts_with("wasi:sockets/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_constrained_grants_and_bad_endpoints_are_usage_errors() {
        let ty = ComponentType::default();
        let flags = NetFlags { tcp_connect: Some("127.0.0.1:80"), ip_name_lookup: true, ..NetFlags::default() };
        let g = grants(&flags, &ty).unwrap();
        assert!(wants_network(&g));
        assert!(g.iter().any(|g| g.function.as_deref() == Some("[method]tcp-socket.start-connect")));
        assert!(g.iter().any(|g| g.interface == "wasi:sockets/ip-name-lookup@0.2.12"));
        assert!(!wants_network(&grants(&NetFlags::default(), &ty).unwrap()));
        let bad = NetFlags { udp: Some("localhost:53"), ..NetFlags::default() };
        let e = grants(&bad, &ty).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("invalid --udp: network endpoint `localhost:53`"), "{e}");
    }
}
