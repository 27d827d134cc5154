//! `Network`: the teaching network for JavaScript (docs/network-state.md).
//!
//! Objects cross as plain JS objects (serde-wasm-bindgen, JSON-compatible);
//! batches cross as `Float64Array`s, flat and row-major (`[n, inputs]`).
//! Every error is thrown as a JS `Error` whose message names the field.

use crate::net::{self, NetError, Regularization, WeightPenalty};
use crate::wasm::args;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_err(e: NetError) -> JsError {
    JsError::new(&e.0)
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("internal: could not convert to a JS value: {e}")))
}

/// TypeScript shapes of what this class takes and returns (serialised by
/// serde-wasm-bindgen's JSON-compatible serializer from src/net/state.rs,
/// trace.rs and gradcheck.rs: `None` fields marked `skip_serializing_if` are
/// absent, other `None`s are `null`). Checked by tests/types/usage.ts.
#[wasm_bindgen(typescript_custom_section)]
const NETWORK_TS: &'static str = r#"
/** Activation of a non-input layer (`softmax`: output layer only). */
export type ActivationName = "linear" | "relu" | "sigmoid" | "tanh" | "softmax";
/** halfSse: 1/2 sum (a-y)^2; mse, bce: mean over outputs (Keras); cce: -sum y ln a. */
export type LossName = "halfSse" | "mse" | "bce" | "cce";
/** The optimiser, as `toJSON()` and traces return it. */
export type OptimizerSpec =
  | { kind: "sgd" }
  | { kind: "momentum"; momentum: number }
  | { kind: "adam"; beta1: number; beta2: number; epsilon: number };
/** The optimiser as `fromJSON` accepts it (Adam's hyper-parameters default to Keras'). */
export type OptimizerSpecInput =
  | { kind: "sgd" }
  | { kind: "momentum"; momentum: number }
  | { kind: "adam"; beta1?: number; beta2?: number; epsilon?: number };
/** A tensor set shaped like the parameters: `weights[l][j][i]`, `biases[l][j]`. */
export interface ParamSet {
  weights: number[][][];
  biases: number[][];
}
/** `t` = steps taken; `velocity` (momentum) or `m`, `v` (Adam) when that optimiser ran. */
export interface OptimizerState {
  t: number;
  velocity?: ParamSet;
  m?: ParamSet;
  v?: ParamSet;
}
/** The whole state (docs/network-state.md), as `toJSON()` returns it. */
export interface NetworkState {
  version: 1;
  /** Units per layer, input first. */
  sizes: number[];
  /** One per non-input layer. */
  activations: ActivationName[];
  loss: LossName;
  /** `weights[l][j][i]`: from unit i of layer l to unit j of layer l+1 (out x in). */
  weights: number[][][];
  biases: number[][];
  input: number[];
  target: number[];
  learningRate: number;
  optimizer: OptimizerSpec;
  optimizerState: OptimizerState;
  step: number;
}
/** What `Network.fromJSON` accepts: `optimizerState` and `step` may be missing or null. */
export interface NetworkStateInput {
  version: number;
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  weights: number[][][];
  biases: number[][];
  input: number[];
  target: number[];
  learningRate: number;
  optimizer: OptimizerSpecInput;
  optimizerState?: {
    t?: number;
    velocity?: ParamSet | null;
    m?: ParamSet | null;
    v?: ParamSet | null;
  } | null;
  step?: number | null;
}
/** One non-input layer of a single-sample step. */
export interface LayerTrace {
  activation: ActivationName;
  /** z_j = sum_i w_ji a_i + b_j */
  z: number[];
  /** a_j = f(z_j) */
  a: number[];
  /** f'(z_j); null for softmax. */
  dActivation: number[] | null;
  /** dL/dz_j */
  delta: number[];
  /** [j][i] = delta_j * a_i(previous layer) */
  weightGrad: number[][];
  biasGrad: number[];
  weightsBefore: number[][];
  weightsAfter: number[][];
  biasesBefore: number[];
  biasesAfter: number[];
}
/** What `step()` returns, after the update. */
export interface StepTrace {
  /** The step number after this step (1 for the first). */
  step: number;
  input: number[];
  target: number[];
  /** Loss before the update. */
  loss: number;
  /** dL/da of the output layer. */
  lossGrad: number[];
  layers: LayerTrace[];
  optimizer: OptimizerSpec;
  learningRate: number;
}
/** Per-sample values of one layer in a batch step. */
export interface SampleLayerTrace {
  z: number[];
  a: number[];
  delta: number[];
}
export interface SampleTrace {
  input: number[];
  target: number[];
  loss: number;
  layers: SampleLayerTrace[];
}
/** One layer of a batch step: batch-mean gradients and the update. */
export interface BatchLayerTrace {
  activation: ActivationName;
  weightGrad: number[][];
  biasGrad: number[];
  weightsBefore: number[][];
  weightsAfter: number[][];
  biasesBefore: number[];
  biasesAfter: number[];
}
/** What `stepBatch()` returns. `loss` is the batch mean before the update. */
export interface BatchTrace {
  step: number;
  loss: number;
  samples: SampleTrace[];
  layers: BatchLayerTrace[];
  optimizer: OptimizerSpec;
  learningRate: number;
}
/** One parameter of `gradientCheck()` (for a bias, `col` is 0). */
export interface GradCheckEntry {
  layer: number;
  kind: "weight" | "bias";
  row: number;
  col: number;
  analytic: number;
  numeric: number;
  /** |a-n| / max(|a|, |n|, 1e-12), 0 when both are 0. */
  relError: number;
  /** The parameter feeds a ReLU unit with z <= 0. */
  deadRelu: boolean;
  /** θ ± h put a ReLU unit on both sides of z = 0: the difference straddles its kink (not a slope). */
  atKink: boolean;
  /** relError < 1e-5, or the two values within 1e-9 (rounding noise at a 0 gradient). */
  agrees: boolean;
}
/** `Network.xorDataset()`: flat inputs [4, 2] and targets [4, 1]. */
export interface XorDataset {
  inputs: number[];
  targets: number[];
}
"#;

/// The teaching network (f64).
#[wasm_bindgen(js_name = Network)]
pub struct WasmNetwork {
    inner: net::Network,
}

#[wasm_bindgen(js_class = Network)]
impl WasmNetwork {
    /// Load a state object (or its JSON string); throws naming the bad field.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "NetworkStateInput | string")] state: JsValue,
    ) -> Result<WasmNetwork, JsError> {
        let inner = if let Some(s) = state.as_string() {
            net::Network::from_json(&s)
        } else {
            let v = args::json(&state, "state")?;
            net::Network::from_value(&v)
        }
        .map_err(js_err)?;
        Ok(WasmNetwork { inner })
    }

    /// A preset: `"article"` (the 2-3-2 worked example) or `"xor"`.
    pub fn preset(
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<WasmNetwork, JsError> {
        let name = args::string(&name, "preset: name")?;
        Ok(WasmNetwork {
            inner: net::Network::preset(&name).map_err(js_err)?,
        })
    }

    /// The four XOR points as `{inputs: number[8], targets: number[4]}`.
    #[wasm_bindgen(js_name = xorDataset, unchecked_return_type = "XorDataset")]
    pub fn xor_dataset() -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Data {
            inputs: Vec<f64>,
            targets: Vec<f64>,
        }
        let (inputs, targets) = net::Network::xor_dataset();
        to_js(&Data { inputs, targets })
    }

    /// The state as a plain object (also used by `JSON.stringify(network)`).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "NetworkState")]
    pub fn to_json(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.state())
    }

    /// The loss at the current input and target, without training.
    pub fn loss(&self) -> Result<f64, JsError> {
        self.inner.loss().map_err(js_err)
    }

    /// One training step on the stored input/target; returns the step trace.
    /// Throws on divergence (the network is left unchanged).
    #[wasm_bindgen(unchecked_return_type = "StepTrace")]
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        let t = self.inner.step().map_err(js_err)?;
        to_js(&t)
    }

    /// One step on a batch: `inputs` `[n, sizes[0]]`, `targets` `[n, outputs]`;
    /// returns the batch trace (per-sample values, mean gradients).
    #[wasm_bindgen(js_name = stepBatch, unchecked_return_type = "BatchTrace")]
    pub fn step_batch(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] inputs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] targets: JsValue,
    ) -> Result<JsValue, JsError> {
        let inputs = args::f64s(&inputs, "stepBatch: inputs")?;
        let targets = args::f64s(&targets, "stepBatch: targets")?;
        let t = self.inner.step_batch(&inputs, &targets).map_err(js_err)?;
        to_js(&t)
    }

    /// Central-difference check of every parameter: an array of
    /// `{layer, kind, row, col, analytic, numeric, relError, deadRelu, atKink,
    /// agrees}` (`agrees`: relError < 1e-5, or the two within 1e-9).
    #[wasm_bindgen(js_name = gradientCheck, unchecked_return_type = "GradCheckEntry[]")]
    pub fn gradient_check(&self) -> Result<JsValue, JsError> {
        let g = self.inner.gradient_check().map_err(js_err)?;
        to_js(&g)
    }

    /// Outputs for `inputs` `[n, sizes[0]]`, flat `[n, outputs]`.
    #[wasm_bindgen(js_name = predictBatch)]
    pub fn predict_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] inputs: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let inputs = args::f64s(&inputs, "predictBatch: inputs")?;
        self.inner.predict_batch(&inputs).map_err(js_err)
    }

    /// Every layer's activations (input layer first) for `inputs` `[n,
    /// sizes[0]]`, neuron-major: unit `j` of layer `l`, sample `s` is at
    /// `(offset_l + j)·n + s` with `offset_l = sizes[0] + … + sizes[l-1]`, so
    /// each neuron's heat map is the contiguous `subarray(u·n, (u+1)·n)`.
    #[wasm_bindgen(js_name = activationsBatch)]
    pub fn activations_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] inputs: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let inputs = args::f64s(&inputs, "activationsBatch: inputs")?;
        self.inner.activations_batch(&inputs).map_err(js_err)
    }

    /// `steps` mini-batch updates on a toy dataset (reshuffled each epoch
    /// from `seed`); returns each step's mean data loss. Optional weight
    /// penalty, as the TensorFlow Playground's: `regularization` `"none"`
    /// (default), `"l1"` or `"l2"`, and `rate` (default 0). Throws on
    /// divergence or a bad penalty. `batchSize`: 1 to 65536; `steps`: 1 to
    /// 1000000; `seed`: 0 to 4294967295 (whole numbers; anything else
    /// throws, nothing is wrapped).
    #[wasm_bindgen(js_name = trainSteps)]
    #[allow(clippy::too_many_arguments)]
    pub fn train_steps(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] inputs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] targets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] batch_size: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] steps: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seed: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] regularization: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] rate: JsValue,
    ) -> Result<Vec<f64>, JsError> {
        let inputs = args::f64s(&inputs, "trainSteps: inputs")?;
        let targets = args::f64s(&targets, "trainSteps: targets")?;
        let batch_size = args::count(
            &batch_size,
            "trainSteps: batchSize",
            1,
            net::MAX_BATCH_SIZE as u64,
        )?;
        let steps = args::count(&steps, "trainSteps: steps", 1, net::MAX_TRAIN_STEPS as u64)?;
        let seed = args::count(&seed, "trainSteps: seed", 0, u32::MAX as u64)?;
        let regularization = if regularization.is_undefined() || regularization.is_null() {
            "none".to_string()
        } else {
            args::string(&regularization, "trainSteps: regularization")?
        };
        let rate = if rate.is_undefined() || rate.is_null() {
            0.0
        } else {
            rate.as_f64().ok_or_else(|| {
                JsError::new(&format!(
                    "trainSteps: rate must be a number, got {}",
                    args::type_name(&rate)
                ))
            })?
        };
        let penalty = WeightPenalty {
            kind: Regularization::parse(&regularization).map_err(|e| JsError::new(&e))?,
            rate,
        };
        self.inner
            .train_steps(
                &inputs,
                &targets,
                batch_size as usize,
                steps as usize,
                seed,
                penalty,
            )
            .map_err(js_err)
    }
}
