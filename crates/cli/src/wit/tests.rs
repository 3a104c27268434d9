//! Tests for inspect's WIT view.

use super::world;
use std::path::Path;

/// The component of `examples/<name>.wat`.
fn example(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(format!("{name}.wat"));
    wat::parse_file(path).expect("a valid example")
}

#[test]
fn every_truncation_is_described_or_refused_never_a_panic() {
    for name in ["greet", "files", "counter"] {
        let bytes = example(name);
        let mut refused = 0;
        for len in 0..bytes.len() {
            match world(Path::new("cut.wasm"), &bytes[..len]) {
                // Cut between sections: a smaller, valid component.
                Ok(text) => assert!(text.starts_with("package "), "{text}"),
                Err(e) => {
                    assert!(e.to_string().starts_with("cannot describe `cut.wasm` as WIT: "), "{e}");
                    refused += 1;
                }
            }
        }
        // The bare header is the empty component; most cuts fall inside a section.
        assert!(world(Path::new("cut.wasm"), &bytes[..8]).is_ok());
        assert!(refused > bytes.len() / 2, "{name}: {refused} of {} cuts refused", bytes.len());
    }
}

#[test]
fn flipped_bytes_are_errors_or_wit_never_panics() {
    let bytes = example("files");
    let mut described = 0;
    for i in 8..bytes.len() {
        let mut changed = bytes.clone();
        changed[i] ^= 0x5a;
        match world(Path::new("flipped.wasm"), &changed) {
            Ok(text) => {
                assert!(text.starts_with("package "), "{text}");
                described += 1;
            }
            Err(e) => assert!(e.to_string().starts_with("cannot describe `flipped.wasm` as WIT: "), "{e}"),
        }
    }
    // Flips inside the core module's code leave the world as it was.
    assert!(described > 0);
}
