//! The state of one running script: definitions, instances, and calls into
//! them. What each assertion checks lives in [`asserts`].
//!
//! Definitions and instances are kept by name and in order, so that a
//! directive whose component failed to load is scored `blocked` (or `n/a`)
//! with the cause, instead of running against a stale instance. Every call
//! into the runtime goes through [`guard`], so a panic is scored, not fatal.

use crate::guard::guard;
use crate::score::{Message, Status, dependent_reason};
use crate::values;
use airssys_wasm::{
    Component, Config, Engine, Error, ErrorKind, Instance, Linker, Store, StoreLimits, StoreLimitsBuilder, Val, ValType,
};
use airssys_wasm_component::ErrorKind as DecodeErrorKind;
use std::collections::HashMap;
use wast::token::Id;
use wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, Wat};

/// Fuel for each instantiation and each call: far more than any test of the
/// suite needs, little enough that a runaway loop ends within seconds.
pub const FUEL: u64 = 200_000_000;

/// Host memory one store may take: every memory, table and resource handle
/// table of the instance together. The suite needs a few pages; a suite
/// whose modules grow toward 4 GiB gets -1 from `memory.grow` instead of
/// taking the machine down.
pub const STORE_BYTES: usize = 256 << 20;

/// Instances (core and component together), memories and tables one store
/// may hold: far more than any test of the suite creates, few enough that
/// runaway nested instantiation fails in milliseconds.
pub const STORE_COUNT: usize = 1_000;

/// The limits of every store a script creates.
pub fn store_limits() -> StoreLimits {
    StoreLimitsBuilder::new()
        .total_bytes(STORE_BYTES)
        .instances(STORE_COUNT)
        .memories(STORE_COUNT)
        .tables(STORE_COUNT)
        .build()
}

/// The engine scripts run on: fuel-metered and store-limited
/// ([`store_limits`]), otherwise the defaults.
pub fn engine() -> Engine {
    let mut config = Config::new();
    config.fuel(FUEL).store_limits(store_limits());
    Engine::new(&config)
}

/// Why a call into the runtime did not return normally.
enum RunErr {
    Panic(String),
    Error(Error),
}

/// Runs a runtime call, catching panics.
fn run<R>(f: impl FnOnce() -> Result<R, Error>) -> Result<R, RunErr> {
    match guard(f) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(RunErr::Error(e)),
        Err(panic) => Err(RunErr::Panic(panic)),
    }
}

/// Whether the runtime said it cannot do this yet: its own `Unsupported`, or
/// the decoder's.
fn is_unsupported(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Unsupported(_) => true,
        ErrorKind::Decode(d) => matches!(d.kind(), DecodeErrorKind::Unsupported(_)),
        _ => false,
    }
}

/// The score of a runtime step that had to succeed but did not.
fn step_failed(step: &str, e: RunErr) -> Status {
    match e {
        RunErr::Panic(m) => Status::Fail(format!("panic: {m} ({step})")),
        RunErr::Error(e) if is_unsupported(&e) => Status::Blocked(format!("{step}: {e}")),
        RunErr::Error(e) if e.is_out_of_fuel() => Status::Fail(format!("{step}: ran out of fuel ({FUEL} units)")),
        RunErr::Error(e) => Status::Fail(format!("{step}: {e}")),
    }
}

/// Clips long value texts in messages.
fn clip(text: String) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        return text;
    }
    text.chars().take(MAX).collect::<String>() + "…"
}

/// A directive that others depend on and that did not succeed.
#[derive(Clone)]
struct Dep {
    what: &'static str,
    line: usize,
    status: Status,
}

impl Dep {
    /// The score of a directive that needs this one.
    fn dependent(&self) -> Status {
        dependent_reason(self.what, self.line, &self.status)
    }
}

/// An instance and the store it lives in (one store per instance: the
/// suite's components are self-contained).
struct Live {
    store: Store<()>,
    instance: Instance,
}

/// What became of a component instantiation.
enum Slot {
    Live(Box<Live>),
    Gone(Dep),
}

/// Why an invocation did not return values.
enum CallErr {
    /// Decided before the runtime was called (a missing instance, a bad argument).
    Scored(Status),
    /// The runtime's call failed.
    Run(RunErr),
}

/// The score of one directive, with the trap message of an `assert_trap`.
pub struct Verdict {
    /// The score.
    pub status: Status,
    /// For a passing `assert_trap` or rejection: the expected and the actual message.
    pub message: Option<Message>,
}

impl From<Status> for Verdict {
    fn from(status: Status) -> Self {
        Verdict { status, message: None }
    }
}

fn na(reason: &str) -> Status {
    Status::NotApplicable(reason.to_string())
}

const CORE_MODULE: &str = "a core module at the top level; the runtime runs components";

fn is_core(qw: &QuoteWat<'_>) -> bool {
    matches!(qw, QuoteWat::Wat(Wat::Module(_)) | QuoteWat::QuoteModule(..))
}

/// Encodes component text to a binary with the `wast` crate.
fn encode(qw: &mut QuoteWat<'_>) -> Result<Vec<u8>, Status> {
    match guard(|| qw.encode()) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(Status::Blocked(format!("the wast crate cannot encode this component: {}", e.message()))),
        Err(panic) => Err(Status::Fail(format!("panic: {panic} (in the wast encoder)"))),
    }
}

/// What a directive is, for the listings.
pub fn kind(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(qw) if is_core(qw) => "module",
        WastDirective::Module(_) => "component",
        WastDirective::ModuleDefinition(qw) if is_core(qw) => "module definition",
        WastDirective::ModuleDefinition(_) => "component definition",
        WastDirective::ModuleInstance { .. } => "component instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// A script being run: its definitions and instances so far.
pub struct Script<'e> {
    engine: &'e Engine,
    linker: Linker<()>,
    definitions: HashMap<String, Result<Component, Dep>>,
    last_definition: Option<Result<Component, Dep>>,
    instances: Vec<Slot>,
    named: HashMap<String, usize>,
    current: Option<usize>,
}

impl<'e> Script<'e> {
    /// An empty script on `engine`, with an empty linker.
    pub fn new(engine: &'e Engine) -> Self {
        Script {
            engine,
            linker: Linker::new(),
            definitions: HashMap::new(),
            last_definition: None,
            instances: Vec::new(),
            named: HashMap::new(),
            current: None,
        }
    }

    /// Runs directive `d`, which starts at `line`. `out_of_scope` says why its
    /// text needs a core feature wasmi lacks, if it does.
    pub fn directive(&mut self, d: WastDirective<'_>, line: usize, out_of_scope: Option<&str>) -> Verdict {
        let scope = || out_of_scope.map(na);
        match d {
            WastDirective::Module(qw) => self.component(qw, line, scope()).into(),
            WastDirective::ModuleDefinition(qw) => self.definition(qw, line, scope()).into(),
            WastDirective::ModuleInstance { instance, module, .. } => self.instance(instance, module, line).into(),
            WastDirective::AssertReturn { exec, results, .. } => self.assert_return(exec, &results, scope()).into(),
            WastDirective::AssertTrap { exec, message, .. } => self.assert_trap(exec, message, scope()),
            WastDirective::AssertExhaustion { call, message, .. } => {
                self.assert_trap(WastExecute::Invoke(call), message, scope())
            }
            WastDirective::AssertInvalid { module, message, .. } => self.assert_rejected(module, message, scope()),
            WastDirective::AssertMalformed { module, message, .. } => {
                let text_only = matches!(module, QuoteWat::QuoteComponent(..) | QuoteWat::QuoteModule(..));
                let scope = if text_only {
                    Some(na("text-only malformation: the wast text parser rejects it; the runtime never sees a binary"))
                } else {
                    scope()
                };
                self.assert_rejected(module, message, scope)
            }
            WastDirective::AssertUnlinkable { module, message, .. } => {
                self.assert_unlinkable(module, message, scope()).into()
            }
            WastDirective::Invoke(inv) => match self.call(&inv) {
                Ok(_) => Status::Pass.into(),
                Err(e) => self.call_failed(&inv, e).into(),
            },
            WastDirective::Register { .. } => Status::Blocked(
                "`register` makes an instance importable by later components; the harness links nothing".into(),
            )
            .into(),
            WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
                na("asserts on custom-section contents, which the runtime does not interpret").into()
            }
            WastDirective::AssertException { .. } => na("needs core exceptions, which wasmi does not implement").into(),
            WastDirective::AssertSuspension { .. } => {
                na("needs core stack switching, which wasmi does not implement").into()
            }
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                na("needs core threads, which wasmi does not implement").into()
            }
        }
    }

    /// Encodes and loads a component, unless it is out of scope.
    fn load(&self, qw: &mut QuoteWat<'_>, scope: Option<Status>) -> Result<Component, Status> {
        if let Some(s) = scope {
            return Err(s);
        }
        if is_core(qw) {
            return Err(na(CORE_MODULE));
        }
        let bytes = encode(qw)?;
        run(|| Component::new(self.engine, &bytes)).map_err(|e| step_failed("load", e))
    }

    /// Instantiates `c` in a store of its own, with the empty linker.
    fn instantiate_raw(&self, c: &Component) -> (Store<()>, Result<Instance, RunErr>) {
        let mut store = Store::new(self.engine, ());
        let result = run(|| self.linker.instantiate(&mut store, c));
        (store, result)
    }

    /// Instantiates `c`; every failure is a score.
    fn instantiate(&self, c: &Component) -> Result<Box<Live>, Status> {
        match self.instantiate_raw(c) {
            (store, Ok(instance)) => Ok(Box::new(Live { store, instance })),
            (_, Err(RunErr::Error(e)))
                if matches!(e.kind(), ErrorKind::UnresolvedImport(_)) && !c.ty().imports.is_empty() =>
            {
                Err(Status::Blocked(format!("instantiate: needs a host import; the harness links none ({e})")))
            }
            (_, Err(e)) => Err(step_failed("instantiate", e)),
        }
    }

    /// Records an instantiation's result as the current instance (and under its name).
    fn push_instance(
        &mut self,
        name: Option<Id<'_>>,
        what: &'static str,
        line: usize,
        r: Result<Box<Live>, Status>,
    ) -> Status {
        let (status, slot) = match r {
            Ok(live) => (Status::Pass, Slot::Live(live)),
            Err(s) => (s.clone(), Slot::Gone(Dep { what, line, status: s })),
        };
        let index = self.instances.len();
        self.instances.push(slot);
        if let Some(id) = name {
            self.named.insert(id.name().to_string(), index);
        }
        self.current = Some(index);
        status
    }

    /// `(component ...)`: define and instantiate.
    fn component(&mut self, mut qw: QuoteWat<'_>, line: usize, scope: Option<Status>) -> Status {
        let name = qw.name();
        let r = self.load(&mut qw, scope).and_then(|c| self.instantiate(&c));
        self.push_instance(name, "component", line, r)
    }

    /// `(component definition $C ...)`: define only.
    fn definition(&mut self, mut qw: QuoteWat<'_>, line: usize, scope: Option<Status>) -> Status {
        let name = qw.name();
        let (status, def) = match self.load(&mut qw, scope) {
            Ok(c) => (Status::Pass, Ok(c)),
            Err(s) => (s.clone(), Err(Dep { what: "component definition", line, status: s })),
        };
        if let Some(id) = name {
            self.definitions.insert(id.name().to_string(), def.clone());
        }
        self.last_definition = Some(def);
        status
    }

    /// `(component instance $i $C)`: instantiate a definition.
    fn instance(&mut self, instance: Option<Id<'_>>, module: Option<Id<'_>>, line: usize) -> Status {
        let def = match module {
            Some(id) => self.definitions.get(id.name()).cloned(),
            None => self.last_definition.clone(),
        };
        let r = match def {
            None => Err(Status::Fail(match module {
                Some(id) => format!("no component definition named `${}` precedes this directive", id.name()),
                None => "no component definition precedes this directive".to_string(),
            })),
            Some(Err(dep)) => Err(dep.dependent()),
            Some(Ok(c)) => self.instantiate(&c),
        };
        self.push_instance(instance, "component instance", line, r)
    }

    /// Invokes an export of an instance with the script's arguments.
    fn call(&mut self, inv: &WastInvoke<'_>) -> Result<Vec<(Val, ValType)>, CallErr> {
        let scored = |s: String| CallErr::Scored(Status::Fail(s));
        let index = match inv.module {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| scored(format!("no instance named `${}` precedes this directive", id.name())))?,
            None => self.current.ok_or_else(|| scored("no component instance precedes this directive".into()))?,
        };
        let live = match self.instances.get_mut(index) {
            Some(Slot::Live(live)) => live,
            Some(Slot::Gone(dep)) => return Err(CallErr::Scored(dep.dependent())),
            None => return Err(scored("harness: an instance index is out of range".into())),
        };
        let name = inv.name;
        let func = match guard(|| live.instance.get_func(&live.store, name)) {
            Ok(Ok(f)) => f,
            Ok(Err(_)) => return Err(scored(format!("the instance exports no function `{name}`"))),
            Err(panic) => return Err(CallErr::Run(RunErr::Panic(panic))),
        };
        let ty = run(|| func.ty(&live.store)).map_err(CallErr::Run)?;
        let params = ty.params().types();
        if params.len() != inv.args.len() {
            let (want, got) = (params.len(), inv.args.len());
            return Err(scored(format!("`{name}` takes {want} parameter(s); the script passes {got}")));
        }
        let args = inv
            .args
            .iter()
            .zip(params)
            .enumerate()
            .map(|(i, (a, t))| values::arg_to_val(a, t).map_err(|m| scored(format!("argument {i} of `{name}`: {m}"))))
            .collect::<Result<Vec<Val>, CallErr>>()?;
        let result_types = ty.results().types().to_vec();
        let mut results = vec![Val::Bool(false); result_types.len()];
        run(|| {
            live.store.set_fuel(FUEL)?;
            func.call(&mut live.store, &args, &mut results)
        })
        .map_err(CallErr::Run)?;
        Ok(results.into_iter().zip(result_types).collect())
    }

    /// The score of an invocation that had to succeed but did not.
    fn call_failed(&self, inv: &WastInvoke<'_>, e: CallErr) -> Status {
        match e {
            CallErr::Scored(s) => s,
            CallErr::Run(e) => step_failed(&format!("call `{}`", inv.name), e),
        }
    }
}

mod asserts;
