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
/// `a`, `b`: Float32Arrays (or arrays of numbers) of the same length.
#[wasm_bindgen(js_name = dot)]
pub fn dot(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] b: JsValue,
) -> Result<f32, JsError> {
    let to_f32 = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
    let a = to_f32(args::f64s(&a, "dot: a")?);
    let b = to_f32(args::f64s(&b, "dot: b")?);
    let (a, b) = (&a[..], &b[..]);
    if a.len() != b.len() {
        return Err(JsError::new(&format!(
            "dot: lengths differ ({} vs {})",
            a.len(),
            b.len()
        )));
    }
    Ok(<f32 as crate::kernels::Real>::dot(a, b))
}
