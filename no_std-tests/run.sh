#!/usr/bin/env bash
# Builds the firmware (debug and release, with and without the `validate`
# feature) and runs every check on an emulated Cortex-M4 under QEMU. Fails on
# the first run that does not exit 0; also checks that a panic, a HardFault
# and a stack overflow end a run with a non-zero status instead of hanging.
#
#   no_std-tests/run.sh            # Cortex-M4 (qemu-system-arm, mps2-an386)
#   RISCV=1 no_std-tests/run.sh    # also riscv32imac on qemu-system-riscv32 (virt)
#
# If qemu-system-arm (or, with RISCV=1, qemu-system-riscv32) is missing and we
# run as root with apt-get (CI), it is installed; otherwise the script says what to install and stops.
# QEMU_TIMEOUT (seconds, default 300) bounds every run.
#
# The WASI demo (the check `wasi-demo`) embeds the stock wasm32-wasip2 guest
# crates/guests/device-demo: the guests are built first with
# crates/guests/build.sh (into $AIRSSYS_GUESTS_DIR, default target/guests at
# the repository's root). The firmware goes to $CARGO_TARGET_DIR when set
# (default no_std-tests/target).
#
# The `defmt` build writes the audit trail as defmt frames to QEMU's stderr;
# they are decoded and checked when defmt-print is installed
# (cargo install defmt-print), and only counted otherwise.
set -euo pipefail
cd "$(dirname "$0")"

timeout_s="${QEMU_TIMEOUT:-300}"

need_qemu() { # binary package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing $2 (missing $1)"
    # This image ships qemu-utils 10.x from bookworm-backports, which Breaks
    # the bookworm qemu-system-common; install the matching bookworm
    # qemu-utils beside the system emulators (a downgrade), which works both
    # here and on a machine without any QEMU.
    apt-get update
    apt-get install -y --allow-downgrades qemu-system-arm qemu-system-misc qemu-utils/bookworm \
      || apt-get install -y "$2"
  else
    echo "error: $1 not found; install the Debian package $2 (apt-get install $2)" >&2
    exit 2
  fi
}

# run QEMU-COMMAND... ELF EXPECTED-STATUS
# With RUN_STDERR set, QEMU's stderr (semihosting's stderr) goes to that file.
run() {
  local expected="${*: -1}" elf="${*: -2:1}" status=0
  local qemu=("${@:1:$#-2}")
  echo "== $elf${RUN_STDERR:+ (stderr to $RUN_STDERR)}"
  if [ -n "${RUN_STDERR:-}" ]; then exec 3>"$RUN_STDERR"; else exec 3>&2; fi
  timeout "$timeout_s" "${qemu[@]}" -kernel "$elf" 2>&3 || status=$?
  exec 3>&-
  if [ "$status" = 124 ]; then
    echo "error: $elf did not finish within ${timeout_s}s" >&2
    exit 1
  fi
  if [ "$status" != "$expected" ]; then
    echo "error: $elf exited with $status, expected $expected" >&2
    exit 1
  fi
}

arm_qemu=(qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic -semihosting-config enable=on,target=native)
rv_qemu=(qemu-system-riscv32 -machine virt -bios none -nographic -semihosting-config enable=on,target=native)

suite() { # TARGET QEMU-ARRAY-NAME STACK-OVERFLOW-STATUS (empty: not tested)
  local target="$1" overflow_status="$3"
  local -n qemu="$2"
  local dir="${CARGO_TARGET_DIR:-target}/$target"
  if command -v rustup >/dev/null; then rustup target add "$target" >/dev/null 2>&1 || true; fi

  cargo build --target "$target" --bins
  run "${qemu[@]}" "$dir/debug/checks" 0
  run "${qemu[@]}" "$dir/debug/wasmi-alone" 0
  run "${qemu[@]}" "$dir/debug/component-alone" 0
  cargo build --target "$target" --bins --release
  run "${qemu[@]}" "$dir/release/checks" 0
  run "${qemu[@]}" "$dir/release/wasmi-alone" 0
  run "${qemu[@]}" "$dir/release/component-alone" 0

  # The typed fast paths of wasmi calls (feature fast-calls) on the device.
  cargo build --target "$target" --bin checks --features fast-calls --release
  run "${qemu[@]}" "$dir/release/checks" 0

  cargo build --target "$target" --bin checks --features validate
  run "${qemu[@]}" "$dir/debug/checks" 0
  cargo build --target "$target" --bin checks --features validate --release
  run "${qemu[@]}" "$dir/release/checks" 0

  # The audit trail over defmt: DefmtSink logs one allowed and one denied
  # call; the frames come out on stderr.
  cargo build --target "$target" --bin checks --features defmt
  local frames="$dir/debug/defmt-frames.bin"
  RUN_STDERR="$frames" run "${qemu[@]}" "$dir/debug/checks" 0
  if command -v defmt-print >/dev/null; then
    local decoded
    decoded="$(defmt-print -e "$dir/debug/checks" <"$frames")"
    echo "$decoded"
    if ! grep -q 'allowed: .*host:clock/now#now' <<<"$decoded" || ! grep -q 'denied: .*host:net/send#send' <<<"$decoded"; then
      echo "error: the defmt audit trail lacks the allowed or the denied call" >&2
      exit 1
    fi
  else
    echo "== defmt-print not installed: $(wc -c <"$frames") bytes of defmt frames not decoded"
    if [ ! -s "$frames" ]; then echo "error: no defmt frames" >&2; exit 1; fi
  fi

  # The failure paths: a panic and a fault must exit 1, promptly.
  for selftest in selftest-panic selftest-fault; do
    cargo build --target "$target" --bin checks --features "$selftest"
    run "${qemu[@]}" "$dir/debug/checks" 1
  done
  # A stack overflow runs off the bottom of RAM; the fault cannot even be
  # stacked, the core locks up and QEMU aborts ("Lockup", status 134).
  if [ -n "$overflow_status" ]; then
    cargo build --target "$target" --bin checks --features selftest-stack-overflow
    run "${qemu[@]}" "$dir/debug/checks" "$overflow_status"
  fi
}

echo "== building the guests (crates/guests/build.sh)"
# From the repository root: cargo would read this directory's .cargo/config.toml
# (a bare-metal build target) for the componentizer.
(cd .. && bash crates/guests/build.sh)

need_qemu qemu-system-arm qemu-system-arm
suite thumbv7em-none-eabihf arm_qemu 134
if [ "${RISCV:-0}" = 1 ]; then
  need_qemu qemu-system-riscv32 qemu-system-misc
  suite riscv32imac-unknown-none-elf rv_qemu ""
fi
echo "== every firmware run passed"
