;; A component that asks the host for file sizes through `my:fs/files` with
;; `size: func(path: string) -> u64`, and exports total(a: string, b: string)
;; -> u64, the sum of the two sizes. It shows capability checks on the CLI
;; (--stub-import stands in for a real host function):
;;
;; Denied: no grant, so the guest's first call to `size` traps (exit code 1).
;;   airssys-wasm run examples/files.wat --stub-import 'my:fs/files#size=10' --invoke 'total("/data/a", "/data/b")'
;;   error: trap: denied: component `files` calling `my:fs/files#size` — no grant covers it (grant it with --allow 'my:fs/files#size')
;;
;; Granted:
;;   airssys-wasm run examples/files.wat --stub-import 'my:fs/files#size=10' --allow 'my:fs/files' --invoke 'total("/data/a", "/data/b")'
;;   20
;;
;; Constrained: only paths under /data, after normalisation.
;;   airssys-wasm run examples/files.wat --stub-import 'my:fs/files#size=10' --allow 'my:fs/files#size(path: prefix "/data")' --invoke 'total("/data/a", "/data/../etc/passwd")'
;;   error: trap: denied: component `files` calling `my:fs/files#size` — argument `path` = "/data/../etc/passwd" does not match `prefix path "/data"` (widen the grant's constraint to allow it)
(component
  (import "my:fs/files" (instance $fs (export "size" (func (param "path" string) (result u64)))))
  (core module $mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator; the runtime calls it to copy the arguments in.
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $ptr) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (then unreachable))
      (local.get $ptr)))
  (core instance $mem (instantiate $mem))
  (core func $size (canon lower (func $fs "size") (memory (core memory $mem "memory"))))
  (core module $m
    (import "fs" "size" (func $size (param i32 i32) (result i64)))
    (func (export "total") (param i32 i32 i32 i32) (result i64)
      (i64.add (call $size (local.get 0) (local.get 1)) (call $size (local.get 2) (local.get 3)))))
  (core instance $m (instantiate $m (with "fs" (instance (export "size" (func $size))))))
  (func (export "total") (param "a" string) (param "b" string) (result u64)
    (canon lift (core func $m "total") (memory (core memory $mem "memory")) (realloc (core func $mem "cabi_realloc")))))
