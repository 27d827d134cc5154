//! The simd128 kernels against their scalar twins, in the browser.
//!
//! Run with `wasm-pack test --headless --chrome -- --test kernels_web` and
//! `RUSTFLAGS="-C target-feature=+simd128"`. The scalar reference is
//! `kernels::scalar` (checked against naive f64 loops in kernels_scalar.rs).
//! `gemm_nn`, `gemm_nn_lda`, `gemm_tn`, `axpy`, `adam_update` and
//! `relu_max_pool` do the same f32 operations
//! in the same order as the scalar kernels, so they must agree bit for bit;
//! `gemm_nt` and `dot` sum in another order, so they must agree within the
//! classic summation bound: |Δ| ≤ k·ε·Σ|aᵢbᵢ| + ε·|c| (ε = f32::EPSILON).
//! Slices start at element offsets 0 and 1 to exercise unaligned loads.
#![cfg(all(target_arch = "wasm32", target_feature = "simd128"))]

use nn_playground::kernels::{scalar, simd128, Real};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// SplitMix64, local so the test depends on nothing else.
struct Gen(u64);
impl Gen {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f32 {
        ((self.next_u64() >> 40) as f32 / (1u32 << 24) as f32) * 2.0 - 1.0
    }
    /// `off` unused leading elements, then `len` values.
    fn vec(&mut self, off: usize, len: usize) -> Vec<f32> {
        (0..off + len).map(|_| self.unit()).collect()
    }
}

const MS: [usize; 12] = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 33];
const KS: [usize; 7] = [1, 3, 4, 5, 16, 17, 33];
/// The seed text model's shapes (m, n, k): Conv1D forward, weight gradient,
/// input gradient, Dense.
const MODEL: [(usize, usize, usize); 4] =
    [(96, 128, 16), (16, 128, 96), (96, 16, 128), (32, 1, 128)];

fn shapes() -> Vec<(usize, usize, usize)> {
    let mut v = Vec::new();
    for &m in &MS {
        for &n in &MS {
            for &k in &KS {
                v.push((m, n, k));
            }
        }
    }
    v.extend_from_slice(&MODEL);
    v
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[wasm_bindgen_test]
fn simd_is_enabled_in_this_build() {
    assert!(nn_playground::simd_enabled());
}

type Gemm = fn(usize, usize, usize, &[f32], &[f32], &mut [f32]);

/// Runs `simd`, the `Real` dispatch and `reference` on the same inputs; the
/// SIMD result must equal the dispatched one bit for bit. Returns
/// (simd, reference, per-element error bound ingredients Σ|aᵢₚbₚⱼ|, c0).
#[allow(clippy::too_many_arguments)]
fn run_gemm(
    g: &mut Gen,
    (m, n, k): (usize, usize, usize),
    off: usize,
    a_is_km: bool,
    b_is_nk: bool,
    simd: Gemm,
    dispatch: Gemm,
    reference: Gemm,
) -> (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>) {
    let (a, b, c0) = (g.vec(off, m * k), g.vec(off, k * n), g.vec(off, m * n));
    let (a, b) = (&a[off..], &b[off..]);
    let mut cs = c0.clone();
    simd(m, n, k, a, b, &mut cs[off..]);
    let mut cd = c0.clone();
    dispatch(m, n, k, a, b, &mut cd[off..]);
    assert_eq!(
        bits(&cs),
        bits(&cd),
        "dispatch != simd128 at m={m} n={n} k={k}"
    );
    let mut cr = c0.clone();
    reference(m, n, k, a, b, &mut cr[off..]);
    let mut absum = vec![0.0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            absum[i * n + j] = (0..k)
                .map(|p| {
                    let aip = if a_is_km { a[p * m + i] } else { a[i * k + p] };
                    let bpj = if b_is_nk { b[j * k + p] } else { b[p * n + j] };
                    (aip * bpj).abs()
                })
                .sum();
        }
    }
    (
        cs[off..].to_vec(),
        cr[off..].to_vec(),
        absum,
        c0[off..].to_vec(),
    )
}

fn check_exact(seed: u64, a_is_km: bool, simd: Gemm, dispatch: Gemm, reference: Gemm) -> usize {
    let mut g = Gen(seed);
    let mut cases = 0;
    for shape in shapes() {
        for off in [0, 1] {
            let (cs, cr, _, c0) = run_gemm(
                &mut g, shape, off, a_is_km, false, simd, dispatch, reference,
            );
            assert_eq!(
                bits(&cs),
                bits(&cr),
                "simd128 != scalar at {shape:?} offset {off}"
            );
            assert_ne!(cs, c0, "C unchanged at {shape:?}");
            cases += 1;
        }
    }
    cases
}

#[wasm_bindgen_test]
fn gemm_nn_equals_scalar_bit_for_bit() {
    let cases = check_exact(
        1,
        false,
        simd128::gemm_nn,
        f32::gemm_nn,
        scalar::gemm_nn::<f32>,
    );
    assert_eq!(cases, 2 * (MS.len() * MS.len() * KS.len() + MODEL.len()));
}

#[wasm_bindgen_test]
fn gemm_tn_equals_scalar_bit_for_bit() {
    let cases = check_exact(
        2,
        true,
        simd128::gemm_tn,
        f32::gemm_tn,
        scalar::gemm_tn::<f32>,
    );
    assert_eq!(cases, 2 * (MS.len() * MS.len() * KS.len() + MODEL.len()));
}

#[wasm_bindgen_test]
fn gemm_nt_agrees_with_scalar_within_summation_bound() {
    let mut g = Gen(3);
    let (mut cases, mut differing) = (0, 0);
    for shape in shapes() {
        for off in [0, 1] {
            let (cs, cr, absum, c0) = run_gemm(
                &mut g,
                shape,
                off,
                false,
                true,
                simd128::gemm_nt,
                f32::gemm_nt,
                scalar::gemm_nt::<f32>,
            );
            let k = shape.2 as f32;
            for i in 0..cs.len() {
                let tol = k * f32::EPSILON * absum[i] + f32::EPSILON * c0[i].abs();
                let err = (cs[i] - cr[i]).abs();
                assert!(
                    err <= tol,
                    "{shape:?} off {off} [{i}]: {} vs {}, err {err} > {tol}",
                    cs[i],
                    cr[i]
                );
            }
            differing += (bits(&cs) != bits(&cr)) as usize;
            cases += 1;
        }
    }
    assert_eq!(cases, 2 * (MS.len() * MS.len() * KS.len() + MODEL.len()));
    // The lane-wise order really is different (so the SIMD path ran).
    assert!(differing > 0);
}

#[wasm_bindgen_test]
fn dot_agrees_with_scalar_within_summation_bound() {
    let mut g = Gen(4);
    let mut differing = 0;
    for len in (0..70).chain([127, 128, 129, 1000, 4099]) {
        for off in [0, 1] {
            let (a, b) = (g.vec(off, len), g.vec(off, len));
            let (a, b) = (&a[off..], &b[off..]);
            let (s, d, r) = (simd128::dot(a, b), f32::dot(a, b), scalar::dot(a, b));
            assert_eq!(s.to_bits(), d.to_bits(), "dispatch != simd128 at len {len}");
            let absum: f32 = a.iter().zip(b).map(|(x, y)| (x * y).abs()).sum();
            let tol = len as f32 * f32::EPSILON * absum;
            assert!((s - r).abs() <= tol, "len {len}: {s} vs {r}, tol {tol}");
            differing += (s.to_bits() != r.to_bits()) as usize;
        }
    }
    assert!(differing > 0);
}

#[wasm_bindgen_test]
fn axpy_equals_scalar_bit_for_bit() {
    let mut g = Gen(5);
    for len in (0..40).chain([127, 1000, 4099]) {
        for off in [0, 1] {
            let (x, y0) = (g.vec(off, len), g.vec(off, len));
            let alpha = g.unit() * 3.0;
            let x = &x[off..];
            let (mut ys, mut yd, mut yr) = (y0.clone(), y0.clone(), y0.clone());
            simd128::axpy(alpha, x, &mut ys[off..]);
            f32::axpy(alpha, x, &mut yd[off..]);
            scalar::axpy(alpha, x, &mut yr[off..]);
            assert_eq!(bits(&ys), bits(&yd), "dispatch, len {len}");
            assert_eq!(bits(&ys), bits(&yr), "scalar, len {len}");
            if len > 0 {
                assert_ne!(ys, y0);
            }
        }
    }
}

#[wasm_bindgen_test]
fn adam_update_equals_scalar_bit_for_bit() {
    let mut g = Gen(6);
    let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-7f32);
    for len in (0..20).chain([127, 1000, 4099]) {
        for off in [0, 1] {
            let p0 = g.vec(off, len);
            let (mut ps, mut ms, mut vs) =
                (p0.clone(), vec![0.0f32; off + len], vec![0.0f32; off + len]);
            let (mut pd, mut md, mut vd) = (ps.clone(), ms.clone(), vs.clone());
            let (mut pr, mut mr, mut vr) = (ps.clone(), ms.clone(), vs.clone());
            for t in 1..=3 {
                let grad = g.vec(off, len);
                let alpha = 0.01 * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
                let gr = &grad[off..];
                simd128::adam_update(
                    &mut ps[off..],
                    gr,
                    &mut ms[off..],
                    &mut vs[off..],
                    alpha,
                    b1,
                    b2,
                    eps,
                );
                f32::adam_update(
                    &mut pd[off..],
                    gr,
                    &mut md[off..],
                    &mut vd[off..],
                    alpha,
                    b1,
                    b2,
                    eps,
                );
                scalar::adam_update(
                    &mut pr[off..],
                    gr,
                    &mut mr[off..],
                    &mut vr[off..],
                    alpha,
                    b1,
                    b2,
                    eps,
                );
            }
            for (what, s, d, r) in [
                ("p", &ps, &pd, &pr),
                ("m", &ms, &md, &mr),
                ("v", &vs, &vd, &vr),
            ] {
                assert_eq!(bits(s), bits(d), "dispatch {what}, len {len}");
                assert_eq!(bits(s), bits(r), "scalar {what}, len {len}");
            }
            if len > 0 {
                assert_ne!(ps, p0);
            }
        }
    }
}

#[wasm_bindgen_test]
fn madd_peak_probe_is_finite_and_depends_on_iterations() {
    let (a, b) = (simd128::madd_peak_probe(10), simd128::madd_peak_probe(1000));
    assert!(a.is_finite() && b.is_finite());
    assert_ne!(a, b);
    assert_eq!(
        simd128::MADD_PEAK_FLOPS_PER_ITER,
        simd128::MADD_PEAK_CHAINS as u64 * 8
    );
}

#[wasm_bindgen_test]
fn gemm_nn_lda_equals_scalar_bit_for_bit() {
    let mut g = Gen(7);
    let mut cases = 0;
    // (k, lda): overlapping windows (Conv1D: k = kernel·C, lda = C), dense, padded.
    let kl = [(1usize, 1usize), (3, 5), (5, 5), (7, 3), (16, 4), (17, 17), (80, 16), (33, 40)];
    let mut shapes: Vec<(usize, usize, usize, usize)> = Vec::new();
    for &m in &MS {
        for &n in &MS {
            for &(k, lda) in &kl {
                shapes.push((m, n, k, lda));
            }
        }
    }
    shapes.push((96, 128, 80, 16)); // the seed model's conv forward, one sample
    for (m, n, k, lda) in shapes {
        for off in [0, 1] {
            let a = g.vec(off, (m - 1) * lda + k);
            let (b, c0) = (g.vec(off, k * n), g.vec(off, m * n));
            let (a, b) = (&a[off..], &b[off..]);
            let (mut cs, mut cd, mut cr) = (c0.clone(), c0.clone(), c0.clone());
            simd128::gemm_nn_lda(m, n, k, a, lda, b, &mut cs[off..]);
            f32::gemm_nn_lda(m, n, k, a, lda, b, &mut cd[off..]);
            scalar::gemm_nn_lda(m, n, k, a, lda, b, &mut cr[off..]);
            assert_eq!(bits(&cs), bits(&cd), "dispatch != simd128 at {m} {n} {k} lda {lda}");
            assert_eq!(bits(&cs), bits(&cr), "simd128 != scalar at {m} {n} {k} lda {lda} off {off}");
            assert_ne!(cs, c0);
            cases += 1;
        }
    }
    assert_eq!(cases, 2 * (MS.len() * MS.len() * kl.len() + 1));
}

#[wasm_bindgen_test]
fn relu_max_pool_equals_scalar_bit_for_bit() {
    let mut g = Gen(8);
    let mut cases = 0;
    let mut ts: Vec<usize> = MS.to_vec();
    ts.push(96);
    let mut fs: Vec<usize> = MS.to_vec();
    fs.push(128);
    for &t in &ts {
        for &f in &fs {
            for off in [0, 1] {
                // Coarse values: frequent ties; a few NaN and negative columns.
                let mut y: Vec<f32> = g.vec(off, t * f).iter().map(|v| (v * 4.0).round() / 4.0).collect();
                for i in (off..y.len()).step_by(13) {
                    y[i] = f32::NAN;
                }
                let y = &y[off..];
                let (mut ps, mut as_) = (vec![7.0f32; f], vec![7u32; f]);
                let (mut pd, mut ad) = (vec![7.0f32; f], vec![7u32; f]);
                let (mut pr, mut ar) = (vec![7.0f32; f], vec![7u32; f]);
                simd128::relu_max_pool(t, f, y, &mut ps, &mut as_);
                f32::relu_max_pool(t, f, y, &mut pd, &mut ad);
                scalar::relu_max_pool(t, f, y, &mut pr, &mut ar);
                assert_eq!((bits(&ps), &as_), (bits(&pd), &ad), "dispatch != simd128 at t={t} f={f}");
                assert_eq!((bits(&ps), &as_), (bits(&pr), &ar), "simd128 != scalar at t={t} f={f} off {off}");
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 2 * (MS.len() + 1) * (MS.len() + 1));
}
