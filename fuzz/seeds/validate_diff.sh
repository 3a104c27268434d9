#!/usr/bin/env bash
# Writes the seed corpus of the `validate_diff` fuzz target into
# fuzz/corpus/validate_diff/: every examples/*.wat as component text, once
# with no import granted (first byte 0x00) and once with all of them (0xff).
set -euo pipefail
cd "$(dirname "$0")/.."
out=corpus/validate_diff
mkdir -p "$out"
for wat in ../examples/*.wat; do
  name=$(basename "$wat" .wat)
  { printf '\x00'; cat "$wat"; } > "$out/seed-$name-grant-none"
  { printf '\xff'; cat "$wat"; } > "$out/seed-$name-grant-all"
done
echo "wrote $(ls "$out"/seed-* | wc -l) seeds to fuzz/$out"
