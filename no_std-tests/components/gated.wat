;; Two imports, one the firmware grants and one it denies:
;;
;;   host:clock/now  now: func() -> u64           granted
;;   host:net/send   send: func(msg: string) -> u32   denied
;;
;;   elapsed(since: u64) -> u64    calls now
;;   ping(msg: string) -> u32      calls send with msg
;;
;; A denied import must trap before the host is reached; the granted one in
;; the same instance keeps working.
(component
  (import "host:clock/now" (instance $clock
    (export "now" (func (result u64)))))
  (import "host:net/send" (instance $net
    (export "send" (func (param "msg" string) (result u32)))))

  (core module $mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator that never frees: enough for a few pings.
    (func (export "cabi_realloc") (param i32 i32) (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (if (i32.gt_u (i32.add (local.get $ptr) (local.get $size)) (i32.const 65536)) (then unreachable))
      (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
      (local.get $ptr)))
  (core instance $mem (instantiate $mem))

  (core func $now (canon lower (func $clock "now")))
  (core func $send (canon lower (func $net "send") (memory (core memory $mem "memory"))))

  (core module $m
    (import "host" "now" (func $now (result i64)))
    (import "host" "send" (func $send (param i32 i32) (result i32)))
    (func (export "elapsed") (param $since i64) (result i64)
      (local $now i64)
      (local.set $now (call $now))
      (select
        (i64.sub (local.get $now) (local.get $since))
        (i64.const 0)
        (i64.gt_u (local.get $now) (local.get $since))))
    (func (export "ping") (param $msg i32) (param $len i32) (result i32)
      (call $send (local.get $msg) (local.get $len))))
  (core instance $m (instantiate $m
    (with "host" (instance (export "now" (func $now)) (export "send" (func $send))))))

  (func (export "elapsed") (param "since" u64) (result u64)
    (canon lift (core func $m "elapsed")))
  (func (export "ping") (param "msg" string) (result u32)
    (canon lift (core func $m "ping")
      (memory (core memory $mem "memory"))
      (realloc (core func $mem "cabi_realloc")))))
