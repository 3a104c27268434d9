//! Tests for `componentize`.

use super::componentize;
use wit_component::{DecodedWasm, StringEncoding};
use wit_parser::Resolve;

/// A core module of the world `airssys:examples/host-import` (wit/examples):
/// imports the clock, exports `elapsed`.
const HOST_IMPORT_CORE: &str = r#"
(module
  (import "host:clock/now" "now" (func $now (result i64)))
  (func (export "elapsed") (param i64) (result i64) (i64.sub (call $now) (local.get 0))))
"#;

/// The core module `text` with the world `world` of wit/examples embedded,
/// as wit-bindgen embeds it.
fn with_world(text: &str, world: &str) -> Vec<u8> {
    let mut resolve = Resolve::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit/examples");
    let (package, _) = resolve.push_dir(dir).expect("wit/examples parses");
    let world = resolve.select_world(&[package], Some(world)).expect("the world exists");
    let mut module = wat::parse_str(text).expect("a valid core module");
    wit_component::embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8, false)
        .expect("the world embeds");
    module
}

#[test]
fn a_core_module_with_its_world_becomes_a_component_of_that_world() {
    let component = componentize(&with_world(HOST_IMPORT_CORE, "host-import")).expect("componentizes");
    let DecodedWasm::Component(resolve, world) = wit_component::decode(&component).expect("decodes") else {
        panic!("a component, not a WIT package")
    };
    let world = &resolve.worlds[world];
    let imports: Vec<String> = world.imports.keys().map(|k| resolve.name_world_key(k)).collect();
    let exports: Vec<String> = world.exports.keys().map(|k| resolve.name_world_key(k)).collect();
    assert_eq!((imports, exports), (vec!["host:clock/now".to_string()], vec!["elapsed".to_string()]));
}

#[test]
fn an_export_the_world_lacks_is_refused() {
    // `greet`'s world exports `greet`, not `elapsed`, and imports nothing.
    let err = componentize(&with_world(HOST_IMPORT_CORE, "greet")).expect_err("not that world");
    assert_eq!(
        err,
        "failed to decode world from module: module was not valid: failed to resolve import \
         `host:clock/now::now`: module requires an import interface named `host:clock/now`"
    );
}

#[test]
fn a_component_is_not_a_core_module() {
    let component = [0, b'a', b's', b'm', 0x0d, 0, 1, 0];
    let err = componentize(&component).expect_err("a component");
    assert_eq!(err, "decoding a component is not supported");
}
