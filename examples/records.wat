;; summarize(order: order) -> summary, with records, a list and a variant:
;;
;;   variant shipping { standard, express(u32) }          // express(fee)
;;   record order { items: list<u32>, shipping: shipping }
;;   record summary { item-count: u32, total: u32, shipping: shipping }
;;
;;   airssys-wasm run examples/records.wat --invoke 'summarize({items: [250, 100], shipping: express(15)})'
;;   {item-count: 2, total: 365, shipping: express(15)}
;;
;; The total is checked arithmetic: a total beyond u32 traps (`unreachable`).
;;
;; The order arrives as four flat parameters (the list as pointer and length
;; in memory the runtime allocated through `cabi_realloc`; the variant as case
;; and payload). The summary is four flat values, more than the one a core
;; function returns, so it is written to a return area in memory and its
;; address returned. Records and variants in an exported function's type must
;; be exported types, hence the `export`s that name them.
(component
  (type $shipping' (variant (case "standard") (case "express" u32)))
  (export $shipping "shipping" (type $shipping'))
  (type $order' (record (field "items" (list u32)) (field "shipping" $shipping)))
  (export $order "order" (type $order'))
  (type $summary' (record (field "item-count" u32) (field "total" u32) (field "shipping" $shipping)))
  (export $summary "summary" (type $summary'))

  (core module $m
    (memory (export "memory") 1)
    ;; The return area lives at 0..16; the heap starts at 1024.
    (global $heap (mut i32) (i32.const 1024))

    ;; realloc(old_ptr, old_size, align, new_size) -> ptr: a bump allocator
    ;; that grows the memory when needed and traps when it cannot.
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

    ;; summarize(items_ptr, items_len, shipping_case, express_fee) -> summary_ptr
    (func (export "summarize") (param $items i32) (param $count i32) (param $case i32) (param $fee i32) (result i32)
      (local $total i64) (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
          (local.set $total
            (i64.add (local.get $total)
              (i64.extend_i32_u (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 2)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      ;; case 1 is express(fee)
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (local.get $fee))))))
      (if (i64.gt_u (local.get $total) (i64.const 0xffffffff)) (then unreachable))
      ;; summary layout: item-count @0, total @4, shipping case (u8) @8, payload @12
      (i32.store (i32.const 0) (local.get $count))
      (i32.store (i32.const 4) (i32.wrap_i64 (local.get $total)))
      (i32.store8 (i32.const 8) (local.get $case))
      (i32.store (i32.const 12) (local.get $fee))
      (i32.const 0))

    ;; After the host has read the summary: free the items list.
    (func (export "summarize-post-return") (param i32)
      (global.set $heap (i32.const 1024))))

  (core instance $m (instantiate $m))

  (func (export "summarize") (param "order" $order) (result $summary)
    (canon lift (core func $m "summarize")
      (memory (core memory $m "memory"))
      (realloc (core func $m "cabi_realloc"))
      (post-return (core func $m "summarize-post-return")))))
