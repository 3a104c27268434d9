//! How loading scales: `Component::new` plus instantiation of components
//! with 1,000, 10,000 and 100,000 items in one index space, per space,
//! reported as items per second (criterion's `Throughput::Elements`). Linear
//! loading shows the same rate at every size.
//!
//! `cargo bench -p airssys-wasm --bench load_scaling`; one space with
//! `cargo bench -p airssys-wasm --bench load_scaling -- aliases`.
//!
//! Components within wasmparser's validator limits are validated, as
//! `Component::new` does by default; the few spaces the validator caps
//! (core modules and nested components below 1,000, instances below 4,096)
//! are loaded without validation above their limit, which measures the
//! loader rather than the validator.

// A benchmark whose setup fails has nothing to measure: stop at once.
#![allow(clippy::expect_used)]

use airssys_wasm::component_model::TypeDef;
use airssys_wasm::{Component, Config, Engine, ExternType, Linker, Resource, Store, StoreLimitsBuilder};
use airssys_wasm_testgen::{IndexSpace, component};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::time::Duration;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// An engine for `n` items of `space`: validating unless the validator
/// rejects that many, and with room for as many core instances.
fn engine(space: IndexSpace, n: usize) -> Engine {
    let mut config = Config::new();
    config.validate(space.validator_limit().is_none_or(|limit| n <= limit));
    config.store_limits(StoreLimitsBuilder::new().instances(n + 16).build());
    Engine::new(&config)
}

/// A linker defining what `component` imports: every function as a trap
/// (none is called) and every resource type an imported instance exports.
fn linker(component: &Component) -> Linker<()> {
    let mut linker = Linker::new();
    linker.define_unknown_imports_as_traps(component).expect("define imports");
    for (name, ty) in &component.ty().imports {
        let ExternType::Instance(instance) = ty else { continue };
        let mut inner = linker.instance(name).expect("imported instance");
        for (export, ty) in instance.exports() {
            if matches!(ty, ExternType::Type(TypeDef::Resource(_))) {
                inner.resource(export, |_, _: Resource<()>| Ok(())).expect("define resource");
            }
        }
    }
    linker
}

fn load(engine: &Engine, bytes: &[u8]) {
    let component = Component::new(engine, bytes).expect("load");
    let linker = linker(&component);
    let mut store = Store::new(engine, ());
    linker.instantiate(&mut store, &component).expect("instantiate");
}

fn bench(c: &mut Criterion) {
    for space in IndexSpace::ALL {
        let mut group = c.benchmark_group(space.name());
        group.sample_size(10).warm_up_time(Duration::from_millis(200)).measurement_time(Duration::from_secs(1));
        for n in SIZES {
            let bytes = component(space, n);
            let engine = engine(space, n);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| b.iter(|| load(&engine, bytes)));
        }
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
