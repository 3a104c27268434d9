//! Integers, floats, `bool` and `char`: one flat value each, and bulk copies
//! for lists of them.

use super::{ComponentType, Lift, Lower, Plain, Shape};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter, canonical_f32, canonical_f64, char_from_i32};
use crate::host_alloc::vec_for;
use crate::memory::Memory;
use crate::prelude::*;
use crate::trap::Trap;
use crate::types::ValType;

/// The bytes of a checked list region (`load_list` is only called after
/// `list_bytes` checked and charged it).
fn region<'a>(cx: &LiftContext<'a>, ptr: u32, len: u32, size: u32) -> Result<&'a [u8], Trap> {
    cx.slice(ptr, u64::from(len) * u64::from(size))
}

/// The `ComponentType` of a scalar: its size is its alignment, one flat value.
macro_rules! scalar_type {
    ($ty:ty, $vt:ident, $size:literal, $kind:literal) => {
        impl ComponentType for $ty {
            const SIZE32: u32 = $size;
            const ALIGN32: u32 = $size;
            const FLAT_COUNT: usize = 1;
            const SHAPE: &'static Shape = &Shape::Exact(ValType::$vt);
        }
    };
}

/// Integers and floats: `$to_flat` turns a value into raw flat bits,
/// `$from_flat` turns raw bits back; memory holds the little-endian bytes of
/// `$to_mem(value)` / `$from_mem(bytes)`.
macro_rules! number {
    ($($ty:ty => $vt:ident, $size:literal, $kind:literal,
        flat: |$v:ident| $to_flat:expr, |$r:ident| $from_flat:expr,
        mem: |$m:ident| $to_mem:expr, |$b:ident| $from_mem:expr;)*) => {$(
        scalar_type!($ty, $vt, $size, $kind);

        impl Lower for $ty {
            #[inline]
            fn lower_flat<M: Memory + ?Sized>(&self, _cx: &mut LowerContext<'_, M>, dst: &mut FlatWriter<'_>) -> Result<(), Trap> {
                let $v = *self;
                dst.push($to_flat)
            }
            #[inline]
            fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
                let $m = *self;
                cx.write(ptr, &$to_mem.to_le_bytes())
            }
            fn store_list<M: Memory + ?Sized>(items: &[Self], cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
                let dst = cx.slice_mut(ptr, items.len() as u64 * $size)?;
                for (chunk, &$m) in dst.chunks_exact_mut($size).zip(items) {
                    chunk.copy_from_slice(&$to_mem.to_le_bytes());
                }
                Ok(())
            }
        }

        impl Lift for $ty {
            #[inline]
            fn lift_flat(_cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
                let $r = src.next_raw()?;
                Ok($from_flat)
            }
            #[inline]
            fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
                let $b = cx.array::<$size>(ptr)?;
                Ok($from_mem)
            }
            fn load_list(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<Self>, Trap> {
                let bytes = region(cx, ptr, len, $size)?;
                let mut items = vec_for(len as usize)?;
                items.extend(bytes.chunks_exact($size).map(|c| {
                    let mut $b = [0u8; $size];
                    $b.copy_from_slice(c);
                    $from_mem
                }));
                Ok(items)
            }
        }

        impl Plain for $ty {
            #[inline]
            fn put(self, out: &mut [u8]) {
                let $m = self;
                out[..$size].copy_from_slice(&$to_mem.to_le_bytes());
            }
            #[inline]
            fn get(bytes: &[u8]) -> Result<Self, Trap> {
                let mut $b = [0u8; $size];
                $b.copy_from_slice(&bytes[..$size]);
                Ok($from_mem)
            }
        }
    )*};
}

number! {
    i8 => S8, 1, "s8", flat: |v| v as i32 as u32 as u64, |r| r as i8, mem: |m| m, |b| i8::from_le_bytes(b);
    u16 => U16, 2, "u16", flat: |v| u64::from(v), |r| r as u16, mem: |m| m, |b| u16::from_le_bytes(b);
    i16 => S16, 2, "s16", flat: |v| v as i32 as u32 as u64, |r| r as i16, mem: |m| m, |b| i16::from_le_bytes(b);
    u32 => U32, 4, "u32", flat: |v| u64::from(v), |r| r as u32, mem: |m| m, |b| u32::from_le_bytes(b);
    i32 => S32, 4, "s32", flat: |v| v as u32 as u64, |r| r as i32, mem: |m| m, |b| i32::from_le_bytes(b);
    u64 => U64, 8, "u64", flat: |v| v, |r| r, mem: |m| m, |b| u64::from_le_bytes(b);
    i64 => S64, 8, "s64", flat: |v| v as u64, |r| r as i64, mem: |m| m, |b| i64::from_le_bytes(b);
    f32 => F32, 4, "f32", flat: |v| u64::from(canonical_f32(v).to_bits()), |r| canonical_f32(f32::from_bits(r as u32)),
        mem: |m| canonical_f32(m).to_bits(), |b| canonical_f32(f32::from_le_bytes(b));
    f64 => F64, 8, "f64", flat: |v| canonical_f64(v).to_bits(), |r| canonical_f64(f64::from_bits(r)),
        mem: |m| canonical_f64(m).to_bits(), |b| canonical_f64(f64::from_le_bytes(b));
}

// `u8` gets true bulk copies: its memory form is its own bytes.
scalar_type!(u8, U8, 1, "u8");

impl Lower for u8 {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        _cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        dst.push_i32(u32::from(*self))
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        cx.write(ptr, &[*self])
    }
    fn store_list<M: Memory + ?Sized>(items: &[Self], cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        cx.write(ptr, items)
    }
}

impl Lift for u8 {
    #[inline]
    fn lift_flat(_cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        Ok(src.next_i32()? as u8)
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        cx.read_u8(ptr)
    }
    fn load_list(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<Self>, Trap> {
        crate::host_alloc::copy(region(cx, ptr, len, 1)?)
    }
}

impl Plain for u8 {
    #[inline]
    fn put(self, out: &mut [u8]) {
        out[0] = self;
    }
    #[inline]
    fn get(bytes: &[u8]) -> Result<Self, Trap> {
        Ok(bytes[0])
    }
}

scalar_type!(bool, Bool, 1, "bool");

impl Plain for bool {
    #[inline]
    fn put(self, out: &mut [u8]) {
        out[0] = u8::from(self);
    }
    #[inline]
    fn get(bytes: &[u8]) -> Result<Self, Trap> {
        Ok(bytes[0] != 0)
    }
}

impl Lower for bool {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        _cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        dst.push_i32(u32::from(*self))
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        cx.write(ptr, &[u8::from(*self)])
    }
    fn store_list<M: Memory + ?Sized>(items: &[Self], cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let dst = cx.slice_mut(ptr, items.len() as u64)?;
        for (d, b) in dst.iter_mut().zip(items) {
            *d = u8::from(*b);
        }
        Ok(())
    }
}

impl Lift for bool {
    #[inline]
    fn lift_flat(_cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        Ok(src.next_i32()? != 0)
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        Ok(cx.read_u8(ptr)? != 0)
    }
    fn load_list(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<Self>, Trap> {
        let bytes = region(cx, ptr, len, 1)?;
        let mut items = vec_for(len as usize)?;
        items.extend(bytes.iter().map(|&b| b != 0));
        Ok(items)
    }
}

scalar_type!(char, Char, 4, "char");

impl Plain for char {
    #[inline]
    fn put(self, out: &mut [u8]) {
        out[..4].copy_from_slice(&u32::from(self).to_le_bytes());
    }
    #[inline]
    fn get(bytes: &[u8]) -> Result<Self, Trap> {
        char_from_i32(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}

impl Lower for char {
    #[inline]
    fn lower_flat<M: Memory + ?Sized>(
        &self,
        _cx: &mut LowerContext<'_, M>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        dst.push_i32(u32::from(*self))
    }
    #[inline]
    fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        cx.write(ptr, &u32::from(*self).to_le_bytes())
    }
    fn store_list<M: Memory + ?Sized>(items: &[Self], cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
        let dst = cx.slice_mut(ptr, items.len() as u64 * 4)?;
        for (chunk, c) in dst.chunks_exact_mut(4).zip(items) {
            chunk.copy_from_slice(&u32::from(*c).to_le_bytes());
        }
        Ok(())
    }
}

impl Lift for char {
    #[inline]
    fn lift_flat(_cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
        char_from_i32(src.next_i32()?)
    }
    #[inline]
    fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
        char_from_i32(cx.read_u32(ptr)?)
    }
    fn load_list(cx: &mut LiftContext<'_>, ptr: u32, len: u32) -> Result<Vec<Self>, Trap> {
        let bytes = region(cx, ptr, len, 4)?;
        let mut items = vec_for(len as usize)?;
        for c in bytes.chunks_exact(4) {
            items.push(char_from_i32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))?);
        }
        Ok(items)
    }
}
