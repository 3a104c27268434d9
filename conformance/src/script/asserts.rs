//! What each assertion directive asserts: `assert_return`, `assert_trap`,
//! `assert_invalid`/`assert_malformed` and `assert_unlinkable`.

use super::{
    CORE_MODULE, CallErr, RunErr, Script, Verdict, clip, encode, is_core, is_unsupported, na, run, step_failed,
};
use crate::score::{Message, Status};
use crate::values;
use airssys_wasm::{Component, Val, ValType};
use wast::{QuoteWat, WastExecute, WastRet, Wat};

impl Script<'_> {
    /// `assert_return`: the call succeeds with exactly the expected values.
    pub(super) fn assert_return(
        &mut self,
        exec: WastExecute<'_>,
        expected: &[WastRet<'_>],
        scope: Option<Status>,
    ) -> Status {
        match exec {
            WastExecute::Invoke(inv) => match self.call(&inv) {
                Ok(actual) => compare(expected, &actual),
                Err(e) => self.call_failed(&inv, e),
            },
            WastExecute::Wat(w) => {
                let r = self.load(&mut QuoteWat::Wat(w), scope).and_then(|c| self.instantiate(&c));
                match (r, expected.is_empty()) {
                    (Err(s), _) => s,
                    (Ok(_), true) => Status::Pass,
                    (Ok(_), false) => Status::Fail("an instantiation has no results to compare".into()),
                }
            }
            WastExecute::Get { .. } => na("`get` reads a core global; the runtime has no core instances to read"),
        }
    }

    /// `assert_trap` (and `assert_exhaustion`): the call or instantiation traps.
    pub(super) fn assert_trap(&mut self, exec: WastExecute<'_>, message: &str, scope: Option<Status>) -> Verdict {
        let step = match &exec {
            WastExecute::Invoke(inv) => format!("call `{}`", inv.name),
            _ => "instantiate".to_string(),
        };
        let ran: Result<String, RunErr> = match exec {
            WastExecute::Invoke(inv) => match self.call(&inv) {
                Ok(vals) => {
                    let shown: Vec<String> = vals.iter().map(|(v, t)| values::show(v, t)).collect();
                    Ok(format!("the call returned [{}]", clip(shown.join(", "))))
                }
                Err(CallErr::Scored(s)) => return s.into(),
                Err(CallErr::Run(e)) => Err(e),
            },
            WastExecute::Wat(w) => match self.load(&mut QuoteWat::Wat(w), scope) {
                Err(s) => return s.into(),
                Ok(c) => self.instantiate_raw(&c).1.map(|_| "the instantiation succeeded".to_string()),
            },
            WastExecute::Get { .. } => {
                return na("`get` reads a core global; the runtime has no core instances to read").into();
            }
        };
        let e = match ran {
            Ok(what) => return Status::Fail(format!("expected a trap ({message}), but {what}")).into(),
            Err(RunErr::Error(e)) if e.is_trap() && !e.is_out_of_fuel() => e,
            Err(other) => {
                return match step_failed(&step, other) {
                    Status::Fail(r) => Status::Fail(format!("{r}; expected a trap ({message})")),
                    s => s,
                }
                .into();
            }
        };
        let trap = Message { expected: message.to_string(), actual: e.to_string() };
        Verdict { status: Status::Pass, message: Some(trap) }
    }

    /// `assert_invalid` and binary `assert_malformed`: loading fails.
    pub(super) fn assert_rejected(&self, mut module: QuoteWat<'_>, message: &str, scope: Option<Status>) -> Verdict {
        if let Some(s) = scope {
            return s.into();
        }
        if is_core(&module) {
            return na(CORE_MODULE).into();
        }
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(Status::Blocked(why)) => {
                return Status::NotApplicable(format!("{why}; the runtime never sees a binary")).into();
            }
            Err(s) => return s.into(),
        };
        let e = match run(|| Component::new(self.engine, &bytes)) {
            Ok(_) => return Status::Fail(format!("loaded a component that should be rejected ({message})")).into(),
            Err(RunErr::Panic(m)) => return Status::Fail(format!("panic: {m} (load)")).into(),
            Err(RunErr::Error(e)) => e,
        };
        if is_unsupported(&e) {
            return Status::Blocked(format!("rejected as unsupported rather than invalid ({message}): {e}")).into();
        }
        let message = Message { expected: message.to_string(), actual: e.to_string() };
        Verdict { status: Status::Pass, message: Some(message) }
    }

    /// `assert_unlinkable`: the component loads, but instantiating it fails.
    pub(super) fn assert_unlinkable(&self, module: Wat<'_>, message: &str, scope: Option<Status>) -> Status {
        let c = match self.load(&mut QuoteWat::Wat(module), scope) {
            Ok(c) => c,
            Err(Status::Fail(r)) => return Status::Fail(format!("{r}; expected a link error ({message})")),
            Err(s) => return s,
        };
        match self.instantiate_raw(&c).1 {
            Ok(_) => Status::Fail(format!("instantiated; expected a link error ({message})")),
            Err(RunErr::Error(e)) if e.is_trap() => {
                Status::Fail(format!("trapped ({e}); expected a link error ({message})"))
            }
            Err(RunErr::Error(e)) if is_unsupported(&e) => Status::Blocked(format!("instantiate: {e}")),
            Err(RunErr::Error(_)) => Status::Pass,
            Err(RunErr::Panic(m)) => Status::Fail(format!("panic: {m} (instantiate)")),
        }
    }
}

/// Compares a call's results with the expected ones.
fn compare(expected: &[WastRet<'_>], actual: &[(Val, ValType)]) -> Status {
    if expected.len() != actual.len() {
        return Status::Fail(format!("expected {} result(s); the function returned {}", expected.len(), actual.len()));
    }
    for (i, (ret, (val, ty))) in expected.iter().zip(actual).enumerate() {
        let want = match values::ret_to_val(ret, ty) {
            Ok(v) => v,
            Err(m) => return Status::Fail(format!("expected result {i} does not fit the function's result type: {m}")),
        };
        if !values::same(&want, val) {
            let (want, got) = (clip(values::show(&want, ty)), clip(values::show(val, ty)));
            return Status::Fail(format!("result {i}: expected {want}, got {got}"));
        }
    }
    Status::Pass
}
