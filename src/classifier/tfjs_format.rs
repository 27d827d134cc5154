//! Export and import in the TensorFlow.js Layers format, the files
//! `tf.loadLayersModel` reads:
//!
//! - `model.json`: `{format: "layers-model", generatedBy, convertedBy,
//!   modelTopology: {class_name: "Sequential", config: {name, layers: [...]},
//!   keras_version, backend}, weightsManifest: [{paths:
//!   ["group1-shard1of1.bin"], weights: [{name, shape, dtype: "float32"}]}]}`.
//!   The layer configs copy what tfjs-layers 4.22 itself writes for
//!   `Embedding`, `Conv1D`, `GlobalMaxPooling1D`, `Dropout` (only when the
//!   rate is > 0) and `Dense` (checked by `tests/tfjs_load/check.mjs`).
//! - `group1-shard1of1.bin`: the weights as little-endian `float32`, in
//!   manifest order: `embedding/embeddings [V, E]`, `conv1d/kernel [k, E, F]`,
//!   `conv1d/bias [F]`, `dense/kernel [F, U]`, `dense/bias [U]`.
//!
//! The bigram channel ([`Architecture::bigrams`]: two ids per position, their
//! embeddings side by side, `2E` conv channels) is written as the same
//! Sequential model over the flattened `[maxLen·2]` ids: the Embedding's
//! output `[2L, E]` is the interleaved `[L, 2E]`, and a `Conv1D` with
//! `kernel_size 2k, strides 2` over it computes exactly our `[k, 2E, F]`
//! convolution (window `t` covers ids `2t .. 2t+2k`, and kernel row `2kk+j`
//! is our row `kk`'s channel block `j`: the same floats in the same order).
//! Import reads `strides: [2]` back as the bigram channel.
//!
//! With the bag-of-tokens branch ([`Architecture::bag_of_tokens`]) the model
//! is no longer a chain, and is written as a functional model (`class_name:
//! "Model"`, the form tfjs-layers 4.22 writes for `tf.model`): the input
//! `ids` feeds the CNN above, whose `Dense` is then linear (`dense`), and an
//! `Embedding(V, U)` (`bag_of_tokens`) whose `GlobalAveragePooling1D`
//! (`bag_mean`) is added to it (`Add`, `logits`) before the sigmoid or
//! softmax (`Activation`, `probabilities`). The bag weights are written
//! times [`BAG_SCALE`], so the plain mean over the `L` ids is our branch;
//! their row 0 (padding) is 0, as ours is.
//!
//! Import reads files written by us or by TF.js (layer names may differ, e.g.
//! `embedding_Embedding1`; weights are found as `<layer name>/<param>`), and
//! checks the layer sequence, names, shapes, dtypes and byte length; errors
//! say what is wrong.

use super::model::{Architecture, BAG_SCALE};
use serde_json::{json, Value};

/// The weight file name in the manifest.
pub const WEIGHTS_FILE: &str = "group1-shard1of1.bin";

/// One named weight tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedTensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

fn glorot_uniform() -> Value {
    json!({"class_name": "VarianceScaling", "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}})
}

fn zeros() -> Value {
    json!({"class_name": "Zeros", "config": {}})
}

/// `model.json` (as a JSON value) and the weight bytes for a model with this
/// architecture and these six tensors (model order, see the module doc; the
/// last, the bag-of-tokens weights, empty without the branch).
pub fn export(arch: &Architecture, tensors: [&[f32]; 6]) -> Result<(Value, Vec<u8>), String> {
    arch.validate()?;
    if !arch.bag_of_tokens && !tensors[5].is_empty() {
        return Err("bag-of-tokens weights given for a model without the branch".into());
    }
    let u = arch.units();
    let output = if u == 1 { "sigmoid" } else { "softmax" };
    // With the bag branch the Dense gives logits and an Activation follows.
    let activation = if arch.bag_of_tokens { "linear" } else { output };
    let (s, ids_len) = (arch.slots(), arch.ids_len());
    let mut layers = vec![
        json!({"class_name": "Embedding", "config": {
            "input_dim": arch.vocab_size, "output_dim": arch.embedding_dim,
            "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
            "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null,
            "mask_zero": null, "input_length": ids_len, "name": "embedding", "trainable": true}}),
        json!({"class_name": "Conv1D", "config": {
            "filters": arch.filters, "kernel_initializer": glorot_uniform(), "kernel_regularizer": null,
            "kernel_constraint": null, "kernel_size": [arch.kernel_size * s], "strides": [s], "padding": "valid",
            "dilation_rate": [1], "activation": "relu", "use_bias": true, "bias_initializer": zeros(),
            "bias_regularizer": null, "activity_regularizer": null, "bias_constraint": null,
            "name": "conv1d", "trainable": true}}),
        json!({"class_name": "GlobalMaxPooling1D", "config": {"name": "global_max_pooling1d", "trainable": true}}),
    ];
    if arch.dropout > 0.0 {
        layers.push(json!({"class_name": "Dropout", "config": {
            "rate": arch.dropout, "noise_shape": null, "seed": null, "name": "dropout", "trainable": true}}));
    }
    layers.push(json!({"class_name": "Dense", "config": {
        "units": u, "activation": activation, "use_bias": true, "kernel_initializer": glorot_uniform(),
        "bias_initializer": zeros(), "kernel_regularizer": null, "bias_regularizer": null,
        "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null,
        "name": "dense", "trainable": true}}));
    let specs = weight_specs(arch, ["embedding", "conv1d", "dense", "bag_of_tokens"]);
    let mut bin = Vec::new();
    let mut weights = Vec::new();
    for (i, ((name, shape), data)) in specs.iter().zip(tensors).enumerate() {
        let n: usize = shape.iter().product();
        if data.len() != n {
            return Err(format!(
                "{name}: has {} values, its shape {shape:?} needs {n}",
                data.len()
            ));
        }
        let scale = if i == 5 { BAG_SCALE as f32 } else { 1.0 };
        for v in data {
            bin.extend_from_slice(&(v * scale).to_le_bytes());
        }
        weights.push(json!({"name": name, "shape": shape, "dtype": "float32"}));
    }
    let topology = if arch.bag_of_tokens {
        functional(arch, layers, output)
    } else {
        // A Sequential model's first layer declares the input.
        layers[0]["config"]["batch_input_shape"] = json!([null, ids_len]);
        layers[0]["config"]["dtype"] = "float32".into();
        json!({"class_name": "Sequential", "config": {"name": "text_classifier", "layers": layers}})
    };
    let (class_name, config) = (&topology["class_name"], &topology["config"]);
    let model = json!({
        "format": "layers-model",
        "generatedBy": format!("nn-playground {}", crate::version()),
        "convertedBy": null,
        "modelTopology": {
            "class_name": class_name,
            "config": config,
            "keras_version": "tfjs-layers 4.22.0",
            "backend": "tensor_flow.js"
        },
        "weightsManifest": [{"paths": [WEIGHTS_FILE], "weights": weights}]
    });
    Ok((model, bin))
}

/// The functional form of the Sequential `layers` (Embedding, Conv1D,
/// GlobalMaxPooling1D, [Dropout], Dense) with the bag-of-tokens branch: the
/// layout `tf.model` writes (module doc).
fn functional(arch: &Architecture, chain: Vec<Value>, output: &str) -> Value {
    // Built from JSON text (a format string is data; the `json!` macro
    // for these nested objects cost about 20 KB of wasm code).
    let node = |from: &[&str]| {
        let refs: Vec<String> = from
            .iter()
            .map(|n| format!(r#"["{n}",0,0,{{}}]"#))
            .collect();
        format!("[[{}]]", refs.join(","))
    };
    let mut layers = vec![format!(
        r#"{{"name":"ids","class_name":"InputLayer","config":{{"batch_input_shape":[null,{}],"dtype":"float32","sparse":false,"name":"ids"}},"inbound_nodes":[]}}"#,
        arch.ids_len()
    )];
    let mut prev = "ids".to_string();
    for l in chain {
        let name = l["config"]["name"].as_str().unwrap_or_default().to_string();
        layers.push(format!(
            r#"{{"name":"{name}","class_name":{},"config":{},"inbound_nodes":{}}}"#,
            l["class_name"],
            l["config"],
            node(&[&prev])
        ));
        prev = name;
    }
    layers.push(format!(
        r#"{{"name":"bag_of_tokens","class_name":"Embedding","config":{{"input_dim":{},"output_dim":{},"embeddings_initializer":{{"class_name":"Zeros","config":{{}}}},"embeddings_regularizer":null,"activity_regularizer":null,"embeddings_constraint":null,"mask_zero":null,"input_length":{},"name":"bag_of_tokens","trainable":true}},"inbound_nodes":{}}}"#,
        arch.vocab_size,
        arch.units(),
        arch.ids_len(),
        node(&["ids"])
    ));
    layers.push(format!(
        r#"{{"name":"bag_mean","class_name":"GlobalAveragePooling1D","config":{{"name":"bag_mean","trainable":true}},"inbound_nodes":{}}}"#,
        node(&["bag_of_tokens"])
    ));
    layers.push(format!(
        r#"{{"name":"logits","class_name":"Add","config":{{"name":"logits","trainable":true}},"inbound_nodes":{}}}"#,
        node(&[&prev, "bag_mean"])
    ));
    layers.push(format!(
        r#"{{"name":"probabilities","class_name":"Activation","config":{{"activation":"{output}","name":"probabilities","trainable":true}},"inbound_nodes":{}}}"#,
        node(&["logits"])
    ));
    let text = format!(
        r#"{{"class_name":"Model","config":{{"name":"text_classifier","layers":[{}],"input_layers":[["ids",0,0]],"output_layers":[["probabilities",0,0]]}}}}"#,
        layers.join(",")
    );
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn weight_specs(arch: &Architecture, names: [&str; 4]) -> Vec<(String, Vec<usize>)> {
    let [e, c, d, b] = names;
    let mut specs = vec![
        (
            format!("{e}/embeddings"),
            vec![arch.vocab_size, arch.embedding_dim],
        ),
        (
            format!("{c}/kernel"),
            vec![
                arch.kernel_size * arch.slots(),
                arch.embedding_dim,
                arch.filters,
            ],
        ),
        (format!("{c}/bias"), vec![arch.filters]),
        (format!("{d}/kernel"), vec![arch.filters, arch.units()]),
        (format!("{d}/bias"), vec![arch.units()]),
    ];
    if arch.bag_of_tokens {
        specs.push((
            format!("{b}/embeddings"),
            vec![arch.vocab_size, arch.units()],
        ));
    }
    specs
}

fn get<'a>(v: &'a Value, key: &str, ctx: &str) -> Result<&'a Value, String> {
    v.get(key)
        .ok_or_else(|| format!("model.json: {ctx} has no \"{key}\""))
}

fn as_usize(v: &Value, ctx: &str) -> Result<usize, String> {
    // Keras writes some sizes as one-element lists (kernel_size: [5]).
    let v = match v {
        Value::Array(a) if a.len() == 1 => &a[0],
        _ => v,
    };
    v.as_u64()
        .map(|x| x as usize)
        .ok_or_else(|| format!("model.json: {ctx} must be a positive integer, got {v}"))
}

/// Read `model.json` and the weight bytes back: the architecture (with
/// `classes` = 2 for a one-unit sigmoid output) and the six tensors in model
/// order (the bag-of-tokens weights unscaled, empty without the branch).
pub fn import(model: &Value, bin: &[u8]) -> Result<(Architecture, [Vec<f32>; 6]), String> {
    if let Some(f) = model.get("format").and_then(Value::as_str) {
        if f != "layers-model" {
            return Err(format!(
                "model.json: format is \"{f}\", expected \"layers-model\""
            ));
        }
    }
    let topo = get(model, "modelTopology", "the file")?;
    // Either {class_name, config} or a Keras model_config wrapper.
    let topo = topo.get("model_config").unwrap_or(topo);
    let class = get(topo, "class_name", "modelTopology")?
        .as_str()
        .unwrap_or("");
    let cfg = get(topo, "config", "modelTopology")?;
    // The CNN's layers in order; with the bag branch also its Embedding, the
    // final activation and the input layer's length.
    let (layers, bag, output, input_len) = match class {
        "Sequential" => {
            let layers = match cfg {
                Value::Array(a) => a,
                _ => get(cfg, "layers", "modelTopology.config")?
                    .as_array()
                    .ok_or("model.json: modelTopology.config.layers must be a list")?,
            };
            (layers.iter().collect::<Vec<_>>(), None, None, None)
        }
        "Model" | "Functional" => {
            let (chain, bag, output, input_len) = functional_parts(cfg)?;
            (chain, Some(bag), Some(output), input_len)
        }
        _ => {
            return Err(format!(
                "model.json: modelTopology.class_name is \"{class}\", expected \"Sequential\" or \"Model\""
            ))
        }
    };
    let kinds: Vec<&str> = layers
        .iter()
        .map(|l| l.get("class_name").and_then(Value::as_str).unwrap_or("?"))
        .collect();
    let expected_with = [
        "Embedding",
        "Conv1D",
        "GlobalMaxPooling1D",
        "Dropout",
        "Dense",
    ];
    let has_dropout = kinds.len() == 5;
    let expected: Vec<&str> = expected_with
        .iter()
        .copied()
        .filter(|k| has_dropout || *k != "Dropout")
        .collect();
    if kinds != expected {
        return Err(format!(
            "model.json: layers are {kinds:?}, expected Embedding, Conv1D, GlobalMaxPooling1D, [Dropout,] Dense"
        ));
    }
    let lc = |i: usize| get(layers[i], "config", &format!("layer {i} ({})", kinds[i]));
    let name = |i: usize| -> Result<String, String> {
        Ok(lc(i)?
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&kinds[i].to_lowercase())
            .to_string())
    };
    let (emb, conv, dense) = (lc(0)?, lc(1)?, lc(kinds.len() - 1)?);
    let ids_len = match emb.get("input_length").filter(|v| !v.is_null()) {
        Some(v) => as_usize(v, "Embedding.input_length")?,
        None if input_len.is_some() => input_len.unwrap_or_default(),
        None => {
            let s = get(
                emb,
                "batch_input_shape",
                "Embedding config (no input_length)",
            )?;
            as_usize(
                s.get(1).unwrap_or(&Value::Null),
                "Embedding.batch_input_shape[1]",
            )?
        }
    };
    let act = |c: &Value| {
        c.get("activation")
            .and_then(Value::as_str)
            .unwrap_or("linear")
            .to_string()
    };
    if act(conv) != "relu" {
        return Err(format!(
            "model.json: Conv1D activation is \"{}\", expected \"relu\"",
            act(conv)
        ));
    }
    if let Some(p) = conv.get("padding").and_then(Value::as_str) {
        if p != "valid" {
            return Err(format!(
                "model.json: Conv1D padding is \"{p}\", expected \"valid\""
            ));
        }
    }
    if let Some(v) = conv.get("dilation_rate") {
        if as_usize(v, "Conv1D.dilation_rate")? != 1 {
            return Err("model.json: Conv1D dilation_rate must be 1".into());
        }
    }
    let strides = match conv.get("strides") {
        Some(v) => as_usize(v, "Conv1D.strides")?,
        None => 1,
    };
    let conv_kernel = as_usize(
        get(conv, "kernel_size", "Conv1D config")?,
        "Conv1D.kernel_size",
    )?;
    let bigrams = match strides {
        1 => false,
        2 if conv_kernel % 2 == 0 && ids_len % 2 == 0 => true,
        2 => {
            return Err(format!(
                "model.json: a Conv1D with strides 2 (the bigram channel) needs an even kernel_size and input_length, got {conv_kernel} and {ids_len}"
            ))
        }
        s => return Err(format!("model.json: Conv1D strides is {s}; expected 1, or 2 for the bigram channel")),
    };
    let slots = if bigrams { 2 } else { 1 };
    let units = as_usize(get(dense, "units", "Dense config")?, "Dense.units")?;
    // With the bag branch the Dense gives logits; the Activation after the
    // Add is the output's.
    let output = match output {
        Some(o) => {
            if act(dense) != "linear" {
                return Err(format!(
                    "model.json: with the bag-of-tokens branch the Dense activation must be \"linear\", got \"{}\"",
                    act(dense)
                ));
            }
            o
        }
        None => act(dense),
    };
    let classes = match (units, output.as_str()) {
        (1, "sigmoid") => 2,
        (u, "softmax") if u >= 2 => u,
        (u, a) => return Err(format!("model.json: Dense has {u} units with \"{a}\"; expected 1 sigmoid unit or >= 2 softmax units")),
    };
    let dropout = if has_dropout {
        lc(3)?.get("rate").and_then(Value::as_f64).unwrap_or(0.0)
    } else {
        0.0
    };
    let arch = Architecture {
        vocab_size: as_usize(
            get(emb, "input_dim", "Embedding config")?,
            "Embedding.input_dim",
        )?,
        max_len: ids_len / slots,
        embedding_dim: as_usize(
            get(emb, "output_dim", "Embedding config")?,
            "Embedding.output_dim",
        )?,
        filters: as_usize(get(conv, "filters", "Conv1D config")?, "Conv1D.filters")?,
        kernel_size: conv_kernel / slots,
        dropout,
        classes,
        bigrams,
        bag_of_tokens: bag.is_some(),
    };
    arch.validate().map_err(|e| format!("model.json: {e}"))?;
    if let Some(b) = bag {
        let c = get(b, "config", "the bag-of-tokens Embedding")?;
        let dims = (
            as_usize(
                get(c, "input_dim", "bag Embedding config")?,
                "bag Embedding.input_dim",
            )?,
            as_usize(
                get(c, "output_dim", "bag Embedding config")?,
                "bag Embedding.output_dim",
            )?,
        );
        if dims != (arch.vocab_size, arch.units()) {
            return Err(format!(
                "model.json: the bag-of-tokens Embedding is {} x {}, expected {} x {} (vocabulary x output units)",
                dims.0, dims.1, arch.vocab_size, arch.units()
            ));
        }
    }
    let bag_name = bag.map_or("", layer_name);

    // The manifest: every weight in order, concatenated over the groups' files.
    let manifest = get(model, "weightsManifest", "the file")?
        .as_array()
        .ok_or("model.json: weightsManifest must be a list")?;
    let mut entries: Vec<(String, Vec<usize>)> = Vec::new();
    for g in manifest {
        for w in get(g, "weights", "a weightsManifest group")?
            .as_array()
            .ok_or("model.json: weights must be a list")?
        {
            let n = get(w, "name", "a weight")?
                .as_str()
                .ok_or("model.json: weight name must be a string")?
                .to_string();
            let dtype = w.get("dtype").and_then(Value::as_str).unwrap_or("float32");
            if dtype != "float32" {
                return Err(format!(
                    "model.json: weight {n} has dtype {dtype}; only float32 is supported"
                ));
            }
            if w.get("quantization").is_some() {
                return Err(format!(
                    "model.json: weight {n} is quantized; only plain float32 is supported"
                ));
            }
            let shape = get(w, "shape", &format!("weight {n}"))?
                .as_array()
                .ok_or_else(|| format!("model.json: weight {n} shape must be a list"))?
                .iter()
                .map(|d| {
                    d.as_u64()
                        .map(|x| x as usize)
                        .ok_or_else(|| format!("model.json: weight {n} has a bad dimension {d}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            entries.push((n, shape));
        }
    }
    let total: usize = entries
        .iter()
        .map(|(_, s)| s.iter().product::<usize>())
        .sum();
    if bin.len() != total * 4 {
        return Err(format!(
            "weights file has {} bytes, the manifest needs {} ({} float32 values)",
            bin.len(),
            total * 4,
            total
        ));
    }
    let specs = weight_specs(
        &arch,
        [&name(0)?, &name(1)?, &name(kinds.len() - 1)?, bag_name],
    );
    let mut out: [Vec<f32>; 6] = Default::default();
    for (slot, (want, want_shape)) in specs.iter().enumerate() {
        let mut offset = 0;
        let mut found = None;
        for (n, s) in &entries {
            let len: usize = s.iter().product();
            if n == want {
                found = Some((offset, s));
                break;
            }
            offset += len;
        }
        let (offset, shape) = found.ok_or_else(|| {
            let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
            format!("model.json: no weight named \"{want}\" in the manifest (it has {names:?})")
        })?;
        if shape != want_shape {
            return Err(format!("weight {want}: shape {shape:?} does not match the topology, expected {want_shape:?}"));
        }
        let len: usize = shape.iter().product();
        let bytes = &bin[offset * 4..(offset + len) * 4];
        out[slot] = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if let Some(p) = out[slot].iter().position(|v| !v.is_finite()) {
            return Err(format!("weight {want}: value {p} is not a finite number"));
        }
    }
    if arch.bag_of_tokens {
        // Our branch leaves the padding id out; a TF.js-trained model may
        // not, and would then predict differently here.
        if out[5][..arch.units()].iter().any(|&v| v != 0.0) {
            return Err(format!(
                "weight {bag_name}/embeddings: row 0 (the padding id) must be 0"
            ));
        }
        let scale = BAG_SCALE as f32;
        out[5].iter_mut().for_each(|v| *v /= scale);
    }
    Ok((arch, out))
}

/// The layer's name (top level, or in its config).
fn layer_name(l: &Value) -> &str {
    l.get("name")
        .and_then(Value::as_str)
        .or_else(|| {
            l.get("config")
                .and_then(|c| c.get("name"))
                .and_then(Value::as_str)
        })
        .unwrap_or("")
}

fn layer_class(l: &Value) -> &str {
    l.get("class_name").and_then(Value::as_str).unwrap_or("?")
}

/// The layer called `n`, or an error saying so (`what`: which layer it was meant to be).
fn layer_named<'a>(layers: &'a [Value], n: &str, what: &str) -> Result<&'a Value, String> {
    layers
        .iter()
        .find(|l| layer_name(l) == n)
        .ok_or_else(|| format!("model.json: no layer named \"{n}\"{what}"))
}

/// Names of the layers feeding `l` (its first node).
fn inbound(l: &Value) -> Vec<&str> {
    l.get("inbound_nodes")
        .and_then(|n| n.get(0))
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.get(0).and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

const FUNCTIONAL_SHAPE: &str = "model.json: a functional model must be the text classifier's: ids -> Embedding -> Conv1D -> GlobalMaxPooling1D -> [Dropout ->] Dense, and ids -> Embedding -> GlobalAveragePooling1D, the two added (Add), then an Activation";

/// The one layer feeding `l`, which must be a `want`.
fn single_input<'a>(layers: &'a [Value], l: &Value, want: &[&str]) -> Result<&'a Value, String> {
    let from = inbound(l);
    let [n] = from[..] else {
        return Err(format!(
            "{FUNCTIONAL_SHAPE} (layer \"{}\" has {} inputs)",
            layer_name(l),
            from.len()
        ));
    };
    let x = layer_named(layers, n, "")?;
    if want.contains(&layer_class(x)) {
        Ok(x)
    } else {
        Err(format!(
            "{FUNCTIONAL_SHAPE} (\"{}\" gets its input from a {}, expected {})",
            layer_name(l),
            layer_class(x),
            want.join(" or ")
        ))
    }
}

/// A functional model written as [`functional`] writes it (names may
/// differ): the CNN chain `[Embedding, Conv1D, GlobalMaxPooling1D,
/// (Dropout), Dense]`, the bag Embedding, the output activation and the
/// input layer's length.
#[allow(clippy::type_complexity)]
fn functional_parts(cfg: &Value) -> Result<(Vec<&Value>, &Value, String, Option<usize>), String> {
    let layers = get(cfg, "layers", "modelTopology.config")?
        .as_array()
        .ok_or("model.json: modelTopology.config.layers must be a list")?;
    let out_name = cfg
        .get("output_layers")
        .and_then(|o| o.get(0))
        .and_then(|o| o.get(0))
        .and_then(Value::as_str)
        .ok_or("model.json: modelTopology.config has no output_layers")?;
    let out = layer_named(layers, out_name, " (the output)")?;
    if layer_class(out) != "Activation" {
        return Err(format!(
            "{FUNCTIONAL_SHAPE} (the output is a {})",
            layer_class(out)
        ));
    }
    let output = out
        .get("config")
        .and_then(|c| c.get("activation"))
        .and_then(Value::as_str)
        .unwrap_or("linear")
        .to_string();
    let add = single_input(layers, out, &["Add"])?;
    let from = inbound(add);
    let (mean, dense) = match from[..] {
        [a, b] => {
            let (x, y) = (layer_named(layers, a, "")?, layer_named(layers, b, "")?);
            match (layer_class(x), layer_class(y)) {
                ("GlobalAveragePooling1D", _) => (x, y),
                (_, "GlobalAveragePooling1D") => (y, x),
                _ => return Err(format!("{FUNCTIONAL_SHAPE} (the Add's inputs)")),
            }
        }
        _ => {
            return Err(format!(
                "{FUNCTIONAL_SHAPE} (the Add has {} inputs)",
                from.len()
            ))
        }
    };
    if layer_class(dense) != "Dense" {
        return Err(format!(
            "{FUNCTIONAL_SHAPE} (the Add's other input is a {})",
            layer_class(dense)
        ));
    }
    let bag = single_input(layers, mean, &["Embedding"])?;
    let input = single_input(layers, bag, &["InputLayer"])?;
    let mut chain = vec![dense];
    let mut l = single_input(layers, dense, &["Dropout", "GlobalMaxPooling1D"])?;
    if layer_class(l) == "Dropout" {
        chain.push(l);
        l = single_input(layers, l, &["GlobalMaxPooling1D"])?;
    }
    chain.push(l);
    let conv = single_input(layers, l, &["Conv1D"])?;
    chain.push(conv);
    let emb = single_input(layers, conv, &["Embedding"])?;
    chain.push(emb);
    if single_input(layers, emb, &["InputLayer"])? != input {
        return Err(format!("{FUNCTIONAL_SHAPE} (two input layers)"));
    }
    if layers.len() != chain.len() + 5 {
        return Err(format!(
            "{FUNCTIONAL_SHAPE} ({} layers, expected {})",
            layers.len(),
            chain.len() + 5
        ));
    }
    chain.reverse();
    let input_len = input
        .get("config")
        .and_then(|c| c.get("batch_input_shape"))
        .and_then(|s| s.get(1))
        .and_then(Value::as_u64)
        .map(|n| n as usize);
    Ok((chain, bag, output, input_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arch(classes: usize, dropout: f64) -> Architecture {
        Architecture {
            vocab_size: 7,
            max_len: 6,
            embedding_dim: 3,
            filters: 4,
            kernel_size: 2,
            dropout,
            classes,
            bigrams: false,
            bag_of_tokens: false,
        }
    }

    /// Distinct values in every tensor; the bag's row 0 (padding) is 0.
    fn tensors(a: &Architecture) -> [Vec<f32>; 6] {
        let sizes = [
            a.vocab_size * 3,
            2 * a.channels() * 4,
            4,
            4 * a.units(),
            a.units(),
            a.bag_len(),
        ];
        let mut k = 0.0f32;
        let mut t = sizes.map(|n| {
            (0..n)
                .map(|_| {
                    k += 1.0;
                    k * 0.25 - 3.0
                })
                .collect::<Vec<f32>>()
        });
        let u = a.units();
        t[5].iter_mut().take(u).for_each(|v| *v = 0.0);
        t
    }

    fn refs(t: &[Vec<f32>; 6]) -> [&[f32]; 6] {
        [&t[0], &t[1], &t[2], &t[3], &t[4], &t[5]]
    }

    #[test]
    fn round_trip_binary_and_multiclass() {
        for (classes, dropout) in [(2, 0.0), (3, 0.5)] {
            let a = arch(classes, dropout);
            let t = tensors(&a);
            let (json, bin) = export(&a, refs(&t)).unwrap();
            // 7·3 + 2·3·4 + 4 + 4·U + U floats, 4 bytes each.
            let u = a.units();
            assert_eq!(bin.len(), 4 * (21 + 24 + 4 + 4 * u + u));
            // Little-endian f32: the first value is 1·0.25 - 3 = -2.75.
            assert_eq!(&bin[..4], &(-2.75f32).to_le_bytes());
            let layers = json["modelTopology"]["config"]["layers"]
                .as_array()
                .unwrap()
                .len();
            assert_eq!(layers, if dropout > 0.0 { 5 } else { 4 });
            assert_eq!(
                json["weightsManifest"][0]["weights"][1]["name"],
                "conv1d/kernel"
            );
            let (a2, t2) = import(&json, &bin).unwrap();
            assert_eq!(a2, a);
            assert_eq!(t2, t);
            assert_eq!(json["modelTopology"]["class_name"], "Sequential");
        }
    }

    #[test]
    fn import_errors_say_what_is_wrong() {
        let a = arch(2, 0.0);
        let t = tensors(&a);
        let (json, bin) = export(&a, refs(&t)).unwrap();
        let e = import(&json, &bin[..bin.len() - 4]).unwrap_err();
        assert!(e.contains("bytes"), "{e}");
        let mut j = json.clone();
        j["weightsManifest"][0]["weights"][0]["name"] = "emb/embeddings".into();
        assert!(import(&j, &bin)
            .unwrap_err()
            .contains("embedding/embeddings"));
        let mut j = json.clone();
        // Same element count (24), wrong layout.
        j["weightsManifest"][0]["weights"][1]["shape"] = json!([4, 3, 2]);
        let e = import(&j, &bin).unwrap_err();
        assert!(e.contains("conv1d/kernel") && e.contains("shape"), "{e}");
        let mut j = json.clone();
        j["modelTopology"]["config"]["layers"][1]["config"]["activation"] = "tanh".into();
        assert!(import(&j, &bin).unwrap_err().contains("relu"));
        let mut j = json.clone();
        j["format"] = "graph-model".into();
        assert!(import(&j, &bin).unwrap_err().contains("layers-model"));
        let e = export(&a, [&t[0], &t[1], &t[2], &t[3], &[], &[]]).unwrap_err();
        assert!(e.contains("dense/bias"), "{e}");
        let e = export(&a, [&t[0], &t[1], &t[2], &t[3], &t[4], &[1.0]]).unwrap_err();
        assert!(e.contains("without the branch"), "{e}");
    }

    /// The bigram channel exports as `input_length 2L`, `kernel_size 2k`,
    /// `strides 2`, kernel `[2k, E, F]` with the same floats, and reads back.
    #[test]
    fn bigram_channel_round_trip_and_errors() {
        let a = Architecture {
            bigrams: true,
            bag_of_tokens: false,
            ..arch(2, 0.0)
        };
        let t = tensors(&a);
        let (json, bin) = export(&a, refs(&t)).unwrap();
        let layers = &json["modelTopology"]["config"]["layers"];
        assert_eq!(layers[0]["config"]["input_length"], 12);
        assert_eq!(layers[0]["config"]["batch_input_shape"], json!([null, 12]));
        assert_eq!(layers[1]["config"]["kernel_size"], json!([4]));
        assert_eq!(layers[1]["config"]["strides"], json!([2]));
        assert_eq!(
            json["weightsManifest"][0]["weights"][1]["shape"],
            json!([4, 3, 4])
        );
        assert_eq!(bin.len(), 4 * (21 + 48 + 4 + 4 + 1));
        let (a2, t2) = import(&json, &bin).unwrap();
        assert_eq!(a2, a);
        assert_eq!(t2, t);
        let mut j = json.clone();
        j["modelTopology"]["config"]["layers"][1]["config"]["strides"] = json!([3]);
        assert!(import(&j, &bin).unwrap_err().contains("strides is 3"));
        let mut j = json.clone();
        j["modelTopology"]["config"]["layers"][1]["config"]["kernel_size"] = json!([3]);
        let e = import(&j, &bin).unwrap_err();
        assert!(e.contains("even kernel_size"), "{e}");
    }

    /// The bag-of-tokens branch exports as a functional model: the CNN with
    /// a linear Dense, the bag Embedding times BAG_SCALE, its mean, the Add
    /// and the output Activation; it reads back (weights unscaled) and its
    /// errors name the part at fault.
    #[test]
    fn bag_of_tokens_round_trip_and_errors() {
        for (classes, dropout, bigrams) in [(2, 0.0, false), (3, 0.5, true)] {
            let a = Architecture {
                bigrams,
                bag_of_tokens: true,
                ..arch(classes, dropout)
            };
            let t = tensors(&a);
            let (json, bin) = export(&a, refs(&t)).unwrap();
            let topo = &json["modelTopology"];
            assert_eq!(topo["class_name"], "Model");
            let layers = topo["config"]["layers"].as_array().unwrap();
            let kinds: Vec<&str> = layers
                .iter()
                .map(|l| l["class_name"].as_str().unwrap())
                .collect();
            let mut want = vec!["InputLayer", "Embedding", "Conv1D", "GlobalMaxPooling1D"];
            if dropout > 0.0 {
                want.push("Dropout");
            }
            want.extend([
                "Dense",
                "Embedding",
                "GlobalAveragePooling1D",
                "Add",
                "Activation",
            ]);
            assert_eq!(kinds, want);
            let dense = layers.iter().find(|l| l["name"] == "dense").unwrap();
            assert_eq!(dense["config"]["activation"], "linear");
            let out = layers.last().unwrap();
            assert_eq!(
                out["config"]["activation"],
                if classes == 2 { "sigmoid" } else { "softmax" }
            );
            assert_eq!(
                layers[layers.len() - 2]["inbound_nodes"],
                json!([[["dense", 0, 0, {}], ["bag_mean", 0, 0, {}]]])
            );
            // The bag weights come last, times BAG_SCALE.
            let w = &json["weightsManifest"][0]["weights"];
            assert_eq!(w[5]["name"], "bag_of_tokens/embeddings");
            assert_eq!(w[5]["shape"], json!([7, a.units()]));
            let n = bin.len() / 4;
            let last = f32::from_le_bytes(bin[bin.len() - 4..].try_into().unwrap());
            assert_eq!(last, t[5].last().unwrap() * BAG_SCALE as f32);
            assert_eq!(n, t.iter().map(Vec::len).sum::<usize>());
            let (a2, t2) = import(&json, &bin).unwrap();
            assert_eq!(a2, a);
            for (x, y) in t2[5].iter().zip(&t[5]) {
                assert!((x - y).abs() <= 1e-6 * y.abs(), "{x} vs {y}");
            }
            assert_eq!(t2[..5], t[..5]);

            // Errors.
            let mut j = json.clone();
            j["modelTopology"]["config"]["layers"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|l| l["name"] == "dense")
                .unwrap()["config"]["activation"] = "relu".into();
            let e = import(&j, &bin).unwrap_err();
            assert!(e.contains("must be \"linear\""), "{e}");
            let mut j = json.clone();
            let ls = j["modelTopology"]["config"]["layers"]
                .as_array_mut()
                .unwrap();
            let k = ls.len() - 2;
            ls[k]["inbound_nodes"] = json!([[["dense", 0, 0, {}], ["dense", 0, 0, {}]]]);
            let e = import(&j, &bin).unwrap_err();
            assert!(e.contains("the Add's inputs"), "{e}");
            let mut j = json.clone();
            j["modelTopology"]["config"]["layers"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "extra", "class_name": "Dense", "config": {}, "inbound_nodes": []}));
            let e = import(&j, &bin).unwrap_err();
            assert!(e.contains("layers, expected"), "{e}");
            let mut j = json.clone();
            j["modelTopology"]["class_name"] = "Graph".into();
            assert!(import(&j, &bin).unwrap_err().contains("\"Model\""));
            // A padding weight (TF.js would add it; we leave padding out).
            let mut b2 = bin.clone();
            let at = 4 * (n - t[5].len());
            b2[at..at + 4].copy_from_slice(&1.0f32.to_le_bytes());
            let e = import(&json, &b2).unwrap_err();
            assert!(e.contains("row 0 (the padding id) must be 0"), "{e}");
        }
    }
}
