//! `option<T>` as `Option<T>`, `result<T, E>` as `Result<T, E>`, and `()`
//! for an absent payload or an empty list.

use super::{ComponentList, ComponentType, Lift, Lower, Shape};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter};
use crate::layout::{max_u32, max_usize, variant_layout};
use crate::memory::Memory;
use crate::trap::Trap;

impl ComponentType for () {
    const SIZE32: u32 = 0;
    const ALIGN32: u32 = 1;
    const FLAT_COUNT: usize = 0;
    const SHAPE: &'static Shape = &Shape::Unit;
}

impl ComponentList for () {}

impl Lower for () {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(&self, _: &mut LowerContext<'_, M>, _: &mut FlatWriter<'_>) -> Result<(), Trap> {
        Ok(())
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, _: &mut LowerContext<'_, M>, _: u32) -> Result<(), Trap> {
        Ok(())
    }
}

impl Lift for () {
    #[inline]
    fn lift_flat(_: &mut LiftContext<'_>, _: &mut FlatReader<'_>) -> Result<Self, Trap> {
        Ok(())
    }
    #[inline]
    fn load(_: &mut LiftContext<'_>, _: u32) -> Result<Self, Trap> {
        Ok(())
    }
}

/// Layout of a two-case variant with payloads `A` and `B`: `(size, align, payload_offset)`.
const fn two_cases<A: ComponentType, B: ComponentType>() -> (u32, u32, u32) {
    variant_layout(2, max_u32(A::SIZE32, B::SIZE32), max_u32(A::ALIGN32, B::ALIGN32))
}

/// Lowers case `index` of a variant flat: the discriminant, then `payload`'s
/// flat values, then zeros up to the variant's `flat_count` slots (pass `&()`
/// for a case without payload). Flat values are raw bit patterns (see
/// [`crate::flat`]), so a payload whose flat types differ from the joined
/// ones needs no coercion. Used by `Option`, `Result` and derived variants
/// and enums.
#[inline]
pub fn lower_case<P: Lower, M: Memory + ?Sized>(
    cx: &mut LowerContext<'_, M>,
    dst: &mut FlatWriter<'_>,
    index: u32,
    payload: &P,
    flat_count: usize,
) -> Result<(), Trap> {
    let end = dst.len() + flat_count;
    dst.push_i32(index)?;
    payload.lower_flat(cx, dst)?;
    dst.pad_to(end)
}

/// Lifts the payload `P` of a variant case whose discriminant was just read
/// from `src`, and skips the rest of the variant's `flat_count` slots (which
/// count the discriminant). Pass `()` as `P` for a case without payload.
#[inline]
pub fn lift_case<P: Lift>(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>, flat_count: usize) -> Result<P, Trap> {
    let start = src.position();
    let v = P::lift_flat(cx, src)?;
    src.skip(flat_count - 1 - (src.position() - start))?;
    Ok(v)
}

impl<T: ComponentType> ComponentType for Option<T> {
    const SIZE32: u32 = two_cases::<(), T>().0;
    const ALIGN32: u32 = two_cases::<(), T>().1;
    const FLAT_COUNT: usize = 1 + T::FLAT_COUNT;
    const SHAPE: &'static Shape = &Shape::Option(T::SHAPE);
}

impl<T: Lower> Lower for Option<T> {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        match self {
            None => lower_case(cx, dst, 0, &(), Self::FLAT_COUNT),
            Some(v) => lower_case(cx, dst, 1, v, Self::FLAT_COUNT),
        }
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        match self {
            None => cx.write(ptr, &[0]),
            Some(v) => {
                cx.write(ptr, &[1])?;
                v.store(cx, ptr + two_cases::<(), T>().2)
            }
        }
    }
}

impl<T: Lift> Lift for Option<T> {
    #[inline]
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        match src.next_i32()? {
            0 => src.skip(T::FLAT_COUNT).map(|()| None),
            1 => lift_case(cx, src, Self::FLAT_COUNT).map(Some),
            value => Err(Trap::InvalidDiscriminant { value, cases: 2 }),
        }
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        match cx.read_u8(ptr)? {
            0 => Ok(None),
            1 => T::load(cx, ptr + two_cases::<(), T>().2).map(Some),
            value => Err(Trap::InvalidDiscriminant { value: u32::from(value), cases: 2 }),
        }
    }
}

impl<T: ComponentType, E: ComponentType> ComponentType for Result<T, E> {
    const SIZE32: u32 = two_cases::<T, E>().0;
    const ALIGN32: u32 = two_cases::<T, E>().1;
    const FLAT_COUNT: usize = 1 + max_usize(T::FLAT_COUNT, E::FLAT_COUNT);
    const SHAPE: &'static Shape = &Shape::Result(T::SHAPE, E::SHAPE);
}

impl<T: Lower, E: Lower> Lower for Result<T, E> {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        match self {
            Ok(v) => lower_case(cx, dst, 0, v, Self::FLAT_COUNT),
            Err(e) => lower_case(cx, dst, 1, e, Self::FLAT_COUNT),
        }
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let payload = ptr + two_cases::<T, E>().2;
        match self {
            Ok(v) => {
                cx.write(ptr, &[0])?;
                v.store(cx, payload)
            }
            Err(e) => {
                cx.write(ptr, &[1])?;
                e.store(cx, payload)
            }
        }
    }
}

impl<T: Lift, E: Lift> Lift for Result<T, E> {
    #[inline]
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        match src.next_i32()? {
            0 => lift_case(cx, src, Self::FLAT_COUNT).map(Ok),
            1 => lift_case(cx, src, Self::FLAT_COUNT).map(Err),
            value => Err(Trap::InvalidDiscriminant { value, cases: 2 }),
        }
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        let payload = ptr + two_cases::<T, E>().2;
        match cx.read_u8(ptr)? {
            0 => T::load(cx, payload).map(Ok),
            1 => E::load(cx, payload).map(Err),
            value => Err(Trap::InvalidDiscriminant { value: u32::from(value), cases: 2 }),
        }
    }
}
