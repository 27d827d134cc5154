//! The teaching network's state: the JSON schema of docs/network-state.md.
//!
//! Parsing goes through [`serde_json::Value`] by hand so every error names
//! its field (`weights[1][0]: expected 3 numbers, got 2`). Then
//! [`NetworkState::validate`] checks shapes and values. Serialisation is
//! serde's, so `toJSON(fromJSON(s))` gives `s` back for any valid state
//! carrying all fields.
//!
//! Optimiser state for another kind than `optimizer.kind` (e.g. `velocity`
//! with `adam`) is dropped on load, so switching the kind keeps `t` and
//! resets the moments; missing state starts at zero. `optimizerState` and
//! `step` may be missing or null (fresh network).

use crate::activation::Activation;
use crate::loss::Loss;
use crate::optim::adam::check_adam_hyper;
use crate::optim::check_learning_rate;
use crate::optim::sgd::check_momentum;
use core::fmt;
use serde::Serialize;
use serde_json::Value;

/// The only state version this core reads and writes.
pub const STATE_VERSION: u64 = 1;

/// An error from the teaching network, its message naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetError(pub String);

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NetError {}

impl From<String> for NetError {
    fn from(s: String) -> Self {
        NetError(s)
    }
}

pub(crate) fn err<T>(msg: impl Into<String>) -> Result<T, NetError> {
    Err(NetError(msg.into()))
}

/// Weights `[l][j][i]` (layer `l`, to unit `j`, from unit `i`).
pub type Weights = Vec<Vec<Vec<f64>>>;
/// Biases `[l][j]`.
pub type Biases = Vec<Vec<f64>>;

/// A tensor set shaped like the network's parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamSet {
    pub weights: Weights,
    pub biases: Biases,
}

impl ParamSet {
    /// Zeros shaped for `sizes`.
    pub fn zeros(sizes: &[usize]) -> Self {
        ParamSet {
            weights: sizes
                .windows(2)
                .map(|w| vec![vec![0.0; w[0]]; w[1]])
                .collect(),
            biases: sizes[1..].iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    /// Every number, weights first (layer by layer, row by row), then biases.
    pub fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        self.weights
            .iter()
            .flatten()
            .flatten()
            .chain(self.biases.iter().flatten())
            .copied()
    }
}

/// The optimiser (`{"kind":"sgd"}` etc.); the learning rate lives at the top level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum OptimizerSpec {
    Sgd,
    Momentum {
        momentum: f64,
    },
    Adam {
        beta1: f64,
        beta2: f64,
        epsilon: f64,
    },
}

impl OptimizerSpec {
    /// Keras' Adam defaults (`β1 0.9, β2 0.999, ε 1e-7`).
    pub fn adam_default() -> Self {
        OptimizerSpec::Adam {
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-7,
        }
    }
}

/// `t` plus `velocity` (momentum) or `m`, `v` (Adam).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OptimizerState {
    pub t: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velocity: Option<ParamSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m: Option<ParamSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v: Option<ParamSet>,
}

/// The whole state of the teaching network (see docs/network-state.md).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkState {
    pub version: u64,
    pub sizes: Vec<usize>,
    pub activations: Vec<Activation>,
    pub loss: Loss,
    pub weights: Weights,
    pub biases: Biases,
    pub input: Vec<f64>,
    pub target: Vec<f64>,
    pub learning_rate: f64,
    pub optimizer: OptimizerSpec,
    pub optimizer_state: OptimizerState,
    pub step: u64,
}

// ---- parsing from a JSON value, naming fields ----

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn get<'a>(
    obj: &'a serde_json::Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'a Value, NetError> {
    obj.get(key)
        .ok_or_else(|| NetError(format!("{path}{key}: missing")))
}

fn as_object<'a>(v: &'a Value, path: &str) -> Result<&'a serde_json::Map<String, Value>, NetError> {
    v.as_object().ok_or_else(|| {
        NetError(format!(
            "{}: expected an object, got {}",
            path_or_state(path),
            kind_of(v)
        ))
    })
}

fn path_or_state(path: &str) -> &str {
    if path.is_empty() {
        "state"
    } else {
        path
    }
}

fn num(v: &Value, path: &str) -> Result<f64, NetError> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => err(format!("{path}: must be a finite number")),
        // JSON has no NaN or Infinity: JSON.stringify (and the bindings,
        // which read JS objects through it) writes them as null.
        None if v.is_null() => err(format!(
            "{path}: expected a number, got null (NaN and Infinity become null in JSON)"
        )),
        None => err(format!("{path}: expected a number, got {}", kind_of(v))),
    }
}

fn uint(v: &Value, path: &str) -> Result<u64, NetError> {
    if let Some(u) = v.as_u64() {
        return Ok(u);
    }
    match v.as_f64() {
        Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 => Ok(x as u64),
        _ => err(format!("{path}: expected a non-negative integer, got {v}")),
    }
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>, NetError> {
    v.as_array()
        .ok_or_else(|| NetError(format!("{path}: expected an array, got {}", kind_of(v))))
}

fn numbers(v: &Value, path: &str) -> Result<Vec<f64>, NetError> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(i, x)| num(x, &format!("{path}[{i}]")))
        .collect()
}

fn matrices(v: &Value, path: &str) -> Result<Weights, NetError> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(l, m)| {
            let p = format!("{path}[{l}]");
            array(m, &p)?
                .iter()
                .enumerate()
                .map(|(j, row)| numbers(row, &format!("{p}[{j}]")))
                .collect()
        })
        .collect()
}

fn vectors(v: &Value, path: &str) -> Result<Biases, NetError> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(l, b)| numbers(b, &format!("{path}[{l}]")))
        .collect()
}

fn param_set(v: &Value, path: &str) -> Result<ParamSet, NetError> {
    let o = as_object(v, path)?;
    let p = format!("{path}.");
    Ok(ParamSet {
        weights: matrices(get(o, "weights", &p)?, &format!("{p}weights"))?,
        biases: vectors(get(o, "biases", &p)?, &format!("{p}biases"))?,
    })
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str, NetError> {
    v.as_str()
        .ok_or_else(|| NetError(format!("{path}: expected a string, got {}", kind_of(v))))
}

/// An error naming the first key of `o` not in `known` (`path` prefixes it).
fn only_keys(
    o: &serde_json::Map<String, Value>,
    known: &[&str],
    path: &str,
    what: &str,
) -> Result<(), NetError> {
    match o.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => err(format!(
            "{path}{k}: unknown key ({what} has {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn optimizer_spec(v: &Value) -> Result<OptimizerSpec, NetError> {
    let o = as_object(v, "optimizer")?;
    let kind = string(get(o, "kind", "optimizer.")?, "optimizer.kind")?;
    // A key another optimizer uses, or a misspelt one, would be ignored.
    match kind {
        "sgd" => only_keys(o, &["kind"], "optimizer.", "sgd")?,
        "momentum" => only_keys(o, &["kind", "momentum"], "optimizer.", "momentum")?,
        "adam" => only_keys(
            o,
            &["kind", "beta1", "beta2", "epsilon"],
            "optimizer.",
            "adam",
        )?,
        _ => {}
    }
    let opt_num = |key: &str, default: f64| -> Result<f64, NetError> {
        match o.get(key) {
            None => Ok(default),
            Some(x) => num(x, &format!("optimizer.{key}")),
        }
    };
    match kind {
        "sgd" => Ok(OptimizerSpec::Sgd),
        "momentum" => Ok(OptimizerSpec::Momentum {
            momentum: num(get(o, "momentum", "optimizer.")?, "optimizer.momentum")?,
        }),
        "adam" => Ok(OptimizerSpec::Adam {
            beta1: opt_num("beta1", 0.9)?,
            beta2: opt_num("beta2", 0.999)?,
            epsilon: opt_num("epsilon", 1e-7)?,
        }),
        other => err(format!(
            "optimizer.kind: unknown optimizer \"{other}\" (expected \"sgd\", \"momentum\" or \"adam\")"
        )),
    }
}

fn optimizer_state(v: Option<&Value>, spec: &OptimizerSpec) -> Result<OptimizerState, NetError> {
    let Some(v) = v else {
        return Ok(OptimizerState::default());
    };
    let o = as_object(v, "optimizerState")?;
    let t = match o.get("t") {
        None => 0,
        Some(t) => uint(t, "optimizerState.t")?,
    };
    let mut st = OptimizerState {
        t,
        ..Default::default()
    };
    only_keys(
        o,
        &["t", "velocity", "m", "v"],
        "optimizerState.",
        "an optimizer state",
    )?;
    let opt = |key: &str| -> Result<Option<ParamSet>, NetError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(x) => param_set(x, &format!("optimizerState.{key}")).map(Some),
        }
    };
    match spec {
        OptimizerSpec::Sgd => {}
        OptimizerSpec::Momentum { .. } => st.velocity = opt("velocity")?,
        OptimizerSpec::Adam { .. } => {
            st.m = opt("m")?;
            st.v = opt("v")?;
        }
    }
    Ok(st)
}

/// The keys of a state object, in the order `toJSON` writes them.
pub const STATE_KEYS: [&str; 12] = [
    "version",
    "sizes",
    "activations",
    "loss",
    "weights",
    "biases",
    "input",
    "target",
    "learningRate",
    "optimizer",
    "optimizerState",
    "step",
];

impl NetworkState {
    /// Parse (types only; call [`Self::validate`] for shapes and values).
    pub fn from_value(v: &Value) -> Result<Self, NetError> {
        let o = as_object(v, "")?;
        // A misspelt key ("optimiserState") would otherwise be ignored and
        // its default used without a word.
        if let Some(k) = o.keys().find(|k| !STATE_KEYS.contains(&k.as_str())) {
            return err(format!(
                "{k}: unknown key (a state has {})",
                STATE_KEYS.join(", ")
            ));
        }
        let sizes = array(get(o, "sizes", "")?, "sizes")?
            .iter()
            .enumerate()
            .map(|(i, s)| uint(s, &format!("sizes[{i}]")).map(|u| u as usize))
            .collect::<Result<Vec<_>, _>>()?;
        let activations = array(get(o, "activations", "")?, "activations")?
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let p = format!("activations[{i}]");
                let s = string(a, &p)?;
                Activation::from_name(s).ok_or_else(|| {
                    NetError(format!(
                        "{p}: unknown activation \"{s}\" (expected linear, relu, sigmoid, tanh or softmax)"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let loss_name = string(get(o, "loss", "")?, "loss")?;
        let loss = Loss::from_name(loss_name).ok_or_else(|| {
            NetError(format!(
                "loss: unknown loss \"{loss_name}\" (expected halfSse, mse, bce or cce)"
            ))
        })?;
        let optimizer = optimizer_spec(get(o, "optimizer", "")?)?;
        Ok(NetworkState {
            version: uint(get(o, "version", "")?, "version")?,
            sizes,
            activations,
            loss,
            weights: matrices(get(o, "weights", "")?, "weights")?,
            biases: vectors(get(o, "biases", "")?, "biases")?,
            input: numbers(get(o, "input", "")?, "input")?,
            target: numbers(get(o, "target", "")?, "target")?,
            learning_rate: num(get(o, "learningRate", "")?, "learningRate")
                .map_err(|_| NetError("learningRate: must be a finite number > 0".into()))?,
            optimizer_state: optimizer_state(
                o.get("optimizerState").filter(|v| !v.is_null()),
                &optimizer,
            )?,
            optimizer,
            step: match o.get("step").filter(|v| !v.is_null()) {
                None => 0,
                Some(s) => uint(s, "step")?,
            },
        })
    }

    /// Parse a JSON string (types only).
    pub fn from_json(s: &str) -> Result<Self, NetError> {
        let v: Value =
            serde_json::from_str(s).map_err(|e| NetError(format!("state: invalid JSON: {e}")))?;
        Self::from_value(&v)
    }

    /// The state as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a validated state serialises")
    }

    /// Check shapes and values; the error names the first bad field.
    pub fn validate(&self) -> Result<(), NetError> {
        if self.version != STATE_VERSION {
            return err(format!(
                "version: unsupported version {}, expected {STATE_VERSION}",
                self.version
            ));
        }
        let sizes = &self.sizes;
        if sizes.len() < 2 {
            return err(format!(
                "sizes: expected at least 2 layers (input and output), got {}",
                sizes.len()
            ));
        }
        if let Some(i) = sizes.iter().position(|&s| s == 0) {
            return err(format!("sizes[{i}]: must be a positive integer"));
        }
        let layers = sizes.len() - 1;
        if self.activations.len() != layers {
            return err(format!(
                "activations: expected {layers} (one per non-input layer), got {}",
                self.activations.len()
            ));
        }
        if let Some(i) = self.activations[..layers - 1]
            .iter()
            .position(|&a| a == Activation::Softmax)
        {
            return err(format!(
                "activations[{i}]: softmax is only allowed on the output layer"
            ));
        }
        check_params(sizes, &self.weights, &self.biases, "")?;
        check_vec(&self.input, sizes[0], "input")?;
        check_vec(&self.target, sizes[layers], "target")?;
        // Cross-entropy reads targets as probabilities: 2 or -1 would give a
        // loss and gradients that mean nothing (and show as such on the page).
        if matches!(self.loss, Loss::Bce | Loss::Cce) {
            if let Some((j, y)) = self
                .target
                .iter()
                .enumerate()
                .find(|(_, y)| !(0.0..=1.0).contains(*y))
            {
                return err(format!(
                    "target[{j}]: {y} is outside [0, 1]; {} reads targets as probabilities",
                    if self.loss == Loss::Bce {
                        "binary cross-entropy"
                    } else {
                        "categorical cross-entropy"
                    }
                ));
            }
        }
        check_learning_rate(self.learning_rate)
            .map_err(|_| NetError("learningRate: must be a finite number > 0".into()))?;
        match self.optimizer {
            OptimizerSpec::Sgd => {}
            OptimizerSpec::Momentum { momentum } => check_momentum(momentum, "optimizer.momentum")?,
            OptimizerSpec::Adam {
                beta1,
                beta2,
                epsilon,
            } => check_adam_hyper(beta1, beta2, epsilon, "optimizer.")?,
        }
        let st = &self.optimizer_state;
        for (name, p) in [("velocity", &st.velocity), ("m", &st.m), ("v", &st.v)] {
            if let Some(p) = p {
                check_params(
                    sizes,
                    &p.weights,
                    &p.biases,
                    &format!("optimizerState.{name}."),
                )?;
            }
        }
        if let Some(v) = &st.v {
            if v.iter().any(|x| x < 0.0) {
                return err("optimizerState.v: second moments must be >= 0");
            }
        }
        Ok(())
    }
}

fn check_vec(v: &[f64], n: usize, path: &str) -> Result<(), NetError> {
    if v.len() != n {
        return err(format!("{path}: expected {n} numbers, got {}", v.len()));
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return err(format!("{path}[{i}]: must be a finite number"));
    }
    Ok(())
}

fn check_params(sizes: &[usize], w: &Weights, b: &Biases, prefix: &str) -> Result<(), NetError> {
    let layers = sizes.len() - 1;
    if w.len() != layers {
        return err(format!(
            "{prefix}weights: expected {layers} layers, got {}",
            w.len()
        ));
    }
    if b.len() != layers {
        return err(format!(
            "{prefix}biases: expected {layers} layers, got {}",
            b.len()
        ));
    }
    for l in 0..layers {
        let (fan_in, units) = (sizes[l], sizes[l + 1]);
        if w[l].len() != units {
            return err(format!(
                "{prefix}weights[{l}]: expected {units} rows, got {}",
                w[l].len()
            ));
        }
        for (j, row) in w[l].iter().enumerate() {
            check_vec(row, fan_in, &format!("{prefix}weights[{l}][{j}]"))?;
        }
        check_vec(&b[l], units, &format!("{prefix}biases[{l}]"))?;
    }
    Ok(())
}
