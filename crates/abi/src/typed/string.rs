//! `string` as `String`, `str` and `&str`.

use super::{ComponentType, Lift, Lower, Shape};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter};
use crate::memory::Memory;
use crate::prelude::*;
use crate::string::{load_string, store_str};
use crate::trap::Trap;
use crate::types::ValType;

impl ComponentType for str {
    const SIZE32: u32 = 8;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 2;
    const SHAPE: &'static Shape = &Shape::Exact(ValType::String);
}

impl Lower for str {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        let (ptr, len) = store_str(cx, self)?;
        dst.push_i32(ptr)?;
        dst.push_i32(len)
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let (begin, len) = store_str(cx, self)?;
        cx.write(ptr, &begin.to_le_bytes())?;
        cx.write(ptr + 4, &len.to_le_bytes())
    }
}

impl ComponentType for String {
    const SIZE32: u32 = str::SIZE32;
    const ALIGN32: u32 = str::ALIGN32;
    const FLAT_COUNT: usize = str::FLAT_COUNT;
    const SHAPE: &'static Shape = str::SHAPE;
}

impl Lower for String {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        self.as_str().lower_flat(cx, dst)
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        self.as_str().store(cx, ptr)
    }
}

impl Lift for String {
    #[inline]
    fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        let (ptr, len) = (src.next_i32()?, src.next_i32()?);
        Ok(load_string(cx, ptr, len)?.into_text())
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        let (begin, len) = (cx.read_u32(ptr)?, cx.read_u32(ptr + 4)?);
        Ok(load_string(cx, begin, len)?.into_text())
    }
}
