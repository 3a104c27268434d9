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

#[test]
fn a_component_of_another_world_is_refused() {
    let mut resolve = Resolve::default();
    let (package, _) = resolve.push_dir(root().join("wit/examples")).expect("wit/examples");
    let world = resolve.select_world(&[package], Some("files")).expect("files");
    let greet = wat::parse_file(root().join("examples/greet.wat")).expect("greet.wat");
    assert!(wit_component::targets(&resolve, world, &greet, false).is_err());
}
