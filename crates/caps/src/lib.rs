//! Capability tables for airssys-wasm: what each component instance may
//! call, checked at the one choke point every import call passes.
//!
//! Pure data and logic: no wasm engine, no I/O. The runtime's import gate
//! asks a [`CapabilityTable`] about every call; the CLI builds grants from
//! `--allow` flags ([`Grant`]'s `FromStr`) and policy files (`Policy`,
//! feature `policy`).
//!
//! # Layers, top down
//! - [`CapabilityTable`]: one per instance. Deny by default: with no grant,
//!   an import call is denied. The gate binds each import once
//!   ([`CapabilityTable::bind`] → [`ImportSlot`]); every call then asks
//!   [`check_call`](CapabilityTable::check_call) before anything is read
//!   from guest memory (an array index and a compare when the grant has no
//!   constraints and no budget), and, if the [`Permit`] says so,
//!   [`check_args`](CapabilityTable::check_args) after lifting and before the
//!   host function runs. Grants can be added, narrowed and revoked while the
//!   instance lives, effective at the next call.
//! - [`Grant`]: an interface, optionally one function, [`Constraint`]s on the
//!   lifted arguments, a call budget, and a [`DenyAction`] (trap, or return
//!   the function's own `result` error case).
//! - [`Constraint`] = [`ParamRef`] + [`Rule`]: string prefixes and globs on
//!   normalised paths and host names ([`PatternKind`]), integer ranges, and
//!   allowed cases.
//! - [`Denial`]: who called what and which rule refused it, readable as is.
//! - The audit trail ([`audit`]): every denial, and optionally every allowed
//!   call, goes to an [`AuditSink`]: a bounded [`AuditRing`] by default.
//!
//! # Example
//! ```
//! use airssys_wasm_abi::{Val, ValType};
//! use airssys_wasm_caps::{Args, CapabilityTable, Grant};
//!
//! let mut table = CapabilityTable::new().with_identity("app", 1);
//! table.grant(r#"my:pkg/fs#open(path: prefix path "/data")"#.parse()?);
//! let open = table.bind("my:pkg/fs", "open");
//! let delete = table.bind("my:pkg/fs", "delete");
//!
//! let names = ["path".to_string()];
//! let types = [ValType::String];
//! let check = |table: &mut CapabilityTable, path: &str| {
//!     let vals = [Val::String(path.into())];
//!     let permit = table.check_call(open)?;
//!     table.check_args(&permit, &Args::new(&names, &types, &vals))
//! };
//! assert!(check(&mut table, "/data/notes.txt").is_ok());
//! let denial = check(&mut table, "/data/../etc/passwd").unwrap_err();
//! assert_eq!(
//!     denial.to_string(),
//!     "denied: component `app` calling `my:pkg/fs#open` — argument `path` = \"/data/../etc/passwd\" \
//!      does not match `prefix path \"/data\"` (widen the grant's constraint to allow it)"
//! );
//! assert!(table.check_call(delete).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Grant text
//! The `--allow` flag and the `allow` list of policy files take grants as text:
//! ```text
//! wasi:cli/stdout
//! my:pkg/fs#open(path: prefix "/data/")
//! my:net/http#get(host: glob host "*.example.com", port: 80..=443, budget 100)
//! my:pkg/log#write(level: case info|warn, on-deny error denied)
//! my:pkg/kv#put(opts.key: glob exact "user-*")
//! ```
#![doc = include_str!("grammar.md")]
//!
//! # Crate features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | links `std`; forwards to dependencies |
//! | `policy` | no | `Policy`: TOML policy files ([POLICY.md](https://github.com/airssys/airssys-wasm/blob/main/crates/caps/POLICY.md)), errors with line and column; needs `std` |
//! | `defmt` | no | `defmt::Format` for audit events and `DefmtSink`, for embedded targets |

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod audit;
mod bound;
mod constraint;
mod denial;
mod error;
mod glob;
mod grant;
mod host;
mod normalise;
mod param;
mod path;
mod pattern;
#[cfg(feature = "policy")]
mod policy;
mod prelude;
mod rule;
mod summary;
mod syntax;
mod table;

#[cfg(feature = "defmt")]
pub use audit::DefmtSink;
pub use audit::{AuditEvent, AuditRing, AuditSink, CallbackSink, Discard, Outcome};
pub use constraint::{Args, Constraint};
pub use denial::{ConstraintDenial, Denial, DenialReason, Problem, WithGrantHint};
pub use error::{GrantError, GrantErrorKind};
pub use grant::{DenyAction, Grant};
pub use normalise::NormaliseError;
pub use param::{ParamRef, Step};
pub use pattern::{Pattern, PatternKind};
#[cfg(feature = "policy")]
pub use policy::{Policy, PolicyError};
pub use rule::Rule;
pub use table::{CapabilityTable, DEFAULT_AUDIT_CAPACITY, HeldGrant, ImportSlot, Permit, TableError};
