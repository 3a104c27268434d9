//! Size, alignment and flat-count arithmetic of the canonical ABI
//! (CanonicalABI.md, "Alignment", "Element Size" and "Flattening").
//!
//! Everything here is `const fn`, so that typed Rust values can carry their
//! ABI facts as associated constants.

/// Largest number of flat core values passed as parameters before the
/// parameters are spilled to memory (`MAX_FLAT_PARAMS`).
pub const MAX_FLAT_PARAMS: usize = 16;

/// Largest number of flat core values returned as results before the results
/// are returned through memory (`MAX_FLAT_RESULTS`).
pub const MAX_FLAT_RESULTS: usize = 1;

/// At most this many flat parameters reach an `async`-lowered import's core
/// function; more travel through memory (CanonicalABI.md, `MAX_FLAT_ASYNC_PARAMS`).
pub const MAX_FLAT_ASYNC_PARAMS: usize = 4;

/// Largest byte length of a string that may be lifted (`MAX_STRING_BYTE_LENGTH`).
pub const MAX_STRING_BYTE_LENGTH: u32 = (1 << 28) - 1;

/// Largest byte length of a list that may be lifted (`MAX_LIST_BYTE_LENGTH`).
/// Component types whose element size reaches this bound are rejected.
pub const MAX_LIST_BYTE_LENGTH: u32 = (1 << 28) - 1;

/// The bit of a `latin1+utf16` string length that marks UTF-16 contents
/// (`utf16_tag` for 32-bit memories).
pub const UTF16_TAG: u32 = 1 << 31;

/// Rounds `offset` up to a multiple of `align` (a power of two).
#[inline]
pub const fn align_to(offset: u32, align: u32) -> u32 {
    (offset + (align - 1)) & !(align - 1)
}

/// Like [`align_to`] for 64-bit offsets, used where a guest-chosen pointer
/// plus a length must not wrap.
#[inline]
pub const fn align_to_u64(offset: u64, align: u64) -> u64 {
    (offset + (align - 1)) & !(align - 1)
}

/// The byte size of the discriminant of a variant with `cases` cases
/// (`discriminant_type`: u8, u16 or u32).
#[inline]
pub const fn discriminant_size(cases: u32) -> u32 {
    if cases <= 1 << 8 {
        1
    } else if cases <= 1 << 16 {
        2
    } else {
        4
    }
}

/// The byte size (and alignment) of a `flags` value with `labels` labels
/// (`elem_size_flags`).
#[inline]
pub const fn flags_size(labels: u32) -> u32 {
    if labels <= 8 {
        1
    } else if labels <= 16 {
        2
    } else {
        4
    }
}

/// The larger of two `u32`s, usable in constants.
#[inline]
pub const fn max_u32(a: u32, b: u32) -> u32 {
    if a > b { a } else { b }
}

/// The larger of two `usize`s, usable in constants.
#[inline]
pub const fn max_usize(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// The offset just past a record field of `size` and `align` placed after
/// `end` (the previous field's end): one step of `elem_size_record`. Fold it
/// over the fields from 0, then round the last end up to the record's
/// alignment with [`align_to`] to get the record's size.
#[inline]
pub const fn field_end(end: u32, size: u32, align: u32) -> u32 {
    align_to(end, align) + size
}

/// The flat count of a `flags` value with `labels` labels: one `i32` per 32
/// labels (`flatten_type` of flags).
#[inline]
pub const fn flags_flat_count(labels: u32) -> usize {
    labels.div_ceil(32) as usize
}

/// Size and alignment of a variant given its case count and the largest
/// payload size and alignment (`elem_size_variant`, `alignment_variant`).
/// Returns `(size, align, payload_offset)`.
#[inline]
pub const fn variant_layout(cases: u32, payload_size: u32, payload_align: u32) -> (u32, u32, u32) {
    let disc = discriminant_size(cases);
    let align = max_u32(disc, payload_align);
    let payload_offset = align_to(disc, payload_align);
    let size = align_to(payload_offset + payload_size, align);
    (size, align, payload_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_to_rounds_up_to_power_of_two() {
        assert_eq!(align_to(0, 4), 0);
        assert_eq!(align_to(1, 4), 4);
        assert_eq!(align_to(4, 4), 4);
        assert_eq!(align_to(9, 8), 16);
        assert_eq!(align_to(3, 1), 3);
    }

    #[test]
    fn discriminant_sizes_follow_case_counts() {
        assert_eq!(discriminant_size(1), 1);
        assert_eq!(discriminant_size(256), 1);
        assert_eq!(discriminant_size(257), 2);
        assert_eq!(discriminant_size(65_536), 2);
        assert_eq!(discriminant_size(65_537), 4);
    }

    #[test]
    fn flags_sizes_follow_label_counts() {
        assert_eq!(flags_size(1), 1);
        assert_eq!(flags_size(8), 1);
        assert_eq!(flags_size(9), 2);
        assert_eq!(flags_size(16), 2);
        assert_eq!(flags_size(17), 4);
        assert_eq!(flags_size(32), 4);
    }

    #[test]
    fn field_end_aligns_each_field() {
        // record { a: u8, b: u32, c: u16 }: b at 4, c at 8, size 12 (align 4).
        let end = field_end(field_end(field_end(0, 1, 1), 4, 4), 2, 2);
        assert_eq!(end, 10);
        assert_eq!(align_to(end, 4), 12);
    }

    #[test]
    fn flags_flat_counts_are_one_per_32() {
        assert_eq!(flags_flat_count(1), 1);
        assert_eq!(flags_flat_count(32), 1);
        assert_eq!(flags_flat_count(33), 2);
    }

    #[test]
    fn variant_layout_places_payload_after_discriminant() {
        // option<u64>: u8 discriminant, payload at 8, size 16, align 8.
        assert_eq!(variant_layout(2, 8, 8), (16, 8, 8));
        // enum with 300 cases: u16 discriminant, no payload.
        assert_eq!(variant_layout(300, 0, 1), (2, 2, 2));
        // result<u8, u16>: u8 disc, payload aligned to 2.
        assert_eq!(variant_layout(2, 2, 2), (4, 2, 2));
    }
}
