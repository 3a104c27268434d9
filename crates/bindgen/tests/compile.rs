//! Tests that the bindings of every corpus world and of the WASI 0.2 worlds
//! compile in a `std` crate (the `no_std` build is `tests/no_std`), and that
//! their types are the ones documented.

#![allow(missing_docs)]
// Test helpers outside #[test] functions may panic on a broken fixture.
#![allow(clippy::expect_used, clippy::panic)]

mod scalars {
    airssys_wasm::bindgen!({ world: "scalars", path: "tests/corpus/scalars.wit" });
}

mod resources {
    /// The host's state of a `store`, given with `with`.
    pub struct Kv(pub u32);
    airssys_wasm::bindgen!({
        world: "resources",
        path: "tests/corpus/resources.wit",
        with: { "corpus:resources/kv/store": crate::resources::Kv },
    });
}

mod versioned {
    airssys_wasm::bindgen!({ world: "versioned", path: "tests/corpus/versioned.wit" });
}

mod nested {
    airssys_wasm::bindgen!({ world: "nested", path: "tests/corpus/nested" });
}

mod named {
    airssys_wasm::bindgen!({ world: "named", path: "tests/corpus/named.wit" });
}

mod records {
    airssys_wasm::bindgen!({ world: "records", path: "tests/corpus/records.wit" });
}

mod guest_resources {
    airssys_wasm::bindgen!({ world: "guest-resources", path: "tests/corpus/guest-resources.wit" });
}

mod clashes {
    airssys_wasm::bindgen!({ world: "clashes", path: "tests/corpus/clashes.wit" });
}

mod wasi_imports {
    airssys_wasm::bindgen!({ world: "imports", path: "../../wit" });
}

mod wasi_command {
    airssys_wasm::bindgen!({ world: "command", path: "../../wit" });
}

mod wasi_random {
    airssys_wasm::bindgen!({ world: "random", path: "../../wit" });
}

mod wasi_monotonic {
    airssys_wasm::bindgen!({ world: "monotonic", path: "../../wit" });
}

#[test]
fn generated_types_are_the_documented_ones() {
    use airssys_wasm::{Resource, Store, TypedFunc};
    // Host traits take owned values; exports take borrowed parameters.
    fn _host<H: scalars::corpus::scalars::values::Host>(h: &mut H) -> Result<String, airssys_wasm::Error> {
        h.greet(String::from("x"))
    }
    fn _export(g: &scalars::exports::corpus::scalars::values::Guest, s: &mut Store<()>) {
        let _: Result<u32, _> = g.call_sum(s, &[1, 2]);
        let _: Result<String, _> = g.call_greet(s, "x");
    }
    fn _resource<H: resources::corpus::resources::kv::HostStore>(h: &mut H) {
        let _: Result<Resource<resources::Kv>, _> = h.new(1);
    }
    fn _named<H: named::host_api::Host>(h: &mut H, n: &named::Named, s: &mut Store<()>) {
        let _: Result<u32, _> = h.ping(1);
        let _: Result<String, _> = n.guest_api().call_pong(s, "x");
        let _: Result<(), _> = n.call_run(s);
    }
    fn _records(g: &records::exports::corpus::records::shapes::Guest, s: &mut Store<()>) {
        // The exported interface has its own types, apart from the imported one's.
        use records::exports::corpus::records::shapes::{Color, Perms, Point, Shape};
        let p = Point { x: 1, y: 2, label_text: String::from("p") };
        let flags = Perms { read: true, write: false, exec_all: true };
        let _: Result<Result<Point, String>, _> = g.call_draw(s, Shape::Polygon(vec![p]), Color::DarkBlue, flags);
    }
    fn _guest_resources(
        g: &guest_resources::exports::corpus::guest_resources::counters::Guest,
        s: &mut Store<()>,
        a: airssys_wasm::ResourceAny,
        b: airssys_wasm::ResourceAny,
    ) {
        let counter = g.counter();
        let _: Result<u32, _> = counter.call_bump(s, &a, 1);
        let _: Result<u64, _> = g.call_total(s, core::slice::from_ref(&a));
        let _: Result<airssys_wasm::ResourceAny, _> = counter.call_merge(s, &a, b);
    }
    fn _clashes(c: &clashes::Clashes, s: &mut Store<()>) {
        use clashes::exports::corpus::clashes::roles::{Guest_, Host_};
        let _: Result<Host_, _> = c.corpus_clashes_roles().call_serve(s, Guest_ { name: String::from("g") });
        let _: Result<u32, _> = c.versions_api_calc_1_0_0().call_add(s, 1, 2);
        let _: Result<u64, _> = c.versions_api_calc_2_0_0().call_add(s, 1, 2);
    }
    fn _command(c: &wasi_command::Command, s: &mut Store<()>) {
        let _: Result<Result<(), ()>, _> = c.wasi_cli_run().call_run(s);
    }
    fn _alias(_: nested::foo::bar::baz::Id, _: nested::foo::bar::baz::Name) {}
    let _: fn(&versioned::Versioned) -> &versioned::exports::corpus::versioned::greet::Guest =
        versioned::Versioned::corpus_versioned_greet;
    let _ = core::marker::PhantomData::<TypedFunc<(), ()>>;
    let id: nested::foo::bar::baz::Id = 7u64;
    assert_eq!(id, 7);
    // The `with` type is what the host keeps in its table.
    let mut table = airssys_wasm::ResourceTable::new();
    let kv: Resource<resources::Kv> = table.push(resources::Kv(3)).expect("push");
    assert_eq!(table.get(&kv).expect("get").0, 3);
}
