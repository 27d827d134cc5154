//! The teaching network: a small fully connected net in f64, one sample (or
//! one small batch) at a time, with every intermediate value kept for display.
//!
//! Notation (docs/network-state.md): layer `l` maps `a^(l)` (the input for
//! l = 0) to `z_j = Σ_i w_ji a_i + b_j`, `a_j = f(z_j)`. Backprop:
//! output `δ = lossGrad ⊙ f'(z)` (softmax: `Jᵀ·lossGrad`; fused bce+sigmoid
//! and cce+softmax: the stable `∂L/∂z` from logits, `a - y` up to Keras'
//! mean over outputs for bce), hidden `δ_j = (Σ_k w_kj δ_k) f'(z_j)`,
//! `∂L/∂w_ji = δ_j a_i`, `∂L/∂b_j = δ_j`.

use super::regularization::WeightPenalty;
use super::state::{
    err, Biases, NetError, NetworkState, OptimizerSpec, OptimizerState, ParamSet, Weights,
};
use super::trace::{
    BatchLayerTrace, BatchTrace, LayerTrace, SampleLayerTrace, SampleTrace, StepTrace,
};
use crate::activation::Activation;
use crate::init::{Fans, Init};
use crate::kernels::Real;
use crate::loss::Loss;
use crate::optim::{adam_update, momentum_update, sgd_update, AdamConfig};
use crate::rng::Rng;

/// The most steps one [`Network::train_steps`] call may take.
pub const MAX_TRAIN_STEPS: usize = 1_000_000;
/// The largest batch [`Network::train_steps`] accepts.
pub const MAX_BATCH_SIZE: usize = 65_536;

/// A validated teaching network. Construct with [`Network::from_state`],
/// [`Network::from_json`] or a preset.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    state: NetworkState,
}

/// One sample's forward and backward values.
#[derive(Clone, Debug)]
pub(crate) struct Pass {
    pub z: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
    pub loss: f64,
    pub loss_grad: Vec<f64>,
    pub d_act: Vec<Option<Vec<f64>>>,
    pub delta: Vec<Vec<f64>>,
}

fn forward_with(
    acts: &[Activation],
    w: &Weights,
    b: &Biases,
    x: &[f64],
) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let mut zs = Vec::with_capacity(w.len());
    let mut as_: Vec<Vec<f64>> = Vec::with_capacity(w.len());
    for l in 0..w.len() {
        let prev: &[f64] = if l == 0 { x } else { &as_[l - 1] };
        let z: Vec<f64> = w[l]
            .iter()
            .zip(&b[l])
            .map(|(row, &bj)| f64::dot(row, prev) + bj)
            .collect();
        let mut a = vec![0.0; z.len()];
        acts[l].forward(&z, &mut a);
        zs.push(z);
        as_.push(a);
    }
    (zs, as_)
}

/// Loss, `∂L/∂a` and the output `δ` for one sample.
fn output_loss(
    loss: Loss,
    act: Activation,
    z: &[f64],
    a: &[f64],
    y: &[f64],
) -> (f64, Vec<f64>, Vec<f64>) {
    let mut grad = vec![0.0; a.len()];
    loss.gradient(a, y, &mut grad);
    let mut delta = vec![0.0; a.len()];
    let value = match loss.fused(act, z, y, &mut delta) {
        Some(v) => v,
        None => {
            act.backward(z, a, &grad, &mut delta);
            loss.value(a, y)
        }
    };
    (value, grad, delta)
}

fn check_finite(v: &[f64], path: &str) -> Result<(), NetError> {
    match v.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => err(format!("{path}[{i}]: must be a finite number")),
    }
}

impl Network {
    /// Validate `state` and wrap it.
    pub fn from_state(state: NetworkState) -> Result<Self, NetError> {
        state.validate()?;
        Ok(Network { state })
    }

    /// Parse and validate a JSON value.
    pub fn from_value(v: &serde_json::Value) -> Result<Self, NetError> {
        Self::from_state(NetworkState::from_value(v)?)
    }

    /// Parse and validate a JSON string.
    pub fn from_json(s: &str) -> Result<Self, NetError> {
        Self::from_state(NetworkState::from_json(s)?)
    }

    /// The state as a JSON string (loads back exactly).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.state).expect("a validated state serialises")
    }

    /// The state.
    pub fn state(&self) -> &NetworkState {
        &self.state
    }

    /// Replace the current sample (validated against the sizes).
    pub fn set_sample(&mut self, input: Vec<f64>, target: Vec<f64>) -> Result<(), NetError> {
        let mut s = self.state.clone();
        s.input = input;
        s.target = target;
        s.validate()?;
        self.state = s;
        Ok(())
    }

    /// Change the learning rate (finite, > 0).
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), NetError> {
        crate::optim::check_learning_rate(lr)?;
        self.state.learning_rate = lr;
        Ok(())
    }

    fn inputs_len(&self) -> usize {
        self.state.sizes[0]
    }

    fn outputs_len(&self) -> usize {
        *self
            .state
            .sizes
            .last()
            .expect("validated: at least 2 sizes")
    }

    /// Loss of one sample under the given parameters, and every layer's `z`
    /// (used by the gradient check).
    pub(crate) fn loss_and_z_with(
        &self,
        w: &Weights,
        b: &Biases,
        x: &[f64],
        y: &[f64],
    ) -> (f64, Vec<Vec<f64>>) {
        let (zs, as_) = forward_with(&self.state.activations, w, b, x);
        let l = zs.len() - 1;
        let loss = output_loss(
            self.state.loss,
            self.state.activations[l],
            &zs[l],
            &as_[l],
            y,
        )
        .0;
        (loss, zs)
    }

    /// Forward and backward for one sample with the current parameters.
    pub(crate) fn pass(&self, x: &[f64], y: &[f64]) -> Pass {
        let s = &self.state;
        let (z, a) = forward_with(&s.activations, &s.weights, &s.biases, x);
        let last = z.len() - 1;
        let (loss, loss_grad, out_delta) =
            output_loss(s.loss, s.activations[last], &z[last], &a[last], y);
        let mut delta = vec![Vec::new(); z.len()];
        let mut d_act = vec![None; z.len()];
        for l in (0..z.len()).rev() {
            let act = s.activations[l];
            let fprime: Option<Vec<f64>> = act.is_elementwise().then(|| {
                z[l].iter()
                    .zip(&a[l])
                    .map(|(&zj, &aj)| act.derivative(zj, aj))
                    .collect()
            });
            if l == last {
                delta[l] = out_delta.clone();
            } else {
                let fp = fprime
                    .as_ref()
                    .expect("validated: softmax only on the output layer");
                let next_w = &s.weights[l + 1];
                let next_d = &delta[l + 1];
                delta[l] = (0..z[l].len())
                    .map(|j| {
                        next_w
                            .iter()
                            .zip(next_d)
                            .map(|(row, &dk)| row[j] * dk)
                            .sum::<f64>()
                            * fp[j]
                    })
                    .collect();
            }
            d_act[l] = fprime;
        }
        Pass {
            z,
            a,
            loss,
            loss_grad,
            d_act,
            delta,
        }
    }

    /// `∂L/∂w_ji = δ_j a_i`, `∂L/∂b_j = δ_j` for one pass, added with `scale`.
    fn add_grads(pass: &Pass, x: &[f64], scale: f64, g: &mut ParamSet) {
        for l in 0..pass.delta.len() {
            let prev: &[f64] = if l == 0 { x } else { &pass.a[l - 1] };
            for (j, &dj) in pass.delta[l].iter().enumerate() {
                for (gw, &ai) in g.weights[l][j].iter_mut().zip(prev) {
                    *gw += scale * dj * ai;
                }
                g.biases[l][j] += scale * dj;
            }
        }
    }

    /// Apply one optimiser update for gradient `g`, all or nothing: on a
    /// non-finite result nothing changes and the error says so.
    fn apply(&mut self, g: &ParamSet) -> Result<(), NetError> {
        let s = &self.state;
        let lr = s.learning_rate;
        let t = s.optimizer_state.t + 1;
        let mut p = ParamSet {
            weights: s.weights.clone(),
            biases: s.biases.clone(),
        };
        let mut st = OptimizerState {
            t,
            ..Default::default()
        };
        // Visit weight rows and bias vectors in the same order in every set.
        fn rows(p: &mut ParamSet) -> Vec<&mut Vec<f64>> {
            p.weights
                .iter_mut()
                .flatten()
                .chain(p.biases.iter_mut())
                .collect()
        }
        let g_rows: Vec<&Vec<f64>> = g.weights.iter().flatten().chain(g.biases.iter()).collect();
        match s.optimizer {
            OptimizerSpec::Sgd => {
                for (pr, gr) in rows(&mut p).into_iter().zip(&g_rows) {
                    sgd_update(lr, pr, gr);
                }
            }
            OptimizerSpec::Momentum { momentum } => {
                let mut vel = s
                    .optimizer_state
                    .velocity
                    .clone()
                    .unwrap_or_else(|| ParamSet::zeros(&s.sizes));
                for ((pr, gr), vr) in rows(&mut p).into_iter().zip(&g_rows).zip(rows(&mut vel)) {
                    momentum_update(lr, momentum, pr, gr, vr);
                }
                st.velocity = Some(vel);
            }
            OptimizerSpec::Adam {
                beta1,
                beta2,
                epsilon,
            } => {
                let cfg = AdamConfig {
                    learning_rate: lr,
                    beta1,
                    beta2,
                    epsilon,
                };
                let mut m = s
                    .optimizer_state
                    .m
                    .clone()
                    .unwrap_or_else(|| ParamSet::zeros(&s.sizes));
                let mut v = s
                    .optimizer_state
                    .v
                    .clone()
                    .unwrap_or_else(|| ParamSet::zeros(&s.sizes));
                for (((pr, gr), mr), vr) in rows(&mut p)
                    .into_iter()
                    .zip(&g_rows)
                    .zip(rows(&mut m))
                    .zip(rows(&mut v))
                {
                    adam_update(&cfg, t, pr, gr, mr, vr);
                }
                st.m = Some(m);
                st.v = Some(v);
            }
        }
        let all = p.iter().chain(
            st.velocity
                .iter()
                .chain(&st.m)
                .chain(&st.v)
                .flat_map(|q| q.iter()),
        );
        if all.into_iter().any(|x| !x.is_finite()) {
            return err(format!(
                "step {}: the update made the weights non-finite (training diverged); lower the learning rate",
                s.step + 1
            ));
        }
        self.state.weights = p.weights;
        self.state.biases = p.biases;
        self.state.optimizer_state = st;
        self.state.step += 1;
        Ok(())
    }

    fn diverged(&self, loss: f64) -> Result<(), NetError> {
        if loss.is_finite() {
            Ok(())
        } else {
            err(format!(
                "loss: became {loss} at step {} (training diverged); lower the learning rate",
                self.state.step + 1
            ))
        }
    }

    /// The loss at the current input and target (no update).
    pub fn loss(&self) -> Result<f64, NetError> {
        let p = self.pass(&self.state.input, &self.state.target);
        self.diverged(p.loss)?;
        Ok(p.loss)
    }

    /// One training step on the current input and target; returns the full
    /// trace. On divergence (non-finite loss or weights) returns `Err` and
    /// leaves the network unchanged.
    pub fn step(&mut self) -> Result<StepTrace, NetError> {
        let (x, y) = (self.state.input.clone(), self.state.target.clone());
        let pass = self.pass(&x, &y);
        self.diverged(pass.loss)?;
        let mut g = ParamSet::zeros(&self.state.sizes);
        Self::add_grads(&pass, &x, 1.0, &mut g);
        let before = (self.state.weights.clone(), self.state.biases.clone());
        self.apply(&g)?;
        let s = &self.state;
        let layers = (0..pass.z.len())
            .map(|l| LayerTrace {
                activation: s.activations[l],
                z: pass.z[l].clone(),
                a: pass.a[l].clone(),
                d_activation: pass.d_act[l].clone(),
                delta: pass.delta[l].clone(),
                weight_grad: g.weights[l].clone(),
                bias_grad: g.biases[l].clone(),
                weights_before: before.0[l].clone(),
                weights_after: s.weights[l].clone(),
                biases_before: before.1[l].clone(),
                biases_after: s.biases[l].clone(),
            })
            .collect();
        Ok(StepTrace {
            step: s.step,
            input: x,
            target: y,
            loss: pass.loss,
            loss_grad: pass.loss_grad,
            layers,
            optimizer: s.optimizer,
            learning_rate: s.learning_rate,
        })
    }

    /// Number of samples in flat `inputs` (`[n, sizes[0]]`) and, if given,
    /// `targets` (`[n, outputs]`), all finite, `n >= 1`.
    fn batch_count(&self, inputs: &[f64], targets: Option<&[f64]>) -> Result<usize, NetError> {
        let (ni, no) = (self.inputs_len(), self.outputs_len());
        if inputs.is_empty() || !inputs.len().is_multiple_of(ni) {
            return err(format!(
                "inputs: expected a non-empty multiple of {ni} numbers (samples × inputs), got {}",
                inputs.len()
            ));
        }
        let n = inputs.len() / ni;
        check_finite(inputs, "inputs")?;
        if let Some(t) = targets {
            if t.len() != n * no {
                return err(format!(
                    "targets: expected {} numbers ({n} samples × {no} outputs), got {}",
                    n * no,
                    t.len()
                ));
            }
            check_finite(t, "targets")?;
        }
        Ok(n)
    }

    /// Passes and the batch-mean gradient over samples `idx` of flat data.
    fn batch_passes(
        &self,
        inputs: &[f64],
        targets: &[f64],
        idx: &[usize],
    ) -> (Vec<Pass>, f64, ParamSet) {
        let (ni, no) = (self.inputs_len(), self.outputs_len());
        let mut g = ParamSet::zeros(&self.state.sizes);
        let scale = 1.0 / idx.len() as f64;
        let mut loss = 0.0;
        let passes = idx
            .iter()
            .map(|&s| {
                let x = &inputs[s * ni..(s + 1) * ni];
                let p = self.pass(x, &targets[s * no..(s + 1) * no]);
                Self::add_grads(&p, x, scale, &mut g);
                loss += p.loss * scale;
                p
            })
            .collect();
        (passes, loss, g)
    }

    /// One step on a batch (flat `inputs: [n, in]`, `targets: [n, out]`) with
    /// the batch-mean gradient; the stored input/target are not changed.
    pub fn step_batch(&mut self, inputs: &[f64], targets: &[f64]) -> Result<BatchTrace, NetError> {
        let n = self.batch_count(inputs, Some(targets))?;
        let idx: Vec<usize> = (0..n).collect();
        let (passes, loss, g) = self.batch_passes(inputs, targets, &idx);
        self.diverged(loss)?;
        let before = (self.state.weights.clone(), self.state.biases.clone());
        self.apply(&g)?;
        let (ni, no) = (self.inputs_len(), self.outputs_len());
        let s = &self.state;
        let samples = passes
            .into_iter()
            .enumerate()
            .map(|(k, p)| SampleTrace {
                input: inputs[k * ni..(k + 1) * ni].to_vec(),
                target: targets[k * no..(k + 1) * no].to_vec(),
                loss: p.loss,
                layers: (0..p.z.len())
                    .map(|l| SampleLayerTrace {
                        z: p.z[l].clone(),
                        a: p.a[l].clone(),
                        delta: p.delta[l].clone(),
                    })
                    .collect(),
            })
            .collect();
        let layers = (0..s.weights.len())
            .map(|l| BatchLayerTrace {
                activation: s.activations[l],
                weight_grad: g.weights[l].clone(),
                bias_grad: g.biases[l].clone(),
                weights_before: before.0[l].clone(),
                weights_after: s.weights[l].clone(),
                biases_before: before.1[l].clone(),
                biases_after: s.biases[l].clone(),
            })
            .collect();
        Ok(BatchTrace {
            step: s.step,
            loss,
            samples,
            layers,
            optimizer: s.optimizer,
            learning_rate: s.learning_rate,
        })
    }

    /// Outputs for flat `inputs: [n, in]`, returned flat `[n, out]`.
    pub fn predict_batch(&self, inputs: &[f64]) -> Result<Vec<f64>, NetError> {
        let n = self.batch_count(inputs, None)?;
        let ni = self.inputs_len();
        let s = &self.state;
        let mut out = Vec::with_capacity(n * self.outputs_len());
        for x in inputs.chunks_exact(ni) {
            let (_, a) = forward_with(&s.activations, &s.weights, &s.biases, x);
            out.extend_from_slice(a.last().expect("at least one layer"));
        }
        Ok(out)
    }

    /// Every layer's activations (the input layer included) for flat
    /// `inputs: [n, in]`, **neuron-major**: the value of unit `j` of layer `l`
    /// (l = 0 is the input) for sample `s` is at `(offset_l + j)·n + s`, where
    /// `offset_l = sizes[0] + … + sizes[l-1]`. Each neuron's `n` values are
    /// contiguous (one heat map). Length `Σ sizes · n`.
    pub fn activations_batch(&self, inputs: &[f64]) -> Result<Vec<f64>, NetError> {
        let n = self.batch_count(inputs, None)?;
        let ni = self.inputs_len();
        let s = &self.state;
        let total: usize = s.sizes.iter().sum();
        let mut out = vec![0.0; total * n];
        for (k, x) in inputs.chunks_exact(ni).enumerate() {
            let (_, a) = forward_with(&s.activations, &s.weights, &s.biases, x);
            let mut unit = 0;
            for layer in std::iter::once(x).chain(a.iter().map(|v| v.as_slice())) {
                for &v in layer {
                    out[unit * n + k] = v;
                    unit += 1;
                }
            }
        }
        Ok(out)
    }

    /// Mini-batch training on a toy dataset (flat `inputs: [n, in]`,
    /// `targets: [n, out]`): `steps` updates, each on the next `batch_size`
    /// samples of an order reshuffled (seeded by `seed`) every epoch; the
    /// last batch of an epoch may be smaller, as in Keras. `penalty` adds
    /// `rate · penalty'(w)` to each weight's gradient (see
    /// [`super::regularization`]). Returns each step's mean data loss
    /// (before its update, without the penalty). A diverging loss stops
    /// training with `Err`; the updates before it stay applied. `batch_size`
    /// must be in 1..=[`MAX_BATCH_SIZE`] and `steps` in 1..=[`MAX_TRAIN_STEPS`]
    /// (the losses are allocated up front).
    pub fn train_steps(
        &mut self,
        inputs: &[f64],
        targets: &[f64],
        batch_size: usize,
        steps: usize,
        seed: u64,
        penalty: WeightPenalty,
    ) -> Result<Vec<f64>, NetError> {
        let n = self.batch_count(inputs, Some(targets))?;
        if batch_size == 0 || batch_size > MAX_BATCH_SIZE {
            return Err(NetError(format!(
                "batchSize: must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}"
            )));
        }
        if steps == 0 || steps > MAX_TRAIN_STEPS {
            return Err(NetError(format!(
                "steps: must be between 1 and {MAX_TRAIN_STEPS}, got {steps}"
            )));
        }
        penalty.validate().map_err(NetError)?;
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut pos = 0;
        let mut losses = Vec::with_capacity(steps);
        for _ in 0..steps {
            if pos >= n {
                rng.shuffle(&mut order);
                pos = 0;
            }
            let end = (pos + batch_size).min(n);
            let (_, loss, mut g) = self.batch_passes(inputs, targets, &order[pos..end]);
            pos = end;
            self.diverged(loss)?;
            penalty.add_gradient(&self.state.weights, &mut g.weights);
            self.apply(&g)?;
            losses.push(loss);
        }
        Ok(losses)
    }

    /// The seed article's worked example: 2-3-2, every weight and bias 0.5,
    /// ReLU hidden and output, input (1, 0), target (1, 0), ½·SSE, SGD, lr 0.1.
    pub fn article_2_3_2() -> Network {
        let sizes = vec![2, 3, 2];
        let mut p = ParamSet::zeros(&sizes);
        p.weights
            .iter_mut()
            .flatten()
            .flatten()
            .chain(p.biases.iter_mut().flatten())
            .for_each(|x| *x = 0.5);
        Network::from_state(NetworkState {
            version: super::state::STATE_VERSION,
            sizes,
            activations: vec![Activation::Relu, Activation::Relu],
            loss: Loss::HalfSse,
            weights: p.weights,
            biases: p.biases,
            input: vec![1.0, 0.0],
            target: vec![1.0, 0.0],
            learning_rate: 0.1,
            optimizer: OptimizerSpec::Sgd,
            optimizer_state: OptimizerState::default(),
            step: 0,
        })
        .expect("the article preset is valid")
    }

    /// The XOR preset's seed.
    pub const XOR_SEED: u64 = 7;

    /// XOR: 2-4-1, tanh hidden, sigmoid output, binary cross-entropy, Adam
    /// (lr 0.05), Glorot-uniform weights from [`Self::XOR_SEED`], zero biases.
    /// Train it with [`Self::xor_dataset`].
    pub fn xor() -> Network {
        Self::xor_seeded(Self::XOR_SEED)
    }

    /// The XOR preset with another weight seed.
    pub fn xor_seeded(seed: u64) -> Network {
        let sizes = vec![2, 4, 1];
        let mut rng = Rng::new(seed);
        let mut p = ParamSet::zeros(&sizes);
        for (l, w) in p.weights.iter_mut().enumerate() {
            let fans = Fans::dense(sizes[l], sizes[l + 1]);
            let mut flat = vec![0.0f64; sizes[l] * sizes[l + 1]];
            Init::GlorotUniform.fill(fans, &mut rng, &mut flat);
            for (row, chunk) in w.iter_mut().zip(flat.chunks_exact(sizes[l])) {
                row.copy_from_slice(chunk);
            }
        }
        Network::from_state(NetworkState {
            version: super::state::STATE_VERSION,
            sizes,
            activations: vec![Activation::Tanh, Activation::Sigmoid],
            loss: Loss::Bce,
            weights: p.weights,
            biases: p.biases,
            input: vec![0.0, 1.0],
            target: vec![1.0],
            learning_rate: 0.05,
            optimizer: OptimizerSpec::adam_default(),
            optimizer_state: OptimizerState::default(),
            step: 0,
        })
        .expect("the XOR preset is valid")
    }

    /// The four XOR points, flat: inputs `[4, 2]`, targets `[4, 1]`.
    pub fn xor_dataset() -> (Vec<f64>, Vec<f64>) {
        (
            vec![0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0],
            vec![0.0, 1.0, 1.0, 0.0],
        )
    }

    /// A preset by name: `"article"` or `"xor"`.
    pub fn preset(name: &str) -> Result<Network, NetError> {
        match name {
            "article" => Ok(Self::article_2_3_2()),
            "xor" => Ok(Self::xor()),
            other => err(format!(
                "preset: unknown preset \"{other}\" (expected \"article\" or \"xor\")"
            )),
        }
    }
}
