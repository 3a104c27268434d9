//! What the WASI integration tests share: the built guests, and output a
//! guest writes, captured.

// Each test crate uses only some of these.
#![allow(dead_code)]

use airssys_wasm::{Component, Engine};
use airssys_wasm_wasi::stdio::Callback;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The bytes of guest `file` in the guests' directory (`AIRSSYS_GUESTS_DIR`,
/// else `target/guests`), or a panic that names `script`, which builds it.
pub fn guest_bytes(file: &str, script: &str) -> Vec<u8> {
    let dir = std::env::var_os("AIRSSYS_GUESTS_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/guests"), PathBuf::from);
    let path = dir.join(file);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; run crates/guests/{script} to build it", path.display()))
}

/// Guest `file` (one that `crates/guests/build.sh` builds), loaded on a
/// default engine.
pub fn guest(file: &str) -> Component {
    Component::new(&Engine::default(), guest_bytes(file, "build.sh"))
        .unwrap_or_else(|e| panic!("{file} does not load: {e}"))
}

/// The bytes a guest writes to one stream, kept for the test.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// A sink for `WasiCtxBuilder::stdout` or `stderr` that appends here.
    pub fn sink(&self) -> Callback<impl FnMut(&[u8]) + Send + 'static> {
        let bytes = self.0.clone();
        Callback(move |b: &[u8]| bytes.lock().expect("the capture's lock").extend_from_slice(b))
    }

    /// Everything written so far, as UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("the capture's lock").clone()).expect("UTF-8 output")
    }

    /// [`Capture::text`], emptying the capture.
    pub fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().expect("the capture's lock"))).expect("UTF-8 output")
    }
}
