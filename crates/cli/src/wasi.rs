//! WASI for `run` (`airssys-wasm-wasi`): the context a component gets (its
//! arguments, the `--env` variables, the process's stdio, the system's
//! clocks and the OS's randomness) and the grants it holds by default.
//!
//! Granted by default: the interfaces [`is_default`](airssys_wasm_wasi::grants::is_default) names
//! (stdio, args, the `--env` variables, exit, streams, clocks, random, the
//! `--dir` preopens' list and the network handle), at whatever 0.2.x version the
//! component imports them. The `terminal-*` interfaces are among them: they
//! tell only whether stdio is a terminal, and stock toolchains ask before
//! printing (componentize-js's `console.log` calls `get-terminal-stdout`, and
//! traps without it). Any other import needs `--allow` or `--policy`.
//! `wasi:filesystem/types` is granted when `--dir` preopens a directory;
//! without, its calls return `error-code::access`.

use crate::dirs::DirSpec;
use crate::error::CliError;
use airssys_wasm::{ComponentType, Grant, Linker};
use airssys_wasm_wasi::WasiCtx;

/// Whether the component imports any WASI interface.
pub fn imports_wasi(ty: &ComponentType) -> bool {
    ty.imports.iter().any(|(name, _)| name.starts_with("wasi:"))
}

/// Refuses a `--stub-import` of a function of an interface the CLI defines
/// itself (it would be defined twice).
pub fn check_stubs(stubs: &[String]) -> Result<(), CliError> {
    for spec in stubs {
        let interface = spec.split(['@', '#', '=']).next().unwrap_or_default().trim();
        if airssys_wasm_wasi::grants::INTERFACES.contains(&interface) {
            return Err(CliError::usage(format!(
                "--stub-import `{spec}`: the CLI defines `{interface}` itself (WASI cli, io, clocks, random, filesystem and sockets); \
                 drop the --stub-import"
            )));
        }
    }
    Ok(())
}

/// Defines the WASI interfaces in `linker` and grants the default ones
/// under the names (with the versions) that `ty` imports them by, and
/// `wasi:filesystem/types` too when `dirs` preopens any directory.
pub fn define(linker: &mut Linker<WasiCtx>, ty: &ComponentType, dirs: &[DirSpec]) -> Result<(), CliError> {
    airssys_wasm_wasi::add_to_linker(linker, |ctx: &mut WasiCtx| ctx)
        .map_err(|e| CliError::load(format!("cannot define the WASI interfaces: {e}")))?;
    for grant in default_grants(ty) {
        linker.grant(grant);
    }
    if !dirs.is_empty() {
        for grant in imported_grants(ty, "wasi:filesystem/types") {
            linker.grant(grant);
        }
    }
    Ok(())
}

/// The grants of `interface` at each 0.2.x version `ty` imports it by.
fn imported_grants(ty: &ComponentType, interface: &str) -> Vec<Grant> {
    ty.imports
        .iter()
        .map(|(name, _)| name)
        .filter(|name| name.split_once('@').is_some_and(|(i, v)| i == interface && v.starts_with("0.2.")))
        .map(|name| Grant::new(name))
        .collect()
}

/// The grants of the default interfaces that `ty` imports, each under the
/// exact name it is imported by (`wasi:cli/stdout@0.2.4`).
pub fn default_grants(ty: &ComponentType) -> Vec<Grant> {
    airssys_wasm_wasi::grants::defaults(ty.imports.iter().map(|(name, _)| name.as_str()))
}

/// The context of one run: `argv[0]` is the file's name without its
/// directory (as wasmtime gives it), then `args`; the environment holds
/// only `env`; stdio is the process's; `dirs` are preopened; with
/// `network`, the host's network (what the grants let it reach).
pub fn context(
    file: &std::path::Path,
    args: &[String],
    env: &[(String, String)],
    dirs: &[DirSpec],
    network: bool,
) -> Result<WasiCtx, CliError> {
    let program = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut builder = WasiCtx::builder();
    builder.arg(program).args(args.iter().cloned()).inherit_stdio();
    for (key, value) in env {
        builder.env(key.clone(), value.clone());
    }
    crate::dirs::preopen(&mut builder, dirs).map_err(CliError::usage)?;
    if network {
        builder.inherit_network();
    }
    builder.build().map_err(|e| CliError::load(format!("cannot set up WASI: {e}")))
}

/// Parses one `--env` flag: `NAME=VALUE`, or `NAME` alone for the host's
/// value of `NAME` (as `wasmtime run --env` does).
pub fn parse_env(text: &str) -> Result<(String, String), String> {
    let (name, value) = match text.split_once('=') {
        Some((name, value)) => (name, value.to_string()),
        None => {
            let value = std::env::var(text)
                .map_err(|_| format!("`{text}` is not set on the host; write NAME=VALUE to give a value"))?;
            (text, value)
        }
    };
    if name.is_empty() {
        return Err(format!("`{text}` has no variable name; write NAME=VALUE"));
    }
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stubs_of_the_clis_own_wasi_interfaces_are_refused() {
        assert!(check_stubs(&["wasi:random/random@0.2.12#get-random-bytes=[1]".into()]).is_err());
        assert!(check_stubs(&["wasi:cli/exit#exit".into()]).is_err());
        assert!(check_stubs(&["wasi:filesystem/preopens@0.2.0#get-directories".into()]).is_err());
        assert!(check_stubs(&["wasi:sockets/network@0.2.0#x".into()]).is_err());
        assert!(check_stubs(&["wasi:http/types@0.2.0#x".into(), "log".into()]).is_ok());
    }

    #[test]
    fn env_flags_take_a_value_or_the_hosts() {
        assert_eq!(parse_env("K=a=b"), Ok(("K".into(), "a=b".into())));
        assert_eq!(parse_env("EMPTY="), Ok(("EMPTY".into(), String::new())));
        assert!(parse_env("=v").is_err());
        assert!(parse_env("AIRSSYS_SURELY_UNSET_VARIABLE_42").is_err());
    }
}
