//! Tests the canonical ABI against lift/lower vectors produced by the
//! specification's Python reference (`definitions.py`).
//!
//! Reads every `*.jsonl` file in `../shared/conformance/cabi-vectors/` (or in
//! the directory named by `AIRSSYS_CABI_VECTORS`), checks each vector, prints
//! one line per failure and a closing `N passed, N failed` line, and exits
//! non-zero on any failure. The format is described in that directory's
//! README.md.

use airssys_wasm_abi::{
    BumpMemory, FlatType, FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, Memory, Options, StringEncoding, Val,
    ValType, ValueList,
};
use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the allocator of a fresh memory starts, as in the vector generator.
const ALLOC_START: u32 = 8;
/// Size of the linear memory the generator used: one 64 KiB page. Vectors
/// carry only the bytes up to the allocator's high-water mark; the rest of
/// the page is zero, and corrupted pointers into it must still lift.
const PAGE: usize = 1 << 16;

type Check = Result<(), String>;

fn main() -> ExitCode {
    let dir = match std::env::var_os("AIRSSYS_CABI_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cabi-vectors"),
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(e) => {
            eprintln!(
                "cannot read the vector directory {}: {e}; set AIRSSYS_CABI_VECTORS or place shared/ beside the repository",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    files.sort();
    if files.is_empty() {
        eprintln!("no *.jsonl vectors in {}", dir.display());
        return ExitCode::FAILURE;
    }

    let (mut passed, mut failed) = (0usize, 0usize);
    let mut by_kind = std::collections::BTreeMap::<&'static str, (usize, usize)>::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        };
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let (kind, outcome) = match serde_json::from_str::<Json>(line) {
                Ok(v) => check_vector(&v),
                Err(e) => ("unparsable", Err(format!("bad JSON: {e}"))),
            };
            let entry = by_kind.entry(kind).or_default();
            match outcome {
                Ok(()) => {
                    passed += 1;
                    entry.0 += 1;
                }
                Err(why) => {
                    failed += 1;
                    entry.1 += 1;
                    let why: String = why.chars().take(600).collect();
                    println!("FAIL {}:{}: {why}", file.display(), n + 1);
                }
            }
        }
    }
    for (kind, (p, f)) in &by_kind {
        println!("  {kind:<16} {p} passed, {f} failed");
    }
    println!("cabi-vectors: {passed} passed, {failed} failed");
    if failed == 0 && passed > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn check_vector(v: &Json) -> (&'static str, Check) {
    let id = v["id"].as_str().unwrap_or("?").to_owned();
    let negative = v["lift_only"].as_bool().unwrap_or(false);
    let kind = match (negative, v.get("trap").is_some()) {
        (false, _) => "normal",
        (true, false) => "negative-lifts",
        (true, true) => "negative-traps",
    };
    let result = (|| {
        let encoding = parse_encoding(&v["encoding"])?;
        let types = json_array(&v["types"])?.iter().map(parse_type).collect::<Result<Vec<_>, _>>()?;
        let list = ValueList::new(types.clone()).map_err(|e| e.to_string())?;
        let memory = hex(v["memory_hex"].as_str().ok_or("memory_hex missing")?)?;
        let mut page = memory.clone();
        page.resize(page.len().max(PAGE), 0);
        let flat_types = list.flat_types(MAX_FLAT_PARAMS);
        let flat = parse_flat(&v["flat"], &flat_types)?;
        let options = Options::new(encoding);
        if negative {
            return check_negative(v, &list, &types, &options, &page, &flat);
        }
        let values = parse_values(&v["values"], &types)?;
        check_lower(v, &list, &values, &options, &memory, &flat, &flat_types)?;
        let lifted = list
            .lift(&mut LiftContext::new(&page, &options), &flat, MAX_FLAT_PARAMS)
            .map_err(|t| format!("lifting trapped: {t}"))?;
        if lifted != values {
            return Err(format!("lifting gave {lifted:?}, expected {values:?}"));
        }
        Ok(())
    })();
    (kind, result.map_err(|e| format!("{id}: {e}")))
}

fn check_negative(
    v: &Json,
    list: &ValueList,
    types: &[ValType],
    options: &Options,
    memory: &[u8],
    flat: &[u64],
) -> Check {
    let lifted = list.lift(&mut LiftContext::new(memory, options), flat, MAX_FLAT_PARAMS);
    if v["trap"].as_bool() == Some(true) {
        return match lifted {
            Err(_) => Ok(()),
            Ok(vals) => Err(format!("expected a trap, lifted {vals:?}")),
        };
    }
    let expected = parse_values(&v["values"], types)?;
    match lifted {
        Ok(vals) if vals == expected => Ok(()),
        Ok(vals) => Err(format!("lifted {vals:?}, expected {expected:?}")),
        Err(t) => Err(format!("trapped ({t}), expected {expected:?}")),
    }
}

fn check_lower(
    v: &Json,
    list: &ValueList,
    values: &[Val],
    options: &Options,
    memory: &[u8],
    flat: &[u64],
    flat_types: &[FlatType],
) -> Check {
    let mut mem = BumpMemory::new(PAGE, ALLOC_START);
    let mut slots = [0u64; MAX_FLAT_PARAMS];
    let mut out = FlatWriter::new(&mut slots);
    list.lower(&mut LowerContext::new(&mut mem, options), values, MAX_FLAT_PARAMS, None, &mut out)
        .map_err(|t| format!("lowering trapped: {t}"))?;
    let got = out.written();
    if got.len() != flat.len() || got.iter().zip(flat).zip(flat_types).any(|((g, e), t)| !flat_eq(*g, *e, *t)) {
        return Err(format!("lowering gave flat {got:x?}, expected {flat:x?}"));
    }
    let high = mem.high_water() as usize;
    let lowered = &mem.bytes()[..high.max(ALLOC_START as usize)];
    if lowered != memory {
        return Err(format!("lowering wrote memory\n  {}\nexpected\n  {}", to_hex(lowered), to_hex(memory)));
    }
    let expected_calls = json_array(&v["reallocs"])?
        .iter()
        .map(|c| {
            let c =
                json_array(c)?.iter().map(|x| x.as_u64().ok_or("bad realloc entry")).collect::<Result<Vec<_>, _>>()?;
            Ok(c)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let calls: Vec<Vec<u64>> = mem
        .calls()
        .iter()
        .map(|c| [c.old_ptr, c.old_size, c.align, c.new_size, c.returned].map(u64::from).to_vec())
        .collect();
    if calls != expected_calls {
        return Err(format!("realloc calls {calls:?}, expected {expected_calls:?}"));
    }
    Ok(())
}

/// Compares a raw flat value with an expected one of the given core type;
/// 32-bit values must be zero-extended.
fn flat_eq(got: u64, expected: u64, ty: FlatType) -> bool {
    match ty {
        FlatType::I32 | FlatType::F32 => got == expected & 0xffff_ffff,
        FlatType::I64 | FlatType::F64 => got == expected,
    }
}

fn json_array(v: &Json) -> Result<&Vec<Json>, String> {
    v.as_array().ok_or_else(|| format!("expected an array, found {v}"))
}

fn parse_encoding(v: &Json) -> Result<StringEncoding, String> {
    match v.as_str() {
        Some("utf8") => Ok(StringEncoding::Utf8),
        Some("utf16") => Ok(StringEncoding::Utf16),
        Some("latin1+utf16") => Ok(StringEncoding::Latin1Utf16),
        _ => Err(format!("unknown encoding {v}")),
    }
}

fn labels(v: &Json) -> Result<Vec<String>, String> {
    json_array(v)?.iter().map(|l| l.as_str().map(str::to_owned).ok_or_else(|| format!("bad label {l}"))).collect()
}

fn optional_type(v: &Json) -> Result<Option<ValType>, String> {
    if v.is_null() { Ok(None) } else { parse_type(v).map(Some) }
}

fn parse_type(v: &Json) -> Result<ValType, String> {
    if let Some(name) = v.as_str() {
        return Ok(match name {
            "bool" => ValType::Bool,
            "s8" => ValType::S8,
            "u8" => ValType::U8,
            "s16" => ValType::S16,
            "u16" => ValType::U16,
            "s32" => ValType::S32,
            "u32" => ValType::U32,
            "s64" => ValType::S64,
            "u64" => ValType::U64,
            "f32" => ValType::F32,
            "f64" => ValType::F64,
            "char" => ValType::Char,
            "string" => ValType::String,
            other => return Err(format!("unknown type {other}")),
        });
    }
    let obj = v.as_object().ok_or_else(|| format!("bad type {v}"))?;
    let err = |e: airssys_wasm_abi::TypeError| e.to_string();
    if let Some(elem) = obj.get("list") {
        let elem = parse_type(elem)?;
        return match obj.get("len").and_then(Json::as_u64) {
            Some(len) => ValType::fixed_list(elem, len as u32).map_err(err),
            None => Ok(ValType::list(elem)),
        };
    }
    if let Some(fields) = obj.get("record") {
        let fields = json_array(fields)?
            .iter()
            .map(|f| {
                let f = json_array(f)?;
                Ok((f[0].as_str().ok_or("bad field name")?.to_owned(), parse_type(&f[1])?))
            })
            .collect::<Result<Vec<_>, String>>()?;
        return ValType::record(fields).map_err(err);
    }
    if let Some(types) = obj.get("tuple") {
        return ValType::tuple(json_array(types)?.iter().map(parse_type).collect::<Result<Vec<_>, _>>()?).map_err(err);
    }
    if let Some(cases) = obj.get("variant") {
        let cases = json_array(cases)?
            .iter()
            .map(|c| {
                let c = json_array(c)?;
                Ok((c[0].as_str().ok_or("bad case name")?.to_owned(), optional_type(&c[1])?))
            })
            .collect::<Result<Vec<_>, String>>()?;
        return ValType::variant(cases).map_err(err);
    }
    if let Some(l) = obj.get("enum") {
        return ValType::enumeration(labels(l)?).map_err(err);
    }
    if let Some(t) = obj.get("option") {
        return ValType::option(parse_type(t)?).map_err(err);
    }
    if let Some(r) = obj.get("result") {
        let r = json_array(r)?;
        return ValType::result(optional_type(&r[0])?, optional_type(&r[1])?).map_err(err);
    }
    if let Some(l) = obj.get("flags") {
        return ValType::flags(labels(l)?).map_err(err);
    }
    Err(format!("unknown type {v}"))
}

fn parse_values(v: &Json, types: &[ValType]) -> Result<Vec<Val>, String> {
    let vals = json_array(v)?;
    if vals.len() != types.len() {
        return Err("values and types differ in length".into());
    }
    vals.iter().zip(types).map(|(v, t)| parse_value(v, t)).collect()
}

fn int(v: &Json) -> Result<i128, String> {
    v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from)).ok_or_else(|| format!("bad integer {v}"))
}

fn fit<T: TryFrom<i128>>(v: &Json) -> Result<T, String> {
    T::try_from(int(v)?).map_err(|_| format!("integer {v} out of range"))
}

fn bits(v: &Json) -> Result<u64, String> {
    v["bits"].as_u64().ok_or_else(|| format!("bad float {v}"))
}

fn case_of<'a>(v: &'a Json, names: &[&str]) -> Result<(u32, &'a Json), String> {
    let label = v["case"].as_str().ok_or_else(|| format!("bad case value {v}"))?;
    let index = names.iter().position(|n| *n == label).ok_or_else(|| format!("unknown case {label}"))?;
    Ok((index as u32, &v["payload"]))
}

fn payload(v: &Json, ty: Option<&ValType>) -> Result<Option<Box<Val>>, String> {
    match ty {
        Some(t) => Ok(Some(Box::new(parse_value(v, t)?))),
        None => Ok(None),
    }
}

fn parse_value(v: &Json, ty: &ValType) -> Result<Val, String> {
    Ok(match ty {
        ValType::Bool => Val::Bool(v.as_bool().ok_or_else(|| format!("bad bool {v}"))?),
        ValType::S8 => Val::S8(fit(v)?),
        ValType::U8 => Val::U8(fit(v)?),
        ValType::S16 => Val::S16(fit(v)?),
        ValType::U16 => Val::U16(fit(v)?),
        ValType::S32 => Val::S32(fit(v)?),
        ValType::U32 => Val::U32(fit(v)?),
        ValType::S64 => Val::S64(fit(v)?),
        ValType::U64 => Val::U64(fit(v)?),
        ValType::F32 => Val::F32(f32::from_bits(bits(v)? as u32)),
        ValType::F64 => Val::F64(f64::from_bits(bits(v)?)),
        ValType::Char => {
            let s = v.as_str().ok_or_else(|| format!("bad char {v}"))?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Val::Char(c),
                _ => return Err(format!("bad char {v}")),
            }
        }
        ValType::String => Val::String(v.as_str().ok_or_else(|| format!("bad string {v}"))?.to_owned()),
        ValType::List(t) => {
            Val::List(json_array(v)?.iter().map(|e| parse_value(e, t.element())).collect::<Result<_, _>>()?)
        }
        ValType::FixedList(t) => {
            Val::List(json_array(v)?.iter().map(|e| parse_value(e, t.element())).collect::<Result<_, _>>()?)
        }
        ValType::Record(t) => Val::Record(
            t.fields()
                .iter()
                .map(|f| parse_value(v.get(&f.name).ok_or_else(|| format!("missing field {}", f.name))?, &f.ty))
                .collect::<Result<_, _>>()?,
        ),
        ValType::Tuple(t) => {
            Val::Tuple(json_array(v)?.iter().zip(t.types()).map(|(e, t)| parse_value(e, t)).collect::<Result<_, _>>()?)
        }
        ValType::Variant(t) => {
            let names: Vec<&str> = t.cases().iter().map(|c| c.name.as_str()).collect();
            let (i, p) = case_of(v, &names)?;
            Val::Variant(i, payload(p, t.cases()[i as usize].ty.as_ref())?)
        }
        ValType::Enum(t) => {
            let names: Vec<&str> = t.labels().iter().map(String::as_str).collect();
            Val::Enum(case_of(v, &names)?.0)
        }
        ValType::Option(t) => match case_of(v, &["none", "some"])? {
            (0, _) => Val::Option(None),
            (_, p) => Val::Option(payload(p, Some(t.some()))?),
        },
        ValType::Result(t) => match case_of(v, &["ok", "error"])? {
            (0, p) => Val::Result(Ok(payload(p, t.ok())?)),
            (_, p) => Val::Result(Err(payload(p, t.err())?)),
        },
        ValType::Flags(t) => {
            let mut set = 0u32;
            for l in labels(v)? {
                let i = t.labels().iter().position(|x| *x == l).ok_or_else(|| format!("unknown flag {l}"))?;
                set |= 1 << i;
            }
            Val::Flags(set)
        }
        ValType::Own(_) | ValType::Borrow(_) => {
            return Err("handles do not occur in vectors".into());
        }
    })
}

fn parse_flat(v: &Json, types: &[FlatType]) -> Result<Vec<u64>, String> {
    let items = json_array(v)?;
    if items.len() != types.len() {
        return Err(format!("vector has {} flat values, the types flatten to {types:?}", items.len()));
    }
    items
        .iter()
        .zip(types)
        .map(|(item, ty)| {
            let raw = item.get(ty.name()).and_then(Json::as_u64);
            raw.ok_or_else(|| format!("flat value {item} is not of type {}", ty.name()))
        })
        .collect()
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err("odd-length memory_hex".into());
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string())).collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
