#!/usr/bin/env bash
# Builds the language guests from source: crates/guests/python-demo with
# componentize-py (PyPI) and crates/guests/js-demo with componentize-js (npm),
# both against the world airssys:lang-demo/lang-demo (wit/lang-demo/).
# The tools go into a private prefix, target/lang-tools/ (a Python venv and an
# npm prefix), never into the system. Writes target/guests/python-demo.wasm and
# target/guests/js-demo.wasm (or into $AIRSSYS_GUESTS_DIR).
# Needs python3 (with venv) and node + npm, and network access the first time.
# Idempotent: a tool is installed only when its pinned version is missing, and
# a component is only remade when its sources, the WIT or the tool are newer.
# With --check, also runs both components on a reference host (jco transpile
# under node, from the same npm prefix) and checks every export's result with
# crates/guests/lang-check.mjs.
set -euo pipefail
check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: build-lang.sh [--check]" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${AIRSSYS_GUESTS_DIR:-$root/target/guests}"
tools="$root/target/lang-tools"
wit="$root/wit/lang-demo"
mkdir -p "$out" "$tools"

# Pinned versions; change them here only.
componentize_py_version=0.25.1
componentize_js_version=0.23.0

for tool in python3 node npm; do
  command -v "$tool" >/dev/null || { echo "build-lang.sh: '$tool' is needed; install it first" >&2; exit 1; }
done

# componentize-py in a venv of its own.
py="$tools/py"
if ! "$py/bin/componentize-py" --version 2>/dev/null | grep -qx "componentize-py $componentize_py_version"; then
  python3 -m venv "$py"
  "$py/bin/pip" install --quiet --disable-pip-version-check "componentize-py==$componentize_py_version"
fi

# componentize-js under an npm prefix of its own.
npm_prefix="$tools/npm"
js_pkg="$npm_prefix/node_modules/@bytecodealliance/componentize-js/package.json"
if ! grep -q "\"version\": \"$componentize_js_version\"" "$js_pkg" 2>/dev/null; then
  npm install --prefix "$npm_prefix" --save-exact --no-audit --no-fund --loglevel=error \
    "@bytecodealliance/componentize-js@$componentize_js_version"
fi

# True when $1 is missing or older than any file under the other arguments.
stale() {
  local target="$1"
  shift
  [ ! -f "$target" ] || [ -n "$(find "$@" -newer "$target" -print -quit)" ]
}

component="$out/python-demo.wasm"
if stale "$component" "$root/crates/guests/python-demo/app.py" "$wit" "$py/bin/componentize-py"; then
  # componentize-py writes its generated bindings into a temporary directory;
  # run it from a scratch directory so nothing lands beside the sources.
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && "$py/bin/componentize-py" -d "$wit" -w lang-demo componentize app \
    -p "$root/crates/guests/python-demo" -o "$component.tmp" >/dev/null)
  mv "$component.tmp" "$component"
  find "$root/crates/guests/python-demo" -name __pycache__ -type d -prune -exec rm -rf {} +
  echo "built $component"
fi

# `--disable http fetch-event`: the guest makes no HTTP requests, and without
# it componentize-js also imports wasi:http/types and outgoing-handler@0.2.10,
# which the runtime's WASI plan (issue 13) does not provide.
component="$out/js-demo.wasm"
# npm dates a package's files 1985; the prefix's package.json is dated by the install.
if stale "$component" "$root/crates/guests/js-demo/app.js" "$wit" "$npm_prefix/package.json"; then
  "$npm_prefix/node_modules/.bin/componentize-js" "$root/crates/guests/js-demo/app.js" \
    -w "$wit" -n lang-demo --disable http fetch-event -o "$component.tmp" >/dev/null
  mv "$component.tmp" "$component"
  echo "built $component"
fi

if $check; then
  # The Python component's core modules use extended-const, which Node 20
  # still keeps behind a flag; newer versions have it on.
  node_flags=()
  if node --experimental-wasm-extended-const -e 0 2>/dev/null; then
    node_flags=(--experimental-wasm-extended-const)
  fi
  # The transpiled code is ES modules.
  mkdir -p "$npm_prefix/jco"
  echo '{ "type": "module" }' >"$npm_prefix/jco/package.json"
  for guest in python-demo js-demo; do
    # Under the npm prefix, so the transpiled code finds @bytecodealliance/preview2-shim.
    dir="$npm_prefix/jco/$guest"
    "$npm_prefix/node_modules/.bin/jco" transpile "$out/$guest.wasm" -o "$dir" --name "$guest" --quiet
    node ${node_flags[@]+"${node_flags[@]}"} "$root/crates/guests/lang-check.mjs" "$dir/$guest.js"
  done
fi
