//! `Network`: the teaching network for JavaScript (docs/network-state.md).
//!
//! Objects cross as plain JS objects (serde-wasm-bindgen, JSON-compatible);
//! batches cross as `Float64Array`s, flat and row-major (`[n, inputs]`).
//! Every error is thrown as a JS `Error` whose message names the field.

use crate::net::{self, NetError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_err(e: NetError) -> JsError {
    JsError::new(&e.0)
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("internal: could not convert to a JS value: {e}")))
}

/// The teaching network (f64).
#[wasm_bindgen(js_name = Network)]
pub struct WasmNetwork {
    inner: net::Network,
}

#[wasm_bindgen(js_class = Network)]
impl WasmNetwork {
    /// Load a state object (or its JSON string); throws naming the bad field.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(state: JsValue) -> Result<WasmNetwork, JsError> {
        let inner = if let Some(s) = state.as_string() {
            net::Network::from_json(&s)
        } else {
            let v: serde_json::Value = serde_wasm_bindgen::from_value(state)
                .map_err(|e| JsError::new(&format!("state: not a plain JSON-like object: {e}")))?;
            net::Network::from_value(&v)
        }
        .map_err(js_err)?;
        Ok(WasmNetwork { inner })
    }

    /// A preset: `"article"` (the 2-3-2 worked example) or `"xor"`.
    pub fn preset(name: &str) -> Result<WasmNetwork, JsError> {
        Ok(WasmNetwork {
            inner: net::Network::preset(name).map_err(js_err)?,
        })
    }

    /// The four XOR points as `{inputs: number[8], targets: number[4]}`.
    #[wasm_bindgen(js_name = xorDataset)]
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
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.state())
    }

    /// The loss at the current input and target, without training.
    pub fn loss(&self) -> Result<f64, JsError> {
        self.inner.loss().map_err(js_err)
    }

    /// One training step on the stored input/target; returns the step trace.
    /// Throws on divergence (the network is left unchanged).
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        let t = self.inner.step().map_err(js_err)?;
        to_js(&t)
    }

    /// One step on a batch: `inputs` `[n, sizes[0]]`, `targets` `[n, outputs]`;
    /// returns the batch trace (per-sample values, mean gradients).
    #[wasm_bindgen(js_name = stepBatch)]
    pub fn step_batch(&mut self, inputs: &[f64], targets: &[f64]) -> Result<JsValue, JsError> {
        let t = self.inner.step_batch(inputs, targets).map_err(js_err)?;
        to_js(&t)
    }

    /// Central-difference check of every parameter: an array of
    /// `{layer, kind, row, col, analytic, numeric, relError, deadRelu}`.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self) -> Result<JsValue, JsError> {
        let g = self.inner.gradient_check().map_err(js_err)?;
        to_js(&g)
    }

    /// Outputs for `inputs` `[n, sizes[0]]`, flat `[n, outputs]`.
    #[wasm_bindgen(js_name = predictBatch)]
    pub fn predict_batch(&self, inputs: &[f64]) -> Result<Vec<f64>, JsError> {
        self.inner.predict_batch(inputs).map_err(js_err)
    }

    /// Every layer's activations (input layer first) for `inputs` `[n,
    /// sizes[0]]`, neuron-major: unit `j` of layer `l`, sample `s` is at
    /// `(offset_l + j)·n + s` with `offset_l = sizes[0] + … + sizes[l-1]`, so
    /// each neuron's heat map is the contiguous `subarray(u·n, (u+1)·n)`.
    #[wasm_bindgen(js_name = activationsBatch)]
    pub fn activations_batch(&self, inputs: &[f64]) -> Result<Vec<f64>, JsError> {
        self.inner.activations_batch(inputs).map_err(js_err)
    }

    /// `steps` mini-batch updates on a toy dataset (reshuffled each epoch
    /// from `seed`); returns each step's mean loss. Throws on divergence.
    #[wasm_bindgen(js_name = trainSteps)]
    pub fn train_steps(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        batch_size: u32,
        steps: u32,
        seed: u32,
    ) -> Result<Vec<f64>, JsError> {
        self.inner
            .train_steps(
                inputs,
                targets,
                batch_size as usize,
                steps as usize,
                seed as u64,
            )
            .map_err(js_err)
    }
}
