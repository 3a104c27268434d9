//! Writing the integer bounds of range rules.

use core::fmt;

/// Writes `v` in decimal, as `i128`'s `Display` does.
///
/// Range bounds are `i128` so that one range covers `s64` and `u64`
/// arguments, but `i128`'s own formatting costs over a kilobyte of code on
/// a 32-bit microcontroller, where every denial message that names a range
/// would link it. Bounds that fit 64 bits (all that an argument can be
/// compared with) use 64-bit formatting; larger ones are written in base
/// 10^9 groups from a long division of their 32-bit limbs.
pub(crate) fn write_bound(f: &mut impl fmt::Write, v: i128) -> fmt::Result {
    if let Ok(v) = i64::try_from(v) {
        return write!(f, "{v}");
    }
    if let Ok(v) = u64::try_from(v) {
        return write!(f, "{v}");
    }
    if v < 0 {
        f.write_char('-')?;
    }
    let magnitude = v.unsigned_abs();
    // Most significant limb first.
    let mut limbs = [(magnitude >> 96) as u32, (magnitude >> 64) as u32, (magnitude >> 32) as u32, magnitude as u32];
    // 2^128 < 10^45: at most five groups of nine digits, least significant first.
    let mut groups = [0u32; 5];
    let mut count = 0;
    while limbs != [0; 4] && count < groups.len() {
        let mut remainder = 0u64;
        for limb in &mut limbs {
            let current = (remainder << 32) | u64::from(*limb);
            *limb = (current / 1_000_000_000) as u32;
            remainder = current % 1_000_000_000;
        }
        groups[count] = remainder as u32;
        count += 1;
    }
    let mut rest = groups[..count].iter().rev();
    if let Some(first) = rest.next() {
        write!(f, "{first}")?;
    }
    rest.try_for_each(|group| write!(f, "{group:09}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::{String, ToString};

    fn written(v: i128) -> String {
        let mut out = String::new();
        write_bound(&mut out, v).unwrap();
        out
    }

    #[test]
    fn writes_what_i128_display_writes() {
        let mut values = alloc::vec![
            0,
            1,
            -1,
            i128::from(i64::MIN),
            i128::from(i64::MAX),
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
            i128::MAX,
            i128::MIN,
            i128::MIN + 1,
            10i128.pow(27),
            10i128.pow(27) - 1,
            10i128.pow(36) + 7,
            -(10i128.pow(18)) * 1_000_000_007,
        ];
        // A walk through every magnitude with an irregular step.
        let mut x: i128 = 3;
        while let Some(next) = x.checked_mul(7).and_then(|v| v.checked_add(1)) {
            values.extend([x, -x, x - 1]);
            x = next;
        }
        for v in values {
            assert_eq!(written(v), v.to_string(), "{v}");
        }
    }
}
