//! Whole parameter and result lists: flattening with `MAX_FLAT_PARAMS` and
//! `MAX_FLAT_RESULTS`, and spilling to memory when they do not fit
//! (CanonicalABI.md, "Lifting and Lowering Values").

use crate::context::{LiftContext, LowerContext, check_aligned, checked_range};
use crate::flat::{FlatReader, FlatType, FlatWriter, flatten_types};
use crate::lift::{lift_flat, load_values};
use crate::lower::{lower_flat, store_values};
use crate::memory::Memory;
use crate::prelude::*;
use crate::trap::Trap;
use crate::types::{FieldsLayout, Layout, TypeError, ValType};
use crate::val::Val;

/// The types of a parameter or result list, with the layout of the tuple
/// they spill to computed once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueList {
    types: Box<[ValType]>,
    layout: FieldsLayout,
}

impl ValueList {
    /// A list of the given types; it may be empty.
    pub fn new(types: impl IntoIterator<Item = ValType>) -> Result<Self, TypeError> {
        let types: Box<[ValType]> = types.into_iter().collect();
        let layout = FieldsLayout::new(types.iter())?;
        Ok(ValueList { types, layout })
    }

    /// The types in order.
    pub fn types(&self) -> &[ValType] {
        &self.types
    }

    /// Size, alignment and flat count of the list as a tuple.
    pub fn layout(&self) -> Layout {
        self.layout.layout
    }

    /// Whether the list passes through memory when at most `max_flat` flat
    /// values are allowed.
    pub fn spills(&self, max_flat: usize) -> bool {
        self.layout.layout.flat_count as usize > max_flat
    }

    /// The flat core types the list takes when at most `max_flat` are
    /// allowed: the flattened types, or a single `i32` pointer.
    pub fn flat_types(&self, max_flat: usize) -> Vec<FlatType> {
        if self.spills(max_flat) {
            return alloc::vec![FlatType::I32];
        }
        flatten_types(self.types.iter())
    }

    /// `lower_flat_values`: lowers `vals` into `dst`. When the list spills, it
    /// is stored at `out_param` if given (results of a lowered import), or in
    /// fresh memory from `realloc` whose pointer is written to `dst`.
    pub fn lower<M: Memory + ?Sized>(
        &self,
        cx: &mut LowerContext<'_, M>,
        vals: &[Val],
        max_flat: usize,
        out_param: Option<u32>,
        dst: &mut FlatWriter<'_>,
    ) -> Result<(), Trap> {
        if vals.len() != self.types.len() {
            return Err(Trap::ValueMismatch { expected: "value list", detail: "the number of values differs" });
        }
        if !self.spills(max_flat) {
            for (ty, v) in self.types.iter().zip(vals) {
                lower_flat(cx, ty, v, dst)?;
            }
            return Ok(());
        }
        let Layout { size, align, .. } = self.layout.layout;
        let ptr = match out_param {
            Some(ptr) => {
                check_aligned(ptr, align)?;
                checked_range(ptr, u64::from(size), cx.memory().bytes().len())?;
                ptr
            }
            None => {
                let ptr = cx.allocate(align, size)?;
                dst.push_i32(ptr)?;
                ptr
            }
        };
        store_values(cx, &self.types, &self.layout, vals, ptr)
    }

    /// `lift_flat_values`: lifts the list from `flat`, or from the memory its
    /// single pointer names when the list spills. Every flat value must be used.
    pub fn lift(&self, cx: &mut LiftContext<'_>, flat: &[u64], max_flat: usize) -> Result<Vec<Val>, Trap> {
        let mut src = FlatReader::new(flat);
        let vals = if self.spills(max_flat) {
            let ptr = src.next_i32()?;
            let Layout { size, align, .. } = self.layout.layout;
            check_aligned(ptr, align)?;
            cx.slice(ptr, u64::from(size))?;
            load_values(cx, &self.types, &self.layout, ptr)?
        } else {
            let mut vals = crate::host_alloc::vec_for(self.types.len())?;
            for ty in self.types.iter() {
                vals.push(lift_flat(cx, ty, &mut src)?);
            }
            vals
        };
        if !src.is_done() {
            return Err(Trap::FlatCountMismatch);
        }
        Ok(vals)
    }
}

#[cfg(test)]
mod tests;
