//! Tests for decoding: types, the instantiation plan, and errors.

use crate::prelude::*;
use crate::{CanonOptions, ErrorKind, ExternType, Initializer, Sort, decode};
use airssys_wasm_abi::{StringEncoding, ValType};

fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("valid component text")
}

#[test]
fn export_types_resolve_to_abi_types() {
    let def = decode(&wat(r#"(component
        (type $point (record (field "x" s32) (field "y" s32)))
        (export $p "point" (type $point))
        (core module $m (memory (export "mem") 1)
          (func (export "f") (param i32 i32) (result i32) unreachable))
        (core instance $i (instantiate $m))
        (func (export "norm") (param "p" $p) (result (list string))
          (canon lift (core func $i "f") (memory (core memory $i "mem")) string-encoding=utf16)))"#))
    .expect("decodes");
    let exports: Vec<(&str, String)> = def.ty.exports.iter().map(|(n, t)| (n.as_str(), t.to_string())).collect();
    assert_eq!(
        exports,
        [
            ("point", "type record { x: s32, y: s32 }".to_string()),
            ("norm", "func(p: record { x: s32, y: s32 }) -> list<string>".to_string()),
        ]
    );
    let lift = def.initializers.iter().find_map(|i| match i {
        Initializer::CanonLift { options, ty, .. } => Some((options, ty.clone())),
        _ => None,
    });
    let (options, ty) = lift.expect("a canon lift");
    assert_eq!(*options, CanonOptions { encoding: StringEncoding::Utf16, memory: Some(0), ..CanonOptions::default() });
    assert_eq!(ty.result(), Some(&ValType::list(ValType::String)));
}

#[test]
fn imports_nested_components_and_aliases_become_plan_steps() {
    let def = decode(&wat(r#"(component
        (import "host:io/out" (instance $out (export "print" (func (param "s" string)))))
        (alias export $out "print" (func $print))
        (component $inner
          (import "print" (func (param "s" string)))
          (export "again" (func 0)))
        (instance $n (instantiate $inner (with "print" (func $print))))
        (export "inner" (instance $n)))"#))
    .expect("decodes");
    assert_eq!(def.ty.imports.len(), 1);
    assert!(matches!(&def.ty.imports[0].1, ExternType::Instance(t) if t.exports().len() == 1));
    assert_eq!(def.components.len(), 1);
    let steps: Vec<&str> = def
        .initializers
        .iter()
        .map(|i| match i {
            Initializer::Import { .. } => "import",
            Initializer::AliasExport { sort: Sort::Func, .. } => "alias func",
            Initializer::Component(_) => "component",
            Initializer::Instantiate { .. } => "instantiate",
            Initializer::Export { sort: Sort::Instance, .. } => "export instance",
            _ => "other",
        })
        .collect();
    assert_eq!(steps, ["import", "alias func", "component", "instantiate", "export instance"]);
    let Some(ExternType::Instance(inner)) = def.ty.exports.first().map(|(_, t)| t) else {
        panic!("no instance export")
    };
    assert_eq!(inner.export("again").map(ToString::to_string).as_deref(), Some("func(s: string)"));
}

#[test]
fn bad_input_is_an_error_with_an_offset() {
    let core = wat("(module)");
    assert_eq!(decode(&core).map_err(|e| e.kind().clone()), Err(ErrorKind::NotAComponent));
    let err = decode(b"\0asm\x0d\0\x01\0\x07").expect_err("truncated");
    assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{err}");
    assert!(err.to_string().contains("(at offset 0x"), "{err}");
    assert!(decode(b"").is_err());
    assert!(decode(b"not wasm at all").is_err());
}

#[test]
fn features_not_implemented_yet_are_reported_as_such() {
    let err = decode(&wat(r#"(component (type $s (stream u8)) (type (func (param "s" $s))))"#)).expect_err("stream");
    assert_eq!(err.kind(), &ErrorKind::Unsupported("values of stream and future types"));
    assert!(
        err.to_string()
            .starts_with("unsupported: values of stream and future types (not implemented by airssys-wasm yet)"),
        "{err}"
    );
}

#[test]
fn async_types_and_concurrency_built_ins_decode() {
    let def = decode(&wat(r#"(component
        (type $s (stream u8))
        (type $f (func async (result u32)))
        (canon stream.new $s (core func))
        (canon context.get i32 1 (core func))
        (canon task.return (result u32) (core func))
    )"#))
    .expect("decodes");
    let builtins: Vec<_> = def
        .initializers
        .iter()
        .filter_map(|i| match i {
            Initializer::TaskBuiltin(b) => Some(b.name()),
            _ => None,
        })
        .collect();
    assert_eq!(builtins, ["stream.new", "context.get", "task.return"]);
    assert!(def.initializers.contains(&Initializer::TaskBuiltin(crate::TaskBuiltin::ContextGet(1))));
}

#[test]
fn resource_types_are_numbered_and_renumbered_per_instantiation() {
    let def = decode(&wat(r#"(component
        (component $C
          (type $r (resource (rep i32)))
          (export $R "r" (type $r))
          (core module $m (func (export "f") (param i32)))
          (core instance $i (instantiate $m))
          (func (export "take") (param "x" (own $R)) (canon lift (core func $i "f"))))
        (instance $a (instantiate $C))
        (instance $b (instantiate $C)))"#))
    .expect("decodes");
    let instance_types: Vec<Arc<crate::InstanceType>> = def
        .initializers
        .iter()
        .filter_map(|i| match i {
            Initializer::Instantiate { ty, .. } => Some(ty.clone()),
            _ => None,
        })
        .collect();
    let resource = |t: &crate::InstanceType| match t.export("r") {
        Some(ExternType::Type(crate::TypeDef::Resource(id))) => *id,
        other => panic!("no resource export: {other:?}"),
    };
    let (a, b) = (resource(&instance_types[0]), resource(&instance_types[1]));
    assert_ne!(a, b, "each instantiation gets its own resource type");
    let take = |t: &crate::InstanceType| t.export("take").map(ToString::to_string);
    assert_eq!(take(&instance_types[0]), Some(format!("func(x: own<resource-{a}>)")));
    assert_eq!(take(&instance_types[1]), Some(format!("func(x: own<resource-{b}>)")));
}

#[test]
fn truncated_and_corrupted_components_never_panic() {
    let bytes = wat(r#"(component
        (core module $m (memory (export "mem") 1) (func (export "f") (param i32 i32))
          (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
        (core instance $i (instantiate $m))
        (func (export "f") (param "s" string)
          (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))"#);
    assert!(decode(&bytes).is_ok());
    // A cut between sections leaves a valid (smaller) component; a cut inside one does not.
    let errors = (0..bytes.len()).filter(|&len| decode(&bytes[..len]).is_err()).count();
    assert!(errors > bytes.len() / 2, "only {errors} of {} truncations were rejected", bytes.len());
    assert!(decode(&bytes[..bytes.len() - 1]).is_err());
    let mut flipped = bytes.clone();
    for i in 8..flipped.len() {
        flipped[i] ^= 0xff;
        let _ = decode(&flipped);
        flipped[i] ^= 0xff;
    }
}

#[test]
fn each_import_of_one_instance_type_gets_its_own_resource_types() {
    let def = decode(&wat(r#"(component
        (type $I (instance
          (export "r" (type $r (sub resource)))
          (export "make" (func (result (own $r))))))
        (import "a" (instance (type $I)))
        (import "b" (instance (type $I))))"#))
    .expect("decodes");
    let ids: Vec<(u32, String)> = def
        .ty
        .imports
        .iter()
        .map(|(_, ty)| match ty {
            ExternType::Instance(i) => match (i.export("r"), i.export("make")) {
                (Some(ExternType::Type(crate::TypeDef::Resource(id))), Some(make)) => (*id, make.to_string()),
                other => panic!("unexpected {other:?}"),
            },
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_ne!(ids[0].0, ids[1].0, "a.r and b.r are different resource types");
    assert_eq!(ids[0].1, format!("func() -> own<resource-{}>", ids[0].0));
    assert_eq!(ids[1].1, format!("func() -> own<resource-{}>", ids[1].0));
}

/// A core function of type `() -> i64` lifted as `func() -> u32`: the
/// validator rejects the lift, the decoder alone does not look at core types.
const MISTYPED_LIFT: &str = r#"(component
    (core module $m (func (export "f") (result i64) i64.const 7))
    (core instance $i (instantiate $m))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))"#;

#[test]
fn unvalidated_decoding_of_a_valid_component_gives_the_same_definition() {
    let bytes = wat(r#"(component
        (import "host:clock/now" (instance $clock (export "now" (func (result u64)))))
        (core func $now (canon lower (func $clock "now")))
        (core module $m (import "host" "now" (func (result i64))) (func (export "f") (result i64) call 0))
        (core instance $i (instantiate $m (with "host" (instance (export "now" (func $now))))))
        (func (export "f") (result u64) (canon lift (core func $i "f"))))"#);
    let validated = decode(&bytes).expect("valid component");
    assert_eq!(crate::decode_unvalidated(&bytes).expect("valid component"), validated);
}

#[test]
fn unvalidated_decoding_rejects_what_is_not_a_component_exactly_like_decode() {
    let core = wat("(module)");
    assert_eq!(crate::decode_unvalidated(&core).map_err(|e| e.kind().clone()), Err(ErrorKind::NotAComponent));
    for bytes in [&b""[..], b"not wasm at all", b"\0asm\x01\0\0\0"] {
        let validated = decode(bytes).expect_err("not a component");
        let unvalidated = crate::decode_unvalidated(bytes).expect_err("not a component");
        assert_eq!((unvalidated.kind(), unvalidated.offset()), (validated.kind(), 0));
    }
    assert!(crate::decode_unvalidated(b"\0asm\x0d\0\x01\0\x07").is_err(), "a truncated section");
}

#[cfg(feature = "validate")]
#[test]
fn the_validator_rejects_a_mistyped_lift_that_unvalidated_decoding_accepts() {
    let bytes = wat(MISTYPED_LIFT);
    let err = decode(&bytes).expect_err("the validator checks the lifted core type");
    assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{err:?}");
    let def = crate::decode_unvalidated(&bytes).expect("the decoder does not check core types");
    assert_eq!(def.ty.exports.len(), 1);
    assert_eq!(def.ty.exports[0].1.to_string(), "func() -> u32");
}
