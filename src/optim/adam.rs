//! Adam (Kingma & Ba), in Keras' form.
//!
//! Per step `t = 1, 2, ...`: `m += (g-m)(1-β1)`, `v += (g²-v)(1-β2)`,
//! `w -= α·m/(√v + ε)` with `α = lr·√(1-β2ᵗ)/(1-β1ᵗ)`: the bias correction
//! is folded into `α`, so `ε` is added to the uncorrected `√v` (Keras, TF.js).

use crate::kernels::Real;
use serde::{Deserialize, Serialize};

/// Keras `Adam` hyper-parameters. `Default` = Keras: `learning_rate = 0.001`,
/// `beta_1 = 0.9`, `beta_2 = 0.999`, `epsilon = 1e-7`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdamConfig {
    pub learning_rate: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig { learning_rate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
    }
}

impl AdamConfig {
    /// Learning rate finite > 0, betas in `[0, 1)`, epsilon finite > 0.
    pub fn validate(&self) -> Result<(), String> {
        super::check_learning_rate(self.learning_rate)?;
        check_adam_hyper(self.beta1, self.beta2, self.epsilon, "")
    }

    /// `α` for step `t` (1-based).
    pub fn alpha(&self, t: u64) -> f64 {
        adam_alpha(self.learning_rate, self.beta1, self.beta2, t)
    }
}

/// Validate β1, β2 in `[0, 1)` and ε finite > 0; `prefix` goes before the
/// field names (e.g. `"optimizer."`).
pub fn check_adam_hyper(beta1: f64, beta2: f64, epsilon: f64, prefix: &str) -> Result<(), String> {
    super::sgd::check_momentum(beta1, &format!("{prefix}beta1"))?;
    super::sgd::check_momentum(beta2, &format!("{prefix}beta2"))?;
    if !(epsilon.is_finite() && epsilon > 0.0) {
        return Err(format!("{prefix}epsilon: must be a finite number > 0, got {epsilon}"));
    }
    Ok(())
}

/// `α = lr·√(1-β2ᵗ)/(1-β1ᵗ)` for step `t` (1-based).
pub fn adam_alpha(lr: f64, beta1: f64, beta2: f64, t: u64) -> f64 {
    let t = t.min(i32::MAX as u64) as i32;
    lr * (1.0 - beta2.powi(t)).sqrt() / (1.0 - beta1.powi(t))
}

/// One Adam step at step `t` (1-based) over one parameter tensor, through
/// [`Real::adam_update`]. `m` and `v` start at zero.
pub fn adam_update<T: Real>(cfg: &AdamConfig, t: u64, params: &mut [T], grads: &[T], m: &mut [T], v: &mut [T]) {
    T::adam_update(
        params,
        grads,
        m,
        v,
        T::from_f64(cfg.alpha(t)),
        T::from_f64(cfg.beta1),
        T::from_f64(cfg.beta2),
        T::from_f64(cfg.epsilon),
    );
}
