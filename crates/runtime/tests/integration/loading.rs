//! Tests for loading large components: 100,000 items in each index space,
//! decoded and instantiated, with what came out checked through the public
//! API. Loading is linear, so these run in seconds even in a debug build.

use airssys_wasm::component_model::TypeDef;
use airssys_wasm::{Component, Config, Engine, ExternType, Instance, Linker, Resource, Store, StoreLimitsBuilder};
use airssys_wasm_testgen::{IndexSpace, component, name};

const N: usize = 100_000;

/// Loads `N` items of `space`: validated when the validator accepts that
/// many (see `IndexSpace::validator_limit`), and linked to traps and host
/// resource types for whatever it imports.
fn load(space: IndexSpace) -> (Component, Store<()>, Instance) {
    let bytes = component(space, N);
    let mut config = Config::new();
    config.validate(space.validator_limit().is_none_or(|limit| N <= limit));
    config.store_limits(StoreLimitsBuilder::new().instances(N + 16).build());
    let engine = Engine::new(&config);
    let component = Component::new(&engine, &bytes).unwrap_or_else(|e| panic!("{}: {e}", space.name()));
    let mut linker = Linker::new();
    linker.define_unknown_imports_as_traps(&component).expect("define imports");
    for (name, ty) in &component.ty().imports {
        let ExternType::Instance(instance) = ty else { continue };
        let mut inner = linker.instance(name).expect("imported instance");
        for (export, ty) in instance.exports() {
            if matches!(ty, ExternType::Type(TypeDef::Resource(_))) {
                inner.resource(export, |_, _: Resource<()>| Ok(())).expect("define resource");
            }
        }
    }
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap_or_else(|e| panic!("{}: {e}", space.name()));
    (component, store, instance)
}

fn exported(store: &Store<()>, instance: &Instance) -> Vec<(String, &'static str)> {
    instance.exports(store).expect("the instance belongs to the store")
}

fn pairs(items: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    items.iter().map(|(n, k)| (n.to_string(), *k)).collect()
}

/// Calls the exported `func()` named `name`.
fn call_unit(store: &mut Store<()>, instance: &Instance, name: &str) {
    let f = instance.get_typed_func::<(), (), _>(store, name).expect("typed");
    f.call(store, ()).expect("call");
}

#[test]
fn types() {
    let (component, _, _) = load(IndexSpace::Types);
    let ty = &component.ty().exports;
    assert_eq!(ty.len(), 1);
    assert_eq!((ty[0].0.as_str(), ty[0].1.to_string()), ("f", "func(p: tuple<u32, u32>)".to_string()));
}

#[test]
fn resource_types() {
    let (component, store, instance) = load(IndexSpace::ResourceTypes);
    let ty = &component.ty().exports;
    assert_eq!(ty.len(), N);
    assert!(ty.iter().all(|(_, t)| matches!(t, ExternType::Type(TypeDef::Resource(_)))));
    let exports = exported(&store, &instance);
    assert_eq!(exports.len(), N);
    assert_eq!(exports[N - 1], (name("r", N - 1), "resource type"));
}

#[test]
fn imports() {
    let (component, store, instance) = load(IndexSpace::Imports);
    let imports = &component.ty().imports;
    assert_eq!(imports.len(), N);
    assert_eq!((imports[N - 1].0.as_str(), imports[N - 1].1.to_string()), (name("f", N - 1).as_str(), "func()".into()));
    assert_eq!(exported(&store, &instance), []);
}

#[test]
fn exports() {
    let (_, mut store, instance) = load(IndexSpace::Exports);
    let exports = exported(&store, &instance);
    assert_eq!(exports.len(), N);
    assert_eq!((&exports[0], &exports[N - 1]), (&(name("e", 0), "func"), &(name("e", N - 1), "func")));
    call_unit(&mut store, &instance, &name("e", N - 1));
}

#[test]
fn aliases() {
    let (_, mut store, instance) = load(IndexSpace::Aliases);
    assert_eq!(exported(&store, &instance), pairs(&[("i", "instance"), ("g", "func")]));
    call_unit(&mut store, &instance, &format!("i#{}", name("a", N / 2 - 1)));
    call_unit(&mut store, &instance, "g");
}

#[test]
fn canon_definitions() {
    let (_, mut store, instance) = load(IndexSpace::CanonDefinitions);
    assert_eq!(exported(&store, &instance), pairs(&[("f", "func")]));
    let f = instance.get_typed_func::<(u32,), (u32,), _>(&store, "f").expect("typed");
    assert_eq!(f.call(&mut store, (7,)).expect("call"), (7,));
}

#[test]
fn core_modules() {
    let (_, store, instance) = load(IndexSpace::CoreModules);
    assert_eq!(exported(&store, &instance), pairs(&[("m", "core module")]));
}

#[test]
fn core_instances() {
    let (_, mut store, instance) = load(IndexSpace::CoreInstances);
    assert_eq!(exported(&store, &instance), pairs(&[("f", "func")]));
    call_unit(&mut store, &instance, "f");
}

#[test]
fn component_instances() {
    let (_, mut store, instance) = load(IndexSpace::ComponentInstances);
    assert_eq!(exported(&store, &instance), pairs(&[("i", "instance")]));
    call_unit(&mut store, &instance, "i#g");
}

#[test]
fn nested_components() {
    let (_, store, instance) = load(IndexSpace::NestedComponents);
    assert_eq!(exported(&store, &instance), pairs(&[("c", "component"), ("i", "instance")]));
}

#[test]
fn instance_type_declarations() {
    let (component, _, _) = load(IndexSpace::InstanceTypeDeclarations);
    let imports = &component.ty().imports;
    assert_eq!(imports.len(), 1);
    let ExternType::Instance(iface) = &imports[0].1 else { panic!("not an instance: {}", imports[0].1) };
    let exports = iface.exports();
    assert_eq!(exports.len(), N / 2);
    let resources = exports.iter().filter(|(_, t)| matches!(t, ExternType::Type(TypeDef::Resource(_)))).count();
    assert_eq!(resources, N / 4);
    let last = iface.export(&name("f", N / 4 - 1)).map(ToString::to_string);
    assert!(last.as_deref().is_some_and(|t| t.starts_with("func(x: own<")), "{last:?}");
}
