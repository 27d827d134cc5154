//! Gradient check: backprop against central finite differences (f64).
//!
//! For each parameter θ: `numeric = (L(θ+h) - L(θ-h)) / 2h` with `h = 1e-5`,
//! at the network's current input and target, and
//! `relError = |a - n| / max(|a|, |n|, 1e-12)` (0 when both are 0).
//!
//! Where `θ ± h` put a ReLU unit on the two sides of `z = 0` (a unit sitting
//! at the kink, `z = 0` exactly, is the usual case), the difference measures
//! across the kink, where the derivative is undefined (backprop uses
//! `relu'(0) = 0`): such entries are marked `at_kink` and may disagree.

use super::network::Network;
use super::state::NetError;
use serde::Serialize;

/// The finite-difference step.
pub const GRADCHECK_H: f64 = 1e-5;

/// Weight or bias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamKind {
    Weight,
    Bias,
}

/// One parameter's check. For a bias, `col` is 0.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradCheckEntry {
    /// Non-input layer index (0 = first hidden layer).
    pub layer: usize,
    pub kind: ParamKind,
    /// Unit `j` in layer `layer + 1`.
    pub row: usize,
    /// Unit `i` in the previous layer (weights only).
    pub col: usize,
    pub analytic: f64,
    pub numeric: f64,
    pub rel_error: f64,
    /// The parameter feeds a ReLU unit with `z <= 0` (derivative 0): the
    /// numeric estimate may straddle the kink.
    pub dead_relu: bool,
    /// `θ + h` and `θ - h` put some ReLU unit (in any layer) on different
    /// sides of `z = 0`: the finite difference straddles its kink and is not
    /// a derivative, so backprop and it may legitimately disagree.
    pub at_kink: bool,
    /// Backprop and the finite difference agree: `relError < 1e-5`, or both
    /// within [`GRADCHECK_NOISE`] of each other (an exactly-0 gradient
    /// against rounding noise gives relError 1). Not meaningful `at_kink`.
    pub agrees: bool,
}

/// The finite difference's rounding noise at `h = 1e-5` (about 1e-11 with
/// losses near 1): two values closer than this agree, whatever their ratio.
pub const GRADCHECK_NOISE: f64 = 1e-9;

/// `|a - n| / max(|a|, |n|, 1e-12)`, 0 when both are 0.
pub fn rel_error(a: f64, n: f64) -> f64 {
    if a == 0.0 && n == 0.0 {
        0.0
    } else {
        (a - n).abs() / a.abs().max(n.abs()).max(1e-12)
    }
}

impl Network {
    /// Check every weight and bias, in order: layer by layer, weights row by
    /// row, then that layer's biases.
    pub fn gradient_check(&self) -> Result<Vec<GradCheckEntry>, NetError> {
        let s = self.state();
        let pass = self.pass(&s.input, &s.target);
        let mut out = Vec::new();
        let mut w = s.weights.clone();
        let mut b = s.biases.clone();
        let h = GRADCHECK_H;
        let prev_a = |l: usize| if l == 0 { &s.input } else { &pass.a[l - 1] };
        let relu: Vec<bool> = s
            .activations
            .iter()
            .map(|&a| a == crate::activation::Activation::Relu)
            .collect();
        // Whether the two evaluations put a ReLU unit on different sides of 0.
        let straddles = |zp: &[Vec<f64>], zm: &[Vec<f64>]| {
            (0..zp.len()).any(|l| {
                relu[l]
                    && zp[l]
                        .iter()
                        .zip(&zm[l])
                        .any(|(&p, &m)| (p > 0.0) != (m > 0.0))
            })
        };
        for l in 0..w.len() {
            let is_relu = relu[l];
            for j in 0..w[l].len() {
                let dead = is_relu && pass.z[l][j] <= 0.0;
                for i in 0..w[l][j].len() {
                    let orig = w[l][j][i];
                    w[l][j][i] = orig + h;
                    let (lp, zp) = self.loss_and_z_with(&w, &b, &s.input, &s.target);
                    w[l][j][i] = orig - h;
                    let (lm, zm) = self.loss_and_z_with(&w, &b, &s.input, &s.target);
                    w[l][j][i] = orig;
                    let numeric = (lp - lm) / (2.0 * h);
                    let analytic = pass.delta[l][j] * prev_a(l)[i];
                    let flags = (dead, straddles(&zp, &zm));
                    out.push(entry(l, ParamKind::Weight, j, i, analytic, numeric, flags)?);
                }
            }
            for j in 0..b[l].len() {
                let dead = is_relu && pass.z[l][j] <= 0.0;
                let orig = b[l][j];
                b[l][j] = orig + h;
                let (lp, zp) = self.loss_and_z_with(&w, &b, &s.input, &s.target);
                b[l][j] = orig - h;
                let (lm, zm) = self.loss_and_z_with(&w, &b, &s.input, &s.target);
                b[l][j] = orig;
                let numeric = (lp - lm) / (2.0 * h);
                let flags = (dead, straddles(&zp, &zm));
                out.push(entry(
                    l,
                    ParamKind::Bias,
                    j,
                    0,
                    pass.delta[l][j],
                    numeric,
                    flags,
                )?);
            }
        }
        Ok(out)
    }
}

fn entry(
    layer: usize,
    kind: ParamKind,
    row: usize,
    col: usize,
    analytic: f64,
    numeric: f64,
    (dead_relu, at_kink): (bool, bool),
) -> Result<GradCheckEntry, NetError> {
    if !analytic.is_finite() || !numeric.is_finite() {
        return Err(NetError(format!(
            "gradientCheck: non-finite gradient at layer {layer} {kind:?} [{row}][{col}] (the loss overflows here)"
        )));
    }
    Ok(GradCheckEntry {
        layer,
        kind,
        row,
        col,
        analytic,
        numeric,
        rel_error: rel_error(analytic, numeric),
        dead_relu,
        at_kink,
        agrees: rel_error(analytic, numeric) < 1e-5 || (analytic - numeric).abs() < GRADCHECK_NOISE,
    })
}
