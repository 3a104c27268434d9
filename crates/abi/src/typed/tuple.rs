//! Tuples of 1 to 16 elements: `tuple<…>`, `record { … }` matched by
//! position, and parameter or result lists.

use super::{ComponentList, ComponentType, Lift, Lower, Shape};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter};
use crate::layout::{align_to, max_u32};
use crate::memory::Memory;
use crate::trap::Trap;

macro_rules! tuples {
    ($( $n:literal: ($($t:ident $i:tt),+) )*) => {$(
        impl<$($t: ComponentType),+> ComponentType for ($($t,)+) {
            const SIZE32: u32 = {
                let mut size = 0;
                $( size = align_to(size, $t::ALIGN32) + $t::SIZE32; )+
                align_to(size, Self::ALIGN32)
            };
            const ALIGN32: u32 = {
                let mut align = 1;
                $( align = max_u32(align, $t::ALIGN32); )+
                align
            };
            const FLAT_COUNT: usize = 0 $( + $t::FLAT_COUNT )+;

            const SHAPE: &'static Shape = &Shape::Tuple(&[$($t::SHAPE),+]);
        }

        impl<$($t: ComponentType),+> ComponentList for ($($t,)+) {}

        impl<$($t: Lower),+> Lower for ($($t,)+) {
            #[inline]
            fn lower_flat<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, dst: &mut FlatWriter<'_>) -> Result<(), Trap> {
                $( self.$i.lower_flat(cx, dst)?; )+
                Ok(())
            }
            #[inline]
            #[allow(unused_assignments)]
            fn store<M: Memory + ?Sized>(&self, cx: &mut LowerContext<'_, M>, ptr: u32) -> Result<(), Trap> {
                let mut offset = 0;
                $(
                    offset = align_to(offset, $t::ALIGN32);
                    self.$i.store(cx, ptr + offset)?;
                    offset += $t::SIZE32;
                )+
                Ok(())
            }
        }

        impl<$($t: Lift),+> Lift for ($($t,)+) {
            #[inline]
            fn lift_flat(cx: &mut LiftContext<'_>, src: &mut FlatReader<'_>) -> Result<Self, Trap> {
                Ok(($( $t::lift_flat(cx, src)?, )+))
            }
            #[inline]
            #[allow(unused_assignments)]
            fn load(cx: &mut LiftContext<'_>, ptr: u32) -> Result<Self, Trap> {
                let mut offset = 0;
                Ok(($({
                    offset = align_to(offset, $t::ALIGN32);
                    let v = $t::load(cx, ptr + offset)?;
                    offset += $t::SIZE32;
                    v
                },)+))
            }
        }
    )*};
}

tuples! {
    1: (A 0)
    2: (A 0, B 1)
    3: (A 0, B 1, C 2)
    4: (A 0, B 1, C 2, D 3)
    5: (A 0, B 1, C 2, D 3, E 4)
    6: (A 0, B 1, C 2, D 3, E 4, F 5)
    7: (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    8: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    9: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    10: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    11: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    12: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
    13: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, N 12)
    14: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, N 12, O 13)
    15: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, N 12, O 13, P 14)
    16: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, N 12, O 13, P 14, Q 15)
}
