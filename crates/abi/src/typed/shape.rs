//! [`Shape`]: what a Rust type stands for, as static data.
//!
//! Every [`ComponentType`](super::ComponentType) names its shape in a
//! constant, and one shared walk checks a shape against a component type
//! and holds its resource handles to their types. A type's check is then a
//! few words of read-only data instead of code compiled for every type and
//! every parameter list (on a microcontroller that code was most of what
//! typed host functions cost; see `no_std-tests/FOOTPRINT.md`).
//!
//! ```
//! use airssys_wasm_abi::ValType;
//! use airssys_wasm_abi::typed::ComponentType;
//!
//! let shape = <(u32, Vec<String>)>::SHAPE;
//! shape.check_list(&[ValType::U32, ValType::list(ValType::String)])?;
//! assert!(shape.check_list(&[ValType::U32]).is_err());
//! # Ok::<(), airssys_wasm_abi::TypeError>(())
//! ```

use super::{HandleCheck, HandleClaim};
use crate::prelude::*;
use crate::types::{TypeError, ValType};
use alloc::borrow::Cow;

/// What a Rust type can represent, for its check against a component type.
#[derive(Debug)]
pub enum Shape {
    /// A scalar or `string`: exactly this component type (only these, which
    /// carry no parameters, are compared by kind).
    Exact(ValType),
    /// `list<T>`.
    List(&'static Shape),
    /// `option<T>`.
    Option(&'static Shape),
    /// `result<T, E>`; [`Shape::Unit`] stands for an absent payload.
    Result(&'static Shape, &'static Shape),
    /// A Rust tuple: a `tuple`, or a `record` matched by position; as a
    /// parameter or result list, the list's values.
    Tuple(&'static [&'static Shape]),
    /// `()`: an absent payload, or an empty parameter or result list.
    Unit,
    /// A record, variant, enum or flags type derived with
    /// `#[derive(ComponentType)]`, matched by name.
    Derived(&'static Derived),
    /// An `own` or `borrow` handle; the function says what resource the
    /// Rust type claims it is.
    Handle(fn() -> HandleClaim),
    /// `&T`: as `T`, but no owning handle beneath it can be given away.
    Shared(&'static Shape),
}

/// A derived record, variant, enum or flags type. Made with
/// [`Derived::new`], which also names the check of derived types: a
/// program without derived types does not link that code.
#[derive(Debug)]
pub struct Derived {
    /// Which of the four it is.
    pub kind: DerivedKind,
    /// The Rust type's name, for errors.
    pub rust_type: &'static str,
    /// Its fields, cases or labels, in order.
    pub parts: &'static [Part],
    /// [`Derived::check`], through a pointer that only derived types' data holds.
    check: DerivedCheck,
}

/// The check of a derived type against `ty`, with the walk of its parts'
/// shapes.
type DerivedCheck =
    fn(&Derived, &ValType, &mut dyn FnMut(&Shape, &ValType) -> Result<(), TypeError>) -> Result<(), TypeError>;

/// The kind of a [`Derived`] type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedKind {
    /// `record`: the parts are fields, each with a shape.
    Record,
    /// `variant`: the parts are cases, with a shape where they carry a payload.
    Variant,
    /// `enum`: the parts are labels.
    Enum,
    /// `flags`: the parts are labels.
    Flags,
}

impl DerivedKind {
    /// The WIT keyword, and the word for one part.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            DerivedKind::Record => ("record", "field"),
            DerivedKind::Variant => ("variant", "case"),
            DerivedKind::Enum => ("enum", "label"),
            DerivedKind::Flags => ("flags", "label"),
        }
    }
}

/// A field, case or label of a [`Derived`] type.
#[derive(Debug)]
pub struct Part {
    /// The Rust name (field or variant identifier).
    pub rust: &'static str,
    /// The WIT name it must have.
    pub wit: &'static str,
    /// The field's type or the case's payload; `None` for a case without a
    /// payload and for labels.
    pub shape: Option<&'static Shape>,
}

fn mismatch(expected: impl Into<Cow<'static, str>>, found: impl ToString) -> TypeError {
    TypeError::Mismatch { expected: expected.into(), found: found.to_string() }
}

fn counted(n: usize, one: &str) -> String {
    if n == 1 { format!("{n} {one}") } else { format!("{n} {one}s") }
}

/// One walk of a shape against a component type: [`Shape::check`] walks
/// without `handles`, [`Shape::check_handles`] with them (one walk for
/// both: on a microcontroller, half the code).
struct Walk<'a, 'b> {
    /// Where each handle goes, with what the Rust type claims of it.
    handles: Option<&'a mut HandleCheck<'b>>,
    /// Beneath a reference (`&T`).
    shared: bool,
}

impl Walk<'_, '_> {
    /// Runs `f` with `shared` set, then restores it.
    fn shared<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let before = core::mem::replace(&mut self.shared, true);
        let out = f(self);
        self.shared = before;
        out
    }
}

impl Shape {
    /// Checks that a Rust type of this shape represents the component type `ty`.
    pub fn check(&self, ty: &ValType) -> Result<(), TypeError> {
        self.walk(ty, &mut Walk { handles: None, shared: false })
    }

    /// Checks this shape as an optional payload (of a `result` case): only
    /// [`Shape::Unit`] matches an absent payload.
    pub fn check_payload(&self, ty: Option<&ValType>) -> Result<(), TypeError> {
        self.walk_payload(ty, &mut Walk { handles: None, shared: false })
    }

    /// Checks a parameter or result list, position by position: a tuple
    /// against its values, `()` against none.
    pub fn check_list(&self, types: &[ValType]) -> Result<(), TypeError> {
        self.walk_list(types, &mut Walk { handles: None, shared: false })
    }

    /// Reports every resource handle of this shape in `ty` (which
    /// [`Shape::check`] accepted) to `check`; `shared` is true beneath a
    /// reference.
    pub fn check_handles(&self, ty: &ValType, shared: bool, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        self.walk(ty, &mut Walk { handles: Some(check), shared })
    }

    /// [`Shape::check_handles`] for a parameter or result list (already
    /// accepted by [`Shape::check_list`]), position by position.
    pub fn check_handles_list(&self, types: &[ValType], check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        self.walk_list(types, &mut Walk { handles: Some(check), shared: false })
    }

    fn walk(&self, ty: &ValType, cx: &mut Walk<'_, '_>) -> Result<(), TypeError> {
        match (self, ty) {
            // Scalars and `string` only: equal kinds are equal types.
            (Shape::Exact(want), ty) if core::mem::discriminant(want) == core::mem::discriminant(ty) => Ok(()),
            (Shape::Exact(want), ty) => Err(mismatch(want.to_string(), ty)),
            (Shape::List(element), ValType::List(t)) => element.walk(t.element(), cx),
            (Shape::Option(some), ValType::Option(t)) => some.walk(t.some(), cx),
            (Shape::Result(ok, err), ValType::Result(t)) => {
                ok.walk_payload(t.ok(), cx)?;
                err.walk_payload(t.err(), cx)
            }
            (Shape::Tuple(_), ValType::Tuple(t)) => self.walk_list(t.types(), cx),
            (Shape::Tuple(elements), ValType::Record(r)) => {
                let fields = r.fields();
                if fields.len() != elements.len() {
                    return Err(mismatch(
                        format!("a record of {}", counted(elements.len(), "field")),
                        counted(fields.len(), "field"),
                    ));
                }
                elements.iter().zip(fields).try_for_each(|(e, f)| e.walk(&f.ty, cx))
            }
            (Shape::Derived(derived), ty) => (derived.check)(derived, ty, &mut |shape, ty| shape.walk(ty, cx)),
            (Shape::Handle(claim), ValType::Own(_) | ValType::Borrow(_)) => match &mut cx.handles {
                Some(check) => check(ty, claim(), cx.shared),
                None => Ok(()),
            },
            (Shape::Shared(inner), ty) => cx.shared(|cx| inner.walk(ty, cx)),
            (shape, ty) => Err(mismatch(shape.expects(), ty)),
        }
    }

    /// What a shape of the wrong kind of component type expected, for errors.
    fn expects(&self) -> &'static str {
        match self {
            Shape::List(_) => "list",
            Shape::Option(_) => "option",
            Shape::Result(..) => "result",
            Shape::Tuple(_) => "tuple or record",
            Shape::Unit => "no value",
            Shape::Handle(_) => "own or borrow handle",
            Shape::Exact(_) | Shape::Derived(_) | Shape::Shared(_) => "another type",
        }
    }

    fn walk_payload(&self, ty: Option<&ValType>, cx: &mut Walk<'_, '_>) -> Result<(), TypeError> {
        match (self, ty) {
            (Shape::Shared(inner), ty) => cx.shared(|cx| inner.walk_payload(ty, cx)),
            (Shape::Unit, None) => Ok(()),
            (_, None) => Err(mismatch("a payload", "no payload")),
            (shape, Some(ty)) => shape.walk(ty, cx),
        }
    }

    fn walk_list(&self, types: &[ValType], cx: &mut Walk<'_, '_>) -> Result<(), TypeError> {
        match self {
            Shape::Unit => types.first().map_or(Ok(()), |ty| self.walk(ty, cx)),
            Shape::Tuple(elements) => {
                if types.len() != elements.len() {
                    return Err(mismatch(counted(elements.len(), "value"), counted(types.len(), "value")));
                }
                elements.iter().zip(types).try_for_each(|(e, ty)| e.walk(ty, cx))
            }
            shape => match types {
                [ty] => shape.walk(ty, cx),
                _ => Err(mismatch("1 value", counted(types.len(), "value"))),
            },
        }
    }
}

/// How many parts `ty` has, if it is of kind `kind`.
fn parts_in(kind: DerivedKind, ty: &ValType) -> Option<usize> {
    match (kind, ty) {
        (DerivedKind::Record, ValType::Record(r)) => Some(r.fields().len()),
        (DerivedKind::Variant, ValType::Variant(v)) => Some(v.cases().len()),
        (DerivedKind::Enum, ValType::Enum(e)) => Some(e.labels().len()),
        (DerivedKind::Flags, ValType::Flags(f)) => Some(f.labels().len()),
        _ => None,
    }
}

/// Part `i` of `ty`: its name, and its type (a field) or payload (a case).
fn part_in(ty: &ValType, i: usize) -> (&str, Option<&ValType>) {
    match ty {
        ValType::Record(r) => r.fields().get(i).map_or(("", None), |f| (f.name.as_str(), Some(&f.ty))),
        ValType::Variant(v) => v.cases().get(i).map_or(("", None), |c| (c.name.as_str(), c.ty.as_ref())),
        ValType::Enum(e) => (e.labels().get(i).map_or("", String::as_str), None),
        ValType::Flags(f) => (f.labels().get(i).map_or("", String::as_str), None),
        _ => ("", None),
    }
}

/// What a [`Derived`] type's check found wrong, made into an error out of
/// line ([`Derived::error`]): only the failing path formats.
enum Wrong<'t> {
    /// A component type of another kind.
    Kind,
    /// Another number of parts.
    Count(usize),
    /// Part `i` has another name.
    Name(usize, &'t str),
    /// Part `i`'s type or payload does not match.
    Part(usize, TypeError),
}

impl Derived {
    /// A derived type of kind `kind`, named `rust_type` in Rust, with `parts`.
    pub const fn new(kind: DerivedKind, rust_type: &'static str, parts: &'static [Part]) -> Self {
        Derived { kind, rust_type, parts, check: Derived::check }
    }

    /// Checks the kind, the number of parts, then each part's name and type
    /// (through `walk`) in order; errors name the Rust type and the part.
    fn check(
        &self,
        ty: &ValType,
        walk: &mut dyn FnMut(&Shape, &ValType) -> Result<(), TypeError>,
    ) -> Result<(), TypeError> {
        let Some(count) = parts_in(self.kind, ty) else { return Err(self.error(ty, Wrong::Kind)) };
        if count != self.parts.len() {
            return Err(self.error(ty, Wrong::Count(count)));
        }
        for (i, want) in self.parts.iter().enumerate() {
            let (name, payload) = part_in(ty, i);
            if name != want.wit {
                return Err(self.error(ty, Wrong::Name(i, name)));
            }
            let checked = match (want.shape, payload) {
                (Some(shape), Some(ty)) => walk(shape, ty),
                (Some(_), None) => Err(mismatch("a payload", "no payload")),
                (None, Some(ty)) => Err(mismatch("no payload", format!("payload {ty}"))),
                (None, None) => Ok(()),
            };
            checked.map_err(|e| self.error(ty, Wrong::Part(i, e)))?;
        }
        Ok(())
    }

    /// The error for what [`Derived::check`] found wrong in `ty`.
    #[cold]
    #[inline(never)]
    fn error(&self, ty: &ValType, wrong: Wrong<'_>) -> TypeError {
        let (keyword, one) = self.kind.words();
        let (i, error) = match wrong {
            Wrong::Kind => return mismatch(format!("{keyword} (Rust type `{}`)", self.rust_type), ty),
            Wrong::Count(count) => {
                let wit: Vec<&str> = self.parts.iter().map(|p| p.wit).collect();
                return mismatch(
                    format!(
                        "{keyword} `{}` with {} ({})",
                        self.rust_type,
                        counted(self.parts.len(), one),
                        wit.join(", ")
                    ),
                    format!("{} in {ty}", counted(count, one)),
                );
            }
            Wrong::Name(i, name) => {
                (i, mismatch(format!("{one} {i} to be named `{}`", self.parts[i].wit), format!("`{name}`")))
            }
            Wrong::Part(i, error) => (i, error),
        };
        let part = &self.parts[i];
        TypeError::InType {
            rust_type: self.rust_type,
            part: format!("{one} `{}` (WIT `{}`)", part.rust, part.wit).into(),
            error: Box::new(error),
        }
    }
}
