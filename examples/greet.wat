;; greet(name: string) -> string, returning "Hello, <name>!".
;;
;;   airssys-wasm run examples/greet.wat --invoke 'greet("world")'
;;   "Hello, world!"
;;
;; One core module holds the linear memory, a bump allocator exported as
;; `cabi_realloc` (the runtime calls it to copy the argument in) and the
;; function itself. The result string is built in memory and returned through
;; a return area, since (pointer, length) is more than one flat result.
;; `post-return` frees everything by resetting the allocator after the host
;; has copied the result out.
(component
  (core module $m
    (memory (export "memory") 1)
    ;; The return area lives at 0..8; the heap starts at 1024.
    (global $heap (mut i32) (i32.const 1024))
    (data (i32.const 16) "Hello, ")

    ;; realloc(old_ptr, old_size, align, new_size) -> ptr, as the canonical
    ;; ABI calls it: allocates `new_size` bytes aligned to `align`, growing
    ;; the memory when needed and trapping when it cannot grow.
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
      ;; Keep the old contents, like a real realloc.
      (if (local.get $old_size)
        (then (memory.copy (local.get $ptr) (local.get $old)
          (select (local.get $old_size) (local.get $size) (i32.lt_u (local.get $old_size) (local.get $size))))))
      (local.get $ptr))

    ;; greet(name_ptr, name_len) -> pointer to (result_ptr, result_len)
    (func (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $out i32) (local $out_len i32)
      ;; "Hello, " + name + "!"
      (local.set $out_len (i32.add (local.get $len) (i32.const 8)))
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $out_len)))
      (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 0x21))
      (i32.store (i32.const 0) (local.get $out))
      (i32.store (i32.const 4) (local.get $out_len))
      (i32.const 0))

    ;; After the host has read the result: free everything.
    (func (export "greet-post-return") (param i32)
      (global.set $heap (i32.const 1024))))

  (core instance $m (instantiate $m))

  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $m "greet")
      (memory (core memory $m "memory"))
      (realloc (core func $m "cabi_realloc"))
      (post-return (core func $m "greet-post-return")))))
