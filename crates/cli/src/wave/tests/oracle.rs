//! Tests against the reference implementation (the `wasm-wave` crate): on
//! generated types and values, our printer writes exactly what it writes,
//! it reads our text back into the same value, and so do we, with this
//! module's `parse_value` and with the runtime's `wave::from_str` (today the
//! same reader: `parse_value` calls it).

use super::super::{parse_value, to_string};
use airssys_wasm::{Val, ValType};
use wasm_wave::value::{Type as WaveType, Value as WaveValue};
use wasm_wave::wasm::WasmValue;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Labels, including keywords (which need `%` as cases) and both cases.
const LABELS: &[&str] =
    &["a", "b-c", "ok", "none", "some", "err", "true", "inf", "nan", "x1", "HTTP3", "method-GET", "item-2", "z"];

/// Chars that stress escaping: quotes, backslash, controls, combining marks,
/// non-printing and astral characters.
const CHARS: &[char] = &[
    'a',
    'Z',
    ' ',
    '\'',
    '"',
    '\\',
    '\n',
    '\t',
    '\r',
    '\0',
    '\u{7f}',
    '\u{1b}',
    'é',
    '☃',
    '\u{200b}',
    '\u{301}',
    '\u{ad}',
    '\u{a0}',
    '\u{fffd}',
    '\u{10ffff}',
    '😀',
    '\u{e000}',
    '\u{2028}',
    '{',
    '}',
    '/',
];

fn labels(rng: &mut Rng) -> Vec<String> {
    let n = 1 + rng.below(4);
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let label = LABELS[rng.below(LABELS.len())].to_string();
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

fn scalar_type(rng: &mut Rng) -> ValType {
    use ValType::*;
    [Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String][rng.below(13)].clone()
}

/// A type nesting at most `depth` deep (fixed-length lists excluded: the
/// reference does not parse them).
fn gen_type(rng: &mut Rng, depth: usize) -> ValType {
    if depth == 0 || rng.chance(3) {
        return scalar_type(rng);
    }
    let d = depth - 1;
    match rng.below(8) {
        0 => ValType::list(gen_type(rng, d)),
        1 => ValType::record(labels(rng).into_iter().map(|l| (l, gen_type(rng, d))).collect::<Vec<_>>()).unwrap(),
        2 => ValType::tuple((0..1 + rng.below(3)).map(|_| gen_type(rng, d)).collect::<Vec<_>>()).unwrap(),
        3 => {
            let cases: Vec<_> = labels(rng).into_iter().map(|l| (l, rng.chance(2).then(|| gen_type(rng, d)))).collect();
            ValType::variant(cases).unwrap()
        }
        4 => ValType::enumeration(labels(rng)).unwrap(),
        5 => ValType::option(gen_type(rng, d)).unwrap(),
        6 => {
            let ok = rng.chance(3).then(|| gen_type(rng, d));
            let err = rng.chance(2).then(|| gen_type(rng, d));
            ValType::result(ok, err).unwrap()
        }
        _ => ValType::flags(labels(rng)).unwrap(),
    }
}

fn gen_f64(rng: &mut Rng) -> f64 {
    let special = [0.0, -0.0, 1.0, -1.5, 0.1, 1e300, 5e-324, f64::MAX, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
    if rng.chance(2) {
        return special[rng.below(special.len())];
    }
    let f = f64::from_bits(rng.next());
    if f.is_nan() { f64::NAN } else { f }
}

fn gen_f32(rng: &mut Rng) -> f32 {
    let special = [0.0, -0.0, 1.0, 0.1, 3.4e38, 1e-45, f32::MAX, f32::INFINITY, f32::NEG_INFINITY, f32::NAN];
    if rng.chance(2) {
        return special[rng.below(special.len())];
    }
    let f = f32::from_bits(rng.next() as u32);
    if f.is_nan() { f32::NAN } else { f }
}

fn gen_char(rng: &mut Rng) -> char {
    if rng.chance(3) {
        return char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x');
    }
    CHARS[rng.below(CHARS.len())]
}

fn gen_val(rng: &mut Rng, ty: &ValType) -> Val {
    let payload = |rng: &mut Rng, ty: Option<&ValType>| ty.map(|t| Box::new(gen_val(rng, t)));
    match ty {
        ValType::Bool => Val::Bool(rng.chance(2)),
        ValType::S8 => Val::S8(rng.next() as i8),
        ValType::U8 => Val::U8(rng.next() as u8),
        ValType::S16 => Val::S16(rng.next() as i16),
        ValType::U16 => Val::U16(rng.next() as u16),
        ValType::S32 => Val::S32(rng.next() as i32),
        ValType::U32 => Val::U32(rng.next() as u32),
        ValType::S64 => Val::S64(rng.next() as i64),
        ValType::U64 => Val::U64(rng.next()),
        ValType::F32 => Val::F32(gen_f32(rng)),
        ValType::F64 => Val::F64(gen_f64(rng)),
        ValType::Char => Val::Char(gen_char(rng)),
        ValType::String => Val::String((0..rng.below(6)).map(|_| gen_char(rng)).collect()),
        ValType::List(t) => Val::List((0..rng.below(4)).map(|_| gen_val(rng, t.element())).collect()),
        ValType::Record(t) => Val::Record(t.fields().iter().map(|f| gen_val(rng, &f.ty)).collect()),
        ValType::Tuple(t) => Val::Tuple(t.types().iter().map(|t| gen_val(rng, t)).collect()),
        ValType::Variant(t) => {
            let i = rng.below(t.cases().len());
            Val::Variant(i as u32, payload(rng, t.cases()[i].ty.as_ref()))
        }
        ValType::Enum(t) => Val::Enum(rng.below(t.labels().len()) as u32),
        ValType::Option(t) => {
            let present = rng.chance(2);
            Val::Option(payload(rng, present.then_some(t.some())))
        }
        ValType::Result(t) if rng.chance(2) => Val::Result(Ok(payload(rng, t.ok()))),
        ValType::Result(t) => Val::Result(Err(payload(rng, t.err()))),
        ValType::Flags(t) => Val::Flags((rng.next() as u32) & t.mask()),
        other => panic!("no generator for {other}"),
    }
}

/// The reference's type for `ty`.
fn wave_type(ty: &ValType) -> WaveType {
    match ty {
        ValType::Bool => WaveType::BOOL,
        ValType::S8 => WaveType::S8,
        ValType::U8 => WaveType::U8,
        ValType::S16 => WaveType::S16,
        ValType::U16 => WaveType::U16,
        ValType::S32 => WaveType::S32,
        ValType::U32 => WaveType::U32,
        ValType::S64 => WaveType::S64,
        ValType::U64 => WaveType::U64,
        ValType::F32 => WaveType::F32,
        ValType::F64 => WaveType::F64,
        ValType::Char => WaveType::CHAR,
        ValType::String => WaveType::STRING,
        ValType::List(t) => WaveType::list(wave_type(t.element())),
        ValType::Record(t) => WaveType::record(t.fields().iter().map(|f| (f.name.as_str(), wave_type(&f.ty)))).unwrap(),
        ValType::Tuple(t) => WaveType::tuple(t.types().iter().map(wave_type).collect::<Vec<_>>()).unwrap(),
        ValType::Variant(t) => {
            WaveType::variant(t.cases().iter().map(|c| (c.name.as_str(), c.ty.as_ref().map(wave_type)))).unwrap()
        }
        ValType::Enum(t) => WaveType::enum_ty(t.labels().iter().map(String::as_str)).unwrap(),
        ValType::Option(t) => WaveType::option(wave_type(t.some())),
        ValType::Result(t) => WaveType::result(t.ok().map(wave_type), t.err().map(wave_type)),
        ValType::Flags(t) => WaveType::flags(t.labels().iter().map(String::as_str)).unwrap(),
        other => panic!("no reference type for {other}"),
    }
}

/// The reference's value for `val` of type `ty`.
fn wave_value(val: &Val, ty: &ValType) -> WaveValue {
    let wty = wave_type(ty);
    let payload = |v: &Option<Box<Val>>, t: Option<&ValType>| v.as_ref().zip(t).map(|(v, t)| wave_value(v, t));
    match (val, ty) {
        (Val::Bool(v), _) => WaveValue::make_bool(*v),
        (Val::S8(v), _) => WaveValue::make_s8(*v),
        (Val::U8(v), _) => WaveValue::make_u8(*v),
        (Val::S16(v), _) => WaveValue::make_s16(*v),
        (Val::U16(v), _) => WaveValue::make_u16(*v),
        (Val::S32(v), _) => WaveValue::make_s32(*v),
        (Val::U32(v), _) => WaveValue::make_u32(*v),
        (Val::S64(v), _) => WaveValue::make_s64(*v),
        (Val::U64(v), _) => WaveValue::make_u64(*v),
        (Val::F32(v), _) => WaveValue::make_f32(*v),
        (Val::F64(v), _) => WaveValue::make_f64(*v),
        (Val::Char(v), _) => WaveValue::make_char(*v),
        (Val::String(v), _) => WaveValue::make_string(v.as_str().into()),
        (Val::List(items), ValType::List(t)) => {
            WaveValue::make_list(&wty, items.iter().map(|v| wave_value(v, t.element()))).unwrap()
        }
        (Val::Record(values), ValType::Record(t)) => {
            let fields = t.fields().iter().zip(values).map(|(f, v)| (f.name.as_str(), wave_value(v, &f.ty)));
            WaveValue::make_record(&wty, fields).unwrap()
        }
        (Val::Tuple(items), ValType::Tuple(t)) => {
            WaveValue::make_tuple(&wty, items.iter().zip(t.types()).map(|(v, t)| wave_value(v, t))).unwrap()
        }
        (Val::Variant(i, v), ValType::Variant(t)) => {
            let case = &t.cases()[*i as usize];
            WaveValue::make_variant(&wty, &case.name, payload(v, case.ty.as_ref())).unwrap()
        }
        (Val::Enum(i), ValType::Enum(t)) => WaveValue::make_enum(&wty, &t.labels()[*i as usize]).unwrap(),
        (Val::Option(v), ValType::Option(t)) => WaveValue::make_option(&wty, payload(v, Some(t.some()))).unwrap(),
        (Val::Result(Ok(v)), ValType::Result(t)) => WaveValue::make_result(&wty, Ok(payload(v, t.ok()))).unwrap(),
        (Val::Result(Err(v)), ValType::Result(t)) => WaveValue::make_result(&wty, Err(payload(v, t.err()))).unwrap(),
        (Val::Flags(bits), ValType::Flags(t)) => {
            let set = t.labels().iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, l)| l.as_str());
            WaveValue::make_flags(&wty, set).unwrap()
        }
        other => panic!("no reference value for {other:?}"),
    }
}

#[test]
fn printing_and_parsing_agree_with_the_reference() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..3000 {
        let ty = gen_type(&mut rng, 4);
        let val = gen_val(&mut rng, &ty);
        let ours = to_string(&val, &ty).unwrap();
        let reference = wave_value(&val, &ty);
        let theirs = wasm_wave::to_string(&reference).unwrap();
        assert_eq!(ours, theirs, "case {case}: printing {val:?} as {ty}");
        assert_eq!(parse_value(&ours, &ty).unwrap(), val, "case {case}: parsing {ours} as {ty}");
        let runtime = airssys_wasm::wave::from_str(&ty, &ours);
        assert_eq!(runtime.unwrap(), val, "case {case}: the runtime parsing {ours} as {ty}");
        let read: WaveValue = wasm_wave::from_str(&wave_type(&ty), &ours).unwrap();
        // NaN is unequal to itself, so values holding one compare as text.
        let same = read == reference || wasm_wave::to_string(&read).unwrap() == theirs;
        assert!(same, "case {case}: the reference parsing {ours} as {ty} gives {read:?}");
    }
}

/// Spellings the printer never writes, which both parsers must read alike.
#[test]
fn alternative_spellings_agree_with_the_reference() {
    let order = ValType::record([
        ("items", ValType::list(ValType::U32)),
        ("note", ValType::option(ValType::String).unwrap()),
        ("ok", ValType::result(Some(ValType::U8), Some(ValType::String)).unwrap()),
    ])
    .unwrap();
    let cases = [
        "{items: [1, 2,], ok: 3}",
        "{ok: ok(3), note: \"n\", %items: []}",
        "{note: none, ok: err(\"e\"), items: [] ,}",
        "// comment\n{items: [\n1 // one\n], ok: ok(0)}",
        "{items: [], ok: 1, note: \"\"\"\n  two\n  lines\n  \"\"\"}",
        "{items:[],ok:1,note:\"\\u{2603}\\t\"}",
    ];
    for text in cases {
        let ours = parse_value(text, &order).unwrap();
        let theirs: WaveValue = wasm_wave::from_str(&wave_type(&order), text).unwrap();
        assert_eq!(wave_value(&ours, &order), theirs, "parsing {text}");
        assert_eq!(airssys_wasm::wave::from_str(&order, text).unwrap(), ours, "the runtime parsing {text}");
    }
}
