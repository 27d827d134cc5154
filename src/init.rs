//! Weight initialisers, matching Keras' definitions.
//!
//! Fans: for a Dense kernel `[in, out]`, `fan_in = in`, `fan_out = out`; for a
//! Conv1D kernel `[k, in, filters]`, `fan_in = k·in`, `fan_out = k·filters`
//! (Keras' receptive-field rule). [`Fans`] computes both.

use crate::kernels::Real;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Keras' `RandomUniform` default range for `Embedding` (`[-0.05, 0.05]`).
pub const EMBEDDING_UNIFORM_LIMIT: f64 = 0.05;

/// `stddev` correction Keras uses for a normal truncated at ±2σ, so the
/// truncated distribution has the intended variance.
pub const TRUNCATED_NORMAL_STD_CORRECTION: f64 = 0.879_625_661_034_239_8;

/// Fan-in and fan-out of a weight tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fans {
    pub fan_in: usize,
    pub fan_out: usize,
}

impl Fans {
    /// Dense kernel `[in, out]`.
    pub fn dense(input: usize, output: usize) -> Self {
        Fans { fan_in: input, fan_out: output }
    }
    /// Conv1D kernel `[k, in, filters]`.
    pub fn conv1d(k: usize, input: usize, filters: usize) -> Self {
        Fans { fan_in: k * input, fan_out: k * filters }
    }
}

/// How to fill a weight tensor. Serde form: `{"kind": "glorotUniform"}`,
/// `{"kind": "constant", "value": 0.5}`, ...
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Init {
    /// Keras default for Dense/Conv1D kernels: U(-l, l), `l = √(6/(fan_in+fan_out))`.
    GlorotUniform,
    /// Keras `he_normal`: normal truncated at ±2σ, σ = √(2/fan_in)/0.8796…
    HeNormal,
    /// Keras `he_uniform`: U(-l, l), `l = √(6/fan_in)`.
    HeUniform,
    /// All zeros (Keras' bias default).
    Zeros,
    /// Every element `value`.
    Constant { value: f64 },
    /// U(-limit, limit); Keras' Embedding default is `limit = 0.05`.
    Uniform { limit: f64 },
}

impl Default for Init {
    fn default() -> Self {
        Init::GlorotUniform
    }
}

/// Glorot/Xavier uniform limit `√(6/(fan_in+fan_out))`.
pub fn glorot_limit(f: Fans) -> f64 {
    (6.0 / (f.fan_in + f.fan_out).max(1) as f64).sqrt()
}

/// He uniform limit `√(6/fan_in)`.
pub fn he_uniform_limit(f: Fans) -> f64 {
    (6.0 / f.fan_in.max(1) as f64).sqrt()
}

/// He normal standard deviation before truncation (Keras' corrected value).
pub fn he_normal_std(f: Fans) -> f64 {
    (2.0 / f.fan_in.max(1) as f64).sqrt() / TRUNCATED_NORMAL_STD_CORRECTION
}

impl Init {
    /// Fill `out` (any shape; `fans` describes it) from `rng`.
    pub fn fill<T: Real>(self, fans: Fans, rng: &mut Rng, out: &mut [T]) {
        match self {
            Init::GlorotUniform => fill_uniform(glorot_limit(fans), rng, out),
            Init::HeUniform => fill_uniform(he_uniform_limit(fans), rng, out),
            Init::HeNormal => {
                let std = he_normal_std(fans);
                for o in out.iter_mut() {
                    *o = T::from_f64(rng.truncated_normal(0.0, std));
                }
            }
            Init::Zeros => out.iter_mut().for_each(|o| *o = T::ZERO),
            Init::Constant { value } => out.iter_mut().for_each(|o| *o = T::from_f64(value)),
            Init::Uniform { limit } => fill_uniform(limit, rng, out),
        }
    }

    /// Keras' Embedding default: `Uniform { limit: 0.05 }`.
    pub fn embedding_default() -> Self {
        Init::Uniform { limit: EMBEDDING_UNIFORM_LIMIT }
    }
}

/// Fill with U(-limit, limit).
pub fn fill_uniform<T: Real>(limit: f64, rng: &mut Rng, out: &mut [T]) {
    for o in out.iter_mut() {
        *o = T::from_f64(rng.range(-limit, limit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glorot_limits_by_hand() {
        // Dense 2->3: √(6/5) = 1.0954451150103321.
        assert!((glorot_limit(Fans::dense(2, 3)) - 1.0954451150103321).abs() < 1e-15);
        // Conv1D k=3, in=4, filters=8: fans 12 and 24, √(6/36) = 0.408248290463863.
        let f = Fans::conv1d(3, 4, 8);
        assert_eq!(f, Fans { fan_in: 12, fan_out: 24 });
        assert!((glorot_limit(f) - 0.408248290463863).abs() < 1e-15);
    }

    #[test]
    fn fills_respect_their_bounds_and_are_seeded() {
        let f = Fans::dense(10, 20);
        let mut a = vec![0.0f64; 1000];
        Init::GlorotUniform.fill(f, &mut Rng::new(3), &mut a);
        let l = glorot_limit(f);
        assert!(a.iter().all(|x| x.abs() < l));
        assert!(a.iter().any(|x| x.abs() > 0.9 * l));
        let mut b = vec![0.0f64; 1000];
        Init::GlorotUniform.fill(f, &mut Rng::new(3), &mut b);
        assert_eq!(a, b);
        let mut h = vec![0.0f32; 20000];
        Init::HeNormal.fill(f, &mut Rng::new(4), &mut h);
        let std = he_normal_std(f);
        assert!(h.iter().all(|&x| (x as f64).abs() <= 2.0 * std + 1e-6));
        // Corrected truncated normal has variance 2/fan_in = 0.2.
        let var: f64 = h.iter().map(|&x| (x as f64).powi(2)).sum::<f64>() / h.len() as f64;
        assert!((var - 0.2).abs() < 0.01, "{var}");
        let mut e = vec![1.0f32; 100];
        Init::embedding_default().fill(f, &mut Rng::new(5), &mut e);
        assert!(e.iter().all(|x| x.abs() < 0.05));
        Init::Constant { value: 0.5 }.fill(f, &mut Rng::new(5), &mut e);
        assert!(e.iter().all(|&x| x == 0.5));
    }
}
