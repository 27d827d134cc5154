//! Activation functions: value and derivative side by side.
//!
//! Element-wise activations act on each `z` alone; softmax acts on a whole row
//! (one sample's units) and its backward pass is a Jacobian-vector product.
//! Serde names are lowercase: `"linear"`, `"relu"`, `"sigmoid"`, `"tanh"`,
//! `"softmax"`.

use crate::kernels::Real;
use serde::{Deserialize, Serialize};

/// An activation function `a = f(z)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `f(z) = z`, `f'(z) = 1`.
    Linear,
    /// `f(z) = max(0, z)`, `f'(z) = 1 if z > 0 else 0` (0 at 0, as TensorFlow).
    Relu,
    /// `f(z) = 1/(1+e^-z)` (computed stably), `f'(z) = a(1-a)`.
    Sigmoid,
    /// `f(z) = tanh z`, `f'(z) = 1 - a²`.
    Tanh,
    /// `a_j = e^{z_j} / Σ_k e^{z_k}` over a row (max subtracted first);
    /// backward: `dz_j = a_j (g_j - Σ_k a_k g_k)`.
    Softmax,
}

impl Activation {
    /// Every variant, for loops in tests and UIs.
    pub const ALL: [Activation; 5] = [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Softmax,
    ];

    /// Lowercase name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softmax => "softmax",
        }
    }

    /// Parse a lowercase name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == s)
    }

    /// Whether `f` acts on each unit alone (all but softmax).
    pub fn is_elementwise(self) -> bool {
        self != Activation::Softmax
    }

    /// `f(z)` for an element-wise activation. For `Softmax` this is not
    /// defined on one element; it returns `z` unchanged (use [`Self::forward`]).
    #[inline]
    pub fn value<T: Real>(self, z: T) -> T {
        match self {
            Activation::Linear | Activation::Softmax => z,
            Activation::Relu => {
                if z > T::ZERO {
                    z
                } else {
                    T::ZERO
                }
            }
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
        }
    }

    /// `f'(z)` given `z` and `a = f(z)`. For `Softmax` it returns the
    /// Jacobian's diagonal `a(1-a)`; the full backward is [`Self::backward`].
    #[inline]
    pub fn derivative<T: Real>(self, z: T, a: T) -> T {
        match self {
            Activation::Linear => T::ONE,
            Activation::Relu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    T::ZERO
                }
            }
            Activation::Sigmoid | Activation::Softmax => a * (T::ONE - a),
            Activation::Tanh => T::ONE - a * a,
        }
    }

    /// `a = f(z)` for one row (one sample's units). `z.len() == a.len()`.
    pub fn forward<T: Real>(self, z: &[T], a: &mut [T]) {
        debug_assert_eq!(z.len(), a.len());
        match self {
            Activation::Softmax => softmax(z, a),
            _ => {
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = self.value(zi);
                }
            }
        }
    }

    /// `dz = J_f(z)ᵀ · da` for one row: element-wise `da_j f'(z_j)`; for
    /// softmax the Jacobian-vector product. All slices have the same length.
    pub fn backward<T: Real>(self, z: &[T], a: &[T], da: &[T], dz: &mut [T]) {
        match self {
            Activation::Softmax => softmax_jvp(a, da, dz),
            _ => {
                for j in 0..dz.len() {
                    dz[j] = da[j] * self.derivative(z[j], a[j]);
                }
            }
        }
    }

    /// [`Self::forward`] over a batch `z, a: [batch, units]` (row-major).
    pub fn forward_batch<T: Real>(self, units: usize, z: &[T], a: &mut [T]) {
        if units == 0 {
            return;
        }
        for (zr, ar) in z.chunks_exact(units).zip(a.chunks_exact_mut(units)) {
            self.forward(zr, ar);
        }
    }

    /// [`Self::backward`] over a batch `[batch, units]`.
    pub fn backward_batch<T: Real>(self, units: usize, z: &[T], a: &[T], da: &[T], dz: &mut [T]) {
        if units == 0 {
            return;
        }
        for (((zr, ar), dar), dzr) in z
            .chunks_exact(units)
            .zip(a.chunks_exact(units))
            .zip(da.chunks_exact(units))
            .zip(dz.chunks_exact_mut(units))
        {
            self.backward(zr, ar, dar, dzr);
        }
    }
}

/// Numerically stable logistic sigmoid: never evaluates `e^x` for large `x`.
#[inline]
pub fn sigmoid<T: Real>(z: T) -> T {
    if z >= T::ZERO {
        T::ONE / (T::ONE + (-z).exp())
    } else {
        let e = z.exp();
        e / (T::ONE + e)
    }
}

/// Stable softmax of one row: subtracts `max z` before exponentiating.
pub fn softmax<T: Real>(z: &[T], a: &mut [T]) {
    if z.is_empty() {
        return;
    }
    let m = z.iter().copied().fold(z[0], T::max);
    let mut s = T::ZERO;
    for (ai, &zi) in a.iter_mut().zip(z) {
        *ai = (zi - m).exp();
        s += *ai;
    }
    for ai in a.iter_mut() {
        *ai /= s;
    }
}

/// Softmax Jacobian-vector product for one row:
/// `dz_j = Σ_k (∂a_k/∂z_j) g_k = a_j (g_j - Σ_k a_k g_k)`.
pub fn softmax_jvp<T: Real>(a: &[T], g: &[T], dz: &mut [T]) {
    let s = T::dot(a, g);
    for j in 0..dz.len() {
        dz[j] = a[j] * (g[j] - s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_hand() {
        assert_eq!(Activation::Relu.value(-2.0), 0.0);
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::Relu.derivative(1e-300, 1e-300), 1.0);
        assert_eq!(Activation::Sigmoid.value(0.0), 0.5);
        // 1/(1+e^-2) = 0.8807970779778823
        assert!((Activation::Sigmoid.value(2.0f64) - 0.8807970779778823).abs() < 1e-15);
        // Stable far out: no NaN from e^1000.
        assert_eq!(Activation::Sigmoid.value(-1000.0f64), 0.0);
        assert_eq!(Activation::Sigmoid.value(1000.0f64), 1.0);
        let mut a = [0.0f64; 3];
        softmax(&[1000.0, 1000.0, 1000.0 + 2f64.ln()], &mut a);
        // e^0 : e^0 : e^ln2 = 1 : 1 : 2 (1000 + ln 2 is rounded to 1e-13 in f64)
        assert!((a[0] - 0.25).abs() < 1e-12 && (a[2] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn serde_names_are_lowercase() {
        for a in Activation::ALL {
            let s = serde_json::to_string(&a).unwrap();
            assert_eq!(s, format!("\"{}\"", a.name()));
            assert_eq!(Activation::from_name(a.name()), Some(a));
        }
    }
}
