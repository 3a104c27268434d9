//! Tuples of 1 to 16 elements: `tuple<…>`, `record { … }` matched by
//! position, and parameter or result lists.

use super::{ComponentList, ComponentType, HandleCheck, Lift, Lower};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatReader, FlatWriter};
use crate::layout::{align_to, max_u32};
use crate::memory::Memory;
use crate::trap::Trap;
use crate::types::{TypeError, ValType};

fn arity_mismatch(expected: &'static str, found: usize) -> TypeError {
    TypeError::Mismatch { expected, found: alloc::format!("{found} values") }
}

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

            fn typecheck(ty: &ValType) -> Result<(), TypeError> {
                match ty {
                    ValType::Tuple(t) => Self::typecheck_list(t.types()),
                    ValType::Record(r) => {
                        let fields = r.fields();
                        if fields.len() != $n {
                            return Err(arity_mismatch(concat!("a record of ", $n, " fields"), fields.len()));
                        }
                        $( $t::typecheck(&fields[$i].ty)?; )+
                        Ok(())
                    }
                    other => Err(TypeError::mismatch("tuple or record", other)),
                }
            }

            fn check_handles(ty: &ValType, shared: bool, check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
                match ty {
                    ValType::Tuple(t) => {
                        let types = t.types();
                        $( if let Some(ty) = types.get($i) { $t::check_handles(ty, shared, check)?; } )+
                        Ok(())
                    }
                    ValType::Record(r) => {
                        let fields = r.fields();
                        $( if let Some(f) = fields.get($i) { $t::check_handles(&f.ty, shared, check)?; } )+
                        Ok(())
                    }
                    _ => Ok(()),
                }
            }
        }

        impl<$($t: ComponentType),+> ComponentList for ($($t,)+) {
            fn typecheck_list(types: &[ValType]) -> Result<(), TypeError> {
                if types.len() != $n {
                    return Err(arity_mismatch(concat!($n, " values"), types.len()));
                }
                $( $t::typecheck(&types[$i])?; )+
                Ok(())
            }

            fn check_handles_list(types: &[ValType], check: &mut HandleCheck<'_>) -> Result<(), TypeError> {
                $( if let Some(ty) = types.get($i) { $t::check_handles(ty, false, check)?; } )+
                Ok(())
            }
        }

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
