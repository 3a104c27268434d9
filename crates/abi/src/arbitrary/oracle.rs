//! The round-trip and hostile-lift oracles over dynamic values.

use super::{arbitrary_encoding, arbitrary_type, arbitrary_val, canonicalize};
use crate::context::{LiftContext, LowerContext};
use crate::flat::{FlatType, FlatWriter};
use crate::layout::{MAX_FLAT_PARAMS, align_to};
use crate::memory::{BumpMemory, Memory};
use crate::options::{Limits, Options, StringEncoding};
use crate::prelude::*;
use crate::types::ValType;
use crate::val::Val;
use crate::values::ValueList;
use arbitrary::{Arbitrary, Result, Unstructured};

/// Lowers `vals` into a fresh memory; returns the flat values and the memory.
pub(super) fn lower_fresh(
    list: &ValueList,
    vals: &[Val],
    options: &Options,
    max_flat: usize,
    out_param: Option<u32>,
) -> core::result::Result<(Vec<u64>, BumpMemory), String> {
    let reserved = out_param.map_or(8, |p| p + list.layout().size);
    let mut memory = BumpMemory::growable(align_to(reserved, 8));
    let mut slots = vec![0u64; list.layout().flat_count as usize + 1];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut memory, options), vals, max_flat, out_param, &mut flat)
        .map_err(|t| format!("lowering trapped: {t}"))?;
    let flat = flat.written().to_vec();
    Ok((flat, memory))
}

/// Lower a list of arbitrary values of arbitrary types, lift it back, and
/// expect the same values (NaNs canonicalized); lowering the lifted values
/// again must write the same flat values, bytes and `realloc` calls. Checked
/// flat, fully spilled to fresh memory, and spilled to an out-parameter.
#[derive(Debug, Clone)]
pub struct RoundTrip {
    /// The parameter types.
    pub types: Vec<ValType>,
    /// One value per type.
    pub vals: Vec<Val>,
    /// The string encoding of both sides.
    pub encoding: StringEncoding,
}

impl<'a> Arbitrary<'a> for RoundTrip {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(0..=5)?;
        let types = (0..n).map(|_| arbitrary_type(u)).collect::<Result<Vec<_>>>()?;
        let vals = types.iter().map(|t| arbitrary_val(u, t)).collect::<Result<Vec<_>>>()?;
        Ok(RoundTrip { types, vals, encoding: arbitrary_encoding(u)? })
    }
}

impl RoundTrip {
    /// Runs the oracle; `Err` describes the first disagreement.
    pub fn check(&self) -> core::result::Result<(), String> {
        let list = ValueList::new(self.types.clone()).map_err(|e| format!("generated an invalid type: {e}"))?;
        let options = Options::new(self.encoding);
        let expected: Vec<Val> = self.vals.iter().map(canonicalize).collect();
        for (max_flat, out_param) in [(MAX_FLAT_PARAMS, None), (0, None), (0, Some(8))] {
            let (flat, memory) = lower_fresh(&list, &self.vals, &options, max_flat, out_param)?;
            let lifted = list
                .lift(
                    &mut LiftContext::new(memory.bytes(), &options),
                    &flat_for_lift(&flat, out_param.filter(|_| list.spills(max_flat))),
                    max_flat,
                )
                .map_err(|t| format!("lifting what was lowered trapped: {t}"))?;
            if lifted != expected {
                return Err(format!("round trip changed the values: {lifted:?} != {expected:?}"));
            }
            let (again, memory_again) = lower_fresh(&list, &lifted, &options, max_flat, out_param)?;
            if again != flat || memory_again.bytes() != memory.bytes() || memory_again.calls() != memory.calls() {
                return Err("lowering the lifted values again wrote something different".into());
            }
        }
        Ok(())
    }
}

/// With an out-parameter nothing is written to the flat values; lifting then
/// reads the pointer itself.
fn flat_for_lift(flat: &[u64], out_param: Option<u32>) -> Vec<u64> {
    match out_param {
        Some(ptr) => vec![u64::from(ptr)],
        None => flat.to_vec(),
    }
}

/// Lift arbitrary flat values and memory bytes as arbitrary types under
/// arbitrary caps: the result is a value or a trap, never a panic. A value
/// that lifts must survive lowering and lifting again unchanged.
///
/// Host allocation during the lift stays within [`HostileLift::allocation_bound`]:
/// every string and list is charged to [`Limits::max_lift_bytes`] before
/// anything is allocated for it, and one lifted guest byte becomes at most a
/// few `Val`s per level of nesting on the host.
#[derive(Debug, Clone)]
pub struct HostileLift {
    /// The parameter types.
    pub types: Vec<ValType>,
    /// The string encoding of the source.
    pub encoding: StringEncoding,
    /// The flat values, as raw bits (possibly with garbage high bits).
    pub flat: Vec<u64>,
    /// The source memory.
    pub memory: Vec<u8>,
    /// The caps in force.
    pub limits: Limits,
    /// `MAX_FLAT_PARAMS`, or fewer to force lifting from memory.
    pub max_flat: usize,
}

impl<'a> Arbitrary<'a> for HostileLift {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(0..=4)?;
        let types = (0..n).map(|_| arbitrary_type(u)).collect::<Result<Vec<_>>>()?;
        let encoding = arbitrary_encoding(u)?;
        let max_flat = if u.arbitrary()? { MAX_FLAT_PARAMS } else { u.int_in_range(0..=2)? };
        let limits = Limits {
            max_string_bytes: u.int_in_range(0..=1 << 16)?,
            max_list_bytes: u.int_in_range(0..=1 << 16)?,
            max_lift_bytes: u.int_in_range(0..=1 << 16)?,
        };
        let memory_len = u.int_in_range(0..=4096)?;
        let list = ValueList::new(types.clone()).map_err(|_| arbitrary::Error::IncorrectFormat)?;
        let mut flat = Vec::new();
        for ty in list.flat_types(max_flat) {
            // Pointer-like values land in or near memory most of the time.
            let raw: u64 = match ty {
                FlatType::I32 if u.ratio(2, 3)? => u64::from(u.int_in_range(0..=memory_len as u32 + 16)?),
                _ => u.arbitrary()?,
            };
            flat.push(raw);
        }
        let mut memory = vec![0u8; memory_len];
        u.fill_buffer(&mut memory)?;
        Ok(HostileLift { types, encoding, flat, memory, limits, max_flat })
    }
}

impl HostileLift {
    /// The most the host may allocate while lifting this case: a fixed
    /// allowance plus a factor per charged byte that covers the `Val`
    /// representation of values nested as deep as the generator makes them.
    pub fn allocation_bound(&self) -> u64 {
        64 * 1024 + 512 * self.limits.max_lift_bytes
    }

    /// Lifts the case; `Ok(Some(values))` when it lifted, `Ok(None)` when it
    /// trapped, `Err` when an oracle failed.
    pub fn lift(&self) -> core::result::Result<Option<Vec<Val>>, String> {
        let list = ValueList::new(self.types.clone()).map_err(|e| format!("generated an invalid type: {e}"))?;
        let options = Options { encoding: self.encoding, limits: self.limits };
        match list.lift(&mut LiftContext::new(&self.memory, &options), &self.flat, self.max_flat) {
            Ok(vals) => Ok(Some(vals)),
            Err(_) => Ok(None),
        }
    }

    /// Checks that a value that lifted survives a round trip unchanged.
    pub fn check_relift(&self, vals: &[Val]) -> core::result::Result<(), String> {
        let list = ValueList::new(self.types.clone()).map_err(|e| format!("generated an invalid type: {e}"))?;
        let options = Options::new(self.encoding);
        let (flat, memory) = lower_fresh(&list, vals, &options, self.max_flat, None)?;
        let again = list
            .lift(&mut LiftContext::new(memory.bytes(), &options), &flat, self.max_flat)
            .map_err(|t| format!("re-lifting trapped: {t}"))?;
        if again != vals {
            return Err(format!("lifted values changed in a round trip: {again:?} != {vals:?}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_cases_pass_their_oracles() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut bytes = vec![0u8; 4096];
        let mut checked = 0;
        for _ in 0..300 {
            for b in bytes.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = seed as u8;
            }
            if let Ok(case) = RoundTrip::arbitrary(&mut Unstructured::new(&bytes)) {
                assert_eq!(case.check(), Ok(()), "{case:?}");
                checked += 1;
            }
            if let Ok(case) = super::super::TypedCase::arbitrary(&mut Unstructured::new(&bytes)) {
                assert_eq!(case.check(), Ok(()), "{case:?}");
            }
            if let Ok(case) = HostileLift::arbitrary(&mut Unstructured::new(&bytes))
                && let Some(vals) = case.lift().expect("oracle")
            {
                assert_eq!(case.check_relift(&vals), Ok(()), "{case:?}");
            }
        }
        assert!(checked > 200, "only {checked} cases were generated");
    }
}
