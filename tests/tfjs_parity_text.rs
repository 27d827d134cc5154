//! TF.js parity of the text classifier's model: load the fixture weights
//! (tests/fixtures/text_binary.json, text_multiclass.json, made by
//! `node scripts/tfjs-fixtures.mjs` with @tensorflow/tfjs 4.22 on the cpu
//! backend) into our `TextCnn`, and compare the forward output, the batch-mean
//! loss, every gradient, the weights after one SGD step and after one Adam
//! step (Keras epsilon form, `adam.kerasWeightsAfter`) to TF.js.
//!
//! Tolerance: relative 1e-5, with the scale of each comparison floored at a
//! fraction of the tensor's largest magnitude: 1e-3 for our f64 model, 1e-2
//! for f32 (float32 sums are accurate relative to their largest terms, not to
//! a result that cancels to ~0; the worst f32 entries differ from TF.js by
//! ~6e-8 of the tensor's scale).

mod common;

use common::fixtures::{load, Fixture, Weight};
use nn_playground::classifier::model::{Architecture, TextCnn};
use nn_playground::kernels::Real;
use nn_playground::optim::{AdamConfig, Optimizer, OptimizerConfig, SgdConfig};

const REL: f64 = 1e-5;

fn close(what: &str, ours: &[f64], theirs: &[f64], floor: f64) {
    assert_eq!(ours.len(), theirs.len(), "{what}: length");
    let scale = theirs.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
        let tol = REL * b.abs().max(floor * scale).max(1e-30);
        assert!(
            (a - b).abs() <= tol,
            "{what}[{i}]: ours {a:e} tfjs {b:e} (|diff| {:e} > {tol:e})",
            (a - b).abs()
        );
    }
}

fn model<T: Real>(f: &Fixture) -> TextCnn<T> {
    let s = match &f.model {
        common::fixtures::ModelSpec::Text(t) => t,
        _ => panic!("{} is not a text fixture", f.name),
    };
    let arch = Architecture {
        vocab_size: s.vocab_size,
        max_len: s.sequence_length,
        embedding_dim: s.embedding_dim,
        filters: s.filters,
        kernel_size: s.kernel_size,
        dropout: 0.0,
        classes: if s.output_units == 1 {
            2
        } else {
            s.output_units
        },
        bigrams: false,
        bag_of_tokens: false,
    };
    let mut m = TextCnn::<T>::zeros(arch).unwrap();
    set_weights(&mut m, &f.weights);
    m
}

const NAMES: [&str; 5] = [
    "embedding/embeddings",
    "conv1d/kernel",
    "conv1d/bias",
    "dense/kernel",
    "dense/bias",
];

fn set_weights<T: Real>(m: &mut TextCnn<T>, ws: &[Weight]) {
    let shapes = m.shapes();
    for ((dst, name), shape) in m.tensors_mut().into_iter().zip(NAMES).zip(shapes) {
        let w = ws
            .iter()
            .find(|w| w.name == name)
            .unwrap_or_else(|| panic!("fixture has no {name}"));
        assert_eq!(w.shape, shape, "{name} shape");
        for (d, &v) in dst.iter_mut().zip(&w.data) {
            *d = T::from_f64(v);
        }
    }
}

fn weights_of<T: Real>(m: &TextCnn<T>) -> Vec<Vec<f64>> {
    m.tensors()
        .iter()
        .map(|t| t.iter().map(|v| v.to_f64()).collect())
        .collect()
}

fn find<'a>(ws: &'a [Weight], name: &str) -> &'a [f64] {
    &ws.iter().find(|w| w.name == name).unwrap().data
}

fn check<T: Real>(name: &str, floor: f64) {
    let f = load(name);
    let m = model::<T>(&f);
    let b = f.batch();
    let ids: Vec<u32> = f.input.data.iter().map(|&v| v as u32).collect();
    let labels: Vec<usize> = f.target.data.iter().map(|&v| v as usize).collect();
    assert_eq!(labels.len(), b);
    let mut ws = m.workspace(b);
    m.forward(&ids, b, &mut ws, None).unwrap();
    let u = m.arch.units();
    let out: Vec<f64> = ws.probs[..b * u].iter().map(|v| v.to_f64()).collect();
    close(&format!("{name} output"), &out, &f.output.data, floor);
    let stats = m.loss(&labels, &mut ws).unwrap();
    close(&format!("{name} loss"), &[stats.loss], &[f.loss], floor);
    let mut g = m.grads();
    m.backward(&ids, b, &mut ws, &mut g).unwrap();
    let grads: [Vec<f64>; 5] = [
        &g.embedding.dw,
        &g.conv.dw,
        &g.conv.db,
        &g.dense.dw,
        &g.dense.db,
    ]
    .map(|t| t.iter().map(|v| v.to_f64()).collect());
    for (gi, n) in grads.iter().zip(NAMES) {
        let theirs = &f.grads.iter().find(|x| x.name == n).unwrap().data;
        close(&format!("{name} grad {n}"), gi, theirs, floor);
    }
    let gs: Vec<Vec<T>> = grads
        .iter()
        .map(|v| v.iter().map(|&x| T::from_f64(x)).collect())
        .collect();

    // One SGD step and one Adam step, each from the initial weights.
    for (kind, cfg, expected) in [
        (
            "sgd",
            OptimizerConfig::Sgd(SgdConfig {
                learning_rate: f.sgd.learning_rate,
                momentum: 0.0,
            }),
            &f.sgd.weights_after,
        ),
        (
            "adam",
            OptimizerConfig::Adam(AdamConfig {
                learning_rate: f.adam.learning_rate,
                beta1: f.adam.beta1,
                beta2: f.adam.beta2,
                epsilon: f.adam.epsilon,
            }),
            &f.adam.keras_weights_after,
        ),
    ] {
        let mut m2 = model::<T>(&f);
        let mut opt = Optimizer::<T>::new(cfg).unwrap();
        opt.begin_step();
        for (slot, (p, gv)) in m2.tensors_mut().into_iter().zip(&gs).enumerate() {
            opt.update(slot, p, gv).unwrap();
        }
        for (w, n) in weights_of(&m2).iter().zip(NAMES) {
            close(&format!("{name} {kind} {n}"), w, find(expected, n), floor);
        }
    }
}

#[test]
fn text_binary_matches_tfjs_f32() {
    check::<f32>("text_binary", 1e-2);
}

#[test]
fn text_multiclass_matches_tfjs_f32() {
    check::<f32>("text_multiclass", 1e-2);
}

#[test]
fn text_binary_and_multiclass_match_tfjs_f64() {
    check::<f64>("text_binary", 1e-3);
    check::<f64>("text_multiclass", 1e-3);
}
