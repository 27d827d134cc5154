//! Weight penalties for toy-dataset training (the TensorFlow Playground's
//! "Regularization" and "Regularization rate"): value and derivative side by
//! side, as the Playground's `RegularizationFunction` `output`/`der` pairs.
//!
//! Training then minimises `L + rate · Σ_w penalty(w)` over the weights
//! (never the biases, as in the Playground): each step adds
//! `rate · penalty'(w)` to every weight's gradient before the optimizer
//! runs. The loss that training reports stays the data loss `L`, as the
//! Playground's loss curves do. The step-by-step teaching view has no
//! penalty: its traces are plain backprop.

use serde::{Deserialize, Serialize};

/// Which penalty. Serde names: `"none"`, `"l1"`, `"l2"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Regularization {
    /// No penalty.
    #[default]
    None,
    /// `penalty(w) = |w|`, `penalty'(w) = sign(w)` (0 at 0, as the Playground).
    L1,
    /// `penalty(w) = ½·w²`, `penalty'(w) = w`.
    L2,
}

impl Regularization {
    /// Parse a name as in JSON (`none`, `l1`, `l2`; case-insensitive).
    pub fn parse(name: &str) -> Result<Self, String> {
        match name.to_ascii_lowercase().as_str() {
            "none" | "" => Ok(Regularization::None),
            "l1" => Ok(Regularization::L1),
            "l2" => Ok(Regularization::L2),
            _ => Err(format!(
                "regularization: expected none, l1 or l2, got {name:?}"
            )),
        }
    }

    /// `penalty(w)`.
    pub fn output(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => w.abs(),
            Regularization::L2 => 0.5 * w * w,
        }
    }

    /// `penalty'(w)`.
    pub fn der(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => {
                if w > 0.0 {
                    1.0
                } else if w < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Regularization::L2 => w,
        }
    }
}

/// A penalty and its rate (`λ ≥ 0`, finite). Default: none, rate 0.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct WeightPenalty {
    pub kind: Regularization,
    pub rate: f64,
}

impl WeightPenalty {
    /// Checks the rate.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.rate.is_finite() && self.rate >= 0.0) {
            return Err(format!(
                "regularization rate: must be a finite number ≥ 0, got {}",
                self.rate
            ));
        }
        Ok(())
    }

    /// Whether it changes anything.
    pub fn is_active(&self) -> bool {
        self.kind != Regularization::None && self.rate > 0.0
    }

    /// `rate · Σ penalty(w)` over weight rows `[layer][unit][input]`.
    pub fn value(&self, weights: &[Vec<Vec<f64>>]) -> f64 {
        let sum: f64 = weights
            .iter()
            .flatten()
            .flatten()
            .map(|&w| self.kind.output(w))
            .sum();
        self.rate * sum
    }

    /// Adds `rate · penalty'(w)` to each weight's gradient (same shapes).
    pub fn add_gradient(&self, weights: &[Vec<Vec<f64>>], grads: &mut [Vec<Vec<f64>>]) {
        if !self.is_active() {
            return;
        }
        for (wl, gl) in weights.iter().zip(grads.iter_mut()) {
            for (wr, gr) in wl.iter().zip(gl.iter_mut()) {
                for (&w, g) in wr.iter().zip(gr.iter_mut()) {
                    *g += self.rate * self.kind.der(w);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for kind in [Regularization::None, Regularization::L1, Regularization::L2] {
            // Away from 0, where |w| is not differentiable.
            for w in [-2.5, -0.3, 0.01, 0.7, 3.0] {
                let fd = (kind.output(w + h) - kind.output(w - h)) / (2.0 * h);
                assert!(
                    (fd - kind.der(w)).abs() < 1e-6,
                    "{kind:?} at {w}: {fd} vs {}",
                    kind.der(w)
                );
            }
        }
        // By hand: |−0.5| = 0.5, ½·(−0.5)² = 0.125; sign(0) = 0.
        assert_eq!(Regularization::L1.output(-0.5), 0.5);
        assert_eq!(Regularization::L2.output(-0.5), 0.125);
        assert_eq!(Regularization::L1.der(0.0), 0.0);
    }

    #[test]
    fn value_and_gradient_over_layers() {
        let w = vec![vec![vec![1.0, -2.0]], vec![vec![0.5], vec![-0.25]]];
        let p = WeightPenalty {
            kind: Regularization::L2,
            rate: 0.1,
        };
        // 0.1 · ½ · (1 + 4 + 0.25 + 0.0625) = 0.265625.
        assert!((p.value(&w) - 0.265625).abs() < 1e-15);
        let mut g = vec![vec![vec![1.0, 1.0]], vec![vec![0.0], vec![0.0]]];
        p.add_gradient(&w, &mut g);
        let flat =
            |g: &[Vec<Vec<f64>>]| g.iter().flatten().flatten().copied().collect::<Vec<f64>>();
        for (got, want) in flat(&g).iter().zip([1.1, 0.8, 0.05, -0.025]) {
            assert!((got - want).abs() < 1e-15, "{g:?}");
        }
        let l1 = WeightPenalty {
            kind: Regularization::L1,
            rate: 0.5,
        };
        let mut g = vec![vec![vec![0.0, 0.0]], vec![vec![0.0], vec![0.0]]];
        l1.add_gradient(&w, &mut g);
        assert_eq!(g, vec![vec![vec![0.5, -0.5]], vec![vec![0.5], vec![-0.5]]]);
        // Rate 0 or kind none: nothing changes.
        let before = g.clone();
        WeightPenalty::default().add_gradient(&w, &mut g);
        assert_eq!(g, before);
    }

    #[test]
    fn bad_rates_and_names_are_rejected() {
        for rate in [-0.1, f64::NAN, f64::INFINITY] {
            let p = WeightPenalty {
                kind: Regularization::L2,
                rate,
            };
            assert!(p.validate().unwrap_err().contains("regularization rate"));
        }
        assert_eq!(Regularization::parse("L2").unwrap(), Regularization::L2);
        assert!(Regularization::parse("l3")
            .unwrap_err()
            .contains("none, l1 or l2"));
    }
}
