//! Tests for the fuzz inputs committed under `fuzz/regressions/`: every
//! binary there is rebuilt from the component text beside it, and each one
//! ends the way its comment says.

use airssys_wasm::{Component, Config, Engine, Linker, Store};
use std::path::{Path, PathBuf};

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

/// Every `.wat` file under `fuzz/regressions/` and the binary beside it.
fn text_and_binary_pairs() -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    let targets = std::fs::read_dir(regressions()).expect("fuzz/regressions/ exists");
    for target in targets {
        let target = target.expect("a directory entry").path();
        for file in std::fs::read_dir(&target).expect("a target's folder") {
            let text = file.expect("a directory entry").path();
            if text.extension().is_some_and(|e| e == "wat") {
                pairs.push((text.clone(), text.with_extension("wasm")));
            }
        }
    }
    pairs.sort();
    pairs
}

#[test]
fn every_committed_fuzz_input_is_its_component_text_rebuilt() {
    let pairs = text_and_binary_pairs();
    assert!(!pairs.is_empty(), "no .wat files under {}", regressions().display());
    let bless = std::env::var_os("AIRSSYS_BLESS").is_some();
    for (text, binary) in pairs {
        let rebuilt = wat::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", text.display()));
        if bless {
            std::fs::write(&binary, &rebuilt).expect("writes the binary");
        }
        let committed = std::fs::read(&binary).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
        assert!(
            committed == rebuilt,
            "{} is not {} rebuilt; rerun with AIRSSYS_BLESS=1 to rewrite it",
            binary.display(),
            text.display()
        );
    }
}

#[test]
fn the_ten_million_instruction_loop_ends_out_of_fuel() {
    let bytes = std::fs::read(regressions().join("component_long_run/loop-ten-million.wasm")).expect("committed");
    // The fuel of the `component_long_run` fuzz target.
    let engine = Engine::new(Config::new().fuel(10_000_000));
    let component = Component::new(&engine, &bytes).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new().instantiate(&mut store, &component).expect("instantiates");
    let spin = instance.get_typed_func::<(), (), _>(&store, "spin").expect("typed");
    let err = spin.call(&mut store, ()).expect_err("loops until the fuel runs out");
    assert!(err.is_out_of_fuel(), "{err}");
    // wasmi charges a block's fuel on entry: the 5 units left do not pay for
    // one more iteration.
    assert_eq!(store.fuel(), Some(5));
}
