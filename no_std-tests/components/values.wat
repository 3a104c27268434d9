;; Lists both ways and a `result` with a string error, for the firmware:
;;
;;   reverse(items: list<u32>) -> list<u32>
;;   div(a: u32, b: u32) -> result<u32, string>     // err("division by zero")
;;
;; The list arrives in memory the runtime allocated through `cabi_realloc`;
;; both results are more than one flat value, so they go through a return
;; area at 0..12.
(component
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (data (i32.const 16) "division by zero")

    ;; The bump allocator of examples/greet.wat.
    (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $ptr i32) (local $end i32)
      (local.set $ptr
        (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $ptr) (local.get $size)))
      (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
      (block $fits
        (br_if $fits (i32.le_u (local.get $end) (i32.mul (memory.size) (i32.const 65536))))
        (br_if $fits
          (i32.ne (i32.const -1)
            (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                                             (i32.const 65535))
                                    (i32.const 16)))))
        unreachable)
      (global.set $heap (local.get $end))
      (if (local.get $old_size)
        (then (memory.copy (local.get $ptr) (local.get $old)
          (select (local.get $old_size) (local.get $size) (i32.lt_u (local.get $old_size) (local.get $size))))))
      (local.get $ptr))

    ;; reverse(items_ptr, items_len) -> pointer to (list_ptr, list_len)
    (func (export "reverse") (param $items i32) (param $n i32) (result i32)
      (local $out i32) (local $i i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.shl (local.get $n) (i32.const 2))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store
            (i32.add (local.get $out)
              (i32.shl (i32.sub (i32.sub (local.get $n) (local.get $i)) (i32.const 1)) (i32.const 2)))
            (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (i32.const 0) (local.get $out))
      (i32.store (i32.const 4) (local.get $n))
      (i32.const 0))

    ;; After the host has read the list: free everything.
    (func (export "reverse-post-return") (param i32)
      (global.set $heap (i32.const 1024)))

    ;; div(a, b) -> pointer to result<u32, string>: case (u8) @0, payload @4
    ;; (the quotient, or the error string as pointer and length).
    (func (export "div") (param $a i32) (param $b i32) (result i32)
      (if (i32.eqz (local.get $b))
        (then
          (i32.store8 (i32.const 0) (i32.const 1))
          (i32.store (i32.const 4) (i32.const 16))
          (i32.store (i32.const 8) (i32.const 16))
          (return (i32.const 0))))
      (i32.store8 (i32.const 0) (i32.const 0))
      (i32.store (i32.const 4) (i32.div_u (local.get $a) (local.get $b)))
      (i32.const 0)))

  (core instance $m (instantiate $m))

  (func (export "reverse") (param "items" (list u32)) (result (list u32))
    (canon lift (core func $m "reverse")
      (memory (core memory $m "memory"))
      (realloc (core func $m "cabi_realloc"))
      (post-return (core func $m "reverse-post-return"))))
  (func (export "div") (param "a" u32) (param "b" u32) (result (result u32 (error string)))
    (canon lift (core func $m "div") (memory (core memory $m "memory")))))
