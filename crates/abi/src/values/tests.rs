//! Tests for whole parameter and result lists.

use super::*;
use crate::MAX_FLAT_PARAMS;
use crate::MAX_FLAT_RESULTS;
use crate::memory::BumpMemory;
use crate::options::Limits;
use crate::options::Options;
use crate::trap::Access;

#[test]
fn results_that_do_not_fit_go_to_the_out_parameter() {
    let results = ValueList::new([ValType::String]).expect("list");
    assert!(results.spills(MAX_FLAT_RESULTS));
    assert_eq!(results.flat_types(MAX_FLAT_RESULTS), [FlatType::I32]);
    let options = Options::default();
    let mut mem = BumpMemory::new(64, 16);
    let mut slots = [0u64; 1];
    let mut flat = FlatWriter::new(&mut slots);
    let vals = [Val::String("ok".into())];
    results
        .lower(&mut LowerContext::new(&mut mem, &options), &vals, MAX_FLAT_RESULTS, Some(0), &mut flat)
        .expect("lower");
    assert!(flat.is_empty());
    assert_eq!(&mem.bytes()[0..8], &[16, 0, 0, 0, 2, 0, 0, 0]);
    let lifted = results.lift(&mut LiftContext::new(mem.bytes(), &options), &[0], MAX_FLAT_RESULTS).expect("lift");
    assert_eq!(lifted, vals);
}

#[test]
fn spilled_pointers_are_checked() {
    let list = ValueList::new([ValType::U64, ValType::String]).expect("list");
    let options = Options::default();
    let mem = [0u8; 32];
    let mut cx = LiftContext::new(&mem, &options);
    assert_eq!(list.lift(&mut cx, &[4], 1), Err(Trap::Misaligned { ptr: 4, align: 8, access: Access::Value }));
    assert_eq!(
        list.lift(&mut cx, &[24], 1),
        Err(Trap::OutOfBounds { ptr: 24, len: 16, memory_size: 32, access: Access::Value })
    );
    let mut out = BumpMemory::new(32, 0);
    let mut slots = [0u64; 1];
    let mut flat = FlatWriter::new(&mut slots);
    let vals = [Val::U64(1), Val::String(String::new())];
    assert_eq!(
        list.lower(&mut LowerContext::new(&mut out, &options), &vals, 1, Some(3), &mut flat),
        Err(Trap::Misaligned { ptr: 3, align: 8, access: Access::Value })
    );
}

#[test]
fn empty_lists_flatten_to_nothing() {
    let list = ValueList::new([]).expect("list");
    assert_eq!(list.layout(), Layout { size: 0, align: 1, flat_count: 0 });
    assert!(list.flat_types(MAX_FLAT_RESULTS).is_empty());
    let mut cx = LiftContext::new(&[], &Options::default());
    assert_eq!(list.lift(&mut cx, &[], MAX_FLAT_RESULTS), Ok(vec![]));
    assert_eq!(list.lift(&mut cx, &[1], MAX_FLAT_RESULTS), Err(Trap::FlatCountMismatch));
}

#[test]
fn values_of_the_wrong_shape_are_rejected_before_memory_is_touched() {
    let list = ValueList::new([ValType::flags(["a", "b"]).expect("flags"), ValType::enumeration(["x"]).expect("enum")])
        .expect("list");
    let options = Options::default();
    let mut mem = BumpMemory::new(16, 8);
    let mut slots = [0u64; 4];
    let cases: [(&[Val], &str); 4] = [
        (&[Val::Flags(0b100), Val::Enum(0)], "a bit is set past the last label"),
        (&[Val::Flags(0), Val::Enum(1)], "the case index is out of range"),
        (&[Val::U8(0), Val::Enum(0)], "the value is of another kind"),
        (&[Val::Flags(0)], "the number of values differs"),
    ];
    for (vals, detail) in cases {
        let mut flat = FlatWriter::new(&mut slots);
        let err = list.lower(&mut LowerContext::new(&mut mem, &options), vals, 16, None, &mut flat).expect_err("bad");
        match err {
            Trap::ValueMismatch { detail: d, .. } => assert_eq!(d, detail),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(mem.calls().is_empty());
}

#[test]
fn aliasing_lists_are_stopped_by_the_lift_budget() {
    // list<list<u8>> of 1000 elements that all point at the same 1000 bytes.
    let ty = ValType::list(ValType::list(ValType::U8));
    let mut mem = vec![0u8; 16 + 8 * 1000 + 1000];
    let data = (16 + 8 * 1000) as u32;
    for i in 0..1000u32 {
        let at = 16 + 8 * i as usize;
        mem[at..at + 4].copy_from_slice(&data.to_le_bytes());
        mem[at + 4..at + 8].copy_from_slice(&1000u32.to_le_bytes());
    }
    let options = Options { limits: Limits { max_lift_bytes: 100_000, ..Limits::default() }, ..Options::default() };
    let list = ValueList::new([ty]).expect("list");
    let mut cx = LiftContext::new(&mem, &options);
    assert_eq!(list.lift(&mut cx, &[16, 1000], 16), Err(Trap::LiftBudgetExceeded { budget: 100_000 }));
}

#[test]
fn default_values_of_every_kind_lower_and_lift_back() {
    let types = vec![
        ValType::Char,
        ValType::String,
        ValType::fixed_list(ValType::F64, 3).expect("fixed"),
        ValType::record([("a", ValType::U8), ("b", ValType::list(ValType::S16))]).expect("record"),
        ValType::variant([("x", Some(ValType::U64)), ("y", None)]).expect("variant"),
        ValType::result(Some(ValType::Bool), None).expect("result"),
        ValType::flags(["p", "q"]).expect("flags"),
        ValType::enumeration(["e"]).expect("enum"),
        ValType::option(ValType::String).expect("option"),
    ];
    let vals: Vec<Val> = types.iter().map(Val::default_of).collect();
    assert_eq!(vals[4], Val::variant(0, Some(Val::U64(0))));
    assert_eq!(vals[5], Val::ok(Some(Val::Bool(false))));
    let list = ValueList::new(types).expect("list");
    let options = Options::default();
    let mut mem = BumpMemory::new(256, 8);
    let mut slots = [0u64; 1];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut mem, &options), &vals, MAX_FLAT_PARAMS, None, &mut flat).expect("lower");
    let back = list.lift(&mut LiftContext::new(mem.bytes(), &options), flat.written(), MAX_FLAT_PARAMS).expect("lift");
    assert_eq!(back, vals);
}

#[test]
fn recorded_string_hints_reproduce_the_reference_realloc_sequence() {
    use crate::options::StringEncoding;
    // "aé" stored as UTF-16, lifted as values, lowered into a UTF-8 memory.
    let utf16: Vec<u8> = "aé".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let list = ValueList::new([ValType::record([("s", ValType::String)]).expect("record")]).expect("list");
    let from = Options::new(StringEncoding::Utf16);
    let mut cx = LiftContext::new(&utf16, &from).record_string_hints();
    // A record of one string spilled to memory would need more setup; lift it flat.
    let vals = list.lift(&mut cx, &[0, 2], MAX_FLAT_PARAMS).expect("lift");
    let hints = cx.take_string_hints();
    assert_eq!(hints.len(), 1);

    let to = Options::new(StringEncoding::Utf8);
    let mut hinted = BumpMemory::new(64, 8);
    let mut slots = [0u64; 2];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(
        &mut LowerContext::new(&mut hinted, &to).with_string_hints(hints),
        &vals,
        MAX_FLAT_PARAMS,
        None,
        &mut flat,
    )
    .expect("lower");
    // UTF-16 source: one byte per code unit first, then the worst case, then a shrink.
    let sizes: Vec<u32> = hinted.calls().iter().map(|c| c.new_size).collect();
    assert_eq!(sizes, [2, 6, 3]);
    assert_eq!(flat.written(), &[16, 3]);

    // Without hints the same value lowers as a host (UTF-8) string: one exact allocation.
    let mut plain = BumpMemory::new(64, 8);
    let mut slots = [0u64; 2];
    let mut flat = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut plain, &to), &vals, MAX_FLAT_PARAMS, None, &mut flat).expect("lower");
    assert_eq!(plain.calls().iter().map(|c| c.new_size).collect::<Vec<_>>(), [3]);
}

#[test]
fn hints_that_do_not_fit_their_string_are_ignored() {
    use crate::options::StringEncoding;
    use crate::string::load_string;
    let bytes = b"abc";
    let mut cx = LiftContext::new(bytes, &Options::default());
    let hint = load_string(&mut cx, 0, 3).expect("lift").hint();
    let list = ValueList::new([ValType::String]).expect("list");
    let mut mem = BumpMemory::new(64, 8);
    let mut slots = [0u64; 2];
    let mut flat = FlatWriter::new(&mut slots);
    let to = Options::new(StringEncoding::Utf16);
    // The hint says 3 UTF-8 bytes; the value has 5.
    let vals = [Val::String("hello".into())];
    list.lower(
        &mut LowerContext::new(&mut mem, &to).with_string_hints(vec![hint]),
        &vals,
        MAX_FLAT_PARAMS,
        None,
        &mut flat,
    )
    .expect("lower");
    assert_eq!(mem.calls().iter().map(|c| c.new_size).collect::<Vec<_>>(), [10]);
}
