//! The WASI state of one store ([`WasiCtx`]) and its builder, in the
//! manner of wasmtime's `WasiCtxBuilder`.

use crate::clocks::{MonotonicClock, VirtualMonotonicClock, VirtualWallClock, WallClock, WallTime};
use crate::random::{self, RandomSource};
use crate::stdio::{BoxedSink, BoxedSource, Bytes, Discard, InputSource, OutputSink};
use airssys_wasm::ResourceTable;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use rand_core::RngCore;

/// The WASI state of one store: arguments, environment, stdio, clocks,
/// randomness, the host resources handed to the guest, and the exit status
/// once the guest called `wasi:cli/exit`.
///
/// Put it in the store's data and give [`add_to_linker`](crate::add_to_linker)
/// a function that finds it there.
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) stdin: BoxedSource,
    pub(crate) stdout: BoxedSink,
    pub(crate) stderr: BoxedSink,
    pub(crate) wall: Box<dyn WallClock>,
    pub(crate) monotonic: Box<dyn MonotonicClock>,
    pub(crate) random: RandomSource,
    pub(crate) insecure_random: RandomSource,
    pub(crate) insecure_seed: (u64, u64),
    pub(crate) table: ResourceTable,
    /// Whether stdout and stderr failed once (then they stay closed).
    pub(crate) stdout_closed: bool,
    pub(crate) stderr_closed: bool,
    pub(crate) stdin_closed: bool,
    pub(crate) exit: Option<u8>,
    pub(crate) fs: crate::filesystem::FsState,
    pub(crate) net: Box<dyn crate::sockets::NetBackend>,
}

impl WasiCtx {
    /// A builder with the defaults listed on [`WasiCtxBuilder`].
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }

    /// The status the guest gave `wasi:cli/exit` (`exit(ok)` is 0,
    /// `exit(err)` is 1, `exit-with-code(n)` is n), if it called it.
    pub fn exit_status(&self) -> Option<u8> {
        self.exit
    }

    /// The in-memory directory preopened as `guest_path`, if there is one:
    /// a handle on the same tree, to read what the guest wrote.
    pub fn memory_dir(&self, guest_path: &str) -> Option<crate::filesystem::MemoryDir> {
        let p = self.fs.preopens.iter().find(|p| p.guest_path == guest_path)?;
        p.node.as_any().downcast_ref::<crate::filesystem::MemoryDir>().cloned()
    }

    /// The host resources (streams, pollables, errors) the guest holds.
    pub fn table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

impl core::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args)
            .field("env", &self.env)
            .field("exit", &self.exit)
            .finish_non_exhaustive()
    }
}

/// Why [`WasiCtxBuilder::build`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// No source for `wasi:random/random` was set, and without `std` there
    /// is no OS randomness to default to.
    NoRandomSource,
}

impl core::fmt::Display for BuildError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BuildError::NoRandomSource => f.write_str(
                "no source for wasi:random/random: without the `std` feature there is no OS randomness; \
                 set one with `WasiCtxBuilder::random` (a hardware RNG) or `random_seed` (deterministic, not secret)",
            ),
        }
    }
}

impl core::error::Error for BuildError {}

/// Builds a [`WasiCtx`]. The defaults:
/// - no arguments and no environment variables;
/// - stdin empty, stdout and stderr discarded;
/// - clocks: with `std` the system's; without, virtual clocks starting at
///   0 (the epoch, for the wall clock) that advance 1 µs per read;
/// - no preopened directories (the guest sees no filesystem);
/// - network: none ([`NoNetwork`](crate::sockets::NoNetwork));
/// - randomness: with `std` the OS's (both `random` and `insecure`, and an
///   `insecure-seed` drawn from it); without, none: set one, or `build` fails.
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: BoxedSource,
    stdout: BoxedSink,
    stderr: BoxedSink,
    wall: Option<Box<dyn WallClock>>,
    monotonic: Option<Box<dyn MonotonicClock>>,
    random: Option<RandomSource>,
    insecure_random: Option<RandomSource>,
    insecure_seed: Option<(u64, u64)>,
    preopens: Vec<crate::filesystem::Preopen>,
    net: Option<Box<dyn crate::sockets::NetBackend>>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder::new()
    }
}

impl WasiCtxBuilder {
    /// A builder with the defaults listed above.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Box::new(Bytes::default()),
            stdout: Box::new(Discard),
            stderr: Box::new(Discard),
            wall: None,
            monotonic: None,
            random: None,
            insecure_random: None,
            insecure_seed: None,
            preopens: Vec::new(),
            net: None,
        }
    }

    /// Appends one argument (the first is the program's name, by convention).
    pub fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<S: Into<String>>(&mut self, args: impl IntoIterator<Item = S>) -> &mut Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds the environment variable `key=value`.
    pub fn env(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The guest's stdin.
    pub fn stdin(&mut self, source: impl InputSource + 'static) -> &mut Self {
        self.stdin = Box::new(source);
        self
    }

    /// The guest's stdout (a [`Callback`](crate::stdio::Callback) captures it).
    pub fn stdout(&mut self, sink: impl OutputSink + 'static) -> &mut Self {
        self.stdout = Box::new(sink);
        self
    }

    /// The guest's stderr.
    pub fn stderr(&mut self, sink: impl OutputSink + 'static) -> &mut Self {
        self.stderr = Box::new(sink);
        self
    }

    /// The process's own stdin, stdout and stderr.
    #[cfg(feature = "std")]
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.stdin(crate::stdio::Stdin).stdout(crate::stdio::Stdout).stderr(crate::stdio::Stderr)
    }

    /// The wall clock's backend.
    pub fn wall_clock(&mut self, clock: impl WallClock + 'static) -> &mut Self {
        self.wall = Some(Box::new(clock));
        self
    }

    /// The monotonic clock's backend.
    pub fn monotonic_clock(&mut self, clock: impl MonotonicClock + 'static) -> &mut Self {
        self.monotonic = Some(Box::new(clock));
        self
    }

    /// Virtual clocks for both: the wall clock starts at `wall_start`, the
    /// monotonic clock at 0, and each advances `step_nanos` per read.
    pub fn virtual_clocks(&mut self, wall_start: WallTime, step_nanos: u64) -> &mut Self {
        self.wall_clock(VirtualWallClock::new(wall_start, step_nanos))
            .monotonic_clock(VirtualMonotonicClock::new(0, step_nanos))
    }

    /// Clocks driven by fuel for both ([`FuelWallClock`](crate::clocks::FuelWallClock),
    /// [`FuelMonotonicClock`](crate::clocks::FuelMonotonicClock)): the wall
    /// clock starts at `wall_start`, the monotonic clock at 0, and both
    /// advance `nanos_per_fuel` per unit of fuel the guest consumes. Attach
    /// the same `gauge` to the store
    /// ([`Store::set_fuel_gauge`](airssys_wasm::Store::set_fuel_gauge)); the
    /// engine needs fuel configured.
    pub fn fuel_clocks(
        &mut self,
        wall_start: WallTime,
        gauge: &airssys_wasm::FuelGauge,
        nanos_per_fuel: u64,
    ) -> &mut Self {
        self.wall_clock(crate::clocks::FuelWallClock::new(wall_start, gauge.clone(), nanos_per_fuel))
            .monotonic_clock(crate::clocks::FuelMonotonicClock::new(0, gauge.clone(), nanos_per_fuel))
    }

    /// The source of `wasi:random/random` (cryptographically secure bytes,
    /// by that interface's contract: give a real entropy source).
    pub fn random(&mut self, source: RandomSource) -> &mut Self {
        self.random = Some(source);
        self
    }

    /// The source of `wasi:random/insecure`.
    pub fn insecure_random(&mut self, source: RandomSource) -> &mut Self {
        self.insecure_random = Some(source);
        self
    }

    /// The value of `wasi:random/insecure-seed`.
    pub fn insecure_seed(&mut self, seed: (u64, u64)) -> &mut Self {
        self.insecure_seed = Some(seed);
        self
    }

    /// Deterministic randomness for all three `wasi:random` interfaces:
    /// ChaCha20 seeded with `seed` (`random` and `insecure` from two
    /// streams of it). Runs repeat exactly; the bytes are not secret.
    pub fn random_seed(&mut self, seed: u64) -> &mut Self {
        let mut seeds = random::seeded(seed);
        let insecure = seeds.next_u64();
        let pair = (seeds.next_u64(), seeds.next_u64());
        self.random(seeds).insecure_random(random::seeded(insecure)).insecure_seed(pair)
    }

    /// Preopens `dir` (a [`MemoryDir`](crate::filesystem::MemoryDir), or any
    /// [`Node`](crate::filesystem::Node) directory) as `guest_path`, with
    /// `perms`. The guest reaches nothing else of the filesystem. Keep a
    /// clone of a `MemoryDir` (or use [`WasiCtx::memory_dir`]) to read
    /// what the guest wrote.
    pub fn preopen(
        &mut self,
        dir: impl crate::filesystem::Node + 'static,
        guest_path: impl Into<String>,
        perms: crate::filesystem::Perms,
    ) -> &mut Self {
        let node: alloc::sync::Arc<dyn crate::filesystem::Node> = alloc::sync::Arc::new(dir);
        self.preopens.push(crate::filesystem::Preopen { node, guest_path: guest_path.into(), perms });
        self
    }

    /// Preopens the host directory `host_path` as `guest_path` with
    /// `perms`, through cap-std: `..`, absolute paths and symlinks cannot
    /// leave it. Fails when the directory cannot be opened.
    #[cfg(all(feature = "std", unix))]
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<std::path::Path>,
        guest_path: impl Into<String>,
        perms: crate::filesystem::Perms,
    ) -> std::io::Result<&mut Self> {
        let dir = crate::filesystem::CapDir::open_ambient(host_path)?;
        Ok(self.preopen(dir, guest_path, perms))
    }

    /// The network backend of `wasi:sockets` (default:
    /// [`NoNetwork`](crate::sockets::NoNetwork), every socket call
    /// `not-supported`). Grants still decide what a guest may reach.
    pub fn network(&mut self, backend: impl crate::sockets::NetBackend + 'static) -> &mut Self {
        self.net = Some(Box::new(backend));
        self
    }

    /// The host's network ([`SystemNetwork`](crate::sockets::SystemNetwork)):
    /// real TCP and UDP sockets and name lookup, as far as grants allow.
    #[cfg(feature = "std")]
    pub fn inherit_network(&mut self) -> &mut Self {
        self.network(crate::sockets::SystemNetwork)
    }

    /// The context; the builder is left at its defaults.
    pub fn build(&mut self) -> Result<WasiCtx, BuildError> {
        let b = core::mem::take(self);
        let mut random = match b.random {
            Some(r) => r,
            None => default_random().ok_or(BuildError::NoRandomSource)?,
        };
        let insecure_seed = b.insecure_seed.unwrap_or_else(|| (random.next_u64(), random.next_u64()));
        let insecure_random = match b.insecure_random {
            Some(r) => r,
            None => random::seeded(random.next_u64()),
        };
        Ok(WasiCtx {
            args: b.args,
            env: b.env,
            stdin: b.stdin,
            stdout: b.stdout,
            stderr: b.stderr,
            wall: b.wall.unwrap_or_else(default_wall),
            monotonic: b.monotonic.unwrap_or_else(default_monotonic),
            random,
            insecure_random,
            insecure_seed,
            table: ResourceTable::new(),
            stdout_closed: false,
            stderr_closed: false,
            stdin_closed: false,
            exit: None,
            fs: crate::filesystem::FsState { preopens: b.preopens, ..Default::default() },
            net: b.net.unwrap_or_else(|| Box::new(crate::sockets::NoNetwork)),
        })
    }
}

#[cfg(feature = "std")]
fn default_random() -> Option<RandomSource> {
    Some(random::os())
}

#[cfg(not(feature = "std"))]
fn default_random() -> Option<RandomSource> {
    None
}

#[cfg(feature = "std")]
fn default_wall() -> Box<dyn WallClock> {
    Box::new(crate::clocks::SystemWallClock)
}

#[cfg(not(feature = "std"))]
fn default_wall() -> Box<dyn WallClock> {
    Box::new(VirtualWallClock::new(WallTime::default(), 1_000))
}

#[cfg(feature = "std")]
fn default_monotonic() -> Box<dyn MonotonicClock> {
    Box::new(crate::clocks::SystemMonotonicClock::default())
}

#[cfg(not(feature = "std"))]
fn default_monotonic() -> Box<dyn MonotonicClock> {
    Box::new(VirtualMonotonicClock::new(0, 1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(feature = "std"))]
    #[test]
    fn without_std_a_random_source_must_be_given() {
        assert_eq!(WasiCtx::builder().build().map(|_| ()), Err(BuildError::NoRandomSource));
        assert!(WasiCtx::builder().random_seed(3).build().is_ok());
    }

    #[test]
    fn the_same_seed_gives_the_same_insecure_seed_and_the_builder_resets() {
        let mut b = WasiCtx::builder();
        b.arg("x").random_seed(9);
        let first = b.build().unwrap();
        assert_eq!(first.args, ["x"]);
        assert!(b.random_seed(1).build().unwrap().args.is_empty(), "build leaves the builder at its defaults");
        assert_eq!(first.insecure_seed, WasiCtx::builder().random_seed(9).build().unwrap().insecure_seed);
    }
}
