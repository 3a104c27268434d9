//! Lifting and lowering typed Rust values, with no type dispatch at run time.
//!
//! A Rust type is checked once against a component type
//! ([`ComponentType::typecheck`]); after that its [`Lower`] and [`Lift`]
//! implementations know the layout from constants. Lists of scalars are
//! copied in bulk.
//!
//! | component type | Rust types |
//! |---|---|
//! | `bool` | `bool` |
//! | `s8` … `u64` | `i8` … `u64` |
//! | `f32`, `f64` | `f32`, `f64` (NaNs canonicalized) |
//! | `char` | `char` |
//! | `string` | `String`, `str` / `&str` (lower only) |
//! | `list<T>` | `Vec<T>`, `[T]` / `&[T]` (lower only) |
//! | `option<T>` | `Option<T>` |
//! | `result<T, E>` | `Result<T, E>`, with `()` for an absent payload |
//! | `tuple<…>` and `record { … }` | tuples of 1 to 16 elements, matched by position |
//! | `record`, `variant`, `enum`, `flags` | structs and enums with `#[derive(ComponentType, Lift, Lower)]` (crate `airssys-wasm-macro`), matched by name |
//! | a parameter or result list | a tuple of its types, `()` when empty |
//!
//! Lists of derived records whose fields are all scalars are copied in bulk
//! too: one bounds check for the whole list, then each field's [`Plain`]
//! encoding. The derives generate code against the public items here
//! ([`lower_case`], [`lift_case`], [`Plain`]) and the `const fn` layout
//! helpers of the crate root ([`field_end`](crate::field_end),
//! [`variant_layout`](crate::variant_layout), [`flags_size`](crate::flags_size)).
//!
//! ```
//! use airssys_wasm_abi::{BumpMemory, FlatWriter, LiftContext, LowerContext, Memory, Options, ValType, ValueList,
//!     MAX_FLAT_PARAMS};
//! use airssys_wasm_abi::typed::{self, ComponentList};
//!
//! let params = ValueList::new([ValType::String, ValType::list(ValType::U32)])?;
//! <(&str, &[u32])>::typecheck_list(params.types())?;
//!
//! let options = Options::default();
//! let mut memory = BumpMemory::new(256, 8);
//! let mut slots = [0u64; MAX_FLAT_PARAMS];
//! let mut flat = FlatWriter::new(&mut slots);
//! let mut cx = LowerContext::new(&mut memory, &options);
//! typed::lower_values(&mut cx, &("hi", &[7u32, 9][..]), MAX_FLAT_PARAMS, None, &mut flat)?;
//!
//! let mut cx = LiftContext::new(memory.bytes(), &options);
//! let (s, list): (String, Vec<u32>) = typed::lift_values(&mut cx, flat.written(), MAX_FLAT_PARAMS)?;
//! assert_eq!((s.as_str(), list.as_slice()), ("hi", &[7, 9][..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod list;
mod plain;
mod scalar;
mod shape;
mod string;
mod tuple;
mod variant;

pub use plain::Plain;
pub use shape::{Derived, DerivedKind, Part, Shape};
pub use variant::{lift_case, lower_case};

use crate::context::{LiftContext, LowerContext, check_aligned, checked_range};
use crate::flat::{FlatReader, FlatWriter};
use crate::memory::Memory;
use crate::prelude::*;
use crate::trap::Trap;
use crate::types::{TypeError, ValType};

/// The canonical ABI facts of a Rust type, and its check against a
/// component type.
pub trait ComponentType {
    /// Byte size in a 32-bit memory (`elem_size`).
    const SIZE32: u32;
    /// Byte alignment (`alignment`).
    const ALIGN32: u32;
    /// Number of flat core values (`len(flatten_type(t))`).
    const FLAT_COUNT: usize;

    /// What this Rust type can represent, as data: [`ComponentType::typecheck`]
    /// and [`ComponentType::check_handles`] walk it.
    const SHAPE: &'static Shape;

    /// Checks that this Rust type represents the component type `ty`
    /// ([`Shape::check`] of [`ComponentType::SHAPE`]).
    fn typecheck(ty: &ValType) -> Result<(), TypeError> {
        Self::SHAPE.check(ty)
    }

    /// Checks this type as an optional payload (of a `result` case); only
    /// `()` matches an absent payload.
    fn typecheck_payload(ty: Option<&ValType>) -> Result<(), TypeError> {
        Self::SHAPE.check_payload(ty)
    }

    /// Reports every resource handle this Rust type carries in `ty` (which
    /// [`ComponentType::typecheck`] accepted) to `check`, so that the layer
    /// that knows which resource type a handle's number stands for can hold
    /// it to the Rust type. `shared` is true beneath a reference (`&T`),
    /// through which an owning handle cannot be given away. Types that hold
    /// no handles report nothing.
    fn check_handles(ty: &ValType, shared: bool, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        Self::SHAPE.check_handles(ty, shared, check)
    }
}

/// The callback of [`ComponentType::check_handles`]: the handle's component
/// type (`own<R>` or `borrow<R>`), what the Rust type says of it, and
/// whether it sits beneath a reference.
pub type HandleCheck<'a> = dyn FnMut(&ValType, HandleClaim, bool) -> Result<(), TypeError> + 'a;

/// What a Rust handle type claims a handle is: the [`TypeId`] of the Rust
/// type of the resource, and its name for messages.
///
/// [`TypeId`]: core::any::TypeId
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleClaim {
    /// The Rust type the resource is kept as on the host.
    pub type_id: core::any::TypeId,
    /// That type's name (`core::any::type_name`).
    pub type_name: &'static str,
}

/// Lowering a Rust value into flat core values or memory.
pub trait Lower: ComponentType {
    /// `lower_flat`: appends this value's flat values to `dst`.
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap>;

    /// `store`: writes this value at `ptr`, which lies in bounds and is aligned.
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap>;

    /// Stores `items` one after another at `ptr` (already allocated). Scalars
    /// override this with a bulk copy.
    fn store_list<M: Memory + ?Sized>(items: &[Self], cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap>
    where
        Self: Sized,
    {
        store_each(items, cx, ptr)
    }
}

/// Lifting a Rust value out of flat core values or memory.
pub trait Lift: ComponentType + Sized {
    /// `lift_flat`: reads this value's flat values from `src`.
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap>;

    /// `load`: reads a value at `ptr`, which lies in bounds and is aligned.
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap>;

    /// Loads `len` values stored one after another at `ptr`; the range has
    /// been checked and charged. Scalars override this with a bulk copy.
    fn load_list(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<Self>, Trap> {
        load_each(cx, ptr, len)
    }
}

/// The default [`Lower::store_list`]: stores `items` one by one with
/// [`Lower::store`], at `ptr` (already allocated for the whole list).
pub fn store_each<T: Lower, M: Memory + ?Sized>(
    items: &[T],
    cx: &mut LowerContext<'_, M>,
    ptr: u32,
) -> Result<(), Trap> {
    // The caller allocated `ptr .. ptr + len * SIZE32` inside memory, so
    // every element offset fits in u32.
    for (i, item) in items.iter().enumerate() {
        item.store(cx, ptr + i as u32 * T::SIZE32)?;
    }
    Ok(())
}

/// The default [`Lift::load_list`]: loads `len` values one by one with
/// [`Lift::load`] from `ptr` (a range already checked and charged).
pub fn load_each<T: Lift>(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<T>, Trap> {
    let mut items = crate::host_alloc::vec_for(len as usize)?;
    for i in 0..len {
        items.push(T::load(cx, ptr + i * T::SIZE32)?);
    }
    Ok(items)
}

/// A Rust tuple standing for a parameter or result list.
pub trait ComponentList: ComponentType {
    /// Checks the tuple's elements against `types`, position by position.
    fn typecheck_list(types: &[ValType]) -> Result<(), TypeError> {
        Self::SHAPE.check_list(types)
    }

    /// [`ComponentType::check_handles`] for each element against `types`
    /// (already accepted by [`ComponentList::typecheck_list`]), position by
    /// position.
    fn check_handles_list(types: &[ValType], check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
        Self::SHAPE.check_handles_list(types, check)
    }
}

/// `lower_flat_values` for a typed list: flat into `dst` when it fits in
/// `max_flat` values, otherwise stored at `out_param` or in fresh memory
/// whose pointer goes to `dst`.
#[inline]
pub fn lower_values<T: Lower + ?Sized, M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    vals: &T,
    max_flat: usize,
    out_param: Option<u32>,
    dst: &mut FlatWriter<'_>,
) -> Result<(), Trap> {
    if T::FLAT_COUNT <= max_flat {
        return vals.lower_flat(cx, dst);
    }
    let ptr = match out_param {
        Some(ptr) => {
            check_aligned(ptr, T::ALIGN32)?;
            checked_range(ptr, u64::from(T::SIZE32), cx.memory().bytes().len())?;
            ptr
        }
        None => {
            let ptr = cx.allocate(T::ALIGN32, T::SIZE32)?;
            dst.push_i32(ptr)?;
            ptr
        }
    };
    vals.store(cx, ptr)
}

/// `lift_flat_values` for a typed list: from flat values, or from the memory
/// the single pointer names when the list has more than `max_flat`.
#[inline]
pub fn lift_values<T: Lift>(cx: &mut LiftContext<'_>, flat: &[u64], max_flat: usize) -> Result<T, Trap> {
    let mut src = FlatReader::new(flat);
    let v = if T::FLAT_COUNT <= max_flat {
        T::lift_flat(cx, &mut src)?
    } else {
        let ptr = src.next_i32()?;
        check_aligned(ptr, T::ALIGN32)?;
        cx.slice(ptr, u64::from(T::SIZE32))?;
        T::load(cx, ptr)?
    };
    if !src.is_done() {
        return Err(Trap::FlatCountMismatch);
    }
    Ok(v)
}

/// `store` for a typed value at any `ptr`: checks alignment and bounds first.
pub fn store<T: Lower + ?Sized, M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    val: &T,
    ptr: u32,
) -> Result<(), Trap> {
    check_aligned(ptr, T::ALIGN32)?;
    cx.slice_mut(ptr, u64::from(T::SIZE32))?;
    val.store(cx, ptr)
}

/// `load` for a typed value at any `ptr`: checks alignment and bounds first.
pub fn load<T: Lift>(cx: &mut LiftContext<'_>, ptr: u32) -> Result<T, Trap> {
    check_aligned(ptr, T::ALIGN32)?;
    cx.slice(ptr, u64::from(T::SIZE32))?;
    T::load(cx, ptr)
}

#[cfg(test)]
mod tests;
