//! Generates the bindings of world `cli-core` (`wit/world.wit`) into
//! `OUT_DIR`; `src/bindings.rs` includes them.

fn main() -> Result<(), airssys_wasm_bindgen::Error> {
    airssys_wasm_bindgen::Opts::new("cli-core")
        .path("../../wit")
        .with("wasi:io/poll/pollable", "crate::io::Pollable")
        .with("wasi:io/error/error", "crate::io::IoError")
        .with("wasi:io/streams/input-stream", "crate::io::InputStream")
        .with("wasi:io/streams/output-stream", "crate::io::OutputStream")
        .with("wasi:cli/terminal-input/terminal-input", "crate::cli::TerminalInput")
        .with("wasi:cli/terminal-output/terminal-output", "crate::cli::TerminalOutput")
        .with("wasi:filesystem/types/descriptor", "crate::filesystem::Descriptor")
        .with("wasi:filesystem/types/directory-entry-stream", "crate::filesystem::DirectoryEntryStream")
        .with("wasi:sockets/network/network", "crate::sockets::Network")
        .with("wasi:sockets/tcp/tcp-socket", "crate::sockets::TcpSocket")
        .with("wasi:sockets/udp/udp-socket", "crate::sockets::UdpSocket")
        .with("wasi:sockets/udp/incoming-datagram-stream", "crate::sockets::IncomingDatagramStream")
        .with("wasi:sockets/udp/outgoing-datagram-stream", "crate::sockets::OutgoingDatagramStream")
        .with("wasi:sockets/ip-name-lookup/resolve-address-stream", "crate::sockets::ResolveAddressStream")
        .write_to_out_dir("cli_core.rs")?;
    Ok(())
}
