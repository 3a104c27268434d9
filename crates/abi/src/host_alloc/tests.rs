use super::*;

#[test]
fn impossible_sizes_are_traps() {
    assert_eq!(vec_for::<u64>(usize::MAX).err(), Some(Trap::OutOfHostMemory { bytes: u64::MAX }));
    assert_eq!(string_for(usize::MAX).err(), Some(Trap::OutOfHostMemory { bytes: usize::MAX as u64 }));
    let mut s = String::from("a");
    assert_eq!(reserve(&mut s, usize::MAX).err(), Some(Trap::OutOfHostMemory { bytes: usize::MAX as u64 }));
}

#[test]
fn possible_sizes_are_reserved_exactly() {
    assert!(vec_for::<u32>(10).is_ok_and(|v| v.capacity() == 10 && v.is_empty()));
    assert!(string_for(3).is_ok_and(|s| s.capacity() == 3));
    assert_eq!(copy(b"abc").ok(), Some(b"abc".to_vec()));
}
