//! The `airssys-wasm` command: run and inspect WebAssembly components on the
//! wasmi interpreter.
//!
//! - `run FILE [ARGS...]` runs a WASI command (`wasi:cli/run`) with the
//!   process's stdio, its arguments and the `--env` variables, and exits
//!   with the command's status (see [`wasi`] for what it is granted).
//! - `run FILE --invoke 'name(args)'` instantiates the component and calls
//!   an exported function; arguments and the result are written in WAVE
//!   (the value syntax of `wasmtime run --invoke`), see [`wave`].
//! - `inspect FILE` prints the component's world as WIT (`--structural`:
//!   its imports and exports with structural types).
//!
//! FILE is a component binary or component text. Errors print one line,
//! `error: <reason>`, on stderr; the exit code says what failed
//! ([`error::EXIT_TRAP`], [`error::EXIT_USAGE`], [`error::EXIT_LOAD`]).

mod dirs;
mod error;
mod grants;
mod inspect;
mod load;
mod net;
mod run;
mod stub;
mod wasi;
mod wave;
mod wit;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit codes, as `--help` lists them (the values of `error::EXIT_*`).
macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  success
  1  the guest trapped (including running out of fuel) or a host function failed
  2  usage error: bad arguments, --invoke syntax or value, --stub-import, unknown function
  3  the component could not be loaded or linked: missing file, bad binary or text, unresolved import
  N  a WASI command's own status: exit(ok) gives 0, exit(err) and an err from
     wasi:cli/run give 1, exit-with-code(N) gives N"
    };
}

/// The exit codes, as `--help` lists them.
const EXIT_CODES: &str = exit_codes!();

/// Runs and inspects WebAssembly components on the wasmi interpreter.
#[derive(Debug, Parser)]
#[command(name = "airssys-wasm", version, after_help = EXIT_CODES)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Runs a WASI command (its `wasi:cli/run`), or with --invoke calls
    /// exported functions.
    #[command(after_help = RUN_HELP)]
    Run(Box<RunArgs>),
    /// Prints a component's world as WIT, as `wasm-tools component wit` does.
    #[command(after_help = EXIT_CODES)]
    Inspect(InspectArgs),
}

/// Examples and exit codes of `run`.
const RUN_HELP: &str = concat!(
    "\
Values are written in WAVE: true, -1, 3.5, nan, 'c', \"text\", [1, 2], (1, \"a\"),
{field: 1, other-field: \"x\"}, case, case(payload), some(3), none, ok(x), err(x),
{flag-a, flag-b}. Trailing option arguments may be left out.

A WASI component is granted stdio (and whether it is a terminal), its
arguments, the --env variables, exit, clocks and random, and the directories
--dir preopens; every other import is denied unless --allow or --policy
grants it. Without --dir the program sees no directory (opening a file fails
with not-found), and file calls without a grant return `access`. Nothing
network is granted by default (but the network handle, which reaches nothing
by itself): --tcp-connect, --tcp-listen, --udp and
--allow-ip-name-lookup grant it by address and port (ADDRESS:PORT, where
ADDRESS is an IPv4 address, an IPv6 address in brackets, * for any IPv4
address or [*] for any IPv6 address, and PORT a number, a range LOW-HIGH
or *); a socket call outside them returns access-denied to the program.

Examples:
  airssys-wasm run --env NAME=world app.wasm arg1 arg2
  airssys-wasm run --dir ./data::/data --dir /etc/app::/config:ro app.wasm
  airssys-wasm run --tcp-connect 127.0.0.1:8080 client.wasm
  airssys-wasm run --tcp-listen '[::1]:8000-8099' --allow-ip-name-lookup server.wasm
  airssys-wasm run examples/greet.wat --invoke 'greet(\"world\")'
  airssys-wasm run examples/records.wat --invoke 'summarize({items: [1, 2], shipping: express(5)})'
  airssys-wasm run examples/host-import.wat --stub-import 'host:clock/now#now=1700000000' --invoke 'elapsed(1699999000)'

",
    exit_codes!()
);

/// Arguments of `run`.
#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The component: a binary (.wasm) or component text (.wat).
    file: PathBuf,
    /// The call, `name(args)` with WAVE arguments; a function of an exported
    /// instance is named `instance#name`, e.g. `ns:pkg/iface#greet`.
    /// Repeatable: the calls run in order on one instance, each result on a
    /// line of its own. Without --invoke the component's `wasi:cli/run` runs.
    #[arg(long, value_name = "CALL")]
    invoke: Vec<String>,
    /// The program's arguments (its argv[0] is FILE's name); put options
    /// before FILE, or `--` before arguments that start with `-`.
    #[arg(value_name = "ARGS", trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
    /// Gives the program the environment variable NAME, with VALUE or, for
    /// NAME alone, the host's value. Repeatable. The program sees no other
    /// variables.
    #[arg(long, value_name = "NAME[=VALUE]", value_parser = wasi::parse_env)]
    env: Vec<(String, String)>,
    /// Preopens the host directory HOST for the program as GUEST (HOST as
    /// written when `::GUEST` is left out), as `wasmtime run --dir` does;
    /// `:ro` makes it read-only. Repeatable. `..`, absolute paths and
    /// symlinks cannot leave it. Grants wasi:filesystem/types; without any
    /// --dir the program sees no directory (opening a file fails with
    /// not-found).
    #[arg(long, value_name = "HOST[::GUEST][:ro]", value_parser = dirs::parse_dir)]
    dir: Vec<dirs::DirSpec>,
    /// Meters execution: running traps once it has used N units of fuel
    /// (instantiation included).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Caps the bytes that all linear memories, tables and resource handles
    /// of the component take together at BYTES (default 1 GiB); a memory.grow
    /// beyond it returns -1, an instantiation beyond it fails.
    #[arg(long, value_name = "BYTES")]
    max_memory: Option<usize>,
    /// Answers an imported function with a fixed WAVE value: 'iface#func=VALUE',
    /// or 'iface#func' for a function without result. Repeatable. For demos and
    /// tests: imports other than WASI's defaults are not granted otherwise. Calls are traced on stderr
    /// (resource handles, which WAVE cannot write, show as own(N) or borrow(N)).
    #[arg(long, value_name = "IMPORT=VALUE")]
    stub_import: Vec<String>,
    /// Grants calls to an import: 'iface', 'iface#func', or with constraints
    /// on the arguments, 'iface#func(path: prefix "/data", port: 80..=443,
    /// level: case info|warn, budget 10, on-deny error access)'. Repeatable.
    /// Without --allow or --policy only WASI's defaults are granted (stdio,
    /// args, env, exit, clocks, random): every other import call is denied
    /// (a trap naming the import).
    #[arg(long, value_name = "GRANT")]
    allow: Vec<String>,
    /// Grants the capabilities of a TOML policy file (the format is in
    /// crates/caps/POLICY.md); combines with --allow.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Lets the program connect TCP sockets to ADDRESS:PORT (e.g.
    /// 127.0.0.1:8080, [::1]:443, *:8000-8099, [*]:443); other connections
    /// get access-denied. Once: cover several ports with a range.
    #[arg(long, value_name = "ADDRESS:PORT")]
    tcp_connect: Option<String>,
    /// Lets the program bind TCP sockets to ADDRESS:PORT, then listen and
    /// accept (e.g. 127.0.0.1:0 for any free port on loopback).
    #[arg(long, value_name = "ADDRESS:PORT")]
    tcp_listen: Option<String>,
    /// Lets the program exchange UDP datagrams with the peer ADDRESS:PORT
    /// (its datagram streams must be connected to it).
    #[arg(long, value_name = "ADDRESS:PORT")]
    udp: Option<String>,
    /// Lets the program resolve host names (wasi:sockets/ip-name-lookup).
    #[arg(long)]
    allow_ip_name_lookup: bool,
}

/// Arguments of `inspect`.
#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// The component: a binary (.wasm) or component text (.wat).
    file: PathBuf,
    /// Prints one line per import and export with its structural type
    /// instead of WIT (type names are not kept there; resources are named
    /// by their import or export).
    #[arg(long)]
    structural: bool,
    /// Also lists the imported functions that these grants leave ungranted
    /// (same syntax as `run --allow`).
    #[arg(long, value_name = "GRANT")]
    allow: Vec<String>,
    /// Also lists the imported functions that this policy file (with any
    /// --allow) leaves ungranted.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
}

/// Runs the subcommand: its output goes to stdout; a failure prints
/// `error: <reason>` on stderr and exits with the failure's code.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout();
    let output = match &cli.command {
        Command::Run(args) => {
            let options = run::RunOptions {
                file: &args.file,
                invoke: &args.invoke,
                fuel: args.fuel,
                max_memory: args.max_memory,
                stubs: &args.stub_import,
                allow: &args.allow,
                policy: args.policy.as_deref(),
                args: &args.args,
                env: &args.env,
                dirs: &args.dir,
                net: net::NetFlags {
                    tcp_connect: args.tcp_connect.as_deref(),
                    tcp_listen: args.tcp_listen.as_deref(),
                    udp: args.udp.as_deref(),
                    ip_name_lookup: args.allow_ip_name_lookup,
                },
            };
            // Each result is printed as soon as it is known.
            let status = run::run(&options, &mut |line| {
                let _ = writeln!(stdout, "{line}");
            });
            match status {
                Ok(0) => Ok(String::new()),
                Ok(status) => {
                    let _ = stdout.flush();
                    return ExitCode::from(status);
                }
                Err(e) => Err(e),
            }
        }
        Command::Inspect(args) => {
            let policy =
                (!args.allow.is_empty() || args.policy.is_some()).then_some((&args.allow[..], args.policy.as_deref()));
            let format = if args.structural { inspect::Format::Structural } else { inspect::Format::Wit };
            inspect::inspect(&args.file, format, policy)
        }
    };
    match output {
        Ok(text) => {
            // A closed stdout (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
