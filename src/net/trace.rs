//! What one training step did, for the page to show (docs/network-state.md).
//!
//! Layer `l` in `layers` is the l-th non-input layer. Serialised camelCase;
//! `dActivation` is `null` for softmax (its Jacobian is not diagonal).

use super::state::OptimizerSpec;
use crate::activation::Activation;
use serde::Serialize;

/// One non-input layer during a single-sample step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerTrace {
    pub activation: Activation,
    /// `z_j = Σ_i w_ji a_i + b_j`.
    pub z: Vec<f64>,
    /// `a_j = f(z_j)`.
    pub a: Vec<f64>,
    /// `f'(z_j)`; `None` (null) for softmax.
    pub d_activation: Option<Vec<f64>>,
    /// `δ_j = ∂L/∂z_j`.
    pub delta: Vec<f64>,
    /// `[j][i] = δ_j · a_i(previous layer)`.
    pub weight_grad: Vec<Vec<f64>>,
    /// `[j] = δ_j`.
    pub bias_grad: Vec<f64>,
    pub weights_before: Vec<Vec<f64>>,
    pub weights_after: Vec<Vec<f64>>,
    pub biases_before: Vec<f64>,
    pub biases_after: Vec<f64>,
}

/// Everything one `step()` computed, after the update was applied.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepTrace {
    /// The step number after this step (1 for the first).
    pub step: u64,
    pub input: Vec<f64>,
    pub target: Vec<f64>,
    /// Loss before the update.
    pub loss: f64,
    /// `∂L/∂a` of the output layer.
    pub loss_grad: Vec<f64>,
    pub layers: Vec<LayerTrace>,
    pub optimizer: OptimizerSpec,
    pub learning_rate: f64,
}

/// Per-sample values of one layer in a batch step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleLayerTrace {
    pub z: Vec<f64>,
    pub a: Vec<f64>,
    pub delta: Vec<f64>,
}

/// One sample of a batch step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleTrace {
    pub input: Vec<f64>,
    pub target: Vec<f64>,
    pub loss: f64,
    pub layers: Vec<SampleLayerTrace>,
}

/// One layer of a batch step: batch-mean gradients and the update.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchLayerTrace {
    pub activation: Activation,
    pub weight_grad: Vec<Vec<f64>>,
    pub bias_grad: Vec<f64>,
    pub weights_before: Vec<Vec<f64>>,
    pub weights_after: Vec<Vec<f64>>,
    pub biases_before: Vec<f64>,
    pub biases_after: Vec<f64>,
}

/// Everything one `step_batch()` computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchTrace {
    pub step: u64,
    /// Mean loss over the batch, before the update.
    pub loss: f64,
    pub samples: Vec<SampleTrace>,
    pub layers: Vec<BatchLayerTrace>,
    pub optimizer: OptimizerSpec,
    pub learning_rate: f64,
}
