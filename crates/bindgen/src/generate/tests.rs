//! Tests of the generated text, on the corpus under `tests/corpus`.

use crate::{Opts, Subject, generate, generate_bindings};
use std::path::{Path, PathBuf};

fn corpus_path(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(case)
}

/// The bindings of corpus case `case` (a `.wit` file or a directory), world `world`.
fn corpus(case: &str, world: &str) -> String {
    generate(&Opts::new(world).path(corpus_path(case))).unwrap_or_else(|e| panic!("{case}: {e}"))
}

/// `code` without line breaks, for matching snippets across them.
fn flat(code: &str) -> String {
    code.replace('\n', " ")
}

#[test]
fn every_corpus_world_generates() {
    let wasi = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit");
    let cases = [
        ("scalars.wit", "scalars"),
        ("resources.wit", "resources"),
        ("versioned.wit", "versioned"),
        ("nested", "nested"),
        ("records.wit", "records"),
        ("guest-resources.wit", "guest-resources"),
        ("named.wit", "named"),
        ("clashes.wit", "clashes"),
    ];
    for (case, world) in cases {
        let code = corpus(case, world);
        assert!(code.contains("pub struct "), "{case}: {code}");
    }
    for world in ["imports", "command", "random", "monotonic"] {
        let code = generate(&Opts::new(world).path(&wasi)).unwrap_or_else(|e| panic!("wasi {world}: {e}"));
        assert!(code.contains("pub mod wasi {"), "wasi {world}");
    }
}

#[test]
fn imports_become_host_traits_linked_by_instance_name() {
    let code = flat(&corpus("scalars.wit", "scalars"));
    assert!(code.contains(
        "fn greet(&mut self, name: ::airssys_wasm::__private::String) -> \
         ::core::result::Result<::airssys_wasm::__private::String, ::airssys_wasm::Error>;"
    ));
    assert!(code.contains("let mut inst = linker.instance(\"corpus:scalars/values\")?;"));
    // One dispatcher per interface: a table of names and typed signatures,
    // by index, and one `match` running each function on the `Host`.
    assert!(code.contains(
        "impl<T: 'static, U: Host + 'static> ::airssys_wasm::HostDispatch<T> for Dispatch_<T, U> { \
         fn functions(&self) -> &'static [::airssys_wasm::DispatchedFunc] { \
         const FUNCS: &[::airssys_wasm::DispatchedFunc] = &[ \
         ::airssys_wasm::DispatchedFunc::new::<(bool,), (bool,)>(\"flip\"), "
    ));
    assert!(code.contains(
        "::airssys_wasm::DispatchedFunc::new::<(::airssys_wasm::__private::String,), \
         (::airssys_wasm::__private::String,)>(\"greet\"), "
    ));
    assert!(code.contains(
        "// `greet` 4 => call.run(move |mut cx, (name,): (::airssys_wasm::__private::String,)| { \
         <U as Host>::greet(get(cx.data_mut()), name).map(|r| (r,)) }), "
    ));
    // A function without results passes the host's `Result<(), Error>` on.
    assert!(code.contains("::airssys_wasm::DispatchedFunc::new::<(), ()>(\"nothing\"), "));
    assert!(code.contains("11 => call.run(move |mut cx, (): ()| { <U as Host>::nothing(get(cx.data_mut())) }), "));
    // An index the table does not have is an error, not a panic.
    assert!(code.contains("_ => ::core::result::Result::Err(call.unknown(index)), } } }"));
    assert!(code.contains("inst.func_dispatch(Dispatch_ { get })?;"));
    // World-level imports go to the `{World}Imports` trait, on the root instance.
    assert!(code.contains("pub trait ScalarsImports {"));
    assert!(code.contains("let mut inst = linker.root(); /// Runs the functions defined here"));
    assert!(
        code.contains(
            "impl<T: 'static, U: ScalarsImports + 'static> ::airssys_wasm::HostDispatch<T> for Dispatch_<T, U>"
        )
    );
    assert!(code.contains(
        "0 => call.run(move |mut cx, (msg,): (::airssys_wasm::__private::String,)| { <U as ScalarsImports>::log("
    ));
    // Keywords are escaped; the WIT name stays.
    assert!(code.contains("fn type_(&mut self, type_: u32)"));
    assert!(code.contains("::airssys_wasm::DispatchedFunc::new::<(u32,), (u32,)>(\"type\"), "));
    assert!(
        code.contains("12 => call.run(move |mut cx, (type_,): (u32,)| { <U as Host>::type_(get(cx.data_mut()), type_)")
    );
}

#[test]
fn exports_become_typed_funcs_with_borrowed_parameters() {
    let code = flat(&corpus("scalars.wit", "scalars"));
    assert!(code.contains(
        "f_greet: instance.get_typed_func::<(::airssys_wasm::__private::String,), \
         (::airssys_wasm::__private::String,), T>(store, \"corpus:scalars/values#greet\")\
         .map_err(|e| e.__in_export(\"TypedFunc<(String,), (String,)>\", \"export `corpus:scalars/values#greet`\"))?,"
    ));
    assert!(code.contains(
        "pub fn call_greet<T: 'static>(&self, store: &mut ::airssys_wasm::Store<T>, name: &str) -> \
         ::core::result::Result<::airssys_wasm::__private::String, ::airssys_wasm::Error> { \
         let (r,) = self.f_greet.__call_as(store, (name,))?; Ok(r) }"
    ));
    assert!(code.contains("items: &[u32]) -> ::core::result::Result<u32, ::airssys_wasm::Error>"));
    assert!(code.contains("s: ::core::option::Option<&str>"));
    // A parameter named like a local of the accessor is renamed.
    assert!(code.contains("r_: ::core::result::Result<u32, &str>"));
    // The world's own export, looked up by its plain name.
    assert!(code.contains(
        "f_run: instance.get_typed_func::<(::airssys_wasm::__private::String,), (u32,), T>(store, \"run\")\
         .map_err(|e| e.__in_export(\"TypedFunc<(String,), (u32,)>\", \"export `run`\"))?,"
    ));
    assert!(code.contains("pub fn corpus_scalars_values(&self) -> &exports::corpus::scalars::values::Guest"));
    // The same interface imported and exported gets a module each.
    assert!(code.contains("pub mod exports {"));
    assert!(code.contains("where U: corpus::scalars::values::Host + ScalarsImports + 'static,"));
}

#[test]
fn host_resources_get_traits_and_with_types() {
    let path = corpus_path("resources.wit");
    let code = flat(
        &generate(&Opts::new("resources").path(&path).with("corpus:resources/kv/store", "crate::Kv"))
            .expect("generates"),
    );
    assert!(code.contains("pub type Store = crate::Kv;"));
    assert!(code.contains("pub trait HostStore {"));
    assert!(code.contains("fn new(&mut self, seed: u32) -> ::core::result::Result<::airssys_wasm::Resource<crate::Kv>, ::airssys_wasm::Error>;"));
    assert!(code.contains("fn get(&mut self, self_: ::airssys_wasm::Resource<crate::Kv>, key: u32)"));
    assert!(code.contains("fn drop(&mut self, rep: ::airssys_wasm::Resource<crate::Kv>)"));
    assert!(code.contains("pub trait Host: HostStore {"));
    assert!(code.contains(
        "let _ = inst.resource::<crate::Kv, _>(\"store\", move |mut cx, rep| <U as HostStore>::drop(get(cx.data_mut()), rep))?;"
    ));
    assert!(code.contains(
        "::airssys_wasm::DispatchedFunc::new::<(u32,), (::airssys_wasm::Resource<crate::Kv>,)>(\"[constructor]store\"), "
    ));
    assert!(code.contains("0 => call.run(move |mut cx, (seed,): (u32,)| { <U as HostStore>::new("));
    assert!(code.contains("(\"[static]store.open\"), "));
    assert!(code.contains(
        "3 => call.run(move |mut cx, (name,): (::airssys_wasm::__private::String,)| { <U as HostStore>::open("
    ));
    // An export borrowing a host resource takes a reference.
    assert!(code.contains("s: &::airssys_wasm::Resource<crate::Kv>, key: u32"));
    // `use` makes an alias in the exported interface, to the same Rust type.
    assert!(code.contains("pub mod api { #[doc = \" The WIT type `store`.\"] pub type Store = crate::Kv;"));
    // A world-level resource without `with` gets a placeholder, traits on the root.
    assert!(code.contains("pub enum Counter {}"));
    assert!(code.contains("pub trait ResourcesImports: HostCounter {"));
    let plain = flat(&corpus("resources.wit", "resources"));
    assert!(plain.contains("pub enum Store {}"));
    assert!(plain.contains("s: &::airssys_wasm::Resource<super::super::super::super::corpus::resources::kv::Store>"));
}

#[test]
fn guest_resources_are_resource_any() {
    let code = flat(&corpus("guest-resources.wit", "guest-resources"));
    assert!(code.contains("pub struct GuestCounter {"));
    assert!(code.contains(
        "pub fn call_constructor<T: 'static>(&self, store: &mut ::airssys_wasm::Store<T>, start: u32) -> \
         ::core::result::Result<::airssys_wasm::ResourceAny, ::airssys_wasm::Error>"
    ));
    assert!(code.contains("(store, \"corpus:guest-resources/counters#[method]counter.bump\").map_err("));
    // The typed functions take a borrow as `&ResourceAny`, which the typed
    // check asks for (a `ResourceAny` by value would be given away).
    assert!(code.contains(
        "f_method_counter_bump: ::airssys_wasm::TypedFunc<(&'static ::airssys_wasm::ResourceAny, u32), (u32,)>"
    ));
    assert!(
        code.contains("TypedFunc<(::airssys_wasm::__private::Vec<&'static ::airssys_wasm::ResourceAny>,), (u64,)>")
    );
    // A borrow is lent by reference, an own moved by value.
    assert!(code.contains("self_: &::airssys_wasm::ResourceAny, by: u32"));
    assert!(code.contains("a: &::airssys_wasm::ResourceAny, b: ::airssys_wasm::ResourceAny"));
    assert!(code.contains("pub fn counter(&self) -> &GuestCounter"));
    assert!(code.contains("cs: &[::airssys_wasm::ResourceAny]"));
}

#[test]
fn records_variants_enums_and_flags_derive_the_typed_traits() {
    let code = corpus("records.wit", "records");
    assert!(code.contains(
        "#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, \
         ::airssys_wasm::typed::ComponentType, ::airssys_wasm::typed::Lift, ::airssys_wasm::typed::Lower)]\n\
         #[component(record)]\npub struct Point {\n"
    ));
    assert!(code.contains("#[component(name = \"label-text\")]\npub label_text: ::airssys_wasm::__private::String,\n"));
    assert!(code.contains("#[component(variant)]\npub enum Shape {\n"));
    assert!(code.contains("#[component(name = \"polygon\")]\nPolygon(::airssys_wasm::__private::Vec<Point>),\n"));
    assert!(code.contains("#[component(name = \"none\")]\nNone,\n"));
    assert!(code.contains("#[component(enum)]\npub enum Color {\n"));
    assert!(code.contains("#[component(name = \"dark-blue\")]\nDarkBlue,\n"));
    assert!(code.contains("#[component(name = \"type\")]\nType,\n"));
    assert!(code.contains("#[component(flags)]\npub struct Perms {\n"));
    assert!(code.contains("#[component(name = \"exec-all\")]\npub exec_all: bool,\n"));
    assert!(code.contains("pub type Points = ::airssys_wasm::__private::Vec<Point>;"));
    // The exported copy refers to its own types.
    assert!(flat(&code).contains("ps: Points) -> ::core::result::Result<(Point, Point), ::airssys_wasm::Error>"));
}

#[test]
fn versions_and_nested_packages() {
    let code = flat(&corpus("versioned.wit", "versioned"));
    assert!(code.contains("linker.instance(\"corpus:versioned/greet@1.2.3\")?"));
    assert!(code.contains("(store, \"corpus:versioned/greet@1.2.3#hello\").map_err("));
    assert!(code.contains("pub fn corpus_versioned_greet(&self)"));
    let code = flat(&corpus("nested", "nested"));
    assert!(code.contains("pub mod foo { #[doc = \" Bindings of `foo::bar`.\"]"));
    assert!(code.contains("linker.instance(\"foo:bar/baz@0.1.0\")?"));
    assert!(code.contains("pub type Ids = ::airssys_wasm::__private::Vec<Id>;"));
    // An alias of `string` is `&str` as a parameter.
    assert!(code.contains("fn find(&mut self, i: Ids)"));
}

#[test]
fn a_world_without_imports_of_its_own_has_no_imports_trait() {
    let code = flat(&corpus("versioned.wit", "versioned"));
    assert!(!code.contains("VersionedImports"));
    assert!(code.contains("where U: corpus::versioned::greet::Host + 'static, { corpus::versioned::greet::add_to_linker(linker, get)?; Ok(()) }"));
    let wit = "package a:b; world w { export f: func(); }";
    let code = flat(&generate(&Opts::new("w").inline(wit)).expect("generates"));
    assert!(code.contains("where U: 'static, { let _ = (linker, get); Ok(()) }"));
}

#[test]
fn inline_wit_generates_like_a_file() {
    let wit = "package a:b; world w { export f: func(x: u32) -> u32; }";
    let code = generate(&Opts::new("w").inline(wit)).expect("generates");
    assert!(code.contains("pub fn call_f<T: 'static>(&self, store: &mut ::airssys_wasm::Store<T>, x: u32)"));
}

#[test]
fn interfaces_named_in_the_world() {
    let code = flat(&corpus("named.wit", "named"));
    assert!(code.contains("pub mod host_api {"));
    assert!(code.contains("let mut inst = linker.instance(\"host-api\")?;"));
    assert!(code.contains("(store, \"guest-api#pong\").map_err("));
    assert!(code.contains("pub fn guest_api(&self) -> &exports::guest_api::Guest"));
    assert!(code.contains("where U: host_api::Host + 'static,"));
}

#[test]
fn the_files_read_are_reported() {
    let b = generate_bindings(&Opts::new("nested").path(corpus_path("nested"))).expect("generates");
    let mut names: Vec<_> = b.files.iter().filter_map(|p| p.file_name()?.to_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["baz.wit", "main.wit"]);
}

#[test]
fn errors_say_what_is_wrong() {
    let err = generate(&Opts::new("nope").path(corpus_path("scalars.wit"))).expect_err("no such world");
    assert!(err.message().contains("nope"), "{err}");
    assert_eq!(err.subject(), Subject::World);
    let err = generate(&Opts::new("scalars").path(corpus_path("missing.wit"))).expect_err("no such file");
    assert!(err.message().contains("missing.wit"), "{err}");
    assert_eq!(err.subject(), Subject::Wit);
    let err = generate(&Opts::new("scalars")).expect_err("no path");
    assert!(err.message().contains("no WIT given"), "{err}");
    let err = generate(&Opts::new("scalars").path(corpus_path("scalars.wit")).with("a:b/c/d", "crate::D"))
        .expect_err("unused with");
    assert!(err.message().contains("`with` names `a:b/c/d`"), "{err}");
    assert_eq!(err.subject(), Subject::With);
}

#[test]
fn an_imported_interface_of_types_only_still_defines_its_instance() {
    let wit = "package a:b; interface types { record p { x: u32 } } world w { import types; use types.{p}; export f: func(p: p); }";
    let code = flat(&generate(&Opts::new("w").inline(wit)).expect("generates"));
    assert!(code.contains("let _ = get; let _ = linker.instance(\"a:b/types\")?; Ok(())"), "{code}");
}

#[test]
fn types_named_guest_or_host_and_two_versions_of_an_export_do_not_clash() {
    let code = flat(&corpus("clashes.wit", "clashes"));
    // WIT types `guest` and `host` beside the generated `Guest` and `Host`.
    assert!(code.contains("pub struct Guest_ {"), "{code}");
    assert!(code.contains("pub enum Host_ {"), "{code}");
    assert!(code.contains("fn serve(&mut self, g: Guest_) -> ::core::result::Result<Host_, ::airssys_wasm::Error>;"));
    // Two versions of `versions:api/calc`, each with its own accessor.
    assert!(code.contains("pub fn versions_api_calc_1_0_0(&self) -> &exports::versions::api1_0_0::calc::Guest"));
    assert!(code.contains("pub fn versions_api_calc_2_0_0(&self) -> &exports::versions::api2_0_0::calc::Guest"));
    // A single version keeps the plain accessor.
    assert!(code.contains("pub fn corpus_clashes_roles(&self)"));
}
