//! Components in component text, instantiated and called through the public API.

mod calls;
mod capabilities;
#[cfg(feature = "macros")]
mod derived_types;
mod dispatch;
mod fuzz_inputs;
mod guest_bindings_demo;
mod imports;
mod limits;
mod linking;
mod loading;
mod resource_any;
mod resources;
mod stores;
mod tasks;
mod text;
mod typed_resources;
#[cfg(feature = "validate")]
mod validation;

/// A core module with a memory and a bump `realloc` (which copies like a real
/// one), shared by the test
/// components as `$libc`.
pub const LIBC: &str = r#"
    (core module $libc
      (memory (export "mem") 1)
      (global $top (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $top) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
        (global.set $top (i32.add (local.get $p) (local.get 3)))
        (if (i32.gt_u (global.get $top) (i32.mul (memory.size) (i32.const 65536)))
          (then (drop (memory.grow (i32.const 1)))))
        ;; Like a real realloc, keep the old contents (up to the smaller size).
        (if (local.get 1)
          (then (memory.copy (local.get $p) (local.get 0)
            (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
        (local.get $p)))
    (core instance $libc (instantiate $libc))
"#;

/// Parses component text with `LIBC` spliced in after the opening `(component`.
pub fn component(body: &str) -> Vec<u8> {
    let text = format!("(component {LIBC} {body})");
    match wat::parse_str(&text) {
        Ok(bytes) => bytes,
        Err(e) => panic!("bad test component: {e}\n{text}"),
    }
}

/// The canonical options that give a lifted or lowered function `$libc`'s memory and realloc.
pub const MEM: &str = r#"(memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))"#;
