;; World `shared` (shared.wit): three imported instances that export one
;; host resource type under their own names. `run(n)` makes a thing of n,
;; returns peek(thing) + double(thing) + take(thing), giving it to the host.
(component
  (import "e2e:shared/owner@1.0.0" (instance $owner
    (export "thing" (type $thing (sub resource)))
    (export "[constructor]thing" (func (param "n" u32) (result (own $thing))))
    (export "[method]thing.get" (func (param "self" (borrow $thing)) (result u32)))
  ))
  (alias export $owner "thing" (type $thing))
  (import "e2e:shared/user@1.0.0" (instance $user
    (export "thing" (type $t (eq $thing)))
    (export "peek" (func (param "t" (borrow $t)) (result u32)))
    (export "take" (func (param "t" (own $t)) (result u32)))
  ))
  (import "e2e:shared/chain@1.0.0" (instance $chain
    (export "item" (type $i (eq $thing)))
    (export "double" (func (param "t" (borrow $i)) (result u32)))
  ))
  (core func $new (canon lower (func $owner "[constructor]thing")))
  (core func $peek (canon lower (func $user "peek")))
  (core func $take (canon lower (func $user "take")))
  (core func $double (canon lower (func $chain "double")))
  (core module $m
    (import "h" "new" (func $new (param i32) (result i32)))
    (import "h" "peek" (func $peek (param i32) (result i32)))
    (import "h" "take" (func $take (param i32) (result i32)))
    (import "h" "double" (func $double (param i32) (result i32)))
    (func (export "run") (param $n i32) (result i32)
      (local $h i32)
      (local.set $h (call $new (local.get $n)))
      (i32.add
        (i32.add (call $peek (local.get $h)) (call $double (local.get $h)))
        (call $take (local.get $h))))
  )
  (core instance $host
    (export "new" (func $new))
    (export "peek" (func $peek))
    (export "take" (func $take))
    (export "double" (func $double)))
  (core instance $i (instantiate $m (with "h" (instance $host))))
  (func (export "run") (param "n" u32) (result u32) (canon lift (core func $i "run")))
)
