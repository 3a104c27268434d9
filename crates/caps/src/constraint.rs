//! Constraints on lifted arguments, and how an argument is checked.

use crate::denial::{ConstraintDenial, Problem};
use crate::param::{ParamRef, Step};
use crate::prelude::*;
use crate::rule::Rule;
use crate::summary::summarise;
use airssys_wasm_abi::{Val, ValType};
use core::fmt;

/// A rule on one argument of a call: `path: prefix path "/data"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The argument the rule looks at.
    pub param: ParamRef,
    /// What the argument must be.
    pub rule: Rule,
}

/// The lifted arguments of one call, with their names and types.
///
/// Types are needed because a lifted `enum` or `variant` holds only its case
/// index, and a record holds its fields by position: names come from the type.
/// The three slices come straight from the function type and the lift; when
/// their lengths differ, the parameters beyond the shortest count as missing.
#[derive(Debug, Clone, Copy)]
pub struct Args<'a> {
    names: &'a [String],
    types: &'a [ValType],
    vals: &'a [Val],
}

impl<'a> Args<'a> {
    /// The arguments `vals` of parameters named `names` with types `types`.
    pub fn new(names: &'a [String], types: &'a [ValType], vals: &'a [Val]) -> Self {
        Args { names, types, vals }
    }

    /// The type and value of the parameter `step` names.
    fn param(&self, step: &Step) -> Option<(&'a ValType, &'a Val)> {
        let index = match step {
            Step::Name(n) => self.names.iter().position(|m| m == n)?,
            Step::Index(i) => *i as usize,
        };
        Some((self.types.get(index)?, self.vals.get(index)?))
    }
}

/// A failed check: what went wrong, and at which (sub)value.
type Failure<'a> = (Problem, Option<(&'a ValType, &'a Val)>);

impl Constraint {
    /// A constraint of `rule` on `param`.
    pub fn new(param: ParamRef, rule: Rule) -> Self {
        Constraint { param, rule }
    }

    /// Checks the argument this constraint names; `Err` says why it fails.
    pub fn check(&self, args: &Args<'_>) -> Result<(), ConstraintDenial> {
        self.check_inner(args).map_err(|(problem, at)| ConstraintDenial {
            param: self.param.to_string(),
            rule: self.rule.to_string(),
            value: at.map(|(t, v)| summarise(t, v)).unwrap_or_default(),
            problem,
        })
    }

    fn check_inner<'a>(&self, args: &Args<'a>) -> Result<(), Failure<'a>> {
        let mut steps = self.param.steps().iter();
        let first = steps.next().ok_or((Problem::Missing, None))?;
        let mut at = args.param(first).ok_or((Problem::Missing, None))?;
        for step in steps {
            at = see_through_some(at, "a record, tuple or variant")?;
            at = descend(at, step)?;
        }
        check_value(&self.rule, at)
    }
}

/// `some(x)` becomes `x`; `none` fails; anything else is left alone.
fn see_through_some<'a>(
    (ty, val): (&'a ValType, &'a Val),
    needs: &'static str,
) -> Result<(&'a ValType, &'a Val), Failure<'a>> {
    match (ty, val) {
        (ValType::Option(o), Val::Option(Some(x))) => Ok((o.some(), x)),
        (_, Val::Option(None)) => Err((Problem::WrongShape(needs), Some((ty, val)))),
        _ => Ok((ty, val)),
    }
}

/// One step into a record field, a tuple element or the payload of a
/// variant case (by the case's name: a value of another case is a
/// `NoMatch`, a case without payload `Missing`).
fn descend<'a>((ty, val): (&'a ValType, &'a Val), step: &Step) -> Result<(&'a ValType, &'a Val), Failure<'a>> {
    let found = match (ty, val, step) {
        (ValType::Record(r), Val::Record(fields), step) => {
            let i = match step {
                Step::Name(n) => r.fields().iter().position(|f| &f.name == n),
                Step::Index(i) => Some(*i as usize),
            };
            i.and_then(|i| Some((&r.fields().get(i)?.ty, fields.get(i)?)))
        }
        (ValType::Tuple(t), Val::Tuple(items), Step::Index(i)) => {
            t.types().get(*i as usize).zip(items.get(*i as usize))
        }
        (ValType::Tuple(_), Val::Tuple(_), Step::Name(_)) => None,
        (ValType::Variant(v), Val::Variant(i, payload), Step::Name(n)) => {
            let case = v.cases().get(*i as usize).ok_or((Problem::Missing, None))?;
            if &case.name != n {
                // Another case than the one the constraint looks into: the call is denied.
                return Err((Problem::NoMatch, Some((ty, val))));
            }
            case.ty.as_ref().zip(payload.as_deref())
        }
        _ => return Err((Problem::WrongShape("a record, tuple or variant"), Some((ty, val)))),
    };
    found.ok_or((Problem::Missing, None))
}

/// Checks one value, element by element for lists.
fn check_value<'a>(rule: &Rule, at: (&'a ValType, &'a Val)) -> Result<(), Failure<'a>> {
    let at = match rule {
        Rule::Cases(_) => at,
        _ => see_through_some(at, rule.needs())?,
    };
    if let (Some(element), Val::List(items)) = (element_type(at.0), at.1) {
        return items.iter().try_for_each(|item| check_value(rule, (element, item)));
    }
    let pass = match rule {
        Rule::Prefix(p) => string_of(at).map(|s| p.matches_prefix(s)),
        Rule::Glob(p) => string_of(at).map(|s| p.matches_glob(s)),
        Rule::IntRange { min, max } => integer_of(at.1).map(|v| Ok(*min <= v && v <= *max)),
        Rule::Cases(cases) => cases_allow(cases, at).map(Ok),
    };
    match pass {
        None => Err((Problem::WrongShape(rule.needs()), Some(at))),
        Some(Err(malformed)) => Err((Problem::Malformed(malformed), Some(at))),
        Some(Ok(false)) => Err((Problem::NoMatch, Some(at))),
        Some(Ok(true)) => Ok(()),
    }
}

fn element_type(ty: &ValType) -> Option<&ValType> {
    match ty {
        ValType::List(l) => Some(l.element()),
        ValType::FixedList(l) => Some(l.element()),
        _ => None,
    }
}

fn string_of<'a>((_, val): (&'a ValType, &'a Val)) -> Option<&'a str> {
    match val {
        Val::String(s) => Some(s),
        _ => None,
    }
}

/// Every integer kind, widened to `i128` so one range covers `s64` and `u64`.
fn integer_of(val: &Val) -> Option<i128> {
    Some(match *val {
        Val::S8(v) => v.into(),
        Val::U8(v) => v.into(),
        Val::S16(v) => v.into(),
        Val::U16(v) => v.into(),
        Val::S32(v) => v.into(),
        Val::U32(v) => v.into(),
        Val::S64(v) => v.into(),
        Val::U64(v) => v.into(),
        _ => return None,
    })
}

/// Whether the value's case is listed; `None` when the value has no cases.
fn cases_allow(cases: &[String], (ty, val): (&ValType, &Val)) -> Option<bool> {
    let listed = |name: &str| cases.iter().any(|c| c == name);
    match (ty, val) {
        (ValType::Enum(e), Val::Enum(i)) => Some(e.labels().get(*i as usize).is_some_and(|l| listed(l))),
        (ValType::Variant(v), Val::Variant(i, _)) => Some(v.cases().get(*i as usize).is_some_and(|c| listed(&c.name))),
        (ValType::Option(_), Val::Option(x)) => Some(listed(if x.is_some() { "some" } else { "none" })),
        (ValType::Result(_), Val::Result(r)) => Some(listed(if r.is_ok() { "ok" } else { "err" })),
        (_, Val::Bool(b)) => Some(listed(if *b { "true" } else { "false" })),
        (ValType::Flags(t), Val::Flags(bits)) => Some(
            (0..32).filter(|b| bits & (1 << b) != 0).all(|b| t.labels().get(b as usize).is_some_and(|l| listed(l))),
        ),
        _ => None,
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.rule)
    }
}

#[cfg(test)]
mod tests;
