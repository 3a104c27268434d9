//! Store limits: how much host memory the guests of one store may make the
//! host allocate, and how many instances, memories, tables and resource
//! handles they may create.
//!
//! wasmi backs every linear memory and table with host memory, so an
//! unbounded store lets a guest (or a test suite) take the machine down. The
//! builder has the shape of wasmtime's `StoreLimitsBuilder`, plus two limits
//! of our own:
//! - a **total byte budget** across every memory, table and resource handle
//!   table of the store, checked before anything is allocated (per-memory caps
//!   do not bound their sum: ten thousand one-page memories are 655 MB);
//! - a **per-table handle limit** below the specification's 2^28 - 1, since
//!   `resource.new` in a loop grows a host-side table the guest cannot free.
//!
//! A refused `memory.grow` or `table.grow` returns -1, as the specification
//! lets it, or traps with [`StoreLimitsBuilder::trap_on_grow_failure`]. A
//! refused instantiation, and a full handle table, are
//! [`ErrorKind::Limit`](crate::ErrorKind::Limit) errors naming the setting
//! to raise.

use core::fmt;
use wasmi_core::{LimiterError, MemoryError, ResourceLimiter, TableError};

/// The default of [`StoreLimitsBuilder::instances`], `memories` and `tables`
/// (wasmi's and wasmtime's).
pub const DEFAULT_COUNT_LIMIT: usize = 10_000;

/// The default of [`StoreLimitsBuilder::handles_per_table`]: 2^20 handles
/// (48 MiB at [`HANDLE_BYTES`] each), well below the specification's
/// 2^28 - 1 (12 GiB).
pub const DEFAULT_HANDLES_PER_TABLE: usize = 1 << 20;

/// The specification's maximum length of a handle table (CanonicalABI.md,
/// "Table State": `MAX_LENGTH = 2**28 - 1`).
pub const MAX_HANDLES_PER_TABLE: usize = (1 << 28) - 1;

/// The bytes one table element is charged against
/// [`StoreLimitsBuilder::total_bytes`]: wasmi stores each as an untyped
/// 64-bit reference.
pub const TABLE_ELEMENT_BYTES: usize = 8;

/// The bytes one resource handle is charged against
/// [`StoreLimitsBuilder::total_bytes`]: its slot in the handle table plus
/// its entry in the free list once dropped. Approximate: the spare capacity
/// of the table's vector is not counted.
pub const HANDLE_BYTES: usize = 48;

/// Builds [`StoreLimits`]; every setting starts at its documented default.
#[derive(Debug, Clone, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// A builder with every limit at its default: no byte limits,
    /// [`DEFAULT_COUNT_LIMIT`] instances, memories and tables,
    /// [`DEFAULT_HANDLES_PER_TABLE`] handles per table, and a refused grow
    /// returning -1.
    pub fn new() -> Self {
        StoreLimitsBuilder(StoreLimits::default())
    }

    /// The most bytes one linear memory may grow to; each memory on its own.
    /// Unlimited by default (beyond wasm's own 4 GiB).
    pub fn memory_size(mut self, bytes: usize) -> Self {
        self.0.memory_size = Some(bytes);
        self
    }

    /// The most elements one table may grow to; each table on its own.
    /// Unlimited by default.
    pub fn table_elements(mut self, elements: usize) -> Self {
        self.0.table_elements = Some(elements);
        self
    }

    /// The most instances the store may hold: core module instances and
    /// component instances (nested ones included) together. An
    /// instantiation that would exceed it fails. Default [`DEFAULT_COUNT_LIMIT`].
    pub fn instances(mut self, instances: usize) -> Self {
        self.0.instances = instances;
        self
    }

    /// The most linear memories the store may hold. Default [`DEFAULT_COUNT_LIMIT`].
    pub fn memories(mut self, memories: usize) -> Self {
        self.0.memories = memories;
        self
    }

    /// The most core tables the store may hold. Default [`DEFAULT_COUNT_LIMIT`].
    pub fn tables(mut self, tables: usize) -> Self {
        self.0.tables = tables;
        self
    }

    /// The most bytes the store's memories, tables and resource handle tables
    /// may hold together, checked before each is created or grown. Tables are
    /// charged [`TABLE_ELEMENT_BYTES`] per element and handle tables
    /// [`HANDLE_BYTES`] per handle slot. Unlimited by default.
    pub fn total_bytes(mut self, bytes: usize) -> Self {
        self.0.total_bytes = Some(bytes);
        self
    }

    /// The most resource handles one handle table (one component instance,
    /// or the host's) may hold at once; clamped to the specification's
    /// [`MAX_HANDLES_PER_TABLE`]. Default [`DEFAULT_HANDLES_PER_TABLE`].
    pub fn handles_per_table(mut self, handles: usize) -> Self {
        self.0.handles_per_table = handles.min(MAX_HANDLES_PER_TABLE);
        self
    }

    /// Whether a refused `memory.grow` or `table.grow` traps instead of
    /// returning -1. Not what the specification says, but it points at the
    /// guest that asked for too much. Off by default.
    pub fn trap_on_grow_failure(mut self, trap: bool) -> Self {
        self.0.trap_on_grow_failure = trap;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

/// What a store may hold; built with [`StoreLimitsBuilder`] and applied with
/// [`Config::store_limits`](crate::Config::store_limits) or
/// [`Store::limiter`](crate::Store::limiter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    memories: usize,
    tables: usize,
    total_bytes: Option<usize>,
    handles_per_table: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            memory_size: None,
            table_elements: None,
            instances: DEFAULT_COUNT_LIMIT,
            memories: DEFAULT_COUNT_LIMIT,
            tables: DEFAULT_COUNT_LIMIT,
            total_bytes: None,
            handles_per_table: DEFAULT_HANDLES_PER_TABLE,
            trap_on_grow_failure: false,
        }
    }
}

impl StoreLimits {
    /// The per-memory byte limit, if any.
    pub fn memory_size(&self) -> Option<usize> {
        self.memory_size
    }

    /// The per-table element limit, if any.
    pub fn table_elements(&self) -> Option<usize> {
        self.table_elements
    }

    /// The instance limit (core and component instances together).
    pub fn instances(&self) -> usize {
        self.instances
    }

    /// The memory count limit.
    pub fn memories(&self) -> usize {
        self.memories
    }

    /// The table count limit.
    pub fn tables(&self) -> usize {
        self.tables
    }

    /// The store's total byte budget, if any.
    pub fn total_bytes(&self) -> Option<usize> {
        self.total_bytes
    }

    /// The per-handle-table handle limit.
    pub fn handles_per_table(&self) -> usize {
        self.handles_per_table
    }

    /// Whether a refused grow traps.
    pub fn traps_on_grow_failure(&self) -> bool {
        self.trap_on_grow_failure
    }

    /// These limits with the per-memory limit lowered to `bytes` (how
    /// [`Config::max_memory_bytes`](crate::Config::max_memory_bytes) applies).
    pub(crate) fn with_memory_cap(mut self, bytes: usize) -> Self {
        self.memory_size = Some(self.memory_size.map_or(bytes, |m| m.min(bytes)));
        self
    }
}

/// Which limit refused: what [`ErrorKind::Limit`](crate::ErrorKind::Limit)
/// carries. Its `Display` names the [`StoreLimitsBuilder`] setting to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitError {
    /// One more instance would exceed [`StoreLimitsBuilder::instances`].
    Instances {
        /// The limit in force.
        limit: usize,
    },
    /// The new memories would exceed [`StoreLimitsBuilder::memories`].
    Memories {
        /// The limit in force.
        limit: usize,
    },
    /// The new tables would exceed [`StoreLimitsBuilder::tables`].
    Tables {
        /// The limit in force.
        limit: usize,
    },
    /// A memory would be larger than [`StoreLimitsBuilder::memory_size`].
    MemorySize {
        /// The size asked for, in bytes.
        requested: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A table would be longer than [`StoreLimitsBuilder::table_elements`].
    TableElements {
        /// The length asked for.
        requested: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The store would hold more than [`StoreLimitsBuilder::total_bytes`].
    TotalBytes {
        /// The bytes the refused request adds.
        requested: usize,
        /// The bytes the store held already.
        in_use: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A handle table is full at [`StoreLimitsBuilder::handles_per_table`].
    Handles {
        /// The limit in force.
        limit: usize,
    },
    /// A memory or table would exceed the maximum in its own type; only
    /// reported as an error when `trap_on_grow_failure` is set.
    TypeMaximum {
        /// The size asked for (bytes of a memory, elements of a table).
        requested: usize,
        /// The type's maximum.
        maximum: usize,
    },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::Instances { limit } => {
                write!(f, "the store holds its limit of {limit} instances; raise StoreLimitsBuilder::instances")
            }
            LimitError::Memories { limit } => {
                write!(f, "the store would hold more than {limit} memories; raise StoreLimitsBuilder::memories")
            }
            LimitError::Tables { limit } => {
                write!(f, "the store would hold more than {limit} tables; raise StoreLimitsBuilder::tables")
            }
            LimitError::MemorySize { requested, limit } => write!(
                f,
                "a memory of {requested} bytes exceeds the limit of {limit} bytes per memory; raise StoreLimitsBuilder::memory_size"
            ),
            LimitError::TableElements { requested, limit } => write!(
                f,
                "a table of {requested} elements exceeds the limit of {limit} elements per table; raise StoreLimitsBuilder::table_elements"
            ),
            LimitError::TotalBytes { requested, in_use, limit } => write!(
                f,
                "{requested} more bytes on top of the {in_use} the store holds exceed its budget of {limit} bytes; raise StoreLimitsBuilder::total_bytes"
            ),
            LimitError::Handles { limit } => write!(
                f,
                "a resource handle table is full at {limit} handles; raise StoreLimitsBuilder::handles_per_table"
            ),
            LimitError::TypeMaximum { requested, maximum } => {
                write!(f, "growing to {requested} exceeds the maximum of {maximum} in the memory's or table's type")
            }
        }
    }
}

impl core::error::Error for LimitError {}

/// A store's [`StoreLimits`] with what it holds: wasmi asks it before every
/// memory and table is created or grown, and the runtime before every
/// instance and resource handle.
#[derive(Debug, Default)]
pub(crate) struct StoreLimiter {
    limits: StoreLimits,
    /// Bytes held by memories, tables and handle tables.
    bytes: usize,
    /// Bytes of the last grow allowed, given back if it then fails.
    pending: usize,
    /// Instances created: core and component.
    instances: usize,
    /// Why the last refusal refused, for the error of a failed instantiation.
    refused: Option<LimitError>,
}

impl StoreLimiter {
    pub(crate) fn new(limits: StoreLimits) -> Self {
        StoreLimiter { limits, ..StoreLimiter::default() }
    }

    pub(crate) fn limits(&self) -> &StoreLimits {
        &self.limits
    }

    /// Replaces the limits; what the store holds stays counted.
    pub(crate) fn set_limits(&mut self, limits: StoreLimits) {
        self.limits = limits;
    }

    /// The bytes charged against the total budget.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Counts one more instance, or refuses it.
    pub(crate) fn add_instance(&mut self) -> Result<(), LimitError> {
        if self.instances >= self.limits.instances {
            return Err(LimitError::Instances { limit: self.limits.instances });
        }
        self.instances += 1;
        Ok(())
    }

    /// Charges `bytes` against the total budget, or refuses them.
    pub(crate) fn charge(&mut self, bytes: usize) -> Result<(), LimitError> {
        let total = self.bytes.saturating_add(bytes);
        if let Some(limit) = self.limits.total_bytes
            && total > limit
        {
            return Err(LimitError::TotalBytes { requested: bytes, in_use: self.bytes, limit });
        }
        self.bytes = total;
        Ok(())
    }

    /// Takes the reason of the last refusal.
    pub(crate) fn take_refusal(&mut self) -> Option<LimitError> {
        self.refused.take()
    }

    /// The decision on a grow (or creation, from 0) from `current` to
    /// `desired` units of `unit` bytes each: `Ok(true)` charges the growth,
    /// `Ok(false)` makes the grow fail (-1), `Err` makes it trap.
    fn growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
        cap: Option<(usize, LimitError)>,
        unit: usize,
    ) -> Result<bool, LimiterError> {
        let refusal = match (cap, maximum) {
            (Some((limit, error)), _) if desired > limit => Some(error),
            (_, Some(maximum)) if desired > maximum => Some(LimitError::TypeMaximum { requested: desired, maximum }),
            _ => {
                let bytes = desired.saturating_sub(current).saturating_mul(unit);
                match self.charge(bytes) {
                    Ok(()) => {
                        self.pending = bytes;
                        None
                    }
                    Err(e) => Some(e),
                }
            }
        };
        let Some(refusal) = refusal else { return Ok(true) };
        self.refused = Some(refusal);
        if self.limits.trap_on_grow_failure {
            return Err(LimiterError::ResourceLimiterDeniedAllocation);
        }
        Ok(false)
    }

    /// A grow allowed by [`Self::growing`] failed later (out of fuel, out of
    /// host memory, past the type's maximum): its bytes are given back.
    fn grow_failed(&mut self) -> Result<(), LimiterError> {
        self.bytes = self.bytes.saturating_sub(core::mem::take(&mut self.pending));
        if self.limits.trap_on_grow_failure {
            return Err(LimiterError::ResourceLimiterDeniedAllocation);
        }
        Ok(())
    }
}

impl ResourceLimiter for StoreLimiter {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool, LimiterError> {
        let cap = self.limits.memory_size.map(|limit| (limit, LimitError::MemorySize { requested: desired, limit }));
        self.growing(current, desired, maximum, cap, 1)
    }

    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> Result<bool, LimiterError> {
        let cap =
            self.limits.table_elements.map(|limit| (limit, LimitError::TableElements { requested: desired, limit }));
        self.growing(current, desired, maximum, cap, TABLE_ELEMENT_BYTES)
    }

    fn memory_grow_failed(&mut self, _error: &MemoryError) -> Result<(), LimiterError> {
        self.grow_failed()
    }

    fn table_grow_failed(&mut self, _error: &TableError) -> Result<(), LimiterError> {
        self.grow_failed()
    }

    fn instances(&self) -> usize {
        // The runtime counts core and component instances itself (see
        // `add_instance`) before it asks wasmi for a core instance.
        self.limits.instances
    }

    fn tables(&self) -> usize {
        self.limits.tables
    }

    fn memories(&self) -> usize {
        self.limits.memories
    }
}

#[cfg(test)]
mod tests;
