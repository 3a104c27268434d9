//! The typed-versus-dynamic oracle: the same values lowered through the
//! typed path ([`crate::typed`]) and the dynamic path must write the same
//! flat values, bytes and `realloc` calls, and lift back the same. Derived
//! records, variants, enums and flags ([`derived`](super::derived)) are held
//! to the same bytes as the equal dynamic values.

use super::canonicalize;
use super::derived::{Entry, Event, Level, Perms, Sample};
use super::oracle::lower_fresh;
use crate::context::{LiftContext, LowerContext};
use crate::flat::FlatWriter;
use crate::layout::MAX_FLAT_PARAMS;
use crate::memory::{BumpMemory, Memory};
use crate::options::{Options, StringEncoding};
use crate::prelude::*;
use crate::typed::{self, ComponentList, Lift, Lower};
use crate::types::ValType;
use crate::val::Val;
use crate::values::ValueList;
use arbitrary::Arbitrary;

/// The component type and dynamic value of a Rust value: a small mirror of
/// the typed traits, used only by this oracle. `None` stands for `()` as an
/// absent payload.
pub(super) trait Reflect {
    fn ty() -> Option<ValType>;
    fn val(&self) -> Option<Val>;
}

macro_rules! reflect_scalar {
    ($($t:ty => $vt:ident),*) => {$(
        impl Reflect for $t {
            fn ty() -> Option<ValType> { Some(ValType::$vt) }
            fn val(&self) -> Option<Val> { Some(Val::$vt(self.clone())) }
        }
    )*};
}

reflect_scalar!(bool => Bool, i8 => S8, u8 => U8, i16 => S16, u16 => U16, i32 => S32, u32 => U32, i64 => S64,
    u64 => U64, f32 => F32, f64 => F64, char => Char, String => String);

impl Reflect for () {
    fn ty() -> Option<ValType> {
        None
    }
    fn val(&self) -> Option<Val> {
        None
    }
}

pub(super) fn required<T: Reflect>() -> ValType {
    // Only the types below are reflected; each has a component type except `()`.
    T::ty().unwrap_or(ValType::Bool)
}

impl<T: Reflect> Reflect for Vec<T> {
    fn ty() -> Option<ValType> {
        Some(ValType::list(required::<T>()))
    }
    fn val(&self) -> Option<Val> {
        Some(Val::List(self.iter().filter_map(T::val).collect()))
    }
}

impl<T: Reflect> Reflect for Option<T> {
    fn ty() -> Option<ValType> {
        ValType::option(required::<T>()).ok()
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Option(self.as_ref().and_then(T::val).map(Box::new)))
    }
}

impl<T: Reflect, E: Reflect> Reflect for Result<T, E> {
    fn ty() -> Option<ValType> {
        ValType::result(T::ty(), E::ty()).ok()
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Result(match self {
            Ok(v) => Ok(v.val().map(Box::new)),
            Err(e) => Err(e.val().map(Box::new)),
        }))
    }
}

impl<A: Reflect, B: Reflect> Reflect for (A, B) {
    fn ty() -> Option<ValType> {
        ValType::tuple([required::<A>(), required::<B>()]).ok()
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Tuple(vec![self.0.val()?, self.1.val()?]))
    }
}

/// A Rust tuple as a parameter list.
trait ReflectList {
    fn types() -> Vec<ValType>;
    fn vals(&self) -> Vec<Val>;
}

macro_rules! reflect_list {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<$($t: Reflect),+> ReflectList for ($($t,)+) {
            fn types() -> Vec<ValType> { vec![$(required::<$t>()),+] }
            fn vals(&self) -> Vec<Val> { vec![$(self.$i.val().unwrap_or(Val::Bool(false))),+] }
        }
    )*};
}

reflect_list! {
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
}

/// The shapes of Rust parameter lists the oracle exercises.
#[derive(Debug, Clone, Arbitrary)]
pub enum TypedShape {
    /// Every scalar type.
    Scalars((bool, i8, u8, i16), (u16, i32, u32, i64), (u64, f32, f64, char)),
    /// Strings alone and in lists.
    Strings(String, Vec<String>),
    /// Lists of scalars (the bulk-copy paths).
    Lists(Vec<u8>, Vec<u16>, Vec<i64>, Vec<bool>, Vec<char>),
    /// Lists of floats and an optional float (NaN canonicalization).
    Floats(Vec<f32>, Vec<f64>, Option<f32>),
    /// Options, results and tuples nested.
    Nested(Option<Vec<(u32, char)>>, Result<String, u8>, Result<(), i64>, Option<Option<u16>>),
    /// Nine strings: 18 flat values, so the list spills to memory.
    Spilled(String, String, String, String, String, String, String, String, String),
    /// Derived records, variants, enums and flags, alone and nested.
    Derived(Sample, Event, Level, Perms),
    /// Lists of derived records: of scalars (the bulk path) and nested ones.
    DerivedLists(Vec<Sample>, Vec<Entry>, Option<Entry>),
}

/// A typed parameter list and the string encoding to lower it with.
#[derive(Debug, Clone, Arbitrary)]
pub struct TypedCase {
    /// The values.
    pub shape: TypedShape,
    /// 0: utf8, 1: utf16, otherwise latin1+utf16.
    pub encoding: u8,
}

impl TypedCase {
    /// Runs the oracle; `Err` describes the first disagreement.
    pub fn check(&self) -> Result<(), String> {
        let encoding = match self.encoding % 3 {
            0 => StringEncoding::Utf8,
            1 => StringEncoding::Utf16,
            _ => StringEncoding::Latin1Utf16,
        };
        match &self.shape {
            TypedShape::Scalars(a, b, c) => {
                agree(&(first_two(a), *b, *c), encoding)?;
                agree(&(*a, *b, *c), encoding)
            }
            TypedShape::Strings(a, b) => agree(&(a.clone(), b.clone()), encoding),
            TypedShape::Lists(a, b, c, d, e) => {
                agree(&(a.clone(), b.clone(), c.clone(), d.clone(), e.clone()), encoding)
            }
            TypedShape::Floats(a, b, c) => agree(&(a.clone(), b.clone(), *c), encoding),
            TypedShape::Nested(a, b, c, d) => agree(&(a.clone(), b.clone(), *c, *d), encoding),
            TypedShape::Spilled(a, b, c, d, e, f, g, h, i) => agree(
                &(a.clone(), b.clone(), c.clone(), d.clone(), e.clone(), f.clone(), g.clone(), h.clone(), i.clone()),
                encoding,
            ),
            TypedShape::Derived(a, b, c, d) => agree(&(*a, b.clone(), *c, *d), encoding),
            TypedShape::DerivedLists(a, b, c) => agree(&(a.clone(), b.clone(), c.clone()), encoding),
        }
    }
}

/// The first two elements of a four-tuple, as a parameter of its own.
fn first_two(t: &(bool, i8, u8, i16)) -> (bool, i8) {
    (t.0, t.1)
}

impl<A: Reflect, B: Reflect, C: Reflect, D: Reflect> Reflect for (A, B, C, D) {
    fn ty() -> Option<ValType> {
        ValType::tuple([required::<A>(), required::<B>(), required::<C>(), required::<D>()]).ok()
    }
    fn val(&self) -> Option<Val> {
        Some(Val::Tuple(vec![self.0.val()?, self.1.val()?, self.2.val()?, self.3.val()?]))
    }
}

fn lower_typed<P: Lower>(p: &P, options: &Options, max_flat: usize) -> Result<(Vec<u64>, BumpMemory), String> {
    let mut memory = BumpMemory::growable(8);
    let mut slots = vec![0u64; P::FLAT_COUNT + 1];
    let mut flat = FlatWriter::new(&mut slots);
    typed::lower_values(&mut LowerContext::new(&mut memory, options), p, max_flat, None, &mut flat)
        .map_err(|t| format!("typed lowering trapped: {t}"))?;
    let flat = flat.written().to_vec();
    Ok((flat, memory))
}

fn agree<P: Lower + Lift + ComponentList + ReflectList>(p: &P, encoding: StringEncoding) -> Result<(), String> {
    let types = P::types();
    P::typecheck_list(&types).map_err(|e| format!("typecheck failed: {e}"))?;
    let list = ValueList::new(types).map_err(|e| e.to_string())?;
    let vals = p.vals();
    let expected: Vec<Val> = vals.iter().map(canonicalize).collect();
    let options = Options::new(encoding);
    for max_flat in [MAX_FLAT_PARAMS, 0] {
        let (typed_flat, typed_mem) = lower_typed(p, &options, max_flat)?;
        let (dyn_flat, dyn_mem) = lower_fresh(&list, &vals, &options, max_flat, None)?;
        if typed_flat != dyn_flat {
            return Err(format!("flat values differ: typed {typed_flat:x?}, dynamic {dyn_flat:x?}"));
        }
        if typed_mem.calls() != dyn_mem.calls() {
            return Err(format!("realloc calls differ: typed {:?}, dynamic {:?}", typed_mem.calls(), dyn_mem.calls()));
        }
        if typed_mem.bytes() != dyn_mem.bytes() {
            return Err("memory differs between the typed and dynamic paths".into());
        }
        let lifted: P = typed::lift_values(&mut LiftContext::new(typed_mem.bytes(), &options), &typed_flat, max_flat)
            .map_err(|t| format!("typed lifting trapped: {t}"))?;
        if lifted.vals() != expected {
            return Err(format!("typed round trip changed the values: {:?} != {expected:?}", lifted.vals()));
        }
        let lifted = list
            .lift(&mut LiftContext::new(dyn_mem.bytes(), &options), &dyn_flat, max_flat)
            .map_err(|t| format!("dynamic lifting trapped: {t}"))?;
        if lifted != expected {
            return Err(format!("dynamic round trip changed the values: {lifted:?} != {expected:?}"));
        }
    }
    Ok(())
}
