//! The one error type of lifting and lowering: a trap with a precise reason.

use core::fmt;

/// What a pointer that failed a bounds or alignment check was for; it picks
/// the wording of the trap, which follows the specification's test suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// A value in memory (a spilled parameter or result list, a field).
    Value,
    /// The contents of a string.
    String,
    /// The contents of a list.
    List,
    /// A pointer returned by the guest's `realloc`.
    Realloc,
}

/// Why lifting or lowering trapped. Every check of the canonical ABI maps to
/// one variant, so that an embedder can report exactly what the guest did wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Trap {
    /// `ptr .. ptr + len` is not inside linear memory.
    OutOfBounds {
        /// First byte of the access.
        ptr: u64,
        /// Byte length of the access.
        len: u64,
        /// Current byte size of linear memory.
        memory_size: u64,
        /// What the access was for.
        access: Access,
    },
    /// A pointer is not a multiple of the alignment its type requires.
    Misaligned {
        /// The pointer.
        ptr: u32,
        /// The required alignment.
        align: u32,
        /// What the pointer was for.
        access: Access,
    },
    /// A variant, enum, option or result discriminant names no case.
    InvalidDiscriminant {
        /// The discriminant read.
        value: u32,
        /// The number of cases of the type.
        cases: u32,
    },
    /// An `i32` is not a Unicode scalar value (above 0x10FFFF or a surrogate).
    InvalidChar(u32),
    /// A string's bytes are not valid UTF-8.
    InvalidUtf8 {
        /// Address of the string.
        ptr: u32,
        /// Byte offset of the first invalid byte within the string.
        valid_up_to: u32,
        /// Whether the string ends in the middle of a UTF-8 sequence (rather
        /// than containing an invalid byte).
        incomplete: bool,
    },
    /// A string's code units are not valid UTF-16 (an unpaired surrogate).
    InvalidUtf16 {
        /// Address of the string.
        ptr: u32,
    },
    /// A string's byte length exceeds the configured cap (at most 2^28 - 1).
    StringTooLong {
        /// Byte length of the string.
        bytes: u64,
        /// The cap in force.
        cap: u32,
    },
    /// A list's byte length exceeds the configured cap (at most 2^28 - 1).
    ListTooLong {
        /// Byte length of the list.
        bytes: u64,
        /// The cap in force.
        cap: u32,
    },
    /// Lifting would copy more bytes out of guest memory, in total, than the
    /// configured lift budget allows (a guard against lists that alias one
    /// region many times).
    LiftBudgetExceeded {
        /// The budget in force, in bytes.
        budget: u64,
    },
    /// The guest's `realloc` failed or could not be called.
    ReallocFailed,
    /// Lowering needs `realloc` (a string, a list or spilled values), but the
    /// canonical options have none.
    NoRealloc,
    /// A host value does not have the shape of the type it is lowered as.
    ValueMismatch {
        /// The kind of type expected.
        expected: &'static str,
        /// Which part of the value was wrong.
        detail: &'static str,
    },
    /// Fewer flat core values were given than the type needs, or more were
    /// produced than the destination holds.
    FlatCountMismatch,
    /// The host could not allocate room for a lifted value (a list's
    /// elements, a string's text); the allocation failed without aborting.
    OutOfHostMemory {
        /// The bytes asked for.
        bytes: u64,
    },
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::OutOfBounds { ptr, len, memory_size, access } => {
                let what = match access {
                    Access::Value => "out-of-bounds memory access",
                    Access::String => "string content out-of-bounds",
                    Access::List => "list content out-of-bounds",
                    Access::Realloc => "realloc return: beyond end of memory",
                };
                write!(f, "{what}: {len} bytes at {ptr:#x} in a memory of {memory_size} bytes")
            }
            Trap::Misaligned { ptr, align, access: Access::Realloc } => {
                write!(f, "realloc return: result not aligned: {ptr:#x} is not a multiple of {align}")
            }
            Trap::Misaligned { ptr, align, .. } => {
                write!(f, "unaligned pointer {ptr:#x}: the type needs {align}-byte alignment")
            }
            Trap::InvalidDiscriminant { value, cases } => {
                write!(f, "invalid variant discriminant {value}: the type has {cases} cases")
            }
            Trap::InvalidChar(c) => write!(f, "invalid `char` bit pattern {c:#x}: not a Unicode scalar value"),
            Trap::InvalidUtf8 { ptr, valid_up_to, incomplete: true } => {
                write!(f, "incomplete utf-8 byte sequence at the end of the string at {ptr:#x} (byte {valid_up_to})")
            }
            Trap::InvalidUtf8 { ptr, valid_up_to, .. } => {
                write!(f, "invalid utf-8 in the string at {ptr:#x} (byte {valid_up_to})")
            }
            Trap::InvalidUtf16 { ptr } => write!(f, "invalid utf-16 (unpaired surrogate) in the string at {ptr:#x}"),
            Trap::StringTooLong { bytes, cap } => {
                write!(f, "string of {bytes} bytes exceeds the length cap of {cap} bytes")
            }
            Trap::ListTooLong { bytes, cap } => {
                write!(f, "list of {bytes} bytes exceeds the length cap of {cap} bytes")
            }
            Trap::LiftBudgetExceeded { budget } => write!(
                f,
                "lifting would copy more than the lift budget of {budget} bytes out of guest memory; raise Limits::max_lift_bytes if this is legitimate"
            ),
            Trap::ReallocFailed => f.write_str("the guest's realloc failed"),
            Trap::NoRealloc => f.write_str(
                "lowering needs realloc but the canonical options name none; add (realloc ...) to the canon options",
            ),
            Trap::ValueMismatch { expected, detail } => {
                write!(f, "value does not match its type: expected {expected}, {detail}")
            }
            Trap::FlatCountMismatch => f.write_str("the number of flat core values does not match the function type"),
            Trap::OutOfHostMemory { bytes } => {
                write!(f, "the host is out of memory: {bytes} bytes for a lifted value could not be allocated")
            }
        }
    }
}

impl core::error::Error for Trap {}

impl Trap {
    /// This trap with a bounds or alignment failure attributed to `access`.
    #[inline]
    pub(crate) fn at(self, access: Access) -> Trap {
        match self {
            Trap::OutOfBounds { ptr, len, memory_size, .. } => Trap::OutOfBounds { ptr, len, memory_size, access },
            Trap::Misaligned { ptr, align, .. } => Trap::Misaligned { ptr, align, access },
            other => other,
        }
    }
}
