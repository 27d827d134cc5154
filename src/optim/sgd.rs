//! Stochastic gradient descent, plain and with momentum (Keras `SGD`).
//!
//! Plain: `w -= lr·g`. Momentum (Keras form, not the "dampened" PyTorch one):
//! `v = m·v - lr·g; w += v`. All slices have the same length.

use crate::kernels::Real;
use serde::{Deserialize, Serialize};

/// Keras `SGD` hyper-parameters. `Default` = Keras: `learning_rate = 0.01`,
/// `momentum = 0.0`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SgdConfig {
    pub learning_rate: f64,
    pub momentum: f64,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig { learning_rate: 0.01, momentum: 0.0 }
    }
}

impl SgdConfig {
    /// Learning rate finite and > 0; momentum finite in `[0, 1)`.
    pub fn validate(&self) -> Result<(), String> {
        super::check_learning_rate(self.learning_rate)?;
        check_momentum(self.momentum, "momentum")
    }
}

/// `Err` unless `m` is finite and in `[0, 1)`; `field` names it in the message.
pub fn check_momentum(m: f64, field: &str) -> Result<(), String> {
    if m.is_finite() && (0.0..1.0).contains(&m) {
        Ok(())
    } else {
        Err(format!("{field}: must be a number in [0, 1), got {m}"))
    }
}

/// `params -= lr · grads`.
pub fn sgd_update<T: Real>(lr: T, params: &mut [T], grads: &[T]) {
    T::axpy(-lr, grads, params);
}

/// Keras momentum step: `velocity = m·velocity - lr·grads; params += velocity`.
pub fn momentum_update<T: Real>(lr: T, momentum: T, params: &mut [T], grads: &[T], velocity: &mut [T]) {
    for ((p, &g), v) in params.iter_mut().zip(grads).zip(velocity.iter_mut()) {
        *v = momentum * *v - lr * g;
        *p += *v;
    }
}
