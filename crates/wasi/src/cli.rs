//! `wasi:cli`: environment, exit, the stdio streams and the terminal
//! interfaces.

use crate::WasiCtx;
use crate::bindings::wasi::cli::{
    environment, exit, stderr, stdin, stdout, terminal_input, terminal_output, terminal_stderr, terminal_stdin,
    terminal_stdout,
};
use crate::io::{InputStream, OutputStream};
use airssys_wasm::{Error, Resource};
use alloc::string::String;
use alloc::vec::Vec;

/// A `wasi:cli/terminal-input`: handed out when stdin is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalInput;

/// A `wasi:cli/terminal-output`: handed out when stdout or stderr is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalOutput;

/// The message of the trap that ends a guest calling `wasi:cli/exit`; the
/// status itself is in [`WasiCtx::exit_status`] (and in
/// [`RunError::Exit`](crate::RunError::Exit) from [`run`](crate::run)).
pub const EXIT_MESSAGE: &str = "wasi:cli/exit: the guest exited";

impl environment::Host for WasiCtx {
    fn get_environment(&mut self) -> Result<Vec<(String, String)>, Error> {
        Ok(self.env.clone())
    }

    fn get_arguments(&mut self) -> Result<Vec<String>, Error> {
        Ok(self.args.clone())
    }

    /// No working directory: guests resolve paths against the preopens.
    fn initial_cwd(&mut self) -> Result<Option<String>, Error> {
        Ok(None)
    }
}

impl WasiCtx {
    fn exit_with(&mut self, status: u8) -> Error {
        self.exit = Some(status);
        Error::host(alloc::format!("{EXIT_MESSAGE} with status {status}"))
    }
}

impl exit::Host for WasiCtx {
    fn exit(&mut self, status: Result<(), ()>) -> Result<(), Error> {
        Err(self.exit_with(if status.is_ok() { 0 } else { 1 }))
    }

    fn exit_with_code(&mut self, status_code: u8) -> Result<(), Error> {
        Err(self.exit_with(status_code))
    }
}

impl stdin::Host for WasiCtx {
    fn get_stdin(&mut self) -> Result<Resource<InputStream>, Error> {
        self.table.push(InputStream::Stdin)
    }
}

impl stdout::Host for WasiCtx {
    fn get_stdout(&mut self) -> Result<Resource<OutputStream>, Error> {
        self.table.push(OutputStream::Stdout)
    }
}

impl stderr::Host for WasiCtx {
    fn get_stderr(&mut self) -> Result<Resource<OutputStream>, Error> {
        self.table.push(OutputStream::Stderr)
    }
}

impl terminal_input::HostTerminalInput for WasiCtx {
    fn drop(&mut self, rep: Resource<TerminalInput>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl terminal_input::Host for WasiCtx {}

impl terminal_output::HostTerminalOutput for WasiCtx {
    fn drop(&mut self, rep: Resource<TerminalOutput>) -> Result<(), Error> {
        self.table.delete(rep).map(|_| ())
    }
}

impl terminal_output::Host for WasiCtx {}

impl terminal_stdin::Host for WasiCtx {
    fn get_terminal_stdin(&mut self) -> Result<Option<Resource<TerminalInput>>, Error> {
        if self.stdin.is_terminal() { self.table.push(TerminalInput).map(Some) } else { Ok(None) }
    }
}

impl terminal_stdout::Host for WasiCtx {
    fn get_terminal_stdout(&mut self) -> Result<Option<Resource<TerminalOutput>>, Error> {
        if self.stdout.is_terminal() { self.table.push(TerminalOutput).map(Some) } else { Ok(None) }
    }
}

impl terminal_stderr::Host for WasiCtx {
    fn get_terminal_stderr(&mut self) -> Result<Option<Resource<TerminalOutput>>, Error> {
        if self.stderr.is_terminal() { self.table.push(TerminalOutput).map(Some) } else { Ok(None) }
    }
}
