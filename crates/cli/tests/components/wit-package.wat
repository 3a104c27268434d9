;; The package wit/examples/ encoded as a component (a WIT package, no code):
;; `wasm-tools component wit wit/examples --wat` (wasm-tools 1.262.0).
(component
  (type (;0;)
    (component
      (type (;0;)
        (component
          (type (;0;) (func (param "name" string) (result string)))
          (export (;0;) "greet" (func (type 0)))
        )
      )
      (export (;0;) "airssys:examples/greet@0.1.0" (component (type 0)))
    )
  )
  (export (;1;) "greet" (type 0))
  (type (;2;)
    (component
      (type (;0;)
        (component
          (type (;0;)
            (instance
              (type (;0;) (func (result u64)))
              (export (;0;) "now" (func (type 0)))
            )
          )
          (import "host:clock/now" (instance (;0;) (type 0)))
          (type (;1;) (func (param "since" u64) (result u64)))
          (export (;0;) "elapsed" (func (type 1)))
        )
      )
      (export (;0;) "airssys:examples/host-import@0.1.0" (component (type 0)))
    )
  )
  (export (;3;) "host-import" (type 2))
  (type (;4;)
    (component
      (type (;0;)
        (component
          (type (;0;)
            (instance
              (type (;0;) (func (param "path" string) (result u64)))
              (export (;0;) "size" (func (type 0)))
            )
          )
          (import "my:fs/files" (instance (;0;) (type 0)))
          (type (;1;) (func (param "a" string) (param "b" string) (result u64)))
          (export (;0;) "total" (func (type 1)))
        )
      )
      (export (;0;) "airssys:examples/files@0.1.0" (component (type 0)))
    )
  )
  (export (;5;) "files" (type 4))
  (@custom "package-docs" "\01{\22docs\22:\22The worlds of the components in `examples/` (those WIT can say: the\5cnworld of `counter.wat` and `records.wat` exports a resource or named\5cntypes at the top level, which a WIT world cannot).\22,\22worlds\22:{\22greet\22:{\22docs\22:\22`examples/greet.wat`: strings both ways.\22},\22host-import\22:{\22docs\22:\22`examples/host-import.wat`: an imported clock.\22},\22files\22:{\22docs\22:\22`examples/files.wat`: an imported file-size function, for capability grants.\22}}}")
  (@producers
    (processed-by "wit-component" "0.262.0")
  )
)
