//! Tests for the typed path: it must agree with the dynamic path to the byte.

use super::*;
use crate::memory::BumpMemory;
use crate::options::{Options, StringEncoding};
use crate::trap::Access;
use crate::val::Val;
use crate::values::ValueList;
use crate::{FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS};

/// Lowers `typed` through the typed path and `dynamic` through the dynamic
/// path into fresh memories and checks flat values, bytes and realloc calls
/// agree; then lifts both ways and checks the values come back.
fn agree<T>(types: &[ValType], typed: T, dynamic: &[Val], encoding: StringEncoding)
where
    T: Lower + Lift + ComponentList + PartialEq + core::fmt::Debug,
{
    T::typecheck_list(types).expect("types match");
    let list = ValueList::new(types.to_vec()).expect("valid list");
    let options = Options::new(encoding);

    let mut typed_mem = BumpMemory::new(4096, 8);
    let mut typed_slots = [0u64; MAX_FLAT_PARAMS];
    let mut typed_flat = FlatWriter::new(&mut typed_slots);
    lower_values(&mut LowerContext::new(&mut typed_mem, &options), &typed, MAX_FLAT_PARAMS, None, &mut typed_flat)
        .expect("typed lower");

    let mut dyn_mem = BumpMemory::new(4096, 8);
    let mut dyn_slots = [0u64; MAX_FLAT_PARAMS];
    let mut dyn_flat = FlatWriter::new(&mut dyn_slots);
    list.lower(&mut LowerContext::new(&mut dyn_mem, &options), dynamic, MAX_FLAT_PARAMS, None, &mut dyn_flat)
        .expect("dynamic lower");

    assert_eq!(typed_flat.written(), dyn_flat.written(), "flat values");
    assert_eq!(typed_mem.calls(), dyn_mem.calls(), "realloc calls");
    assert_eq!(typed_mem.bytes(), dyn_mem.bytes(), "memory");

    let back: T =
        lift_values(&mut LiftContext::new(typed_mem.bytes(), &options), typed_flat.written(), MAX_FLAT_PARAMS)
            .expect("typed lift");
    assert_eq!(back, typed);
    let back =
        list.lift(&mut LiftContext::new(dyn_mem.bytes(), &options), dyn_flat.written(), MAX_FLAT_PARAMS).expect("lift");
    assert_eq!(back, dynamic);
}

#[test]
fn scalars_agree_with_the_dynamic_path() {
    agree(
        &[
            ValType::Bool,
            ValType::S8,
            ValType::U16,
            ValType::S32,
            ValType::U64,
            ValType::F32,
            ValType::F64,
            ValType::Char,
        ],
        (true, -3i8, 65_535u16, -7i32, u64::MAX, -0.5f32, 1e300f64, '€'),
        &[
            Val::Bool(true),
            Val::S8(-3),
            Val::U16(65_535),
            Val::S32(-7),
            Val::U64(u64::MAX),
            Val::F32(-0.5),
            Val::F64(1e300),
            Val::Char('€'),
        ],
        StringEncoding::Utf8,
    );
}

#[test]
fn strings_and_lists_agree_in_every_encoding() {
    for encoding in [StringEncoding::Utf8, StringEncoding::Utf16, StringEncoding::Latin1Utf16] {
        agree(
            &[ValType::String, ValType::list(ValType::U16), ValType::list(ValType::String)],
            (String::from("grüße, 世界"), vec![1u16, 0xfffe], vec![String::from("a"), String::from("ÿ")]),
            &[
                Val::String("grüße, 世界".into()),
                Val::List(vec![Val::U16(1), Val::U16(0xfffe)]),
                Val::List(vec![Val::String("a".into()), Val::String("ÿ".into())]),
            ],
            encoding,
        );
    }
}

#[test]
fn options_and_results_join_their_payload_slots() {
    let r = ValType::result(Some(ValType::U32), Some(ValType::F64)).expect("result");
    let o = ValType::option(ValType::list(ValType::Bool)).expect("option");
    let unit = ValType::result(None, Some(ValType::S64)).expect("result");
    agree(
        &[r.clone(), o.clone(), unit.clone()],
        (Ok::<u32, f64>(5), Some(vec![true, false]), Err::<(), i64>(-1)),
        &[
            Val::ok(Some(Val::U32(5))),
            Val::some(Val::List(vec![Val::Bool(true), Val::Bool(false)])),
            Val::err(Some(Val::S64(-1))),
        ],
        StringEncoding::Utf8,
    );
    agree(
        &[r, o, unit],
        (Err::<u32, f64>(1.5), None::<Vec<bool>>, Ok::<(), i64>(())),
        &[Val::err(Some(Val::F64(1.5))), Val::Option(None), Val::ok(None)],
        StringEncoding::Utf8,
    );
}

#[test]
fn long_parameter_lists_spill_to_memory() {
    // Nine strings flatten to 18 values, more than MAX_FLAT_PARAMS.
    let types = vec![ValType::String; 9];
    let s = || String::from("x");
    agree(
        &types,
        (s(), s(), s(), s(), s(), s(), s(), s(), s()),
        &vec![Val::String("x".into()); 9],
        StringEncoding::Utf16,
    );
}

#[test]
fn tuples_match_records_by_position() {
    let rec = ValType::record([("id", ValType::U32), ("name", ValType::String)]).expect("record");
    assert_eq!(<(u32, String)>::typecheck(&rec), Ok(()));
    assert!(<(u32, u32)>::typecheck(&rec).is_err());
    assert!(<(u32,)>::typecheck(&rec).is_err());
    agree(
        &[ValType::list(rec)],
        (vec![(1u32, String::from("a")), (2, String::from("bc"))],),
        &[Val::List(vec![
            Val::Record(vec![Val::U32(1), Val::String("a".into())]),
            Val::Record(vec![Val::U32(2), Val::String("bc".into())]),
        ])],
        StringEncoding::Utf8,
    );
}

#[test]
fn typecheck_reports_what_differs() {
    let err = <(u8, String)>::typecheck_list(&[ValType::U8, ValType::U32]).expect_err("mismatch");
    assert_eq!(err.to_string(), "type mismatch: the Rust type needs string but the component type is u32");
    assert!(<Result<(), u8>>::typecheck(&ValType::result(Some(ValType::U8), Some(ValType::U8)).expect("r")).is_err());
    assert!(<()>::typecheck_list(&[]).is_ok());
}

/// A handle type for the shape tests: claims to be a `u16` resource.
struct Handle16;

fn claim16() -> HandleClaim {
    HandleClaim { type_id: core::any::TypeId::of::<u16>(), type_name: "u16" }
}

impl ComponentType for Handle16 {
    const SIZE32: u32 = 4;
    const ALIGN32: u32 = 4;
    const FLAT_COUNT: usize = 1;
    const SHAPE: &'static Shape = &Shape::Handle(claim16);
}

#[test]
fn shapes_check_payloads_arities_and_handles() {
    // An absent payload only matches `()`, and `()` only an absent payload.
    let unit_ok = ValType::result(None, Some(ValType::U8)).expect("r");
    assert!(<Result<(), u8>>::typecheck(&unit_ok).is_ok());
    let err = <Result<u8, u8>>::typecheck(&unit_ok).expect_err("needs a payload");
    assert!(err.to_string().contains("needs a payload"), "{err}");
    // A tuple against a record counts the fields; a list against values counts the values.
    let record = ValType::record([("a", ValType::U8)]).expect("record");
    assert!(<(u8,)>::typecheck(&record).is_ok());
    let err = <(u8, u8)>::typecheck(&record).expect_err("arity");
    assert!(err.to_string().contains("a record of 2 fields"), "{err}");
    let err = <(u8, u8)>::typecheck_list(&[ValType::U8]).expect_err("arity");
    assert!(err.to_string().contains("2 values") && err.to_string().contains("is 1 value"), "{err}");
    // Handles are reported with their claim, shared beneath a reference only.
    let types = [ValType::list(ValType::Own(3)), ValType::option(ValType::Borrow(4)).expect("option")];
    <(Vec<Handle16>, Option<&Handle16>)>::typecheck_list(&types).expect("handles");
    let mut seen = Vec::new();
    <(Vec<Handle16>, Option<&Handle16>)>::check_handles_list(&types, &mut |ty, claim, shared| {
        seen.push((ty.clone(), claim.type_name, shared));
        Ok(())
    })
    .expect("handles");
    assert_eq!(seen, [(ValType::Own(3), "u16", false), (ValType::Borrow(4), "u16", true)]);
    assert!(<Handle16>::typecheck(&ValType::U32).is_err());
}

#[test]
fn bulk_lists_copy_little_endian_bytes() {
    let options = Options::default();
    let mut mem = BumpMemory::new(64, 8);
    let mut slots = [0u64; 2];
    let mut flat = FlatWriter::new(&mut slots);
    let v: &[u16] = &[0x0102, 0x0304];
    v.lower_flat(&mut LowerContext::new(&mut mem, &options), &mut flat).expect("lower");
    assert_eq!(flat.written(), &[8, 2]);
    assert_eq!(&mem.bytes()[8..12], &[2, 1, 4, 3]);
}

#[test]
fn hostile_values_trap_with_reasons() {
    let options = Options::default();
    let mut mem = [0u8; 16];
    mem[0] = 2;
    mem[4..8].copy_from_slice(&0xD800u32.to_le_bytes());
    let mut cx = LiftContext::new(&mem, &options);
    assert_eq!(load::<Option<u8>>(&mut cx, 0), Err(Trap::InvalidDiscriminant { value: 2, cases: 2 }));
    assert_eq!(load::<char>(&mut cx, 4), Err(Trap::InvalidChar(0xD800)));
    assert_eq!(load::<u32>(&mut cx, 2), Err(Trap::Misaligned { ptr: 2, align: 4, access: Access::Value }));
    assert_eq!(
        load::<u64>(&mut cx, 16),
        Err(Trap::OutOfBounds { ptr: 16, len: 8, memory_size: 16, access: Access::Value })
    );
    let flat = [0u64, 8];
    assert!(matches!(lift_values::<(Vec<char>,)>(&mut cx, &flat, MAX_FLAT_PARAMS), Err(Trap::OutOfBounds { .. })));
    assert_eq!(lift_values::<(Vec<char>,)>(&mut cx, &[4, 1], MAX_FLAT_PARAMS), Err(Trap::InvalidChar(0xD800)));
    assert_eq!(
        lift_values::<(Option<u8>,)>(&mut cx, &[3, 0], MAX_FLAT_PARAMS),
        Err(Trap::InvalidDiscriminant { value: 3, cases: 2 })
    );
    assert_eq!(lift_values::<(u8,)>(&mut cx, &[1, 2], MAX_FLAT_PARAMS), Err(Trap::FlatCountMismatch));
}

#[test]
fn nans_are_canonicalized_both_ways() {
    let options = Options::default();
    let mut mem = BumpMemory::new(16, 8);
    let mut slots = [0u64; 2];
    let mut flat = FlatWriter::new(&mut slots);
    (f32::from_bits(0xffc0_1234), f64::from_bits(0x7ff0_0000_0000_0001))
        .lower_flat(&mut LowerContext::new(&mut mem, &options), &mut flat)
        .expect("lower");
    assert_eq!(flat.written(), &[0x7fc0_0000, 0x7ff8_0000_0000_0000]);
    let mut cx = LiftContext::new(mem.bytes(), &options);
    let (a, b): (f32, f64) =
        lift_values(&mut cx, &[0xffff_ffff, 0xffff_ffff_ffff_ffff], MAX_FLAT_PARAMS).expect("lift");
    assert_eq!((a.to_bits(), b.to_bits()), (0x7fc0_0000, 0x7ff8_0000_0000_0000));
}

#[test]
fn abi_constants_match_the_dynamic_layouts() {
    fn check<T: ComponentType>(ty: ValType) {
        let l = ty.layout();
        assert_eq!((T::SIZE32, T::ALIGN32, T::FLAT_COUNT as u32), (l.size, l.align, l.flat_count), "{ty}");
    }
    check::<(u8, u64, u16)>(ValType::tuple([ValType::U8, ValType::U64, ValType::U16]).expect("t"));
    check::<Option<(u8, u16)>>(ValType::option(ValType::tuple([ValType::U8, ValType::U16]).expect("t")).expect("o"));
    check::<Result<String, f64>>(ValType::result(Some(ValType::String), Some(ValType::F64)).expect("r"));
    check::<Result<(), u8>>(ValType::result(None, Some(ValType::U8)).expect("r"));
    check::<Vec<(char, bool)>>(ValType::list(ValType::tuple([ValType::Char, ValType::Bool]).expect("t")));
}
