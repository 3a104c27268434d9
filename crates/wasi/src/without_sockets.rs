//! Linking WASI without `wasi:sockets`, for a device with no network: the
//! sockets' host code is then not referenced, and link-time optimization
//! leaves it out of the firmware (on a Cortex-M, more than 33 KiB of code;
//! `no_std-tests/FOOTPRINT.md`).

use crate::WasiCtx;
use crate::bindings::CliCore;
use crate::bindings::wasi;
use airssys_wasm::{Error, Linker};

/// The prefix of every `wasi:sockets` interface.
const SOCKETS: &str = "wasi:sockets/";

/// [`add_to_linker`](crate::add_to_linker) without the `wasi:sockets`
/// interfaces: defines cli, io, clocks, random and filesystem (a component
/// that imports sockets does not link), with the same ungranted-call
/// errors for filesystem and streams. Grants nothing.
pub fn add_to_linker_without_sockets<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> Result<(), Error> {
    wasi::cli::environment::add_to_linker(linker, get)?;
    wasi::cli::exit::add_to_linker(linker, get)?;
    wasi::io::error::add_to_linker(linker, get)?;
    wasi::io::poll::add_to_linker(linker, get)?;
    wasi::io::streams::add_to_linker(linker, get)?;
    wasi::cli::stdin::add_to_linker(linker, get)?;
    wasi::cli::stdout::add_to_linker(linker, get)?;
    wasi::cli::stderr::add_to_linker(linker, get)?;
    wasi::cli::terminal_input::add_to_linker(linker, get)?;
    wasi::cli::terminal_output::add_to_linker(linker, get)?;
    wasi::cli::terminal_stdin::add_to_linker(linker, get)?;
    wasi::cli::terminal_stdout::add_to_linker(linker, get)?;
    wasi::cli::terminal_stderr::add_to_linker(linker, get)?;
    wasi::clocks::monotonic_clock::add_to_linker(linker, get)?;
    wasi::clocks::wall_clock::add_to_linker(linker, get)?;
    wasi::random::random::add_to_linker(linker, get)?;
    wasi::random::insecure::add_to_linker(linker, get)?;
    wasi::random::insecure_seed::add_to_linker(linker, get)?;
    wasi::filesystem::types::add_to_linker(linker, get)?;
    wasi::filesystem::preopens::add_to_linker(linker, get)?;
    let uses = CliCore::USED_RESOURCES.iter().filter(|(owner, _, user, _)| !is_socket(owner) && !is_socket(user));
    for (owner, resource, user, name) in uses {
        linker.alias_resource(owner, resource, user, name)?;
    }
    crate::deny_with_errors(linker);
    Ok(())
}

fn is_socket(interface: &str) -> bool {
    interface.starts_with(SOCKETS)
}
