;; A component that implements a resource: `counter`, a number that can be
;; incremented, with a constructor, two methods and a destructor, plus a
;; plain `demo` function that uses it.
;;
;;   airssys-wasm run examples/counter.wat --invoke 'demo(5)'
;;   5
;;   airssys-wasm inspect examples/counter.wat
;;
;; The representation of a counter is the address of its 4-byte cell in
;; linear memory. `resource.new` puts an owning handle into the instance's
;; handle table; handles, not addresses, cross the component boundary, and
;; dropping the last owning handle runs the destructor, which counts the
;; counters destroyed so far.
(component
  (core module $cells
    (memory (export "memory") 1)
    ;; Cells are handed out from 1024 up, 4 bytes each.
    (global $next (mut i32) (i32.const 1024))
    (global $destroyed (mut i32) (i32.const 0))
    (func (export "alloc") (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (local.get $p) (i32.const 4)))
      (i32.store (local.get $p) (i32.const 0))
      (local.get $p))
    ;; The destructor: the cell is abandoned, the destruction counted.
    (func (export "dtor") (param i32)
      (global.set $destroyed (i32.add (global.get $destroyed) (i32.const 1))))
    (func (export "destroyed") (result i32) (global.get $destroyed)))
  (core instance $cells (instantiate $cells))

  (type $counter' (resource (rep i32) (dtor (core func $cells "dtor"))))
  (export $counter "counter" (type $counter'))
  (core func $new (canon resource.new $counter'))
  (core func $rep (canon resource.rep $counter'))
  (core func $drop (canon resource.drop $counter'))

  (core module $impl
    (import "cells" "memory" (memory 1))
    (import "cells" "alloc" (func $alloc (result i32)))
    (import "counter" "new" (func $new (param i32) (result i32)))
    (import "counter" "rep" (func $rep (param i32) (result i32)))
    (import "counter" "drop" (func $drop (param i32)))
    ;; [constructor]counter() -> own<counter>
    (func $make (export "make") (result i32) (call $new (call $alloc)))
    ;; [method]counter.increment(self: borrow<counter>, by: u32) -> u32
    ;; A borrow of a resource this component implements arrives as its
    ;; representation (the cell's address).
    (func $increment (export "increment") (param $cell i32) (param $by i32) (result i32)
      (i32.store (local.get $cell) (i32.add (i32.load (local.get $cell)) (local.get $by)))
      (i32.load (local.get $cell)))
    ;; [method]counter.get(self: borrow<counter>) -> u32
    (func (export "get") (param $cell i32) (result i32) (i32.load (local.get $cell)))
    ;; demo(n: u32) -> u32: make a counter, increment it by 1 n times, read
    ;; it through its handle, drop it.
    (func (export "demo") (param $n i32) (result i32)
      (local $h i32) (local $i i32) (local $v i32)
      (local.set $h (call $make))
      (block $done
        (loop $again
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (drop (call $increment (call $rep (local.get $h)) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $again)))
      (local.set $v (i32.load (call $rep (local.get $h))))
      (call $drop (local.get $h))
      (local.get $v)))
  (core instance $impl (instantiate $impl
    (with "cells" (instance $cells))
    (with "counter" (instance
      (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))

  (func (export "[constructor]counter") (result (own $counter))
    (canon lift (core func $impl "make")))
  (func (export "[method]counter.increment") (param "self" (borrow $counter)) (param "by" u32) (result u32)
    (canon lift (core func $impl "increment")))
  (func (export "[method]counter.get") (param "self" (borrow $counter)) (result u32)
    (canon lift (core func $impl "get")))
  (func (export "demo") (param "n" u32) (result u32)
    (canon lift (core func $impl "demo")))
  (func (export "destroyed") (result u32)
    (canon lift (core func $cells "destroyed"))))
