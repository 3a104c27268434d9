//! `--stub-import 'iface#func=VALUE'`: an imported function answered by a
//! host function that returns a fixed WAVE value (and nothing for a function
//! without result, written `iface#func`). For demos and tests: the CLI grants
//! no real imports until capabilities exist. Each call is traced on stderr.

use crate::error::CliError;
use crate::wave;
use airssys_wasm::{ComponentType, Error, ExternType, FuncType, Linker, StoreContextMut, Val};
use std::io::Write;
use std::sync::Arc;

/// A parsed `--stub-import`, checked against the component's imports.
#[derive(Debug)]
pub struct Stub {
    /// The flag as written, for messages.
    spec: String,
    /// The imported instance, or `None` for a function imported by itself.
    instance: Option<String>,
    /// The function's name.
    func: String,
    /// The function's type, as the component imports it.
    ty: Arc<FuncType>,
    /// What every call returns.
    value: Option<Val>,
}

impl Stub {
    /// Parses `spec` (`iface#func=VALUE`, `func=VALUE`, or without
    /// `=VALUE` for a function without result) against `imports`.
    pub fn parse(spec: &str, imports: &ComponentType) -> Result<Self, CliError> {
        let fail = |why: String| CliError::usage(format!("--stub-import `{spec}`: {why}"));
        let (target, value) = match spec.split_once('=') {
            Some((target, value)) => (target.trim(), Some(value)),
            None => (spec.trim(), None),
        };
        let (instance, func) = match target.rsplit_once('#') {
            Some((instance, func)) => (Some(instance), func),
            None => (None, target),
        };
        let ty = imported_func(imports, instance, func).ok_or_else(|| {
            fail(format!("the component imports no function `{target}`; {}", imported_funcs(imports)))
        })?;
        let value = match (ty.result(), value) {
            (Some(result), Some(text)) => {
                Some(wave::parse_value(text, result).map_err(|e| fail(format!("invalid value: {e}")))?)
            }
            (None, None) => None,
            (Some(result), None) => {
                return Err(fail(format!("`{target}` returns `{result}`: write `{target}=VALUE`")));
            }
            (None, Some(_)) => return Err(fail(format!("`{target}` returns nothing: write `{target}` alone"))),
        };
        Ok(Stub { spec: spec.to_string(), instance: instance.map(str::to_string), func: func.to_string(), ty, value })
    }

    /// Defines the stub in `linker`.
    pub fn define<T: 'static>(self, linker: &mut Linker<T>) -> Result<(), CliError> {
        let fail = |e: Error| CliError::usage(format!("--stub-import `{}`: {e}", self.spec));
        let name = match &self.instance {
            Some(instance) => format!("{instance}#{}", self.func),
            None => self.func.clone(),
        };
        let (ty, value) = (self.ty.clone(), self.value.clone());
        let host = move |_: StoreContextMut<'_, T>, params: &[Val], results: &mut [Val]| {
            trace(&name, &ty, params, value.as_ref());
            if let (Some(slot), Some(value)) = (results.first_mut(), &value) {
                *slot = value.clone();
            }
            Ok(())
        };
        match &self.instance {
            Some(instance) => linker.instance(instance).and_then(|mut i| i.func_new(&self.func, host)),
            None => linker.root().func_new(&self.func, host),
        }
        .map_err(fail)
    }
}

/// The type of function `func`, imported by itself or from `instance`.
fn imported_func(imports: &ComponentType, instance: Option<&str>, func: &str) -> Option<Arc<FuncType>> {
    let lookup = |name: &str| imports.imports.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    let ty = match instance {
        Some(instance) => match lookup(instance)? {
            ExternType::Instance(t) => t.export(func)?,
            _ => return None,
        },
        None => lookup(func)?,
    };
    match ty {
        ExternType::Func(f) => Some(f.clone()),
        _ => None,
    }
}

/// The imported functions, named as `--stub-import` names them.
fn imported_funcs(imports: &ComponentType) -> String {
    let mut names = Vec::new();
    for (name, ty) in &imports.imports {
        match ty {
            ExternType::Func(_) => names.push(name.clone()),
            ExternType::Instance(t) => {
                let funcs = t.exports().iter().filter(|(_, t)| matches!(t, ExternType::Func(_)));
                names.extend(funcs.map(|(f, _)| format!("{name}#{f}")));
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return "it imports no functions".into();
    }
    format!("it imports {}", names.join(", "))
}

/// `stub: name(args) -> value` on stderr.
fn trace(name: &str, ty: &FuncType, params: &[Val], value: Option<&Val>) {
    let shown = wave::display;
    let args: Vec<String> = params.iter().zip(ty.params().types()).map(|(v, t)| shown(v, t)).collect();
    let mut line = format!("stub: {name}({})", args.join(", "));
    if let (Some(value), Some(result)) = (value, ty.result()) {
        line.push_str(" -> ");
        line.push_str(&shown(value, result));
    }
    // The trace is best effort: a closed stderr must not fail the guest's call.
    let _ = writeln!(std::io::stderr(), "{line}");
}
