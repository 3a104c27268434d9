//! Tests for the generated components: each is valid, and holds `n` items.

use super::*;
use wasmparser::{Parser, Payload, Validator, WasmFeatures};

fn validate(space: IndexSpace, n: usize) -> Vec<u8> {
    let bytes = component(space, n);
    let mut validator = Validator::new_with_features(WasmFeatures::default());
    if let Err(e) = validator.validate_all(&bytes) {
        panic!("{} with {n} items is invalid: {e}", space.name());
    }
    bytes
}

#[test]
fn every_space_is_valid_at_every_size_up_to_the_validators_limit() {
    for space in IndexSpace::ALL {
        for n in [0, 1, 2, 3, 4, 5, 8, 101] {
            validate(space, n);
        }
        if let Some(limit) = space.validator_limit() {
            validate(space, limit);
            let over = component(space, limit + 1);
            let Err(err) = Validator::new().validate_all(&over) else {
                panic!("{} is valid above its limit", space.name());
            };
            assert!(
                err.message().contains("exceeds limit") || err.message().contains("out of bounds"),
                "{}: {err}",
                space.name()
            );
        }
    }
}

/// Counts the top-level entries of one kind of section.
fn count(bytes: &[u8], pick: impl Fn(&Payload<'_>) -> Option<u32>) -> u32 {
    let mut depth = 0u32;
    let mut total = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.unwrap();
        match &payload {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            p if depth == 1 => total += pick(p).unwrap_or(0),
            _ => {}
        }
    }
    total
}

#[test]
fn each_space_holds_n_items() {
    let n = 999;
    let at = |space| validate(space, n);
    let types = |p: &Payload<'_>| match p {
        Payload::ComponentTypeSection(r) => Some(r.count()),
        _ => None,
    };
    let exports = |p: &Payload<'_>| match p {
        Payload::ComponentExportSection(r) => Some(r.count()),
        _ => None,
    };
    let imports = |p: &Payload<'_>| match p {
        Payload::ComponentImportSection(r) => Some(r.count()),
        _ => None,
    };
    let aliases = |p: &Payload<'_>| match p {
        Payload::ComponentAliasSection(r) => Some(r.count()),
        _ => None,
    };
    let canons = |p: &Payload<'_>| match p {
        Payload::ComponentCanonicalSection(r) => Some(r.count()),
        _ => None,
    };
    let modules = |p: &Payload<'_>| matches!(p, Payload::ModuleSection { .. }).then_some(1);
    let core_instances = |p: &Payload<'_>| match p {
        Payload::InstanceSection(r) => Some(r.count()),
        _ => None,
    };
    let instances = |p: &Payload<'_>| match p {
        Payload::ComponentInstanceSection(r) => Some(r.count()),
        _ => None,
    };
    let components = |p: &Payload<'_>| matches!(p, Payload::ComponentSection { .. }).then_some(1);
    // The spaces' own items, plus the few the generator adds around them.
    assert_eq!(count(&at(IndexSpace::Types), types), 999);
    assert_eq!(count(&at(IndexSpace::ResourceTypes), types), 999);
    assert_eq!(count(&at(IndexSpace::ResourceTypes), exports), 999);
    assert_eq!(count(&at(IndexSpace::Imports), imports), 999);
    assert_eq!(count(&at(IndexSpace::Imports), canons), 999);
    assert_eq!(count(&at(IndexSpace::Exports), exports), 999);
    // One core alias in `unit_func`, and 999 more.
    assert_eq!(count(&at(IndexSpace::Aliases), aliases), 1000);
    // 500 lifts, 499 lowers.
    assert_eq!(count(&at(IndexSpace::CanonDefinitions), canons), 999);
    assert_eq!(count(&at(IndexSpace::CoreModules), modules), 999);
    assert_eq!(count(&at(IndexSpace::CoreInstances), core_instances), 999);
    assert_eq!(count(&at(IndexSpace::ComponentInstances), instances), 999);
    assert_eq!(count(&at(IndexSpace::NestedComponents), components), 999);
    assert_eq!(count(&at(IndexSpace::InstanceTypeDeclarations), imports), 1);
    // 249 resource types and the last function.
    assert_eq!(count(&at(IndexSpace::InstanceTypeDeclarations), aliases), 250);
}

#[test]
fn an_instance_type_holds_n_declarations() {
    let bytes = validate(IndexSpace::InstanceTypeDeclarations, 1003);
    let mut decls = None;
    for payload in Parser::new(0).parse_all(&bytes) {
        if let Payload::ComponentTypeSection(reader) = payload.unwrap() {
            for ty in reader {
                if let wasmparser::ComponentType::Instance(d) = ty.unwrap() {
                    decls = Some(d.len());
                }
            }
        }
    }
    assert_eq!(decls, Some(1003));
}

#[test]
fn names_are_zero_padded_kebab_labels() {
    assert_eq!((name("f", 0), name("r", 1234567)), ("f0000000".to_string(), "r1234567".to_string()));
    let mut names: Vec<String> = (0..20).map(|i| name("e", i)).collect();
    let declared = names.clone();
    names.sort();
    assert_eq!(names, declared);
}
