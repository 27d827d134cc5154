#!/usr/bin/env bash
# Build the release WebAssembly package (WASM SIMD on) into www/pkg: the page's
# and the library's package. `scripts/build.sh --bench` builds the benchmark's
# package instead (the same plus the `bench` feature's bindings) into
# wasm-pack.toml's build.bench_out_dir.
# Settings: wasm-pack.toml [build]. Run scripts/setup.sh first (make does).
set -euo pipefail
cd "$(dirname "$0")/.."
source .tools/env.sh
# Debian's wasm-opt (binaryen 108) mis-optimises wasm-bindgen 0.2.130's externref
# table; the pinned npm binaryen (package-lock.json) comes first on PATH, where
# wasm-pack looks for wasm-opt.
export PATH="$PWD/node_modules/.bin:$PATH"
cfg() { python3 scripts/config.py "$1"; }
out=$(cfg build.out_dir)
cargo_args=()
case "${1:-}" in
  "") ;;
  --bench) out=$(cfg build.bench_out_dir); cargo_args=(-- --features bench) ;;
  *) echo "usage: scripts/build.sh [--bench]" >&2; exit 2 ;;
esac
echo "[build] wasm-pack build --release --target $(cfg build.target) ${cargo_args[*]} (RUSTFLAGS=$(cfg build.rustflags)) -> $out"
RUSTFLAGS="$(cfg build.rustflags)" wasm-pack --log-level warn build --release \
  --target "$(cfg build.target)" --out-dir "$PWD/$out" "${cargo_args[@]}" 2>&1 | grep -vE '^\s*$' | sed 's/^/[build]   /'
wasm="$out/nn_playground_bg.wasm"
[ -f "$wasm" ] || { echo "[build] FAILED: $wasm was not produced" >&2; exit 1; }
# wasm-pack copies the repository's README; the package gets its own, which
# speaks of the package's files rather than of this repository's make targets.
cp docs/package-README.md "$out/README.md"
echo "[build] $wasm: $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzipped"
