//! Lowers a parameter list into a guest memory in each string encoding, shows
//! what the canonical ABI wrote (flat values, bytes, `realloc` calls), and
//! lifts it back.
//!
//! `cargo run -p airssys-wasm-abi --example lift_lower`

use airssys_wasm_abi::{
    BumpMemory, FlatType, FlatWriter, LiftContext, LowerContext, MAX_FLAT_PARAMS, Memory, Options, StringEncoding, Val,
    ValType, ValueList,
};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    // fn(user: record { name: string, tags: list<u8> }, status: variant { ok, failed(string) }, ratio: f32)
    let user = ValType::record([("name", ValType::String), ("tags", ValType::list(ValType::U8))])?;
    let status = ValType::variant([("ok", None), ("failed", Some(ValType::String))])?;
    let params = ValueList::new([user, status, ValType::F32])?;
    let values = [
        Val::Record(vec![Val::String("Zoë".into()), Val::List(vec![Val::U8(1), Val::U8(2), Val::U8(3)])]),
        Val::variant(1, Some(Val::String("disk full — 100%".into()))),
        Val::F32(f32::NAN),
    ];
    let types: Vec<String> = params.types().iter().map(ToString::to_string).collect();
    println!("params: ({})", types.join(", "));
    let flat_types: Vec<&str> = params.flat_types(MAX_FLAT_PARAMS).iter().map(|t| FlatType::name(*t)).collect();
    println!("core signature: ({})\n", flat_types.join(", "));

    for encoding in [StringEncoding::Utf8, StringEncoding::Utf16, StringEncoding::Latin1Utf16] {
        let options = Options::new(encoding);
        let mut memory = BumpMemory::new(256, 8);
        let mut slots = [0u64; MAX_FLAT_PARAMS];
        let mut flat = FlatWriter::new(&mut slots);
        params.lower(&mut LowerContext::new(&mut memory, &options), &values, MAX_FLAT_PARAMS, None, &mut flat)?;

        println!("string-encoding={}", encoding.name());
        println!("  flat:     {:x?}", flat.written());
        for c in memory.calls() {
            println!("  realloc({}, {}, {}, {}) -> {}", c.old_ptr, c.old_size, c.align, c.new_size, c.returned);
        }
        let used = &memory.bytes()[8..memory.high_water() as usize];
        println!("  memory:   {}", used.iter().map(|b| format!("{b:02x}")).collect::<String>());

        let lifted = params.lift(&mut LiftContext::new(memory.bytes(), &options), flat.written(), MAX_FLAT_PARAMS)?;
        println!("  lifted:   {lifted:?}\n");
        // The NaN comes back canonical (0x7fc00000), as the deterministic profile requires.
        assert_eq!(lifted[..2], values[..2]);
    }
    Ok(())
}
