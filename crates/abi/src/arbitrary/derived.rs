//! Derived types (`#[derive(ComponentType, Lift, Lower)]`) for the typed
//! oracle: a record of scalars (bulk list path), a record with strings and
//! nested derived types, a variant, an enum and flags.

use super::typed_case::{Reflect, required};
use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use airssys_wasm_macro::{ComponentType, Lift, Lower};
use arbitrary::Arbitrary;

/// `record sample { id: u32, score: f32, flag: bool, tag: u8 }`: scalars
/// only, with two bytes of tail padding, so lists of it take the bulk path.
#[derive(ComponentType, Lift, Lower, Arbitrary, Debug, Clone, Copy, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Sample {
    id: u32,
    score: f32,
    flag: bool,
    tag: u8,
}

/// `enum level { debug, info, warn-once, error }`.
#[derive(ComponentType, Lift, Lower, Arbitrary, Debug, Clone, Copy, PartialEq)]
#[component(enum, crate = airssys_wasm_abi)]
pub enum Level {
    /// `debug`
    Debug,
    /// `info`
    Info,
    /// `warn-once`
    WarnOnce,
    /// `error`
    Error,
}

/// `flags perms { read, write-all, exec, f3 ... f8 }`: nine flags, two bytes.
#[derive(ComponentType, Lift, Lower, Arbitrary, Debug, Clone, Copy, PartialEq)]
#[component(flags, crate = airssys_wasm_abi)]
pub struct Perms {
    read: bool,
    write_all: bool,
    exec: bool,
    f3: bool,
    f4: bool,
    f5: bool,
    f6: bool,
    f7: bool,
    f8: bool,
}

/// `variant event { start, sample(sample), message(string), batch(list<sample>),
/// code(s64), ratio(f64), level(level) }`: payloads whose flat types join.
#[derive(ComponentType, Lift, Lower, Arbitrary, Debug, Clone, PartialEq)]
#[component(variant, crate = airssys_wasm_abi)]
pub enum Event {
    /// `start`
    Start,
    /// `sample(sample)`
    Sample(Sample),
    /// `message(string)`
    Message(String),
    /// `batch(list<sample>)`
    Batch(Vec<Sample>),
    /// `code(s64)`
    Code(i64),
    /// `ratio(f64)`
    Ratio(f64),
    /// `level(level)`
    Level(Level),
}

/// `record entry { name: string, type: level, perms: perms, events: list<event>, last: option<event> }`.
#[derive(ComponentType, Lift, Lower, Arbitrary, Debug, Clone, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
pub struct Entry {
    name: String,
    r#type: Level,
    perms: Perms,
    events: Vec<Event>,
    last: Option<Event>,
}

fn built(ty: Result<ValType, crate::types::TypeError>) -> Option<ValType> {
    ty.ok()
}

impl Reflect for Sample {
    fn ty() -> Option<ValType> {
        built(ValType::record([
            ("id", ValType::U32),
            ("score", ValType::F32),
            ("flag", ValType::Bool),
            ("tag", ValType::U8),
        ]))
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Record(vec![Val::U32(self.id), Val::F32(self.score), Val::Bool(self.flag), Val::U8(self.tag)]))
    }
}

impl Reflect for Level {
    fn ty() -> Option<ValType> {
        built(ValType::enumeration(["debug", "info", "warn-once", "error"]))
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Enum(*self as u32))
    }
}

impl Reflect for Perms {
    fn ty() -> Option<ValType> {
        built(ValType::flags(["read", "write-all", "exec", "f3", "f4", "f5", "f6", "f7", "f8"]))
    }
    fn val(&self) -> Option<Val> {
        let bits = [self.read, self.write_all, self.exec, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8];
        Some(Val::Flags(bits.iter().enumerate().fold(0, |acc, (i, &b)| acc | (u32::from(b) << i))))
    }
}

impl Reflect for Event {
    fn ty() -> Option<ValType> {
        built(ValType::variant([
            ("start", None),
            ("sample", Some(required::<Sample>())),
            ("message", Some(ValType::String)),
            ("batch", Some(ValType::list(required::<Sample>()))),
            ("code", Some(ValType::S64)),
            ("ratio", Some(ValType::F64)),
            ("level", Some(required::<Level>())),
        ]))
    }
    fn val(&self) -> Option<Val> {
        let (case, payload) = match self {
            Event::Start => (0, None),
            Event::Sample(s) => (1, s.val()),
            Event::Message(m) => (2, Some(Val::String(m.clone()))),
            Event::Batch(b) => (3, b.val()),
            Event::Code(c) => (4, Some(Val::S64(*c))),
            Event::Ratio(r) => (5, Some(Val::F64(*r))),
            Event::Level(l) => (6, l.val()),
        };
        Some(Val::Variant(case, payload.map(Box::new)))
    }
}

impl Reflect for Entry {
    fn ty() -> Option<ValType> {
        built(ValType::record([
            ("name", ValType::String),
            ("type", required::<Level>()),
            ("perms", required::<Perms>()),
            ("events", ValType::list(required::<Event>())),
            ("last", built(ValType::option(required::<Event>()))?),
        ]))
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Record(vec![
            Val::String(self.name.clone()),
            self.r#type.val()?,
            self.perms.val()?,
            self.events.val()?,
            self.last.val()?,
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::super::typed_case::{TypedCase, TypedShape};
    use super::*;

    fn sample(i: u32) -> Sample {
        Sample {
            id: i * 7,
            score: if i.is_multiple_of(3) { f32::NAN } else { i as f32 / 4.0 },
            flag: i.is_multiple_of(2),
            tag: i as u8,
        }
    }

    fn perms(bits: u32) -> Perms {
        let b = |i: u32| bits & (1 << i) != 0;
        Perms { read: b(0), write_all: b(1), exec: b(2), f3: b(3), f4: b(4), f5: b(5), f6: b(6), f7: b(7), f8: b(8) }
    }

    fn events() -> Vec<Event> {
        vec![
            Event::Start,
            Event::Sample(sample(3)),
            Event::Message("héllo wörld".into()),
            Event::Batch((0..5).map(sample).collect()),
            Event::Code(-1),
            Event::Ratio(f64::NAN),
            Event::Level(Level::WarnOnce),
        ]
    }

    fn check(shape: TypedShape) {
        for encoding in 0..3 {
            let case = TypedCase { shape: shape.clone(), encoding };
            assert_eq!(case.check(), Ok(()), "{case:?}");
        }
    }

    #[test]
    fn derived_values_lower_and_lift_as_the_equal_dynamic_values() {
        for (i, event) in events().into_iter().enumerate() {
            let level = [Level::Debug, Level::Info, Level::WarnOnce, Level::Error][i % 4];
            check(TypedShape::Derived(sample(i as u32), event, level, perms(0x15a >> i)));
        }
    }

    #[test]
    fn lists_of_derived_records_lower_and_lift_as_the_equal_dynamic_values() {
        let entry = |i: u32| Entry {
            name: ["", "a", "ünïcode"][i as usize % 3].into(),
            r#type: Level::Error,
            perms: perms(0x1ff ^ i),
            events: events().into_iter().skip(i as usize).collect(),
            last: events().pop(),
        };
        check(TypedShape::DerivedLists((0..100).map(sample).collect(), (0..4).map(entry).collect(), Some(entry(5))));
        check(TypedShape::DerivedLists(Vec::new(), Vec::new(), None));
    }
}
