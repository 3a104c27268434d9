;; A component exporting an instance `ns:math/ops` with two functions.
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "reset")))
  (core instance $m (instantiate $m))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
  (func $reset (canon lift (core func $m "reset")))
  (instance $ops (export "add" (func $add)) (export "reset" (func $reset)))
  (export "ns:math/ops" (instance $ops)))
