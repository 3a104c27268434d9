;; spin() loops forever: only fuel stops it. sum(n) -> u64 adds 1..=n in a
;; loop, a bounded amount of work that fits in the firmware's fuel.
(component
  (core module $m
    (func (export "spin") (loop $l (br $l)))
    (func (export "sum") (param $n i32) (result i64)
      (local $acc i64)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $acc)))
  (core instance $m (instantiate $m))
  (func (export "spin") (canon lift (core func $m "spin")))
  (func (export "sum") (param "n" u32) (result u64) (canon lift (core func $m "sum"))))
