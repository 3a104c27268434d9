use super::*;
use crate::prelude::*;

const PAGE: usize = 65536;

fn limiter(builder: StoreLimitsBuilder) -> StoreLimiter {
    StoreLimiter::new(builder.build())
}

#[test]
fn grows_are_charged_against_the_total_until_it_is_spent() {
    let mut l = limiter(StoreLimitsBuilder::new().total_bytes(3 * PAGE));
    assert_eq!(l.memory_growing(0, PAGE, None).ok(), Some(true));
    assert_eq!(l.table_growing(0, 10, None).ok(), Some(true));
    assert_eq!(l.bytes(), PAGE + 10 * TABLE_ELEMENT_BYTES);
    assert_eq!(l.memory_growing(PAGE, 3 * PAGE, None).ok(), Some(false));
    assert_eq!(
        l.take_refusal(),
        Some(LimitError::TotalBytes { requested: 2 * PAGE, in_use: PAGE + 80, limit: 3 * PAGE })
    );
    assert_eq!(l.memory_growing(PAGE, 2 * PAGE, None).ok(), Some(true));
    assert_eq!(l.bytes(), 2 * PAGE + 80);
}

#[test]
fn a_failed_grow_gives_its_bytes_back() {
    let mut l = limiter(StoreLimitsBuilder::new().total_bytes(2 * PAGE));
    assert_eq!(l.memory_growing(0, 2 * PAGE, None).ok(), Some(true));
    assert!(l.memory_grow_failed(&MemoryError::OutOfSystemMemory).is_ok());
    assert_eq!(l.bytes(), 0);
    assert_eq!(l.memory_growing(0, 2 * PAGE, None).ok(), Some(true));
}

#[test]
fn per_memory_and_per_table_caps_and_type_maxima_refuse() {
    let mut l = limiter(StoreLimitsBuilder::new().memory_size(PAGE).table_elements(5));
    assert_eq!(l.memory_growing(0, 2 * PAGE, None).ok(), Some(false));
    assert_eq!(l.take_refusal(), Some(LimitError::MemorySize { requested: 2 * PAGE, limit: PAGE }));
    assert_eq!(l.table_growing(0, 6, None).ok(), Some(false));
    assert_eq!(l.take_refusal(), Some(LimitError::TableElements { requested: 6, limit: 5 }));
    assert_eq!(l.table_growing(0, 4, Some(3)).ok(), Some(false));
    assert_eq!(l.take_refusal(), Some(LimitError::TypeMaximum { requested: 4, maximum: 3 }));
    assert_eq!(l.bytes(), 0);
}

#[test]
fn trap_on_grow_failure_turns_refusals_into_errors() {
    let mut l = limiter(StoreLimitsBuilder::new().memory_size(PAGE).trap_on_grow_failure(true));
    assert!(l.memory_growing(0, 2 * PAGE, None).is_err());
    assert!(l.memory_growing(0, PAGE, None).is_ok_and(|ok| ok));
    assert!(l.memory_grow_failed(&MemoryError::OutOfSystemMemory).is_err());
}

#[test]
fn instances_are_counted_to_the_limit() {
    let mut l = limiter(StoreLimitsBuilder::new().instances(2));
    assert_eq!(l.add_instance(), Ok(()));
    assert_eq!(l.add_instance(), Ok(()));
    assert_eq!(l.add_instance(), Err(LimitError::Instances { limit: 2 }));
}

#[test]
fn the_handle_limit_is_clamped_to_the_specification() {
    let limits = StoreLimitsBuilder::new().handles_per_table(usize::MAX).build();
    assert_eq!(limits.handles_per_table(), MAX_HANDLES_PER_TABLE);
    assert_eq!(StoreLimits::default().handles_per_table(), DEFAULT_HANDLES_PER_TABLE);
}

#[test]
fn the_memory_cap_of_the_config_lowers_the_per_memory_limit() {
    let limits = StoreLimitsBuilder::new().memory_size(4 * PAGE).build();
    assert_eq!(limits.clone().with_memory_cap(2 * PAGE).memory_size(), Some(2 * PAGE));
    assert_eq!(limits.with_memory_cap(8 * PAGE).memory_size(), Some(4 * PAGE));
    assert_eq!(StoreLimits::default().with_memory_cap(PAGE).memory_size(), Some(PAGE));
}

#[test]
fn errors_name_the_setting_to_raise() {
    assert_eq!(
        LimitError::TotalBytes { requested: 10, in_use: 20, limit: 25 }.to_string(),
        "10 more bytes on top of the 20 the store holds exceed its budget of 25 bytes; raise StoreLimitsBuilder::total_bytes"
    );
    assert_eq!(
        LimitError::Handles { limit: 3 }.to_string(),
        "a resource handle table is full at 3 handles; raise StoreLimitsBuilder::handles_per_table"
    );
}
