;; Regression input of the `component_long_run` fuzz target; the binary beside
;; it is this text, and crates/runtime/tests/integration/fuzz_inputs.rs checks
;; that (AIRSSYS_BLESS=1 rewrites it).
;;
;; `spin` counts forever. Under the target's ten million units of fuel it
;; executes about ten million wasm instructions and must end with out of fuel.
;; With wasmi's tail-call dispatch in a sanitizer build every executed
;; instruction leaves a native stack frame behind, and the fuzzer dies of a
;; stack overflow instead; fuzz/Cargo.toml puts wasmi on portable dispatch.
(component
  (core module $m
    (func (export "spin") (local $i i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (core instance $m (instantiate $m))
  (func (export "spin") (canon lift (core func $m "spin"))))
