#!/usr/bin/env bash
# Remakes the expected outputs of `inspect` in this directory with
# `wasm-tools component wit` (wasm-tools 1.262, the family of the
# wit-component the CLI uses): <name>.wit, or <name>.error with its message
# when it cannot print the component. Needs wasm-tools on PATH and the guests
# built (crates/guests/build.sh).
set -euo pipefail
shopt -s nullglob
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
here="$root/crates/cli/tests/wit"
guests="${AIRSSYS_GUESTS_DIR:-$root/target/guests}"
rm -f "$here"/*.wit "$here"/*.error
for input in "$root"/examples/*.wat "$root"/crates/cli/tests/components/*.wat "$guests"/*.wasm; do
  name="$(basename "${input%.*}")"
  if wasm-tools component wit "$input" > "$here/$name.wit" 2> "$here/$name.stderr"; then
    rm "$here/$name.stderr"
  else
    rm "$here/$name.wit"
    sed 's/^error: //' "$here/$name.stderr" > "$here/$name.error"
    rm "$here/$name.stderr"
  fi
done
