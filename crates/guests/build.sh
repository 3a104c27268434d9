#!/usr/bin/env bash
# Builds every guest under crates/guests/ (each its own cargo project) with
# --release: for wasm32-unknown-unknown, then making each core module a
# component with crates/testgen's `componentize` (wit-component), so no tool
# beyond rustup and cargo is needed; or, for a guest whose Cargo.toml says
# `[package.metadata.airssys-guest] target = "wasm32-wasip2"`, for
# wasm32-wasip2, whose build is a component already (a stock WASI command).
# Writes target/guests/<guest>.wasm at the repository root (or
# $AIRSSYS_GUESTS_DIR); the tests read them from there.
# Idempotent: cargo rebuilds nothing that has not changed, and a component is
# only remade when its core module is newer.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${AIRSSYS_GUESTS_DIR:-$root/target/guests}"
mkdir -p "$out"

for target in wasm32-unknown-unknown wasm32-wasip2; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
done

# The componentizer, built once in the workspace's own target directory.
cargo build --quiet --manifest-path "$root/Cargo.toml" -p airssys-wasm-testgen \
  --features componentize --bin componentize
componentize="$(cargo metadata --quiet --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug/componentize"

for manifest in "$root"/crates/guests/*/Cargo.toml; do
  dir="$(dirname "$manifest")"
  guest="$(basename "$dir")"
  if grep -q '^target = "wasm32-wasip2"' "$manifest"; then
    CARGO_TARGET_DIR="$out/build" cargo build --quiet --release --locked \
      --manifest-path "$manifest" --target wasm32-wasip2
    built="$out/build/wasm32-wasip2/release/$guest.wasm"
    if [ ! -f "$out/$guest.wasm" ] || [ "$built" -nt "$out/$guest.wasm" ]; then
      cp "$built" "$out/$guest.wasm"
      echo "built $out/$guest.wasm"
    fi
    continue
  fi
  # The guests share one target directory of their own, beside the components.
  CARGO_TARGET_DIR="$out/build" cargo build --quiet --release --locked \
    --manifest-path "$manifest" --target wasm32-unknown-unknown
  core="$out/build/wasm32-unknown-unknown/release/${guest//-/_}.wasm"
  component="$out/$guest.wasm"
  if [ ! -f "$component" ] || [ "$core" -nt "$component" ] || [ "$componentize" -nt "$component" ]; then
    "$componentize" "$core" "$component"
    echo "built $component"
  fi
done
