//! The command's errors: a one-line reason, and the kind of failure that
//! decides the exit code.

use airssys_wasm::ErrorKind;
use std::fmt;

/// Exit code: the guest trapped (including running out of fuel) or a host
/// function failed while running it.
pub const EXIT_TRAP: u8 = 1;
/// Exit code: bad usage (a bad `--invoke`, argument or `--stub-import`, an
/// unknown function).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the component could not be loaded or linked (missing file, bad
/// binary or text, unresolved import).
pub const EXIT_LOAD: u8 = 3;

/// What failed, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Running the guest failed: [`EXIT_TRAP`].
    Trap,
    /// The command line asks for something impossible: [`EXIT_USAGE`].
    Usage,
    /// The component could not be loaded or linked: [`EXIT_LOAD`].
    Load,
}

/// A failure of the command, printed as `error: <reason>` on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    failure: Failure,
    message: String,
}

impl CliError {
    /// A failure of kind `failure` with the given reason.
    pub fn new(failure: Failure, message: impl Into<String>) -> Self {
        CliError { failure, message: message.into() }
    }

    /// The guest trapped or a host function failed.
    pub fn trap(message: impl Into<String>) -> Self {
        CliError::new(Failure::Trap, message)
    }

    /// The guest trapped (or a host function failed) with `e`. A capability
    /// denial names the flag that grants the call, `--allow`, where the
    /// runtime's message names its embedding API.
    pub fn guest_trap(e: &airssys_wasm::Error) -> Self {
        match e.kind() {
            ErrorKind::Denied(denial) => {
                let hint = format!("grant it with --allow '{}'", denial.grant_text());
                CliError::trap(format!("trap: {}", denial.with_grant_hint(&hint)))
            }
            _ => CliError::trap(e.to_string()),
        }
    }

    /// Bad usage.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(Failure::Usage, message)
    }

    /// The component could not be loaded or linked.
    pub fn load(message: impl Into<String>) -> Self {
        CliError::new(Failure::Load, message)
    }

    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self.failure {
            Failure::Trap => EXIT_TRAP,
            Failure::Usage => EXIT_USAGE,
            Failure::Load => EXIT_LOAD,
        }
    }
}

/// The reason on one line: line breaks in wrapped messages become spaces.
impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = self.message.lines().map(str::trim).filter(|l| !l.is_empty());
        if let Some(first) = lines.next() {
            f.write_str(first)?;
        }
        for line in lines {
            write!(f, " {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests;
