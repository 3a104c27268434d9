//! The WIT packages of `wit/` parse, and every example and guest is a
//! component of its world there (wit-component's `targets`: its imports are
//! the world's, or fewer, and it has every export the world has).

use super::root;
use super::wit::guest;
use std::path::Path;
use wit_parser::Resolve;

/// Parses the package in `wit/<dir>` and checks that the component in
/// `component` targets its world `world`.
#[track_caller]
fn check(dir: &str, world: &str, component: &Path) {
    let mut resolve = Resolve::default();
    let (package, _) = resolve.push_dir(root().join("wit").join(dir)).unwrap_or_else(|e| panic!("wit/{dir}: {e:#}"));
    let world_id = resolve.select_world(&[package], Some(world)).unwrap_or_else(|e| panic!("{world}: {e:#}"));
    let bytes = wat::parse_file(component).unwrap_or_else(|e| panic!("{}: {e}", component.display()));
    wit_component::targets(&resolve, world_id, &bytes, false)
        .unwrap_or_else(|e| panic!("{} is not a component of {world}: {e:#}", component.display()));
}

#[test]
fn examples_are_components_of_their_worlds() {
    for name in ["greet", "host-import", "files"] {
        check("examples", name, &root().join(format!("examples/{name}.wat")));
    }
}

#[test]
fn the_bindings_demo_guest_is_a_component_of_its_world() {
    check("bindings-demo", "bindings-demo", &guest("bindings-demo"));
}

/// The world of the Python and JavaScript guests (built by
/// `crates/guests/build-lang.sh`, not in CI yet) parses, imports nothing of
/// its own and exports `demo` with the functions the guests implement.
#[test]
fn the_lang_demo_world_parses_and_exports_demo() {
    let mut resolve = Resolve::default();
    let (package, _) = resolve.push_dir(root().join("wit/lang-demo")).expect("wit/lang-demo");
    let world = &resolve.worlds[resolve.select_world(&[package], Some("lang-demo")).expect("lang-demo")];
    assert!(world.imports.is_empty(), "the WASI imports come from the toolchains, not the world");
    let exports: Vec<String> = world.exports.keys().map(|key| resolve.name_world_key(key)).collect();
    assert_eq!(exports, ["airssys:lang-demo/demo@0.1.0"]);
    let demo = resolve.interfaces.iter().find(|(_, i)| i.name.as_deref() == Some("demo")).expect("demo").1;
    let mut functions: Vec<&str> = demo.functions.keys().map(String::as_str).collect();
    functions.sort_unstable();
    assert_eq!(functions, ["birthday", "greet", "now-millis", "shout-sorted", "summarize"]);
}

#[test]
fn a_component_of_another_world_is_refused() {
    let mut resolve = Resolve::default();
    let (package, _) = resolve.push_dir(root().join("wit/examples")).expect("wit/examples");
    let world = resolve.select_world(&[package], Some("files")).expect("files");
    let greet = wat::parse_file(root().join("examples/greet.wat")).expect("greet.wat");
    assert!(wit_component::targets(&resolve, world, &greet, false).is_err());
}
