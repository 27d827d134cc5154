#!/usr/bin/env bash
# Run every suite and fail if any fails: native cargo test, wasm-pack test in
# headless Chromium, and the page's end-to-end tests. Prints a summary.
set -uo pipefail
cd "$(dirname "$0")/.."
source .tools/env.sh
declare -A result
run() {
  local name=$1; shift
  echo "[test] ===== $name: $*"
  local t0=$SECONDS
  if "$@"; then result[$name]="pass ($((SECONDS - t0))s)"; else result[$name]="FAIL ($((SECONDS - t0))s)"; fi
}
# Native tests use the machine's default toolchain (not the wasm one).
run native env -u RUSTUP_TOOLCHAIN cargo test --quiet
# The release profile's LTO + panic=abort (for the page) break wasm-pack test
# ("failed to get bitcode"); the tests keep opt-level 3 without them.
# `--features bench` also compiles and tests the benchmark's bindings.
run wasm env RUSTFLAGS="$(python3 scripts/config.py build.rustflags)" \
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_PANIC=unwind \
  wasm-pack --log-level warn test --headless --chrome --release -- --features bench
run e2e node --test --test-concurrency=1 tests/e2e/
echo "[test] ===== summary"
status=0
for k in native wasm e2e; do
  echo "[test]   $k: ${result[$k]}"
  [[ ${result[$k]} == pass* ]] || status=1
done
exit $status
