;; The component of the "component alone" firmware (FOOTPRINT.md): the same
;; job as core.wat, wrapped as a component. The core module is core.wat's
;; (a memory, a data segment, a loop); its host import becomes the
;; component import `host:log/log#log`, and `sum` is lifted as
;; sum(ptr: u32, len: u32) -> u32.
(component
  (import "host:log/log" (instance $log
    (export "log" (func (param "value" u32)))))
  (core func $log (canon lower (func $log "log")))

  (core module $m
    (import "host" "log" (func $log (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "\01\02\03\04\05\06\07\08")
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

  (core instance $m (instantiate $m
    (with "host" (instance (export "log" (func $log))))))

  (func (export "sum") (param "ptr" u32) (param "len" u32) (result u32)
    (canon lift (core func $m "sum"))))
