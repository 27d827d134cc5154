#!/usr/bin/env bash
# Bring a bare machine to "can build and test nn-playground", idempotently.
# Follows ../shared/TOOLCHAIN.md: Debian packages, a wasm32 std for Debian's
# rustc (or rustup's target when rustup answers), wasm-pack and
# wasm-bindgen-cli pinned to Cargo.lock, npm ci, webdriver.json.
# Settings come from wasm-pack.toml. Writes .tools/env.sh for the other scripts.
# A second run on a ready machine only checks and prints what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cfg() { python3 scripts/config.py "$1"; }

STEP="start"
say() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '\n[setup] FAILED at step "%s".\n[setup] fix: %s\n' "$STEP" "$1" >&2
  exit 1
}
trap 'fail "see the output above; re-run make test (setup is idempotent)"' ERR

export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p .tools

# 1. Debian packages -----------------------------------------------------------
STEP="debian packages"
missing=()
for p in $(cfg tools.debian_packages); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "debian packages: all present ($(cfg tools.debian_packages | wc -w) packages)"
else
  say "debian packages: installing ${missing[*]} (apt-get, a few minutes)"
  [ "$(id -u)" = 0 ] || fail "run as root, or: sudo apt-get install -y ${missing[*]}"
  apt-get update -q || fail "apt-get update failed: check that Debian's mirror is reachable"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
    || fail "apt-get install ${missing[*]} failed; run it by hand to see why"
fi

# 2. The wasm32 target ---------------------------------------------------------
STEP="wasm32 target"
TOOLCHAIN=""
# rustup's wasm32 target when it has it (or can fetch it); NNP_WASM_FROM=debian
# forces the Debian recipe (to test that path on a machine where rustup works).
has_rustup_wasm() {
  [ "${NNP_WASM_FROM:-}" != debian ] && command -v rustup >/dev/null \
    && rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'
}
if has_rustup_wasm; then
  say "wasm32 target: rustup's default toolchain has it"
fi
if ! has_rustup_wasm; then
  DEB_TC=$(cfg tools.debian_toolchain)
  libdir=/usr/lib/rustlib/wasm32-unknown-unknown/lib
  stamp="$libdir/.built-by"
  want="$(/usr/bin/rustc --version 2>/dev/null || echo none)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && ls "$libdir"/libtest-*.rlib >/dev/null 2>&1; then
    say "wasm32 target: Debian toolchain with a wasm32 std built by $want"
  else
    t=$(cfg tools.rustup_timeout)
    say "wasm32 target: trying 'rustup target add' (up to ${t}s)"
    if [ "${NNP_WASM_FROM:-}" != debian ] && command -v rustup >/dev/null && timeout "$t" rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
      say "wasm32 target: installed by rustup"
    else
      say "wasm32 target: rustup did not answer; building the wasm32 std with Debian's rustc (1-2 minutes)"
      scratch=$(mktemp -d)
      (cd "$scratch" && /usr/bin/cargo init --lib -q --name scratch . \
        && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTUP_TOOLCHAIN= /usr/bin/cargo build --release \
             --target wasm32-unknown-unknown \
             -Zbuild-std=std,panic_abort,panic_unwind,proc_macro,test 2>&1 \
           | grep -E '^\s+(Compiling|Finished)' | sed 's/^/[setup]   /') \
        || fail "building the wasm32 std failed; is rust-web-src installed (apt-get install rust-web-src)?"
      mkdir -p "$libdir"
      cp "$scratch"/target/wasm32-unknown-unknown/release/deps/*.rlib "$libdir"/
      rm -f "$libdir"/libscratch*.rlib
      echo "$want" > "$stamp"
      rm -rf "$scratch"
    fi
  fi
  if ! has_rustup_wasm; then
    rustup toolchain list 2>/dev/null | grep -q "^$DEB_TC" || rustup toolchain link "$DEB_TC" /usr \
      || fail "rustup toolchain link $DEB_TC /usr failed"
    TOOLCHAIN="$DEB_TC"
  fi
fi
if [ -n "$TOOLCHAIN" ]; then
  echo "export RUSTUP_TOOLCHAIN=$TOOLCHAIN" > .tools/env.sh
else
  echo "unset RUSTUP_TOOLCHAIN" > .tools/env.sh
fi
echo "export PATH=\"\$HOME/.cargo/bin:\$PATH\"" >> .tools/env.sh
echo "export CHROMEDRIVER=$(cfg browser.chromedriver)" >> .tools/env.sh
say "wasm32 target: builds use toolchain '${TOOLCHAIN:-rustup default}'"

# 3. wasm-pack and wasm-bindgen-cli -----------------------------------------------
STEP="wasm-pack / wasm-bindgen-cli"
# cargo install, --locked first; when the registry lacks a locked version
# (yanked since), retry with fresh resolution of the same pinned version.
cargo_install() {
  local out; out=$(mktemp)
  if ! cargo install "$1" --version "$2" --locked --force 2>&1 | tee "$out" | grep -E '^\s+(Compiling|Installing|Installed|Finished)|^error' | sed 's/^/[setup]   /'; then :; fi
  if ! grep -q "Installed package" "$out"; then
    say "$1: --locked could not resolve here; retrying without --locked (same version $2)"
    cargo install "$1" --version "$2" --force 2>&1 | grep -E '^\s+(Compiling|Installing|Installed|Finished)|^error' | sed 's/^/[setup]   /' || true
  fi
  rm -f "$out"
}
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$WB" ] || fail "Cargo.lock has no wasm-bindgen entry; run 'cargo generate-lockfile'"
WP=$(cfg tools.wasm_pack)
have_wp=$(wasm-pack --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wp" = "$WP" ]; then
  say "wasm-pack: $WP found"
else
  say "wasm-pack: installing $WP with cargo install (several minutes on 2 cores; found '${have_wp:-none}')"
  cargo_install wasm-pack "$WP"
  [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$WP" ] || fail "cargo install wasm-pack --version $WP --locked failed; is crates.io reachable?"
fi
have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" = "$WB" ] && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli: $WB found (matches Cargo.lock)"
else
  say "wasm-bindgen-cli: installing $WB to match Cargo.lock (several minutes; found '${have_wb:-none}')"
  cargo_install wasm-bindgen-cli "$WB"
  [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB" ] || fail "cargo install wasm-bindgen-cli --version $WB --locked failed"
fi

# 4. npm packages (playwright-core, TensorFlow.js for parity and the benchmark) ---
STEP="npm ci"
if [ -f node_modules/.package-lock.json ] && cmp -s <(python3 -c 'import json,sys; d=json.load(open("package-lock.json")); print(sorted((k,v.get("version")) for k,v in d["packages"].items() if k))') \
     <(python3 -c 'import json,sys; d=json.load(open("node_modules/.package-lock.json")); print(sorted((k,v.get("version")) for k,v in d["packages"].items() if k))'); then
  say "npm packages: node_modules matches package-lock.json"
else
  say "npm packages: npm ci (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed; is the npm registry reachable?"
fi

# 5. webdriver.json for wasm-pack test, from the browser flags in wasm-pack.toml --
STEP="webdriver.json"
python3 - <<'PY'
import json, tomllib
cfg = tomllib.load(open("wasm-pack.toml", "rb"))
args = [a for a in cfg["browser"]["args"] if a != "--enable-unsafe-webgpu"]
json.dump({"goog:chromeOptions": {"binary": cfg["browser"]["executable"], "args": args}},
          open("webdriver.json", "w"), indent=1)
PY
say "webdriver.json: written from wasm-pack.toml [browser]"

STEP="check"
for t in "$(cfg browser.executable)" "$(cfg browser.chromedriver)" /usr/bin/wasm-opt; do
  [ -x "$t" ] || fail "$t is missing"
done
say "ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(wasm-pack --version), wasm-bindgen $WB, node $(node --version)"
