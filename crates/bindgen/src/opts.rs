//! What to generate: the world, where its WIT lives, and Rust types for
//! host resources.

use crate::error::{Error, Subject};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The options of one generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opts {
    /// The world: a name in the main package (`"greeter"`) or a full id
    /// (`"ns:pkg/greeter"`); `None` when the package has a single world.
    pub world: Option<String>,
    /// WIT files or directories (a directory's `deps/` is read first), each
    /// pushed as one main package.
    pub paths: Vec<PathBuf>,
    /// WIT source given inline, pushed as one more main package (after
    /// `paths`, which may hold its dependencies).
    pub inline: Option<String>,
    /// Rust types for resources the host defines, by the resource's WIT
    /// path: `"ns:pkg/iface/name"` (or `"ns:pkg/iface@1.0.0/name"`, or just
    /// `"name"` for a resource of the world itself) to a Rust path such as
    /// `"crate::Kv"`. Unmapped resources get an empty `enum` of their own.
    pub with: BTreeMap<String, String>,
}

impl Opts {
    /// Options for `world`.
    pub fn new(world: impl Into<String>) -> Self {
        Opts { world: Some(world.into()), ..Opts::default() }
    }

    /// Adds a WIT file or directory.
    #[must_use]
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.paths.push(path.into());
        self
    }

    /// Sets inline WIT source.
    #[must_use]
    pub fn inline(mut self, wit: impl Into<String>) -> Self {
        self.inline = Some(wit.into());
        self
    }

    /// Maps the host resource `wit` (see [`Opts::with`]) to the Rust type `rust`.
    #[must_use]
    pub fn with(mut self, wit: impl Into<String>, rust: impl Into<String>) -> Self {
        self.with.insert(wit.into(), rust.into());
        self
    }

    /// The build-script form: generates the bindings into `$OUT_DIR/file`
    /// and prints `cargo:rerun-if-changed` for every WIT file read. Relative
    /// paths are taken from `$CARGO_MANIFEST_DIR`, as in the macro. Returns
    /// the path written; `include!` it from the crate.
    pub fn write_to_out_dir(&self, file: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let out = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Error::new(Subject::Output, "`OUT_DIR` is not set: call `write_to_out_dir` from a build script")
        })?;
        let mut opts = self.clone();
        if let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") {
            let root = PathBuf::from(root);
            opts.paths = opts.paths.iter().map(|p| root.join(p)).collect();
        }
        let bindings = crate::generate_bindings(&opts)?;
        let dest = PathBuf::from(out).join(file);
        std::fs::write(&dest, &bindings.code)
            .map_err(|e| Error::new(Subject::Output, format!("writing the bindings to `{}`: {e}", dest.display())))?;
        for path in &bindings.files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        Ok(dest)
    }
}
