//! Typed view of the TensorFlow.js parity fixtures in `tests/fixtures/*.json`
//! (written by `node scripts/tfjs-fixtures.mjs`; schema in
//! `tests/fixtures/README.md`). Independent of the core's layer API so any
//! integration test can load them with `mod common;` and
//! `common::fixtures::load_all()`.
//!
//! Layouts are Keras': Dense kernel `[in, out]`, Embedding `[vocab, dim]`,
//! Conv1D kernel `[kernel, in, filters]`, all row-major (last index fastest).
//! Every array number is a float32 value; the loader snaps each parsed f64 to
//! that float32 (serde_json's default parser can be one f64 ulp off) and
//! rejects numbers that are not float32 values, so `as f32` is exact and f64
//! code sees exactly what tfjs saw.
#![allow(dead_code)]

use serde::{Deserialize, Deserializer};

/// Parses a number array whose entries must be float32 values, returning
/// each as the exact f64 of that float32.
fn f32_values<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let raw = Vec::<f64>::deserialize(d)?;
    raw.into_iter()
        .enumerate()
        .map(|(i, v)| {
            let snapped = v as f32 as f64;
            if v.is_finite() && (snapped - v).abs() > 4.0 * f64::EPSILON * v.abs() {
                Err(serde::de::Error::custom(format!(
                    "data[{i}] = {v:e} is not a float32 value"
                )))
            } else {
                Ok(snapped)
            }
        })
        .collect()
}
use std::path::{Path, PathBuf};

/// One fixture file: a model, one batch, and what TF.js computed for it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    /// File stem, e.g. `dense_mse`.
    pub name: String,
    /// The command that regenerates it.
    pub generator: String,
    pub tfjs_version: String,
    /// TF.js backend used (`cpu`).
    pub backend: String,
    /// Seed of the script's mulberry32 generator that produced weights and data.
    pub seed: u64,
    /// Seeds skipped because of a ReLU kink, a max-pool tie, a clipped
    /// probability or a near-zero gradient.
    pub rejected_seeds: u64,
    pub model: ModelSpec,
    /// Dense: `[batch, in]` float32. Text: `[batch, seqLen]` int32 token ids, 'pre' padded with 0.
    pub input: Tensor,
    /// halfSse/mse/bce: `[batch, out]` float32; cce: one-hot `[batch, out]`;
    /// sparseCce: `[batch]` int32 class ids.
    pub target: Tensor,
    /// Initial trainable weights, in model order (kernel before bias).
    pub weights: Vec<Weight>,
    /// Forward output of the model (`[batch, out]`, after the output activation).
    pub output: Tensor,
    /// Batch-mean loss (Keras SUM_OVER_BATCH_SIZE).
    pub loss: f64,
    /// d loss / d weight, same order, names and shapes as `weights`.
    pub grads: Vec<Grad>,
    pub sgd: SgdStep,
    pub adam: AdamStep,
}

/// Model description; `kind` selects the variant.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ModelSpec {
    Dense(DenseSpec),
    Text(TextSpec),
}

/// A fully connected net, like the teaching network's `sizes`/`activations`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DenseSpec {
    /// Units per layer, input first.
    pub sizes: Vec<usize>,
    /// One per non-input layer: linear | relu | tanh | sigmoid | softmax.
    pub activations: Vec<String>,
    /// halfSse | mse | bce | cce.
    pub loss: String,
    pub loss_reduction: String,
    pub layers: Vec<LayerSpec>,
}

/// Embedding -> Conv1D(relu, valid, stride 1) -> GlobalMaxPooling1D -> Dense.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TextSpec {
    pub vocab_size: usize,
    pub embedding_dim: usize,
    pub sequence_length: usize,
    /// Always `pre`.
    pub padding: String,
    pub filters: usize,
    pub kernel_size: usize,
    pub output_units: usize,
    /// sigmoid | softmax.
    pub output_activation: String,
    /// bce | sparseCce.
    pub loss: String,
    pub loss_reduction: String,
    pub layers: Vec<LayerSpec>,
}

/// A Keras-style layer entry (`{"className", "name", "config"}`); `config`
/// holds tfjs-layers' camelCase arguments (units, activation, filters, ...).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayerSpec {
    pub class_name: String,
    pub name: String,
    pub config: serde_json::Map<String, serde_json::Value>,
}

/// A dense tensor, row-major.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tensor {
    pub shape: Vec<usize>,
    /// `float32` or `int32`.
    pub dtype: String,
    #[serde(deserialize_with = "f32_values")]
    pub data: Vec<f64>,
}

/// A trainable weight with its place in the model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Weight {
    /// `<layer name>/<param>`, e.g. `dense_1/kernel`, `embedding/embeddings`.
    pub name: String,
    /// Index of the layer in `model.layers`.
    pub layer: usize,
    /// `Dense` | `Embedding` | `Conv1D`.
    pub layer_class: String,
    /// `kernel` | `bias` | `embeddings`.
    pub param: String,
    pub shape: Vec<usize>,
    #[serde(deserialize_with = "f32_values")]
    pub data: Vec<f64>,
}

/// Gradient of the batch-mean loss with respect to one weight.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grad {
    pub name: String,
    pub shape: Vec<usize>,
    #[serde(deserialize_with = "f32_values")]
    pub data: Vec<f64>,
}

/// Weights after exactly one `tf.train.sgd(learningRate)` step from `weights`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SgdStep {
    pub learning_rate: f64,
    pub weights_after: Vec<Weight>,
}

/// One Adam step (t = 1) from `weights`, in both epsilon placements.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdamStep {
    pub learning_rate: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
    /// Always 1.
    pub step: u32,
    /// `tfjs`: `weights_after` is `p -= lr*mhat/(sqrt(vhat)+eps)`.
    pub epsilon_form: String,
    pub epsilon_form_note: String,
    /// What `tf.train.adam(...).applyGradients` produced (tfjs form).
    pub weights_after: Vec<Weight>,
    /// Keras form `p -= alpha*m/(sqrt(v)+eps)`, `alpha = lr*sqrt(1-b2^t)/(1-b1^t)`,
    /// computed by the script in f64 from `grads`, rounded to f32.
    pub keras_weights_after: Vec<Weight>,
    pub keras_vs_tfjs: FormDiff,
}

/// Measured difference between the two Adam forms for this fixture.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormDiff {
    pub max_abs_diff: f64,
    /// max |keras - tfjs| / |tfjs weight after|
    pub max_rel_diff: f64,
    /// max |keras - tfjs| / |tfjs step|
    pub max_step_rel_diff: f64,
}

impl ModelSpec {
    pub fn loss(&self) -> &str {
        match self {
            ModelSpec::Dense(d) => &d.loss,
            ModelSpec::Text(t) => &t.loss,
        }
    }
}

impl Fixture {
    /// The initial weight called `name`.
    pub fn weight(&self, name: &str) -> Option<&Weight> {
        self.weights.iter().find(|w| w.name == name)
    }

    /// Batch size (first dimension of the input).
    pub fn batch(&self) -> usize {
        self.input.shape.first().copied().unwrap_or(0)
    }
}

/// `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Parses one fixture file.
pub fn load_path(path: &Path) -> Result<Fixture, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses `tests/fixtures/<name>.json`.
pub fn load(name: &str) -> Fixture {
    let path = fixtures_dir().join(format!("{name}.json"));
    load_path(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every `tests/fixtures/*.json`, sorted by file name.
pub fn load_all() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| load_path(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// (layer index, param, shape) of each trainable weight, in model order.
fn expected_weights(model: &ModelSpec) -> Vec<(usize, &'static str, Vec<usize>)> {
    match model {
        ModelSpec::Dense(d) => d
            .sizes
            .windows(2)
            .enumerate()
            .flat_map(|(l, w)| [(l, "kernel", vec![w[0], w[1]]), (l, "bias", vec![w[1]])])
            .collect(),
        ModelSpec::Text(t) => vec![
            (0, "embeddings", vec![t.vocab_size, t.embedding_dim]),
            (1, "kernel", vec![t.kernel_size, t.embedding_dim, t.filters]),
            (1, "bias", vec![t.filters]),
            (3, "kernel", vec![t.filters, t.output_units]),
            (3, "bias", vec![t.output_units]),
        ],
    }
}

fn check_data(what: &str, shape: &[usize], data: &[f64]) -> Result<(), String> {
    let n: usize = shape.iter().product();
    if data.len() != n {
        return Err(format!(
            "{what}: shape {shape:?} needs {n} numbers, got {}",
            data.len()
        ));
    }
    if let Some(i) = data.iter().position(|v| !v.is_finite()) {
        return Err(format!("{what}: data[{i}] is not finite"));
    }
    Ok(())
}

fn check_tensor(what: &str, t: &Tensor, dtype: &str, shape: &[usize]) -> Result<(), String> {
    if t.dtype != dtype {
        return Err(format!("{what}.dtype: expected {dtype}, got {}", t.dtype));
    }
    if t.shape != shape {
        return Err(format!(
            "{what}.shape: expected {shape:?}, got {:?}",
            t.shape
        ));
    }
    check_data(what, &t.shape, &t.data)?;
    if dtype == "int32" {
        if let Some(i) = t.data.iter().position(|v| v.fract() != 0.0) {
            return Err(format!(
                "{what}.data[{i}]: int32 tensor holds {}",
                t.data[i]
            ));
        }
    }
    Ok(())
}

/// A weight list (`what`) must match `reference` weight for weight: name, shape.
fn check_same_layout(
    what: &str,
    list: &[(String, Vec<usize>, &[f64])],
    reference: &[Weight],
) -> Result<(), String> {
    if list.len() != reference.len() {
        return Err(format!(
            "{what}: {} entries, weights has {}",
            list.len(),
            reference.len()
        ));
    }
    for (i, ((name, shape, data), w)) in list.iter().zip(reference).enumerate() {
        if *name != w.name || *shape != w.shape {
            return Err(format!(
                "{what}[{i}]: {name} {shape:?} does not match weight {} {:?}",
                w.name, w.shape
            ));
        }
        check_data(&format!("{what}[{i}] ({name})"), shape, data)?;
    }
    Ok(())
}

fn layout(ws: &[Weight]) -> Vec<(String, Vec<usize>, &[f64])> {
    ws.iter()
        .map(|w| (w.name.clone(), w.shape.clone(), w.data.as_slice()))
        .collect()
}

impl Fixture {
    /// Checks every shape against the model description, that all numbers
    /// are finite, ids/labels are in range, and that grads and the optimizer
    /// results line up with the weights. The error names the field.
    pub fn validate(&self) -> Result<(), String> {
        let batch = self.batch();
        if batch == 0 {
            return Err("input.shape: empty batch".into());
        }
        let (layers, n_out) = match &self.model {
            ModelSpec::Dense(d) => {
                if d.sizes.len() < 2 || d.activations.len() + 1 != d.sizes.len() {
                    return Err(format!(
                        "model: {} sizes with {} activations",
                        d.sizes.len(),
                        d.activations.len()
                    ));
                }
                let (n_in, n_out) = (d.sizes[0], *d.sizes.last().unwrap());
                check_tensor("input", &self.input, "float32", &[batch, n_in])?;
                check_tensor("target", &self.target, "float32", &[batch, n_out])?;
                if d.loss == "cce" || d.loss == "bce" {
                    if let Some(i) = self.target.data.iter().position(|&v| v != 0.0 && v != 1.0) {
                        return Err(format!(
                            "target.data[{i}]: {} loss needs 0/1 targets",
                            d.loss
                        ));
                    }
                }
                (&d.layers, n_out)
            }
            ModelSpec::Text(t) => {
                check_tensor("input", &self.input, "int32", &[batch, t.sequence_length])?;
                if let Some(i) = self
                    .input
                    .data
                    .iter()
                    .position(|&v| v < 0.0 || v >= t.vocab_size as f64)
                {
                    return Err(format!(
                        "input.data[{i}]: token id {} outside 0..{}",
                        self.input.data[i], t.vocab_size
                    ));
                }
                match t.loss.as_str() {
                    "bce" => {
                        check_tensor("target", &self.target, "float32", &[batch, t.output_units])?
                    }
                    "sparseCce" => {
                        check_tensor("target", &self.target, "int32", &[batch])?;
                        if let Some(i) = self
                            .target
                            .data
                            .iter()
                            .position(|&v| v < 0.0 || v >= t.output_units as f64)
                        {
                            return Err(format!(
                                "target.data[{i}]: class {} outside 0..{}",
                                self.target.data[i], t.output_units
                            ));
                        }
                    }
                    other => {
                        return Err(format!("model.loss: unexpected {other} for a text model"))
                    }
                }
                if t.sequence_length < t.kernel_size {
                    return Err("model.kernelSize: longer than the sequence".into());
                }
                (&t.layers, t.output_units)
            }
        };
        check_tensor("output", &self.output, "float32", &[batch, n_out])?;
        if !self.loss.is_finite() || self.loss <= 0.0 {
            return Err(format!(
                "loss: expected a finite positive number, got {}",
                self.loss
            ));
        }

        let expected = expected_weights(&self.model);
        if self.weights.len() != expected.len() {
            return Err(format!(
                "weights: expected {} tensors, got {}",
                expected.len(),
                self.weights.len()
            ));
        }
        for (i, (w, (layer, param, shape))) in self.weights.iter().zip(&expected).enumerate() {
            let Some(spec) = layers.get(*layer) else {
                return Err(format!("model.layers: no layer {layer} for weights[{i}]"));
            };
            let name = format!("{}/{param}", spec.name);
            if w.layer != *layer
                || w.param != *param
                || w.name != name
                || w.layer_class != spec.class_name
            {
                return Err(format!(
                    "weights[{i}]: expected {name} (layer {layer}, {}), got {} (layer {}, {})",
                    spec.class_name, w.name, w.layer, w.layer_class
                ));
            }
            if w.shape != *shape {
                return Err(format!(
                    "weights[{i}].shape ({name}): expected {shape:?}, got {:?}",
                    w.shape
                ));
            }
            check_data(&format!("weights[{i}] ({name})"), &w.shape, &w.data)?;
        }

        let grads: Vec<_> = self
            .grads
            .iter()
            .map(|g| (g.name.clone(), g.shape.clone(), g.data.as_slice()))
            .collect();
        check_same_layout("grads", &grads, &self.weights)?;
        check_same_layout(
            "sgd.weightsAfter",
            &layout(&self.sgd.weights_after),
            &self.weights,
        )?;
        check_same_layout(
            "adam.weightsAfter",
            &layout(&self.adam.weights_after),
            &self.weights,
        )?;
        check_same_layout(
            "adam.kerasWeightsAfter",
            &layout(&self.adam.keras_weights_after),
            &self.weights,
        )?;

        let lr_ok = |lr: f64| lr.is_finite() && lr > 0.0;
        if !lr_ok(self.sgd.learning_rate) || !lr_ok(self.adam.learning_rate) {
            return Err("sgd/adam.learningRate: must be a finite number > 0".into());
        }
        let a = &self.adam;
        if a.step != 1
            || a.epsilon_form != "tfjs"
            || !(0.0..1.0).contains(&a.beta1)
            || !(0.0..1.0).contains(&a.beta2)
        {
            return Err(format!(
                "adam: expected step 1, epsilonForm tfjs, betas in [0,1); got {a:?}"
            ));
        }
        let d = &a.keras_vs_tfjs;
        if ![d.max_abs_diff, d.max_rel_diff, d.max_step_rel_diff]
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
        {
            return Err("adam.kerasVsTfjs: expected finite non-negative numbers".into());
        }
        Ok(())
    }
}
