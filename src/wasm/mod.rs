//! The only place with `#[wasm_bindgen]`: a thin layer over the core.

pub mod args;
#[cfg(feature = "bench")]
pub mod bench;
pub mod classifier;
pub mod network;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The core's version, e.g. "0.1.0".
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::version().to_string()
}

/// Whether this build runs the WebAssembly SIMD kernels.
#[wasm_bindgen(js_name = simdEnabled)]
pub fn simd_enabled() -> bool {
    crate::simd_enabled()
}

/// A value computed in wasm, for the page's liveness check: `Σ a[i]·b[i]`
/// through the same dot kernel the layers use.
#[wasm_bindgen(js_name = dot)]
pub fn dot(a: &[f32], b: &[f32]) -> Result<f32, JsError> {
    if a.len() != b.len() {
        return Err(JsError::new(&format!(
            "dot: lengths differ ({} vs {})",
            a.len(),
            b.len()
        )));
    }
    Ok(<f32 as crate::kernels::Real>::dot(a, b))
}
