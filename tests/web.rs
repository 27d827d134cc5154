//! Browser tests of the package as built for the page (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use nn_playground::kernels::{scalar, Real};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn built_with_simd() {
    // `make test` builds with -C target-feature=+simd128 (wasm-pack.toml [build]).
    assert!(nn_playground::simd_enabled());
}

#[wasm_bindgen_test]
fn dot_binding_matches_hand_value_and_rejects_bad_lengths() {
    // 1*4 + 2*5 + 3*6 = 32, by hand.
    let v = nn_playground::wasm::dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap();
    assert_eq!(v, 32.0);
    assert!(nn_playground::wasm::dot(&[1.0], &[1.0, 2.0]).is_err());
}

#[wasm_bindgen_test]
fn f32_kernels_agree_with_scalar_reference() {
    // gemm_nn on a 3x5 * 5x7 product through the dispatching trait vs the scalar reference.
    let (m, n, k) = (3, 7, 5);
    let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
    let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.11).cos()).collect();
    let mut c1 = vec![0.0f32; m * n];
    let mut c2 = vec![0.0f32; m * n];
    f32::gemm_nn(m, n, k, &a, &b, &mut c1);
    scalar::gemm_nn(m, n, k, &a, &b, &mut c2);
    for (x, y) in c1.iter().zip(&c2) {
        assert!((x - y).abs() <= 1e-5 * (1.0 + y.abs()), "{x} vs {y}");
    }
}
