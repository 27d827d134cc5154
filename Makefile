# nn-playground: the README's commands. `make run` and `make test` set up
# whatever is missing first (scripts/setup.sh, idempotent).
SHELL := /bin/bash
.PHONY: run test setup build test-native test-wasm test-e2e bench bench-frame fixtures

run: setup build
	node scripts/serve.mjs

test: setup build
	@scripts/test.sh

setup:
	@scripts/setup.sh

build:
	@scripts/build.sh

test-native:
	env -u RUSTUP_TOOLCHAIN cargo test --quiet

test-wasm: setup
	@source .tools/env.sh && RUSTFLAGS="$$(python3 scripts/config.py build.rustflags)" CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_PANIC=unwind wasm-pack test --headless --chrome --release -- --features bench

test-e2e: setup build
	node --test tests/e2e/

bench: setup build
	@scripts/build.sh --bench
	node bench/run.mjs

# Backprop view: "Full step" on 8-8-8-8 to the next frame, in headless Chromium.
bench-frame: setup build
	node bench/backprop-frame.mjs

fixtures:
	node scripts/tfjs-fixtures.mjs
