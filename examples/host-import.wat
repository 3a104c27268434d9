;; A component that imports the host's clock, `host:clock/now` with
;; `now: func() -> u64`, and exports elapsed(since: u64) -> u64, the time
;; from `since` to now (0 when `since` lies in the future).
;;
;; The CLI defines no host functions, so this fails to link:
;;
;;   airssys-wasm run examples/host-import.wat --invoke 'elapsed(1699999000)'
;;   error: unresolved import `host:clock/now`: ...            (exit code 3)
;;
;; For demos and tests, --stub-import answers the import with a fixed value,
;; and --allow grants the call (nothing is granted without it):
;;
;;   airssys-wasm run examples/host-import.wat --stub-import 'host:clock/now#now=1700000000' --allow host:clock/now --invoke 'elapsed(1699999000)'
;;   1000
;;
;; No memory is needed: u64 values pass as flat core values both ways.
(component
  (import "host:clock/now" (instance $clock
    (export "now" (func (result u64)))))

  ;; The import, lowered to a core function the module can call.
  (core func $now (canon lower (func $clock "now")))

  (core module $m
    (import "host" "now" (func $now (result i64)))
    (func (export "elapsed") (param $since i64) (result i64)
      (local $now i64)
      (local.set $now (call $now))
      (select
        (i64.sub (local.get $now) (local.get $since))
        (i64.const 0)
        (i64.gt_u (local.get $now) (local.get $since)))))

  (core instance $m (instantiate $m
    (with "host" (instance (export "now" (func $now))))))

  (func (export "elapsed") (param "since" u64) (result u64)
    (canon lift (core func $m "elapsed"))))
