//! The scalar reference kernels against independent naive definitions
//! computed in f64 (written out here from the formulas in `kernels/mod.rs`,
//! with explicit index arithmetic), on random shapes including edge sizes.
//! The kernels run in both f64 (tight tolerance) and f32 (tolerance scaled by
//! the summation length).

use nn_playground::kernels::{scalar, Real};

/// A small local generator (SplitMix64) so the test depends on nothing else.
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
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
    fn vec(&mut self, len: usize) -> Vec<f64> {
        (0..len).map(|_| self.unit()).collect()
    }
}

const SIZES: [usize; 10] = [1, 2, 3, 4, 5, 8, 9, 16, 17, 33];

fn cast<T: Real>(v: &[f64]) -> Vec<T> {
    v.iter().map(|&x| T::from_f64(x)).collect()
}

/// Every `got[i]` within `tol` (absolute, on values of size ~1..k) of `want[i]`.
fn assert_close<T: Real>(what: &str, got: &[T], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let err = (g.to_f64() - w).abs();
        assert!(
            err <= tol * (1.0 + w.abs()),
            "{what}[{i}]: got {g:?}, want {w}, err {err}"
        );
    }
}

#[derive(Clone, Copy)]
enum Layout {
    Nn,
    Tn,
    Nt,
}

/// Naive f64 `C + op(A)·op(B)` with explicit indices per layout.
fn naive(lay: Layout, m: usize, n: usize, k: usize, a: &[f64], b: &[f64], c: &[f64]) -> Vec<f64> {
    let mut out = c.to_vec();
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0;
            for p in 0..k {
                let aip = match lay {
                    Layout::Nn | Layout::Nt => a[i * k + p], // A is m×k
                    Layout::Tn => a[p * m + i],              // A is k×m
                };
                let bpj = match lay {
                    Layout::Nn | Layout::Tn => b[p * n + j], // B is k×n
                    Layout::Nt => b[j * k + p],              // B is n×k
                };
                s += aip * bpj;
            }
            out[i * n + j] += s;
        }
    }
    out
}

fn check_gemm<T: Real>(lay: Layout, eps: f64) {
    let mut g = Gen(0x5eed_0001 + lay as u64);
    let mut cases = 0;
    for &m in &SIZES {
        for &n in &SIZES {
            for &k in &[1usize, 3, 4, 7, 16, 33] {
                let (a, b, c) = (g.vec(m * k), g.vec(k * n), g.vec(m * n));
                let want = naive(lay, m, n, k, &a, &b, &c);
                let (at, bt) = (cast::<T>(&a), cast::<T>(&b));
                let mut ct = cast::<T>(&c);
                match lay {
                    Layout::Nn => scalar::gemm_nn(m, n, k, &at, &bt, &mut ct),
                    Layout::Tn => scalar::gemm_tn(m, n, k, &at, &bt, &mut ct),
                    Layout::Nt => scalar::gemm_nt(m, n, k, &at, &bt, &mut ct),
                }
                assert_close(
                    &format!("m={m} n={n} k={k}"),
                    &ct,
                    &want,
                    eps * (k as f64 + 1.0),
                );
                cases += 1;
            }
        }
    }
    assert_eq!(cases, SIZES.len() * SIZES.len() * 6);
}

#[test]
fn gemm_nn_matches_naive() {
    check_gemm::<f64>(Layout::Nn, 1e-14);
    check_gemm::<f32>(Layout::Nn, 1e-6);
}

#[test]
fn gemm_tn_matches_naive() {
    check_gemm::<f64>(Layout::Tn, 1e-14);
    check_gemm::<f32>(Layout::Tn, 1e-6);
}

#[test]
fn gemm_nt_matches_naive() {
    check_gemm::<f64>(Layout::Nt, 1e-14);
    check_gemm::<f32>(Layout::Nt, 1e-6);
}

#[test]
fn gemm_works_on_a_hand_worked_example() {
    // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]], C0 = [[1, 0], [0, 1]]:
    // A·B = [[19, 22], [43, 50]]; Aᵀ·B = [[26, 30], [38, 44]];
    // A·Bᵀ = [[17, 23], [39, 53]]; each added to C0.
    let (a, b) = ([1.0f64, 2.0, 3.0, 4.0], [5.0f64, 6.0, 7.0, 8.0]);
    let mut c = [1.0, 0.0, 0.0, 1.0];
    scalar::gemm_nn(2, 2, 2, &a, &b, &mut c);
    assert_eq!(c, [20.0, 22.0, 43.0, 51.0]);
    let mut c = [1.0, 0.0, 0.0, 1.0];
    scalar::gemm_tn(2, 2, 2, &a, &b, &mut c);
    assert_eq!(c, [27.0, 30.0, 38.0, 45.0]);
    let mut c = [1.0, 0.0, 0.0, 1.0];
    scalar::gemm_nt(2, 2, 2, &a, &b, &mut c);
    assert_eq!(c, [18.0, 23.0, 39.0, 54.0]);
}

#[test]
fn axpy_and_dot_match_naive() {
    let mut g = Gen(0x5eed_0010);
    for &len in &[0usize, 1, 3, 4, 5, 15, 16, 17, 33, 100] {
        let (x, y) = (g.vec(len), g.vec(len));
        let alpha = g.unit();
        let want_y: Vec<f64> = (0..len).map(|i| y[i] + alpha * x[i]).collect();
        let want_dot: f64 = (0..len).map(|i| x[i] * y[i]).sum();

        let mut y64 = y.clone();
        scalar::axpy(alpha, &x, &mut y64);
        assert_close("axpy f64", &y64, &want_y, 1e-15);
        let mut y32 = cast::<f32>(&y);
        scalar::axpy(alpha as f32, &cast::<f32>(&x), &mut y32);
        assert_close("axpy f32", &y32, &want_y, 1e-6);

        assert_close(
            "dot f64",
            &[scalar::dot(&x, &y)],
            &[want_dot],
            1e-14 * (len as f64 + 1.0),
        );
        let d32 = scalar::dot(&cast::<f32>(&x), &cast::<f32>(&y));
        assert_close("dot f32", &[d32], &[want_dot], 1e-6 * (len as f64 + 1.0));
    }
}

#[test]
fn adam_update_matches_keras_formula() {
    // Keras Adam (epsilon-hat form): m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
    // p -= α·m/(√v + ε), α = lr·√(1-β2ᵗ)/(1-β1ᵗ). Run 3 steps from zero state.
    let mut g = Gen(0x5eed_0020);
    let len = 37;
    let (lr, b1, b2, eps) = (0.01f64, 0.9f64, 0.999f64, 1e-7f64);
    let p0 = g.vec(len);
    let grads: Vec<Vec<f64>> = (0..3).map(|_| g.vec(len)).collect();

    let (mut wp, mut wm, mut wv) = (p0.clone(), vec![0.0; len], vec![0.0; len]);
    let (mut p, mut m, mut v) = (p0.clone(), vec![0.0f64; len], vec![0.0f64; len]);
    let (mut p32, mut m32, mut v32) = (cast::<f32>(&p0), vec![0.0f32; len], vec![0.0f32; len]);
    for (t, gr) in grads.iter().enumerate() {
        let t = (t + 1) as i32;
        let alpha = lr * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
        for i in 0..len {
            wm[i] = b1 * wm[i] + (1.0 - b1) * gr[i];
            wv[i] = b2 * wv[i] + (1.0 - b2) * gr[i] * gr[i];
            wp[i] -= alpha * wm[i] / (wv[i].sqrt() + eps);
        }
        scalar::adam_update(&mut p, gr, &mut m, &mut v, alpha, b1, b2, eps);
        let g32 = cast::<f32>(gr);
        scalar::adam_update(
            &mut p32,
            &g32,
            &mut m32,
            &mut v32,
            alpha as f32,
            b1 as f32,
            b2 as f32,
            eps as f32,
        );
    }
    assert_close("adam p f64", &p, &wp, 1e-12);
    assert_close("adam m f64", &m, &wm, 1e-12);
    assert_close("adam v f64", &v, &wv, 1e-12);
    assert_close("adam p f32", &p32, &wp, 1e-5);
    // The update moved every parameter (by ~lr each step).
    assert!(p.iter().zip(&p0).all(|(a, b)| (a - b).abs() > 1e-4));
}

/// `gemm_nn_lda` against a naive loop with explicit row stride, for
/// disjoint rows (`lda > k`, `lda = k`) and overlapping windows (`lda < k`,
/// Conv1D's `lda = C`, `k = kernel·C`), in f64 and f32.
#[test]
fn gemm_nn_lda_matches_naive_strided_rows() {
    fn check<T: Real>(eps: f64) -> usize {
        let mut g = Gen(0x5eed_0030);
        let mut cases = 0;
        for &m in &SIZES {
            for &n in &SIZES {
                for &(k, lda) in &[(1usize, 1usize), (3, 5), (4, 4), (7, 3), (16, 4), (33, 33), (80, 16)] {
                    let alen = (m - 1) * lda + k;
                    let (a, b, c) = (g.vec(alen), g.vec(k * n), g.vec(m * n));
                    let mut want = c.clone();
                    for i in 0..m {
                        for j in 0..n {
                            want[i * n + j] += (0..k).map(|p| a[i * lda + p] * b[p * n + j]).sum::<f64>();
                        }
                    }
                    let (at, bt) = (cast::<T>(&a), cast::<T>(&b));
                    let mut ct = cast::<T>(&c);
                    scalar::gemm_nn_lda(m, n, k, &at, lda, &bt, &mut ct);
                    assert_close(&format!("lda m={m} n={n} k={k} lda={lda}"), &ct, &want, eps * (k as f64 + 1.0));
                    cases += 1;
                }
            }
        }
        cases
    }
    assert_eq!(check::<f64>(1e-14), SIZES.len() * SIZES.len() * 7);
    assert_eq!(check::<f32>(1e-6), SIZES.len() * SIZES.len() * 7);
    // lda = k is plain gemm_nn, bit for bit.
    let mut g = Gen(0x5eed_0031);
    let (a, b, c) = (cast::<f32>(&g.vec(9 * 17)), cast::<f32>(&g.vec(17 * 5)), cast::<f32>(&g.vec(9 * 5)));
    let (mut c1, mut c2) = (c.clone(), c);
    scalar::gemm_nn(9, 5, 17, &a, &b, &mut c1);
    scalar::gemm_nn_lda(9, 5, 17, &a, 17, &b, &mut c2);
    assert_eq!(c1, c2);
}

/// `relu_max_pool` against ReLU then a first-wins arg-max, written out
/// here; with hand-picked ties, all-negative columns and NaN.
#[test]
fn relu_max_pool_matches_relu_then_first_argmax() {
    // Hand-worked: t = 4, f = 3. Column 0 = (1, 3, 3, 2): max 3 first at 1.
    // Column 1 = (-1, -2, -0.5, -3): all <= 0 -> 0 at 0. Column 2 =
    // (NaN, 0.5, NaN, 0.5): NaN acts as ReLU(NaN) = max(NaN, 0) = 0 -> 0.5 at 1.
    let y = [1.0f32, -1.0, f32::NAN, 3.0, -2.0, 0.5, 3.0, -0.5, f32::NAN, 2.0, -3.0, 0.5];
    let (mut p, mut a) = ([9.0f32; 3], [9u32; 3]);
    scalar::relu_max_pool(4, 3, &y, &mut p, &mut a);
    assert_eq!(p, [3.0, 0.0, 0.5]);
    assert_eq!(a, [1, 0, 1]);
    let mut g = Gen(0x5eed_0032);
    for &t in &SIZES {
        for &f in &SIZES {
            // Values on a coarse grid so ties are frequent.
            let y: Vec<f64> = g.vec(t * f).iter().map(|v| (v * 4.0).round() / 4.0).collect();
            let (mut p, mut a) = (vec![0.0f64; f], vec![0u32; f]);
            scalar::relu_max_pool(t, f, &y, &mut p, &mut a);
            for j in 0..f {
                let r: Vec<f64> = (0..t).map(|i| y[i * f + j].max(0.0)).collect();
                let best = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let first = r.iter().position(|&v| v == best).unwrap();
                assert_eq!((p[j], a[j] as usize), (best, first), "t={t} f={f} column {j}");
            }
        }
    }
}
