;; A core module (not a component) for the "wasmi alone" firmware, the
;; comparison point of FOOTPRINT.md: a memory, a host import and a loop,
;; so that wasmi's translator, executor, memory and linker are all linked.
(module
  (import "host" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08")
  ;; sum(ptr, len) -> the sum of the bytes at ptr..ptr+len, also logged.
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (call $log (local.get $acc))
    (local.get $acc)))
