//! nn-playground: a small neural-network core for WebAssembly.
//!
//! The pure core (everything but `wasm`) is plain Rust with no web imports and
//! is tested natively with `cargo test`. `wasm` holds the wasm-bindgen bindings
//! and is compiled for `wasm32` only. Dependencies point one way:
//! www/ -> `wasm` -> the core.

pub mod activation;
pub mod classifier;
pub mod init;
pub mod kernels;
pub mod layers;
pub mod loss;
pub mod net;
pub mod optim;
pub mod rng;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The crate version, shown by the page to prove the wasm module is live.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Whether the build uses WebAssembly SIMD (128-bit) kernels.
pub fn simd_enabled() -> bool {
    cfg!(all(target_arch = "wasm32", target_feature = "simd128"))
}
