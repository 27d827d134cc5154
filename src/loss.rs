//! Losses for one sample: value and gradient side by side.
//!
//! Reductions follow Keras: `mse` and `bce` average over the output units,
//! `cce` sums over classes; batch losses are the mean over samples (the caller
//! averages). The fused forms take logits `z` and return `δ = ∂L/∂z` directly,
//! which is stable where the separate forms would overflow.

use crate::activation::{sigmoid, softmax, Activation};
use crate::kernels::Real;
use serde::{Deserialize, Serialize};

/// Keras' fuzz factor `epsilon()`: probabilities are clipped to `[ε, 1-ε]`.
pub const EPSILON: f64 = 1e-7;

/// A loss on one sample's outputs `a` against targets `y` (same length `n`).
/// Serde names: `"halfSse"`, `"mse"`, `"bce"`, `"cce"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Loss {
    /// `½ Σ (a-y)²`; `∂L/∂a = a - y` (the textbook form).
    HalfSse,
    /// `(1/n) Σ (a-y)²` (Keras `mse`); `∂L/∂a = 2(a-y)/n`.
    Mse,
    /// Binary cross-entropy on probabilities (Keras 3 form), `p = clip(a, ε, 1-ε)`:
    /// `-(1/n) Σ [y ln p + (1-y) ln(1-p)]`; `∂L/∂a = (p-y)/(n p(1-p))`, 0 where
    /// `a` was clipped (as TensorFlow's `clip_by_value` gradient).
    Bce,
    /// Categorical cross-entropy on probabilities, `p = clip(a, ε, 1-ε)`:
    /// `-Σ y ln p`; `∂L/∂a = -y/p`, 0 where clipped. Unlike Keras this does not
    /// renormalise `a` to sum 1 (only matters when the output is not softmax).
    Cce,
}

impl Loss {
    /// Every variant.
    pub const ALL: [Loss; 4] = [Loss::HalfSse, Loss::Mse, Loss::Bce, Loss::Cce];

    /// camelCase name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Loss::HalfSse => "halfSse",
            Loss::Mse => "mse",
            Loss::Bce => "bce",
            Loss::Cce => "cce",
        }
    }

    /// Parse a camelCase name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == s)
    }

    /// Loss of one sample.
    pub fn value<T: Real>(self, a: &[T], y: &[T]) -> T {
        let n = T::from_f64(a.len().max(1) as f64);
        let (lo, hi) = clip_bounds::<T>();
        let mut s = T::ZERO;
        for (&ai, &yi) in a.iter().zip(y) {
            s += match self {
                Loss::HalfSse | Loss::Mse => (ai - yi) * (ai - yi),
                Loss::Bce => {
                    let p = ai.max(lo).min(hi);
                    -(yi * p.ln() + (T::ONE - yi) * (T::ONE - p).ln())
                }
                Loss::Cce => -(yi * ai.max(lo).min(hi).ln()),
            };
        }
        match self {
            Loss::HalfSse => s * T::from_f64(0.5),
            Loss::Mse | Loss::Bce => s / n,
            Loss::Cce => s,
        }
    }

    /// `grad = ∂L/∂a` for one sample (overwritten).
    pub fn gradient<T: Real>(self, a: &[T], y: &[T], grad: &mut [T]) {
        let n = T::from_f64(a.len().max(1) as f64);
        let (lo, hi) = clip_bounds::<T>();
        for ((g, &ai), &yi) in grad.iter_mut().zip(a).zip(y) {
            let clipped = ai < lo || ai > hi;
            *g = match self {
                Loss::HalfSse => ai - yi,
                Loss::Mse => T::from_f64(2.0) * (ai - yi) / n,
                Loss::Bce if clipped => T::ZERO,
                Loss::Bce => (ai - yi) / (n * ai * (T::ONE - ai)),
                Loss::Cce if clipped => T::ZERO,
                Loss::Cce => -yi / ai,
            };
        }
    }

    /// Whether this loss has a fused, stable form with output activation `act`
    /// (`bce` + sigmoid, `cce` + softmax).
    pub fn fuses_with(self, act: Activation) -> bool {
        matches!(
            (self, act),
            (Loss::Bce, Activation::Sigmoid) | (Loss::Cce, Activation::Softmax)
        )
    }

    /// Fused loss from logits `z` with `delta = ∂L/∂z` (overwritten); `None`
    /// (and `delta` untouched) when [`Self::fuses_with`] is false.
    pub fn fused<T: Real>(self, act: Activation, z: &[T], y: &[T], delta: &mut [T]) -> Option<T> {
        match (self, act) {
            (Loss::Bce, Activation::Sigmoid) => Some(bce_with_logits(z, y, delta)),
            (Loss::Cce, Activation::Softmax) => Some(cce_with_logits(z, y, delta)),
            _ => None,
        }
    }
}

fn clip_bounds<T: Real>() -> (T, T) {
    (T::from_f64(EPSILON), T::from_f64(1.0 - EPSILON))
}

/// Sigmoid + BCE from logits, stable for any `z`:
/// `L = (1/n) Σ [max(z,0) - z y + ln(1 + e^{-|z|})]`, `δ = (σ(z) - y)/n`.
pub fn bce_with_logits<T: Real>(z: &[T], y: &[T], delta: &mut [T]) -> T {
    let n = T::from_f64(z.len().max(1) as f64);
    let mut s = T::ZERO;
    for ((d, &zi), &yi) in delta.iter_mut().zip(z).zip(y) {
        s += zi.max(T::ZERO) - zi * yi + (T::ONE + (-zi.abs()).exp()).ln();
        *d = (sigmoid(zi) - yi) / n;
    }
    s / n
}

/// `ln Σ e^{z_k}`, with the max subtracted first.
pub fn log_sum_exp<T: Real>(z: &[T]) -> T {
    if z.is_empty() {
        return T::ZERO;
    }
    let m = z.iter().copied().fold(z[0], T::max);
    let mut s = T::ZERO;
    for &zi in z {
        s += (zi - m).exp();
    }
    m + s.ln()
}

/// Softmax + CCE from logits: `L = Σ_j y_j (lse(z) - z_j)`,
/// `δ_j = softmax(z)_j · Σy - y_j` (= `a - y` for one-hot or probability targets).
pub fn cce_with_logits<T: Real>(z: &[T], y: &[T], delta: &mut [T]) -> T {
    let lse = log_sum_exp(z);
    softmax(z, delta);
    let sy = y.iter().fold(T::ZERO, |s, &v| s + v);
    let mut l = T::ZERO;
    for ((d, &zi), &yi) in delta.iter_mut().zip(z).zip(y) {
        l += yi * (lse - zi);
        *d = *d * sy - yi;
    }
    l
}

fn check_label(label: usize, n: usize) -> Result<(), String> {
    if label < n {
        Ok(())
    } else {
        Err(format!("label {label} is out of range for {n} classes"))
    }
}

/// Softmax + sparse CCE from logits, integer `label`:
/// `L = lse(z) - z_label`, `δ = softmax(z) - onehot(label)`.
pub fn sparse_cce_with_logits<T: Real>(
    z: &[T],
    label: usize,
    delta: &mut [T],
) -> Result<T, String> {
    check_label(label, z.len())?;
    let l = log_sum_exp(z) - z[label];
    softmax(z, delta);
    delta[label] -= T::ONE;
    Ok(l)
}

/// Sparse CCE on probabilities: `L = -ln clip(p_label)`; `grad` (overwritten)
/// is `-1/p_label` at the label (0 if clipped), 0 elsewhere.
pub fn sparse_cce<T: Real>(p: &[T], label: usize, grad: &mut [T]) -> Result<T, String> {
    check_label(label, p.len())?;
    let (lo, hi) = clip_bounds::<T>();
    grad.iter_mut().for_each(|g| *g = T::ZERO);
    let pl = p[label];
    if pl >= lo && pl <= hi {
        grad[label] = -T::ONE / pl;
    }
    Ok(-pl.max(lo).min(hi).ln())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_hand() {
        // ½((2-1)² + (2-0)²) = 2.5; mse = (1+4)/2 = 2.5 too; grads (1,2) and (1,2).
        let a = [2.0, 2.0];
        let y = [1.0, 0.0];
        assert_eq!(Loss::HalfSse.value(&a, &y), 2.5);
        assert_eq!(Loss::Mse.value(&a, &y), 2.5);
        let mut g = [0.0; 2];
        Loss::HalfSse.gradient(&a, &y, &mut g);
        assert_eq!(g, [1.0, 2.0]);
        Loss::Mse.gradient(&a, &y, &mut g);
        assert_eq!(g, [1.0, 2.0]);
        // BCE at p = 0.8, y = 1: -ln 0.8 = 0.2231435513142097.
        assert!((Loss::Bce.value(&[0.8], &[1.0]) - 0.2231435513142097).abs() < 1e-15);
        // Clipped: p = 1 with y = 0 gives -ln(1e-7) = 16.11809565095832, grad 0.
        assert!((Loss::Bce.value(&[1.0], &[0.0]) - 16.11809565095832).abs() < 1e-6);
        let mut g1 = [9.0];
        Loss::Bce.gradient(&[1.0], &[0.0], &mut g1);
        assert_eq!(g1, [0.0]);
        // Sparse from logits with z = (0, ln 3): softmax (1/4, 3/4), L = -ln(3/4).
        let mut d = [0.0; 2];
        let l = sparse_cce_with_logits(&[0.0, 3f64.ln()], 1, &mut d).unwrap();
        assert!((l - 0.2876820724517809).abs() < 1e-15);
        assert!((d[0] - 0.25).abs() < 1e-15 && (d[1] + 0.25).abs() < 1e-15);
        assert!(sparse_cce_with_logits(&[0.0, 1.0], 2, &mut d).is_err());
    }

    #[test]
    fn fused_forms_are_stable() {
        let mut d = [0.0; 1];
        // z = 1000, y = 0: loss 1000, delta 1.
        let l = bce_with_logits(&[1000.0f64], &[0.0], &mut d);
        assert_eq!(l, 1000.0);
        assert_eq!(d, [1.0]);
        let mut d2 = [0.0; 2];
        let l = cce_with_logits(&[1000.0f64, -1000.0], &[0.0, 1.0], &mut d2);
        assert_eq!(l, 2000.0);
        assert_eq!(d2, [1.0, -1.0]);
    }

    #[test]
    fn serde_names() {
        for l in Loss::ALL {
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                format!("\"{}\"", l.name())
            );
        }
    }
    #[test]
    fn cce_with_logits_gradient_matches_finite_differences_for_targets_not_summing_to_one() {
        let z = [0.3f64, -1.2, 0.8];
        let y = [0.2, 0.5, 0.6];
        let mut d = [0.0; 3];
        cce_with_logits(&z, &y, &mut d);
        let h = 1e-6;
        for j in 0..3 {
            let (mut zp, mut zm) = (z, z);
            zp[j] += h;
            zm[j] -= h;
            let mut tmp = [0.0; 3];
            let fd = (cce_with_logits(&zp, &y, &mut tmp) - cce_with_logits(&zm, &y, &mut tmp))
                / (2.0 * h);
            assert!((fd - d[j]).abs() < 1e-7, "{j}: {fd} vs {}", d[j]);
        }
    }
}
