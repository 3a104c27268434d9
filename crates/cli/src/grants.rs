//! `--allow` and `--policy`: the capabilities the CLI grants a component.
//! Without either, only WASI's defaults ([`crate::wasi`]) are granted and
//! every other import call is denied.

use crate::error::CliError;
use airssys_wasm::caps::Policy;
use airssys_wasm::{Grant, Linker};
use std::path::Path;

/// The grants of the command line: every `--allow` flag, then every grant of
/// the `--policy` file (a later grant of the same interface and function
/// replaces an earlier one).
pub fn collect(allow: &[String], policy: Option<&Path>) -> Result<Vec<Grant>, CliError> {
    let mut grants = Vec::new();
    for text in allow {
        let grant = text.parse::<Grant>().map_err(|e| CliError::usage(format!("invalid --allow '{text}': {e}")))?;
        grants.push(grant);
    }
    if let Some(path) = policy {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("cannot read policy `{}`: {e}", path.display())))?;
        let policy =
            Policy::parse(&text).map_err(|e| CliError::usage(format!("invalid policy `{}`: {e}", path.display())))?;
        grants.extend(policy.grants().iter().cloned());
    }
    Ok(grants)
}

/// Adds `grants` to the linker, so every instance it creates holds them.
pub fn apply<T: 'static>(linker: &mut Linker<T>, grants: Vec<Grant>) {
    for grant in grants {
        linker.grant(grant);
    }
}
