//! Lifting and lowering throughput, each measured in the same run against its
//! physical floor, with the ratio printed at the end.
//!
//! Run with `cargo bench -p airssys-wasm-abi --bench lift_lower`. The ratio
//! is floor time / our time (1.0 means as fast as the floor; the target is at
//! least 0.8 for bulk lists and UTF-8 strings).

// A benchmark whose setup fails has nothing to measure: stop at once.
#![allow(clippy::expect_used)]

use airssys_wasm_abi::typed::{self, Lift, Lower};
use airssys_wasm_abi::{
    BumpMemory, FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, Memory, Options, StringEncoding, Val, ValType,
    ValueList,
};
use airssys_wasm_macro::{ComponentType as DeriveComponentType, Lift as DeriveLift, Lower as DeriveLower};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;

const MIB: usize = 1 << 20;
const RECORDS: usize = 10_000;
const MEMORY: usize = 8 * MIB;
const START: u32 = 16;

/// A small record: `record { id: u32, score: f32, flag: bool, tag: u8 }`.
type Rec = (u32, f32, bool, u8);

fn record_type() -> ValType {
    ValType::record([("id", ValType::U32), ("score", ValType::F32), ("flag", ValType::Bool), ("tag", ValType::U8)])
        .expect("valid record")
}

fn records() -> Vec<Rec> {
    (0..RECORDS as u32).map(|i| (i, i as f32 * 0.5, i % 3 == 0, (i % 251) as u8)).collect()
}

/// The same record derived: `record sample { id: u32, score: f32, flag: bool, tag: u8 }`.
/// Its fields are all scalars, so lists of it take the bulk path.
#[derive(DeriveComponentType, DeriveLift, DeriveLower, Clone, Copy)]
#[component(record, crate = airssys_wasm_abi)]
struct Sample {
    id: u32,
    score: f32,
    flag: bool,
    tag: u8,
}

/// Records in the derived-record group.
const DERIVED: usize = 1000;

fn text(len: usize) -> String {
    // Mostly ASCII with some two- and three-byte code points, like real text.
    let unit = "The quick brown fox jumps över the lazy dog — 1234567890. ";
    let mut s = String::with_capacity(len + unit.len());
    while s.len() < len {
        s.push_str(unit);
    }
    while s.len() > len {
        s.pop();
    }
    s
}

/// Lowers `value` through the typed path into `memory`, from `START`.
fn lower_typed<T: Lower + ?Sized>(memory: &mut BumpMemory, options: &Options, value: &T) -> [u64; 2] {
    memory.reset(START);
    let mut slots = [0u64; MAX_FLAT_PARAMS];
    let mut flat = FlatWriter::new(&mut slots);
    typed::lower_values(&mut LowerContext::new(memory, options), value, MAX_FLAT_PARAMS, None, &mut flat)
        .expect("lowering succeeds");
    [slots[0], slots[1]]
}

fn lift_typed<T: Lift>(memory: &[u8], options: &Options, flat: &[u64]) -> T {
    typed::lift_values(&mut LiftContext::new(memory, options), flat, MAX_FLAT_PARAMS).expect("lifting succeeds")
}

fn bench_list_u8(c: &mut Criterion) {
    let data: Vec<u8> = (0..MIB).map(|i| (i * 31) as u8).collect();
    let options = Options::default();
    let mut memory = BumpMemory::new(MEMORY, START);
    let mut g = c.benchmark_group("list_u8_1MiB");
    g.throughput(Throughput::Bytes(MIB as u64));
    g.bench_function(BenchmarkId::new("lower", "ours"), |b| {
        b.iter(|| lower_typed(&mut memory, &options, black_box(&data[..])))
    });
    g.bench_function(BenchmarkId::new("lower", "floor"), |b| {
        b.iter(|| memory.bytes_mut()[START as usize..START as usize + MIB].copy_from_slice(black_box(&data)))
    });
    let flat = lower_typed(&mut memory, &options, &data[..]);
    g.bench_function(BenchmarkId::new("lift", "ours"), |b| {
        b.iter(|| lift_typed::<Vec<u8>>(memory.bytes(), &options, black_box(&flat)))
    });
    g.bench_function(BenchmarkId::new("lift", "floor"), |b| {
        b.iter(|| black_box(&memory.bytes()[flat[0] as usize..flat[0] as usize + flat[1] as usize]).to_vec())
    });
    g.finish();
}

fn bench_utf8_string(c: &mut Criterion) {
    let s = text(MIB);
    let options = Options::default();
    let mut memory = BumpMemory::new(MEMORY, START);
    let mut g = c.benchmark_group("string_utf8_1MiB");
    g.throughput(Throughput::Bytes(s.len() as u64));
    g.bench_function(BenchmarkId::new("lower", "ours"), |b| {
        b.iter(|| lower_typed(&mut memory, &options, black_box(s.as_str())))
    });
    g.bench_function(BenchmarkId::new("lower", "floor"), |b| {
        b.iter(|| memory.bytes_mut()[START as usize..START as usize + s.len()].copy_from_slice(black_box(s.as_bytes())))
    });
    let flat = lower_typed(&mut memory, &options, s.as_str());
    g.bench_function(BenchmarkId::new("lift", "ours"), |b| {
        b.iter(|| lift_typed::<String>(memory.bytes(), &options, black_box(&flat)))
    });
    g.bench_function(BenchmarkId::new("lift", "floor"), |b| {
        b.iter(|| {
            let bytes = &memory.bytes()[flat[0] as usize..flat[0] as usize + flat[1] as usize];
            core::str::from_utf8(black_box(bytes)).expect("valid").to_owned()
        })
    });
    g.finish();
}

fn bench_utf16_to_utf8(c: &mut Criterion) {
    let s = text(MIB / 2);
    let utf16_opts = Options::new(StringEncoding::Utf16);
    let utf8_opts = Options::default();
    let mut source = BumpMemory::new(MEMORY, START);
    let flat = lower_typed(&mut source, &utf16_opts, s.as_str());
    let (ptr, units) = (flat[0] as u32, flat[1] as u32);
    let utf16_bytes = u64::from(units) * 2;
    let mut dest = BumpMemory::new(MEMORY, START);
    let mut g = c.benchmark_group("string_utf16_to_utf8_1MiB");
    g.throughput(Throughput::Bytes(utf16_bytes));
    g.bench_function(BenchmarkId::new("transcode", "ours"), |b| {
        b.iter(|| {
            dest.reset(START);
            let mut src = LiftContext::new(source.bytes(), &utf16_opts);
            let mut dst = LowerContext::new(&mut dest, &utf8_opts);
            airssys_wasm_abi::string::transcode(&mut src, black_box(ptr), units, &mut dst).expect("transcodes")
        })
    });
    g.bench_function(BenchmarkId::new("transcode", "floor"), |b| {
        b.iter(|| {
            let bytes = &source.bytes()[ptr as usize..ptr as usize + utf16_bytes as usize];
            let units: Vec<u16> = bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            let decoded = String::from_utf16(black_box(&units)).expect("valid");
            dest.bytes_mut()[START as usize..START as usize + decoded.len()].copy_from_slice(decoded.as_bytes());
        })
    });
    g.finish();
}

fn bench_records(c: &mut Criterion) {
    let recs = records();
    let options = Options::default();
    let mut memory = BumpMemory::new(MEMORY, START);
    let bytes = RECORDS * <Rec as airssys_wasm_abi::typed::ComponentType>::SIZE32 as usize;
    let mut g = c.benchmark_group("records_10k");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(BenchmarkId::new("lower", "ours"), |b| {
        b.iter(|| lower_typed(&mut memory, &options, black_box(&recs[..])))
    });
    g.bench_function(BenchmarkId::new("lower", "floor"), |b| {
        let raw = vec![7u8; bytes];
        b.iter(|| memory.bytes_mut()[START as usize..START as usize + bytes].copy_from_slice(black_box(&raw)))
    });
    let flat = lower_typed(&mut memory, &options, &recs[..]);
    g.bench_function(BenchmarkId::new("lift", "ours"), |b| {
        b.iter(|| lift_typed::<Vec<Rec>>(memory.bytes(), &options, black_box(&flat)))
    });
    g.bench_function(BenchmarkId::new("lift", "floor"), |b| {
        b.iter(|| black_box(&memory.bytes()[flat[0] as usize..flat[0] as usize + bytes]).to_vec())
    });

    // The dynamic `Val` path, for comparison with the typed one.
    let list = ValueList::new([ValType::list(record_type())]).expect("valid list");
    let vals = [Val::List(
        recs.iter()
            .map(|&(id, score, flag, tag)| {
                Val::Record(vec![Val::U32(id), Val::F32(score), Val::Bool(flag), Val::U8(tag)])
            })
            .collect(),
    )];
    g.bench_function(BenchmarkId::new("lower", "dynamic"), |b| {
        b.iter(|| {
            memory.reset(START);
            let mut slots = [0u64; 2];
            let mut out = FlatWriter::new(&mut slots);
            list.lower(
                &mut LowerContext::new(&mut memory, &options),
                black_box(&vals),
                MAX_FLAT_PARAMS,
                None,
                &mut out,
            )
            .expect("lowers");
        })
    });
    g.bench_function(BenchmarkId::new("lift", "dynamic"), |b| {
        b.iter(|| {
            list.lift(&mut LiftContext::new(memory.bytes(), &options), black_box(&flat), MAX_FLAT_PARAMS)
                .expect("lifts")
        })
    });
    g.finish();
}

/// A list of 1000 derived records: the bulk `store_list` / `load_list` the
/// derive generates against the element-by-element defaults
/// (`typed::store_each` / `typed::load_each`), on the same allocation.
fn bench_derived_records(c: &mut Criterion) {
    use airssys_wasm_abi::typed::ComponentType;
    let samples: Vec<Sample> = (0..DERIVED as u32)
        .map(|i| Sample { id: i, score: i as f32 * 0.5, flag: i % 3 == 0, tag: (i % 251) as u8 })
        .collect();
    let options = Options::default();
    let mut memory = BumpMemory::new(MEMORY, START);
    let bytes = DERIVED as u32 * Sample::SIZE32;
    let mut g = c.benchmark_group("derived_records_1k");
    g.throughput(Throughput::Bytes(u64::from(bytes)));
    let lower = |bulk: bool, memory: &mut BumpMemory, items: &[Sample]| {
        memory.reset(START);
        let mut cx = LowerContext::new(memory, &options);
        let ptr = cx.allocate(Sample::ALIGN32, bytes).expect("allocates");
        if bulk { Sample::store_list(items, &mut cx, ptr) } else { typed::store_each(items, &mut cx, ptr) }
            .expect("stores");
        ptr
    };
    g.bench_function(BenchmarkId::new("lower", "bulk"), |b| b.iter(|| lower(true, &mut memory, black_box(&samples))));
    g.bench_function(BenchmarkId::new("lower", "per_element"), |b| {
        b.iter(|| lower(false, &mut memory, black_box(&samples)))
    });
    let ptr = lower(true, &mut memory, &samples);
    g.bench_function(BenchmarkId::new("lift", "bulk"), |b| {
        b.iter(|| Sample::load_list(&mut LiftContext::new(memory.bytes(), &options), black_box(ptr), DERIVED as u32))
    });
    g.bench_function(BenchmarkId::new("lift", "per_element"), |b| {
        b.iter(|| {
            typed::load_each::<Sample>(&mut LiftContext::new(memory.bytes(), &options), black_box(ptr), DERIVED as u32)
        })
    });
    g.finish();
}

fn criterion_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("criterion")
}

/// The mean time in nanoseconds criterion measured for `group/function/param`.
fn mean_ns(dir: &std::path::Path, group: &str, function: &str, param: &str) -> Option<f64> {
    let path = dir.join(group).join(function).join(param).join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn print_ratios(dir: &std::path::Path) {
    println!(
        "\nthroughput ratio to the physical floor (floor time / our time; target >= 0.80 for bulk lists and utf8):"
    );
    let rows = [
        ("list_u8_1MiB", "lower"),
        ("list_u8_1MiB", "lift"),
        ("string_utf8_1MiB", "lower"),
        ("string_utf8_1MiB", "lift"),
        ("string_utf16_to_utf8_1MiB", "transcode"),
        ("records_10k", "lower"),
        ("records_10k", "lift"),
    ];
    for (group, function) in rows {
        match (mean_ns(dir, group, function, "ours"), mean_ns(dir, group, function, "floor")) {
            (Some(ours), Some(floor)) => println!(
                "  {group:<28} {function:<10} ours {:>10.1} us  floor {:>10.1} us  ratio {:.2}",
                ours / 1e3,
                floor / 1e3,
                floor / ours
            ),
            _ => println!("  {group:<28} {function:<10} (not measured in this run)"),
        }
    }
    println!("\nderived records, bulk list path against element by element (speed-up = per-element time / bulk time):");
    for function in ["lower", "lift"] {
        let group = "derived_records_1k";
        match (mean_ns(dir, group, function, "bulk"), mean_ns(dir, group, function, "per_element")) {
            (Some(bulk), Some(each)) => println!(
                "  {group:<28} {function:<10} bulk {:>10.2} us  per element {:>10.2} us  speed-up {:.2}",
                bulk / 1e3,
                each / 1e3,
                each / bulk
            ),
            _ => println!("  {group:<28} {function:<10} (not measured in this run)"),
        }
    }
}

fn main() {
    let dir = criterion_dir();
    let mut c = Criterion::default().output_directory(&dir).configure_from_args();
    bench_list_u8(&mut c);
    bench_utf8_string(&mut c);
    bench_utf16_to_utf8(&mut c);
    bench_records(&mut c);
    bench_derived_records(&mut c);
    c.final_summary();
    print_ratios(&dir);
}
