//! `airssys-wasm run`: instantiate a component and call one of its exported
//! functions with WAVE arguments, printing the result in WAVE.
//!
//! The order of the steps decides which error a user sees first: the
//! invocation's syntax, then loading, then the function and its arguments
//! (checked against the component's type before anything runs), then
//! linking, then the call.

use crate::error::CliError;
use crate::load;
use crate::stub::Stub;
use crate::wasi;
use crate::wave::{self, Invocation};
use airssys_wasm::{
    Component, ComponentType, Config, Engine, Error, ErrorKind, ExternType, FuncType, Linker, Store,
    StoreLimitsBuilder, Val, ValType,
};
use airssys_wasm_wasi::{RunError, WasiCtx};
use std::path::Path;
use std::sync::Arc;

/// What to run, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'a> {
    /// The component file.
    pub file: &'a Path,
    /// The invocations, `name(args)`, run in order on one instance.
    pub invoke: &'a [String],
    /// Fuel for the store, if metered.
    pub fuel: Option<u64>,
    /// A cap on the bytes all linear memories, tables and resource handles
    /// of the store take together; [`DEFAULT_MAX_MEMORY`] when absent.
    pub max_memory: Option<usize>,
    /// `--stub-import` flags.
    pub stubs: &'a [String],
    /// `--allow` flags.
    pub allow: &'a [String],
    /// `--policy` file.
    pub policy: Option<&'a Path>,
    /// The program's arguments after the file (its `argv[0]` is the file's name).
    pub args: &'a [String],
    /// `--env` variables: the program's whole environment.
    pub env: &'a [(String, String)],
    /// `--dir` preopens.
    pub dirs: &'a [crate::dirs::DirSpec],
    /// The network flags.
    pub net: crate::net::NetFlags<'a>,
}

/// Runs the component: with `--invoke`, the invocations in order on one
/// instance (so that state, such as resources held inside the component,
/// carries from one to the next), handing each result, as WAVE text, to
/// `print` (functions without a result print nothing; every invocation is
/// parsed and checked before anything runs); without, its `wasi:cli/run`.
/// Returns the process's exit status: 0, or the WASI command's own.
pub fn run(options: &RunOptions<'_>, print: &mut dyn FnMut(String)) -> Result<u8, CliError> {
    let invocations = options
        .invoke
        .iter()
        .map(|text| Invocation::parse(text).map_err(|e| CliError::usage(format!("invalid --invoke: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let grants = crate::grants::collect(options.allow, options.policy)?;
    let engine = engine(options);
    let component = load::component(&engine, options.file)?;
    let mut calls = Vec::new();
    for invocation in &invocations {
        let name = invocation.name();
        let ty = exported_func(component.ty(), name)?;
        check_resources(name, &ty)?;
        let args = invocation
            .args(ty.param_names(), ty.params().types())
            .map_err(|e| CliError::usage(format!("invalid argument: {e}")))?;
        calls.push((name, ty, args));
    }

    let mut linker = Linker::new();
    for spec in options.stubs {
        Stub::parse(spec, component.ty())?.define(&mut linker)?;
    }
    if wasi::imports_wasi(component.ty()) {
        wasi::check_stubs(options.stubs)?;
        wasi::define(&mut linker, component.ty(), options.dirs)?;
    }
    let net_grants = crate::net::grants(&options.net, component.ty())?;
    let network = crate::net::wants_network(&net_grants) || crate::net::wants_network(&grants);
    crate::grants::apply(&mut linker, net_grants);
    crate::grants::apply(&mut linker, grants);
    let ctx = wasi::context(options.file, options.args, options.env, options.dirs, network)?;
    let mut store = Store::new(&engine, ctx);
    if calls.is_empty() {
        return command(&mut store, &component, &linker, options.file);
    }
    let instance = linker.instantiate(&mut store, &component).map_err(|e| link_error(&e, component.ty()))?;
    for (name, ty, args) in calls {
        let func = instance.get_func(&store, name).map_err(|e| {
            CliError::load(format!("the instance has no function `{name}`, although its type lists it ({e})"))
        })?;
        let mut results = vec![Val::Bool(false); ty.results().types().len()];
        let called = func.call(&mut store, &args, &mut results);
        if let Some(status) = store.data().exit_status() {
            return Ok(status);
        }
        called.map_err(|e| CliError::guest_trap(&e))?;
        if let Some((value, result)) = results.first().zip(ty.result()) {
            let text =
                wave::to_string(value, result).map_err(|e| CliError::trap(format!("cannot print the result: {e}")))?;
            print(text);
        }
    }
    Ok(0)
}

/// Runs the component's `wasi:cli/run` and returns the exit status: 0 when
/// it returns `ok`, 1 for `err`, the guest's for `wasi:cli/exit`.
fn command(
    store: &mut Store<WasiCtx>,
    component: &Component,
    linker: &Linker<WasiCtx>,
    file: &Path,
) -> Result<u8, CliError> {
    match airssys_wasm_wasi::run(store, component, linker, |ctx| ctx) {
        Ok(()) => Ok(0),
        Err(RunError::Error(e)) => Err(link_error(&e, component.ty())),
        Err(RunError::NotACommand) => Err(CliError::usage(format!(
            "`{}` exports no `wasi:cli/run`, so it is not a WASI command: call one of its functions with \
             --invoke <CALL>, CALL being `name(args)` ({})",
            file.display(),
            exported_funcs(component.ty())
        ))),
        Err(other) => other.status().ok_or_else(|| CliError::trap(other.to_string())),
    }
}

/// The store's total byte budget without `--max-memory`: 1 GiB, so that a
/// guest asking for the whole 4 GiB of a memory is refused (its
/// `memory.grow` returns -1) instead of taking the host's memory.
pub const DEFAULT_MAX_MEMORY: usize = 1 << 30;

/// An engine with the fuel and memory limits asked for: `--max-memory` (or
/// [`DEFAULT_MAX_MEMORY`]) is the store's total budget, across every memory,
/// table and resource handle table, not a cap per memory.
pub fn engine(options: &RunOptions<'_>) -> Engine {
    let mut config = Config::new();
    if let Some(fuel) = options.fuel {
        config.fuel(fuel);
    }
    let total = options.max_memory.unwrap_or(DEFAULT_MAX_MEMORY);
    config.store_limits(StoreLimitsBuilder::new().total_bytes(total).build());
    Engine::new(&config)
}

/// The type of exported function `name`: a function exported by itself, or
/// `instance#function` for one of an exported instance.
fn exported_func(ty: &ComponentType, name: &str) -> Result<Arc<FuncType>, CliError> {
    let lookup = |name: &str| ty.exports.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    let found = match name.rsplit_once('#') {
        Some((instance, func)) => match lookup(instance) {
            Some(ExternType::Instance(t)) => t.export(func),
            _ => None,
        },
        None => lookup(name),
    };
    match found {
        Some(ExternType::Func(f)) => Ok(f.clone()),
        _ => Err(CliError::usage(format!("unknown function `{name}`; {}", exported_funcs(ty)))),
    }
}

/// The exported functions, named as `--invoke` names them.
fn exported_funcs(ty: &ComponentType) -> String {
    let mut names = Vec::new();
    for (name, ty) in &ty.exports {
        match ty {
            ExternType::Func(_) => names.push(format!("`{name}`")),
            ExternType::Instance(t) => {
                let funcs = t.exports().iter().filter(|(_, t)| matches!(t, ExternType::Func(_)));
                names.extend(funcs.map(|(f, _)| format!("`{name}#{f}`")));
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return "the component exports no functions".into();
    }
    format!("the component exports {}", names.join(", "))
}

/// Refuses functions whose parameters or result hold resource handles:
/// WAVE cannot write them, so they cannot be passed in or printed.
fn check_resources(name: &str, ty: &FuncType) -> Result<(), CliError> {
    if ty.params().types().iter().chain(ty.result()).any(holds_resource) {
        return Err(CliError::usage(format!(
            "`{name}: {ty}` passes resource handles, which --invoke cannot write or print"
        )));
    }
    Ok(())
}

/// Whether a value of type `ty` can hold a resource handle.
fn holds_resource(ty: &ValType) -> bool {
    match ty {
        ValType::Own(_) | ValType::Borrow(_) => true,
        ValType::List(t) => holds_resource(t.element()),
        ValType::FixedList(t) => holds_resource(t.element()),
        ValType::Record(t) => t.fields().iter().any(|f| holds_resource(&f.ty)),
        ValType::Tuple(t) => t.types().iter().any(holds_resource),
        ValType::Variant(t) => t.cases().iter().filter_map(|c| c.ty.as_ref()).any(holds_resource),
        ValType::Option(t) => holds_resource(t.some()),
        ValType::Result(t) => t.ok().into_iter().chain(t.err()).any(holds_resource),
        _ => false,
    }
}

/// The error of a failed instantiation: a trap in a start function, or a
/// link error, with a hint at `--stub-import` for an unresolved import.
fn link_error(e: &Error, ty: &ComponentType) -> CliError {
    if e.is_trap() {
        return CliError::guest_trap(e);
    }
    let ErrorKind::UnresolvedImport(name) = e.kind() else {
        return CliError::load(e.to_string());
    };
    let stub = |func: &str, ty: &FuncType| match ty.result() {
        Some(_) => format!("--stub-import '{func}=VALUE'"),
        None => format!("--stub-import '{func}'"),
    };
    let stubs: Vec<String> = match ty.imports.iter().find(|(n, _)| n == name).map(|(_, t)| t) {
        Some(ExternType::Func(f)) => vec![stub(name, f)],
        Some(ExternType::Instance(t)) => t
            .exports()
            .iter()
            .filter_map(|(func, t)| match t {
                ExternType::Func(f) => Some(stub(&format!("{name}#{func}"), f)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let hint = match stubs.is_empty() {
        true => String::new(),
        false => format!("; stub each imported function with {}", stubs.join(" ")),
    };
    if name.starts_with("wasi:") {
        return CliError::load(format!(
            "unresolved import `{name}`: of WASI the CLI defines cli, io, clocks, random, filesystem and sockets at 0.2.x only{hint}"
        ));
    }
    CliError::load(format!("unresolved import `{name}`: the CLI defines no host functions{hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(max_memory: Option<usize>) -> RunOptions<'static> {
        RunOptions {
            file: Path::new("unused.wat"),
            invoke: &[],
            fuel: None,
            max_memory,
            stubs: &[],
            allow: &[],
            policy: None,
            args: &[],
            env: &[],
            dirs: &[],
            net: crate::net::NetFlags::default(),
        }
    }

    #[test]
    fn the_store_budget_defaults_to_1_gib_and_max_memory_replaces_it() {
        let store = Store::new(&engine(&options(None)), ());
        assert_eq!(store.limits().total_bytes(), Some(1 << 30));
        assert_eq!(store.limits().memory_size(), None);
        let store = Store::new(&engine(&options(Some(4096))), ());
        assert_eq!(store.limits().total_bytes(), Some(4096));
    }
}
