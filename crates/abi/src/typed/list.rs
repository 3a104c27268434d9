//! `list<T>` as `Vec<T>`, `[T]` and `&[T]`, and references to any lowerable type.

use super::{ComponentType, Lift, Lower, Shape};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter};
use crate::memory::Memory;
use crate::prelude::*;
use crate::trap::Trap;

/// `store_list_into_range` for a typed slice: returns `(ptr, len)`.
fn store_slice<T: Lower, M: Memory + ?Sized>(cx: &mut LowerContext<'_, M>, items: &[T]) -> Result<(u32, u32), Trap> {
    let ptr = cx.allocate_list(items.len(), T::SIZE32, T::ALIGN32)?;
    T::store_list(items, cx, ptr)?;
    // allocate_list bounded the byte length by 2^28, so the count fits.
    Ok((ptr, items.len() as u32))
}

/// `load_list_from_range` for a typed element.
fn load_vec<T: Lift>(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<T>, Trap> {
    cx.list_bytes(ptr, len, T::SIZE32, T::ALIGN32)?;
    T::load_list(cx, ptr, len)
}

impl<T: ComponentType> ComponentType for [T] {
    const SIZE32: u32 = 8;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 2;
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}

impl<T: Lower> Lower for [T] {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        let (ptr, len) = store_slice(cx, self)?;
        dst.push_i32(ptr)?;
        dst.push_i32(len)
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let (begin, len) = store_slice(cx, self)?;
        cx.write(ptr, &begin.to_le_bytes())?;
        cx.write(ptr + 4, &len.to_le_bytes())
    }
}

impl<T: ComponentType> ComponentType for Vec<T> {
    const SIZE32: u32 = 8;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 2;
    const SHAPE: &'static Shape = <[T]>::SHAPE;
}

impl<T: Lower> Lower for Vec<T> {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        self.as_slice().lower_flat(cx, dst)
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        self.as_slice().store(cx, ptr)
    }
}

impl<T: Lift> Lift for Vec<T> {
    #[inline]
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        let (ptr, len) = (src.next_i32()?, src.next_i32()?);
        load_vec(cx, ptr, len)
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        let (begin, len) = (cx.read_u32(ptr)?, cx.read_u32(ptr + 4)?);
        load_vec(cx, begin, len)
    }
}

impl<T: ComponentType + ?Sized> ComponentType for &T {
    const SIZE32: u32 = T::SIZE32;
    const ALIGN32: u32 = T::ALIGN32;
    const FLAT_COUNT: usize = T::FLAT_COUNT;
    /// Beneath a reference nothing can be given away: shared from here on.
    const SHAPE: &'static Shape = &Shape::Shared(T::SHAPE);
}

impl<T: Lower + ?Sized> Lower for &T {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        (**self).lower_flat(cx, dst)
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        (**self).store(cx, ptr)
    }
}
