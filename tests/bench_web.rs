//! Browser tests of the benchmark's bindings (`src/wasm/bench.rs`, cargo
//! feature `bench`; `make test` runs the wasm tests with it, the page's
//! package is built without it).
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use nn_playground::kernels::scalar;
use nn_playground::wasm::bench::{madd_peak_probe, KernelBench, SeedModelBench};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The same small values `KernelBench::new` fills its buffers with.
fn fill(n: usize, s: f32) -> Vec<f32> {
    (0..n).map(|i| ((i % 7) as f32 - 3.0) * s).collect()
}

#[wasm_bindgen_test]
fn kernel_bench_computes_the_gemms_it_times() {
    // T = 6 outputs, F = 5 filters, E = 4 channels, k = 3: the checksum
    // y[0] + dw[0] + dx[0] after one call of each shape, against the scalar
    // reference kernels on the same buffers.
    let (t, f, e, k) = (6, 5, 4, 3);
    let x = fill((t + k - 1) * e, 0.01);
    let w = fill(k * e * f, 0.02);
    let mut y = fill(t * f, 0.001);
    let (mut dw, mut dx) = (vec![0.0f32; e * f], vec![0.0f32; t * e]);
    let mut kb = KernelBench::new(t as u32, f as u32, e as u32, k as u32).unwrap();
    let close = |a: f32, b: f32| (a - b).abs() <= 1e-6 * (1.0 + b.abs());

    scalar::gemm_nn_lda(t, f, k * e, &x, e, &w, &mut y);
    let got = kb.run(0, 1).unwrap();
    assert!(
        close(got, y[0] + dw[0] + dx[0]),
        "forward: {got} vs {}",
        y[0]
    );
    scalar::gemm_tn(e, f, t, &x, &y, &mut dw);
    let got = kb.run(1, 1).unwrap();
    assert!(close(got, y[0] + dw[0] + dx[0]), "dW: {got}");
    scalar::gemm_nt(t, e, f, &y, &w, &mut dx);
    let got = kb.run(2, 1).unwrap();
    assert!(close(got, y[0] + dw[0] + dx[0]), "dX: {got}");
    assert_eq!(kb.flops_per_call(0), (2 * t * f * k * e) as f64);
    assert_eq!(kb.flops_per_call(1), (2 * t * f * e) as f64);
    assert!(kb.run(3, 1).is_err());
    assert!(KernelBench::new(0, 5, 4, 3).is_err());
}

#[wasm_bindgen_test]
fn seed_model_bench_learns_a_marker_token_and_rejects_bad_data() {
    // 64 sequences of 8 ids from 2..20; label 1 exactly when id 1 appears.
    let (n, l) = (64usize, 8usize);
    let mut ids = Vec::with_capacity(n * l);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let y = (i % 2) as i32;
        for j in 0..l {
            let id = if y == 1 && j == (i * 3) % l {
                1
            } else {
                2 + ((i * 7 + j * 5) % 18) as i32
            };
            ids.push(id);
        }
        labels.push(y);
    }
    let mut m = SeedModelBench::new(20, l as u32, 4, 4, 3, 8, 8, 1, None).unwrap();
    assert_eq!(m.param_count(), 20 * 4 + (3 * 4 * 4 + 4) + (4 + 1));
    assert!(m.train_batches(1).is_err(), "training before setData");
    assert!(
        m.set_data(&ids[..ids.len() - 1], &labels).is_err(),
        "ragged ids"
    );
    let mut bad = ids.clone();
    bad[0] = 20;
    assert!(m.set_data(&bad, &labels).is_err(), "id out of range");
    assert!(m.set_data(&ids, &[2; 64]).is_err(), "label 2");

    m.set_data(&ids, &labels).unwrap();
    let first = m.train_batches(8).unwrap();
    let mut last = first;
    for _ in 0..100 {
        last = m.train_batches(8).unwrap();
    }
    assert!(first > 0.5 && last < 0.2, "loss {first} -> {last}");
    // One batch of 8 probabilities: half the samples carry the marker.
    let s = m.predict_batches(1).unwrap();
    assert!((s - 4.0).abs() < 0.5, "sum of probabilities {s}");
    assert!(madd_peak_probe(10).unwrap().is_finite());
}
