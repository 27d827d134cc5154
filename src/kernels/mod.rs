//! The hot loops behind one small interface.
//!
//! Layers are generic over [`Real`] (`f32` for speed, `f64` for exact checks).
//! Every kernel has a plain scalar reference in [`scalar`]; on `wasm32` with
//! `simd128` the `f32` implementation dispatches to `simd128` (its twin), and
//! tests check that the two agree. A future WebGPU backend replaces these
//! calls without touching the layers.
//!
//! All matrices are dense, row-major, contiguous slices.

pub mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod simd128;

use core::fmt::Debug;
use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A floating-point element type with the kernels layers need.
pub trait Real:
    Copy
    + Default
    + PartialOrd
    + Debug
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
{
    const ZERO: Self;
    const ONE: Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn tanh(self) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    fn max(self, o: Self) -> Self;
    fn min(self, o: Self) -> Self;
    fn is_finite(self) -> bool;

    /// `C[m×n] += A[m×k] · B[k×n]`.
    fn gemm_nn(m: usize, n: usize, k: usize, a: &[Self], b: &[Self], c: &mut [Self]) {
        scalar::gemm_nn(m, n, k, a, b, c)
    }
    /// `C[m×n] += A · B[k×n]` where row `i` of `A[m×k]` starts at
    /// `a[i·lda]` (`lda >= k` for disjoint rows, or `lda < k` for
    /// overlapping windows: Conv1D's im2col-free forward uses `lda = C`,
    /// `k = kernel·C`). `a.len() >= (m-1)·lda + k`.
    fn gemm_nn_lda(m: usize, n: usize, k: usize, a: &[Self], lda: usize, b: &[Self], c: &mut [Self]) {
        scalar::gemm_nn_lda(m, n, k, a, lda, b, c)
    }
    /// `C[m×n] += A[k×m]ᵀ · B[k×n]` (weight gradients).
    fn gemm_tn(m: usize, n: usize, k: usize, a: &[Self], b: &[Self], c: &mut [Self]) {
        scalar::gemm_tn(m, n, k, a, b, c)
    }
    /// `C[m×n] += A[m×k] · B[n×k]ᵀ` (input gradients).
    fn gemm_nt(m: usize, n: usize, k: usize, a: &[Self], b: &[Self], c: &mut [Self]) {
        scalar::gemm_nt(m, n, k, a, b, c)
    }
    /// `y += alpha · x`.
    fn axpy(alpha: Self, x: &[Self], y: &mut [Self]) {
        scalar::axpy(alpha, x, y)
    }
    /// `Σ a[i]·b[i]`.
    fn dot(a: &[Self], b: &[Self]) -> Self {
        scalar::dot(a, b)
    }
    /// ReLU then max over the rows of `y: [t, f]` (`t >= 1`):
    /// `pooled[j] = max_i max(y[i, j], 0)`, `argmax[j]` = the first `i`
    /// attaining it (0 when every `y[i, j] <= 0`, or NaN).
    fn relu_max_pool(t: usize, f: usize, y: &[Self], pooled: &mut [Self], argmax: &mut [u32]) {
        scalar::relu_max_pool(t, f, y, pooled, argmax)
    }
    /// One Adam step in Keras' form, elementwise over equal-length slices:
    /// `m += (g-m)(1-β1); v += (g²-v)(1-β2); p -= alpha·m/(√v+ε)` where the
    /// caller passes `alpha = lr·√(1-β2ᵗ)/(1-β1ᵗ)`.
    #[allow(clippy::too_many_arguments)]
    fn adam_update(
        p: &mut [Self],
        g: &[Self],
        m: &mut [Self],
        v: &mut [Self],
        alpha: Self,
        beta1: Self,
        beta2: Self,
        eps: Self,
    ) {
        scalar::adam_update(p, g, m, v, alpha, beta1, beta2, eps)
    }
}

macro_rules! impl_real_math {
    ($t:ty) => {
        const ZERO: Self = 0.0;
        const ONE: Self = 1.0;
        #[inline]
        fn from_f64(v: f64) -> Self {
            v as $t
        }
        #[inline]
        fn to_f64(self) -> f64 {
            self as f64
        }
        #[inline]
        fn exp(self) -> Self {
            <$t>::exp(self)
        }
        #[inline]
        fn ln(self) -> Self {
            <$t>::ln(self)
        }
        #[inline]
        fn tanh(self) -> Self {
            <$t>::tanh(self)
        }
        #[inline]
        fn sqrt(self) -> Self {
            <$t>::sqrt(self)
        }
        #[inline]
        fn abs(self) -> Self {
            <$t>::abs(self)
        }
        #[inline]
        fn max(self, o: Self) -> Self {
            <$t>::max(self, o)
        }
        #[inline]
        fn min(self, o: Self) -> Self {
            <$t>::min(self, o)
        }
        #[inline]
        fn is_finite(self) -> bool {
            <$t>::is_finite(self)
        }
    };
}

impl Real for f64 {
    impl_real_math!(f64);
}

impl Real for f32 {
    impl_real_math!(f32);
    // The SIMD twin overrides the kernels here on wasm32 + simd128.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        simd128::gemm_nn(m, n, k, a, b, c)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn gemm_nn_lda(m: usize, n: usize, k: usize, a: &[f32], lda: usize, b: &[f32], c: &mut [f32]) {
        simd128::gemm_nn_lda(m, n, k, a, lda, b, c)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn relu_max_pool(t: usize, f: usize, y: &[f32], pooled: &mut [f32], argmax: &mut [u32]) {
        simd128::relu_max_pool(t, f, y, pooled, argmax)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn gemm_tn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        simd128::gemm_tn(m, n, k, a, b, c)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        simd128::gemm_nt(m, n, k, a, b, c)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        simd128::axpy(alpha, x, y)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn dot(a: &[f32], b: &[f32]) -> f32 {
        simd128::dot(a, b)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn adam_update(
        p: &mut [f32],
        g: &[f32],
        m: &mut [f32],
        v: &mut [f32],
        alpha: f32,
        beta1: f32,
        beta2: f32,
        eps: f32,
    ) {
        simd128::adam_update(p, g, m, v, alpha, beta1, beta2, eps)
    }
}
