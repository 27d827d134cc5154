//! Scalar reference kernels: the definition every faster twin must match.
//! Shapes are in the doc comments of [`super::Real`].

use super::Real;

/// `C[m×n] += A[m×k] · B[k×n]`.
pub fn gemm_nn<T: Real>(m: usize, n: usize, k: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    for i in 0..m {
        let crow = &mut c[i * n..(i + 1) * n];
        for p in 0..k {
            let aip = a[i * k + p];
            let brow = &b[p * n..(p + 1) * n];
            for j in 0..n {
                crow[j] += aip * brow[j];
            }
        }
    }
}

/// `C[m×n] += A · B[k×n]`, row `i` of `A` at `a[i·lda .. i·lda + k]`.
pub fn gemm_nn_lda<T: Real>(m: usize, n: usize, k: usize, a: &[T], lda: usize, b: &[T], c: &mut [T]) {
    assert!((m == 0 || a.len() >= (m - 1) * lda + k) && b.len() >= k * n && c.len() >= m * n);
    for i in 0..m {
        let crow = &mut c[i * n..(i + 1) * n];
        for p in 0..k {
            let aip = a[i * lda + p];
            let brow = &b[p * n..(p + 1) * n];
            for j in 0..n {
                crow[j] += aip * brow[j];
            }
        }
    }
}

/// `C[m×n] += A[k×m]ᵀ · B[k×n]`.
pub fn gemm_tn<T: Real>(m: usize, n: usize, k: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(a.len() >= k * m && b.len() >= k * n && c.len() >= m * n);
    for p in 0..k {
        let brow = &b[p * n..(p + 1) * n];
        for i in 0..m {
            let api = a[p * m + i];
            let crow = &mut c[i * n..(i + 1) * n];
            for j in 0..n {
                crow[j] += api * brow[j];
            }
        }
    }
}

/// `C[m×n] += A[m×k] · B[n×k]ᵀ`.
pub fn gemm_nt<T: Real>(m: usize, n: usize, k: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n);
    for i in 0..m {
        let arow = &a[i * k..(i + 1) * k];
        for j in 0..n {
            c[i * n + j] += dot(arow, &b[j * k..(j + 1) * k]);
        }
    }
}

/// ReLU then max over the rows of `y: [t, f]`; see [`super::Real::relu_max_pool`].
/// Running maximum from 0 with a strict `>`: equals `max(0, y)` pooled with
/// ties to the first row, and skips NaN like `max(NaN, 0) = 0` does.
pub fn relu_max_pool<T: Real>(t: usize, f: usize, y: &[T], pooled: &mut [T], argmax: &mut [u32]) {
    assert!(t >= 1 && y.len() >= t * f && pooled.len() >= f && argmax.len() >= f);
    pooled[..f].iter_mut().for_each(|p| *p = T::ZERO);
    argmax[..f].iter_mut().for_each(|a| *a = 0);
    for i in 0..t {
        let row = &y[i * f..(i + 1) * f];
        for j in 0..f {
            if row[j] > pooled[j] {
                pooled[j] = row[j];
                argmax[j] = i as u32;
            }
        }
    }
}

/// `y += alpha · x`.
pub fn axpy<T: Real>(alpha: T, x: &[T], y: &mut [T]) {
    assert_eq!(x.len(), y.len());
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// `Σ a[i]·b[i]`.
pub fn dot<T: Real>(a: &[T], b: &[T]) -> T {
    assert_eq!(a.len(), b.len());
    let mut s = T::ZERO;
    for (&x, &y) in a.iter().zip(b) {
        s += x * y;
    }
    s
}

/// Keras-form Adam step; see [`super::Real::adam_update`].
#[allow(clippy::too_many_arguments)]
pub fn adam_update<T: Real>(
    p: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    alpha: T,
    beta1: T,
    beta2: T,
    eps: T,
) {
    assert!(g.len() == p.len() && m.len() == p.len() && v.len() == p.len());
    for i in 0..p.len() {
        let gi = g[i];
        m[i] += (gi - m[i]) * (T::ONE - beta1);
        v[i] += (gi * gi - v[i]) * (T::ONE - beta2);
        p[i] -= alpha * m[i] / (v[i].sqrt() + eps);
    }
}
