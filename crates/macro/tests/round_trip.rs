//! Derived types lowered and lifted: round trips flat and through memory,
//! the bulk list path against the per-element one, the dynamic path, and
//! traps on invalid discriminants.

// Tests stop at the first surprise.
#![allow(clippy::expect_used, clippy::panic)]

mod types;

use airssys_wasm_abi::typed::{self, Lift, Lower};
use airssys_wasm_abi::{
    BumpMemory, FlatReader, FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, Memory, Options, Trap, Val,
    ValType, ValueList,
};
use airssys_wasm_macro::{ComponentType, Lift};
use types::many::{Flags32, Many};
use types::*;

/// Lowers `value` with at most `max_flat` flat values and lifts it back.
fn round_trip<T: Lower + Lift>(value: &T, max_flat: usize) -> (T, Vec<u64>, BumpMemory) {
    let options = Options::default();
    let mut memory = BumpMemory::growable(8);
    let mut slots = vec![0u64; T::FLAT_COUNT.max(1)];
    let mut flat = FlatWriter::new(&mut slots);
    typed::lower_values(&mut LowerContext::new(&mut memory, &options), value, max_flat, None, &mut flat)
        .expect("lowers");
    let flat = flat.written().to_vec();
    let back = typed::lift_values(&mut LiftContext::new(memory.bytes(), &options), &flat, max_flat).expect("lifts");
    (back, flat, memory)
}

fn both_ways<T: Lower + Lift + PartialEq + std::fmt::Debug>(value: T) {
    for max_flat in [MAX_FLAT_PARAMS, 0] {
        assert_eq!(round_trip(&value, max_flat).0, value, "max_flat {max_flat}");
    }
}

#[test]
fn records_variants_enums_and_flags_round_trip() {
    both_ways(person());
    both_ways(vec![person(), person()]);
    both_ways(Some(Shape::Many(vec![Point { x: 9, y_pos: 0.25 }; 17])));
    both_ways::<Result<Person, Color>>(Err(Color::DarkBlue));
    both_ways::<Result<Person, Color>>(Ok(person()));
    both_ways(Keyword { r#type: 200, ok_or_not: true });
    both_ways(Pair { first: 7u8, second: Shape::Label("x".into()) });
    both_ways(Either::<Mixed, String>::Right("right".into()));
    both_ways(Either::<Pair<u16, f64>, Many>::Right(Many::C299));
    both_ways(Either::<Pair<u16, f64>, Many>::Left(Pair { first: 3, second: -0.0 }));
    both_ways(vec![Many::C0, Many::C255, Many::C256, Many::C299]);
    let mut flags = Flags32 { f0: true, f31: true, ..Flags32::default() };
    both_ways(flags);
    flags.f17 = true;
    both_ways(vec![flags, Flags32::default()]);
}

#[test]
fn flat_values_follow_the_canonical_abi() {
    // A variant case pads its payload to the variant's flat count; the u64
    // and f32 payloads share the joined slot as raw bits.
    let (_, flat, _) = round_trip(&Shape::Big(u64::MAX), MAX_FLAT_PARAMS);
    assert_eq!(flat, [4, u64::MAX, 0]);
    let (_, flat, _) = round_trip(&Shape::Dot(Point { x: 5, y_pos: 1.5 }), MAX_FLAT_PARAMS);
    assert_eq!(flat, [1, 5, u64::from(1.5f32.to_bits())]);
    let (_, flat, _) = round_trip(&Shape::Tinted(Color::Verde), MAX_FLAT_PARAMS);
    assert_eq!(flat, [5, 2, 0]);
    let (_, flat, _) = round_trip(&Perms { read: true, write_all: false, exec: true }, MAX_FLAT_PARAMS);
    assert_eq!(flat, [0b101]);
    let (_, flat, _) = round_trip(&Flags32 { f31: true, ..Flags32::default() }, MAX_FLAT_PARAMS);
    assert_eq!(flat, [1 << 31]);
}

/// `record owned { name: string, points: list<point> }`, the owned twin of
/// `Borrowed`.
#[derive(ComponentType, Lift, Debug, PartialEq)]
#[component(record, crate = airssys_wasm_abi)]
struct Owned {
    name: String,
    points: Vec<Point>,
}

#[test]
fn borrowed_fields_lower_like_owned_ones() {
    let points = [Point { x: 1, y_pos: 2.0 }, Point { x: 3, y_pos: 4.0 }];
    let options = Options::default();
    let mut memory = BumpMemory::growable(8);
    let mut slots = [0u64; 4];
    let mut flat = FlatWriter::new(&mut slots);
    let value = Borrowed { name: "borrowed", points: &points };
    value.lower_flat(&mut LowerContext::new(&mut memory, &options), &mut flat).expect("lowers");
    let back: Owned =
        typed::lift_values(&mut LiftContext::new(memory.bytes(), &options), flat.written(), 4).expect("lifts");
    assert_eq!(back, Owned { name: "borrowed".into(), points: points.to_vec() });
}

fn mixed(i: u32) -> Mixed {
    Mixed {
        a: i as u8,
        b: u64::from(i) << 40 | 0xfeed,
        c: i as u16 ^ 0xffff,
        d: char::from_u32(0x1f600 + i).unwrap_or('x'),
        e: i % 2 == 1,
        f: -(i as i8),
        g: if i == 3 { f64::NAN } else { f64::from(i) * 0.5 },
        h: -(i as i32) * 1000,
    }
}

/// Memory filled with a pattern, so that bytes left unwritten (padding) show.
fn patterned(len: usize) -> BumpMemory {
    let mut memory = BumpMemory::new(len, 0);
    for (i, b) in memory.bytes_mut().iter_mut().enumerate() {
        *b = (i * 31 + 7) as u8;
    }
    memory
}

#[test]
fn bulk_lists_of_scalar_records_write_and_read_the_same_bytes_as_element_by_element() {
    let items: Vec<Mixed> = (0..40).map(mixed).collect();
    let points: Vec<Point> = (0..40).map(|i| Point { x: i * 3, y_pos: i as f32 / 8.0 }).collect();
    let options = Options::default();
    let len = 4096;
    fn store<T: Lower>(items: &[T], bulk: bool, len: usize, options: &Options) -> Vec<u8> {
        let mut memory = patterned(len);
        let mut cx = LowerContext::new(&mut memory, options);
        if bulk { T::store_list(items, &mut cx, 64) } else { typed::store_each(items, &mut cx, 64) }.expect("stores");
        memory.bytes().to_vec()
    }
    let bulk = store(&items, true, len, &options);
    assert_eq!(bulk, store(&items, false, len, &options), "Mixed (with padding)");
    assert_ne!(bulk, patterned(len).bytes(), "the list was written");
    assert_eq!(store(&points, true, len, &options), store(&points, false, len, &options), "Point");

    let cx = &mut LiftContext::new(&bulk, &options);
    let fast = Mixed::load_list(cx, 64, 40).expect("loads");
    let slow: Vec<Mixed> = typed::load_each(cx, 64, 40).expect("loads");
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "NaN compares by its debug text");
    assert_eq!(fast[5], items[5]);

    // Out of bounds: both paths trap, neither panics.
    let mut memory = BumpMemory::new(128, 0);
    let mut cx = LowerContext::new(&mut memory, &options);
    assert!(matches!(Mixed::store_list(&items, &mut cx, 64), Err(Trap::OutOfBounds { .. })));
    assert!(matches!(typed::store_each(&items, &mut cx, 64), Err(Trap::OutOfBounds { .. })));
    assert!(Mixed::load_list(&mut LiftContext::new(&[0; 128], &options), 64, 40).is_err());
    // An invalid char inside a bulk-loaded record traps as `load` does.
    let mut bad = bulk.clone();
    bad[64 + 20..64 + 24].copy_from_slice(&0xd800u32.to_le_bytes());
    assert!(matches!(Mixed::load_list(&mut LiftContext::new(&bad, &options), 64, 40), Err(Trap::InvalidChar(_))));
}

fn mixed_val(m: &Mixed) -> Val {
    Val::Record(vec![
        Val::U8(m.a),
        Val::U64(m.b),
        Val::U16(m.c),
        Val::Char(m.d),
        Val::Bool(m.e),
        Val::S8(m.f),
        Val::F64(m.g),
        Val::S32(m.h),
    ])
}

#[test]
fn lists_of_scalar_records_match_the_dynamic_path() {
    let items: Vec<Mixed> = (0..25).filter(|i| *i != 3).map(mixed).collect();
    let params = ValueList::new([ValType::list(mixed_ty()), color_ty(), perms_ty()]).expect("valid");
    let vals = [Val::List(items.iter().map(mixed_val).collect()), Val::Enum(2), Val::Flags(0b110)];
    let typed_vals = (items.clone(), Color::Verde, Perms { read: false, write_all: true, exec: true });
    <(Vec<Mixed>, Color, Perms) as typed::ComponentList>::typecheck_list(params.types()).expect("typechecks");
    let options = Options::default();
    for max_flat in [MAX_FLAT_PARAMS, 0] {
        let (mut dyn_mem, mut typed_mem) = (BumpMemory::growable(8), BumpMemory::growable(8));
        let (mut dyn_slots, mut typed_slots) = ([0u64; 16], [0u64; 16]);
        let mut dyn_flat = FlatWriter::new(&mut dyn_slots);
        let mut typed_flat = FlatWriter::new(&mut typed_slots);
        params
            .lower(&mut LowerContext::new(&mut dyn_mem, &options), &vals, max_flat, None, &mut dyn_flat)
            .expect("dyn");
        typed::lower_values(
            &mut LowerContext::new(&mut typed_mem, &options),
            &typed_vals,
            max_flat,
            None,
            &mut typed_flat,
        )
        .expect("typed");
        assert_eq!(dyn_flat.written(), typed_flat.written());
        assert_eq!(dyn_mem.bytes(), typed_mem.bytes());
        assert_eq!(dyn_mem.calls(), typed_mem.calls());
        let lifted = params.lift(&mut LiftContext::new(typed_mem.bytes(), &options), typed_flat.written(), max_flat);
        assert_eq!(lifted.expect("dynamic lift of typed bytes"), vals);
        let lifted: (Vec<Mixed>, Color, Perms) =
            typed::lift_values(&mut LiftContext::new(dyn_mem.bytes(), &options), dyn_flat.written(), max_flat)
                .expect("typed lift of dynamic bytes");
        assert_eq!(lifted, typed_vals);
    }
}

#[test]
fn invalid_discriminants_trap_and_extra_flag_bits_are_ignored() {
    let options = Options::default();
    let cx = &mut LiftContext::new(&[0; 16], &options);
    let lift = |cx: &mut LiftContext<'_>, flat: &[u64]| Color::lift_flat(cx, &mut FlatReader::new(flat));
    assert_eq!(lift(cx, &[3]), Err(Trap::InvalidDiscriminant { value: 3, cases: 3 }));
    let shape = Shape::lift_flat(cx, &mut FlatReader::new(&[6, 0, 0]));
    assert_eq!(shape, Err(Trap::InvalidDiscriminant { value: 6, cases: 6 }));
    let mut bytes = [0u8; 8];
    bytes[..2].copy_from_slice(&300u16.to_le_bytes());
    assert_eq!(
        Many::load(&mut LiftContext::new(&bytes, &options), 0),
        Err(Trap::InvalidDiscriminant { value: 300, cases: 300 })
    );
    bytes[..2].copy_from_slice(&299u16.to_le_bytes());
    assert_eq!(Many::load(&mut LiftContext::new(&bytes, &options), 0), Ok(Many::C299));
    let perms = Perms::lift_flat(cx, &mut FlatReader::new(&[0xffff_fff9])).expect("lifts");
    assert_eq!(perms, Perms { read: true, write_all: false, exec: false });
}
