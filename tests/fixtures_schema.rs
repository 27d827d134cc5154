//! The TensorFlow.js fixtures (`tests/fixtures/*.json`, from
//! `node scripts/tfjs-fixtures.mjs`) parse into the typed structs of
//! `common::fixtures`, are shape-consistent, and agree with themselves:
//! an independent f64 reimplementation written here (not the crate's layers)
//! reproduces tfjs' forward output and loss, central finite differences of
//! that reimplementation reproduce tfjs' gradients, and the stored SGD/Adam
//! results follow from the stored gradients by the update formulas.
//! Parity of the core's own layers against these fixtures is a separate test.

mod common;

use common::fixtures::{self, Fixture, ModelSpec};

const KERAS_EPS: f64 = 1e-7;

const EXPECTED: [&str; 6] = [
    "dense_bce",
    "dense_cce",
    "dense_half_sse",
    "dense_mse",
    "text_binary",
    "text_multiclass",
];

// ------------------------------------------------------------ f64 reference

fn activate(name: &str, z: &mut [f64]) {
    match name {
        "linear" => {}
        "relu" => z.iter_mut().for_each(|v| *v = v.max(0.0)),
        "tanh" => z.iter_mut().for_each(|v| *v = v.tanh()),
        "sigmoid" => z.iter_mut().for_each(|v| *v = 1.0 / (1.0 + (-*v).exp())),
        "softmax" => {
            let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            z.iter_mut().for_each(|v| *v = (*v - m).exp());
            let s: f64 = z.iter().sum();
            z.iter_mut().for_each(|v| *v /= s);
        }
        other => panic!("unknown activation {other}"),
    }
}

/// Keras per-sample loss of prediction `p` against target row `y`
/// (for sparseCce `y` is `[class]`), as tfjs-layers computes it.
fn sample_loss(loss: &str, y: &[f64], p: &[f64]) -> f64 {
    let clip = |v: f64| v.clamp(KERAS_EPS, 1.0 - KERAS_EPS);
    let n = p.len() as f64;
    match loss {
        "halfSse" => 0.5 * p.iter().zip(y).map(|(a, t)| (a - t) * (a - t)).sum::<f64>(),
        "mse" => p.iter().zip(y).map(|(a, t)| (a - t) * (a - t)).sum::<f64>() / n,
        "bce" => {
            p.iter()
                .zip(y)
                .map(|(&a, &t)| -(t * clip(a).ln() + (1.0 - t) * (1.0 - clip(a)).ln()))
                .sum::<f64>()
                / n
        }
        "cce" => {
            let s: f64 = p.iter().sum();
            -p.iter()
                .zip(y)
                .map(|(a, t)| t * clip(a / s).ln())
                .sum::<f64>()
        }
        "sparseCce" => {
            // tfjs-layers clips, one-hots the label, then runs cce (renormalise, clip).
            let s: f64 = p.iter().map(|&a| clip(a)).sum();
            -clip(clip(p[y[0] as usize]) / s).ln()
        }
        other => panic!("unknown loss {other}"),
    }
}

/// Text trunk up to the pool input: conv pre-activations `[T'][filters]` of one sequence.
fn conv_pre(
    ids: &[f64],
    emb: &[f64],
    kernel: &[f64],
    bias: &[f64],
    dim: usize,
    k: usize,
) -> Vec<Vec<f64>> {
    let f = bias.len();
    (0..=ids.len() - k)
        .map(|t| {
            let mut z = bias.to_vec();
            for dk in 0..k {
                let row = &emb[ids[t + dk] as usize * dim..][..dim];
                for (d, e) in row.iter().enumerate() {
                    for (j, zj) in z.iter_mut().enumerate() {
                        *zj += e * kernel[(dk * dim + d) * f + j];
                    }
                }
            }
            z
        })
        .collect()
}

/// `x [in] -> x K + b`, K `[in, out]` row-major.
fn affine(x: &[f64], kernel: &[f64], bias: &[f64]) -> Vec<f64> {
    let out = bias.len();
    (0..out)
        .map(|j| {
            bias[j]
                + x.iter()
                    .enumerate()
                    .map(|(i, a)| a * kernel[i * out + j])
                    .sum::<f64>()
        })
        .collect()
}

/// Model output `[batch][out]` for parameters in fixture weight order.
fn forward(fx: &Fixture, params: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let row_len = fx.input.shape[1];
    fx.input
        .data
        .chunks(row_len)
        .map(|x| match &fx.model {
            ModelSpec::Dense(d) => {
                let mut a = x.to_vec();
                for (l, act) in d.activations.iter().enumerate() {
                    a = affine(&a, &params[2 * l], &params[2 * l + 1]);
                    activate(act, &mut a);
                }
                a
            }
            ModelSpec::Text(t) => {
                let z = conv_pre(
                    x,
                    &params[0],
                    &params[1],
                    &params[2],
                    t.embedding_dim,
                    t.kernel_size,
                );
                let pooled: Vec<f64> = (0..t.filters)
                    .map(|j| {
                        z.iter()
                            .map(|zt| zt[j].max(0.0))
                            .fold(f64::NEG_INFINITY, f64::max)
                    })
                    .collect();
                let mut a = affine(&pooled, &params[3], &params[4]);
                activate(&t.output_activation, &mut a);
                a
            }
        })
        .collect()
}

/// Batch-mean loss (Keras SUM_OVER_BATCH_SIZE).
fn batch_loss(fx: &Fixture, params: &[Vec<f64>]) -> f64 {
    let out = forward(fx, params);
    let width = fx.target.data.len() / out.len();
    let total: f64 = out
        .iter()
        .zip(fx.target.data.chunks(width))
        .map(|(p, y)| sample_loss(fx.model.loss(), y, p))
        .sum();
    total / out.len() as f64
}

fn initial_params(fx: &Fixture) -> Vec<Vec<f64>> {
    fx.weights.iter().map(|w| w.data.clone()).collect()
}

fn rel_err(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-12)
}

// ------------------------------------------------------------ tests

#[test]
fn every_fixture_parses_and_matches_its_schema() {
    let all = fixtures::load_all();
    let mut names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names, EXPECTED,
        "fixture set changed: regenerate or update EXPECTED"
    );
    for fx in &all {
        fx.validate().unwrap_or_else(|e| panic!("{}: {e}", fx.name));
        assert_eq!(fx.tfjs_version, "4.22.0", "{}", fx.name);
        assert_eq!(fx.backend, "cpu", "{}", fx.name);
    }
}

#[test]
fn validate_names_the_broken_field() {
    type Breaker = fn(&mut Fixture);
    let cases: [(&str, Breaker); 5] = [
        ("grads[1]", |f| {
            f.grads[1].data.pop();
        }),
        ("weights[0].shape", |f| f.weights[0].shape.reverse()),
        ("sgd.weightsAfter[2]", |f| {
            f.sgd.weights_after[2].data[0] = f64::NAN
        }),
        ("target.shape", |f| f.target.shape[0] += 1),
        ("adam.kerasWeightsAfter", |f| {
            f.adam.keras_weights_after.pop();
        }),
    ];
    for (field, break_it) in cases {
        let mut fx = fixtures::load("dense_mse");
        fx.validate().expect("unbroken fixture is valid");
        break_it(&mut fx);
        let err = fx.validate().expect_err(field);
        assert!(
            err.starts_with(field),
            "expected an error about {field}, got: {err}"
        );
    }
    let mut text = fixtures::load("text_multiclass");
    text.target.data[0] = 4.0; // only 4 classes
    assert!(text.validate().unwrap_err().starts_with("target.data[0]"));
}

#[test]
fn loader_rejects_numbers_that_are_not_float32() {
    let path = fixtures::fixtures_dir().join("dense_mse.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let fx: Fixture = serde_json::from_str(&text).expect("fixture parses");
    // 0.1 has no exact float32 representation; tfjs could not have written it.
    let first = format!("{}", fx.input.data[0]);
    let needle = format!("\"data\": [{first},");
    assert!(text.contains(&needle), "input.data starts with {first}");
    let broken = text.replacen(&needle, "\"data\": [0.1,", 1);
    let err = serde_json::from_str::<Fixture>(&broken)
        .expect_err("0.1 is not a float32 value")
        .to_string();
    assert!(
        err.contains("data[0] = 1e-1 is not a float32 value"),
        "{err}"
    );
}

/// tfjs' float32 forward and loss against the f64 reimplementation above.
fn check_forward_and_loss(fx: &Fixture) {
    let out = forward(fx, &initial_params(fx));
    for (i, (ours, theirs)) in out.iter().flatten().zip(&fx.output.data).enumerate() {
        assert!(
            (ours - theirs).abs() <= 1e-5 * theirs.abs().max(1e-2),
            "{} output[{i}]: f64 {ours} vs tfjs {theirs}",
            fx.name
        );
    }
    let loss = batch_loss(fx, &initial_params(fx));
    assert!(
        rel_err(loss, fx.loss) < 1e-5,
        "{}: f64 loss {loss} vs tfjs {}",
        fx.name,
        fx.loss
    );
}

#[test]
fn dense_forward_and_loss_match_tfjs() {
    let dense: Vec<_> = fixtures::load_all()
        .into_iter()
        .filter(|f| matches!(f.model, ModelSpec::Dense(_)))
        .collect();
    assert_eq!(dense.len(), 4);
    dense.iter().for_each(check_forward_and_loss);
}

#[test]
fn text_forward_and_loss_match_tfjs_and_pool_has_no_ties() {
    let text: Vec<_> = fixtures::load_all()
        .into_iter()
        .filter(|f| matches!(f.model, ModelSpec::Text(_)))
        .collect();
    assert_eq!(text.len(), 2);
    for fx in &text {
        check_forward_and_loss(fx);
        let ModelSpec::Text(t) = &fx.model else {
            unreachable!()
        };
        let p = initial_params(fx);
        for (b, ids) in fx.input.data.chunks(t.sequence_length).enumerate() {
            let z = conv_pre(ids, &p[0], &p[1], &p[2], t.embedding_dim, t.kernel_size);
            assert!(
                z.iter().flatten().all(|v| v.abs() > 5e-4),
                "{} sample {b}: a ReLU input sits at its kink",
                fx.name
            );
            for j in 0..t.filters {
                let mut col: Vec<f64> = z.iter().map(|zt| zt[j]).collect();
                col.sort_by(|x, y| y.total_cmp(x));
                assert!(
                    col[0] > 0.0 && col[0] - col[1] > 5e-4,
                    "{} sample {b} filter {j}: max-pool tie",
                    fx.name
                );
            }
        }
    }
}

#[test]
fn grads_match_central_differences() {
    for fx in fixtures::load_all() {
        let mut p = initial_params(&fx);
        let h = 1e-6;
        for (wi, g) in fx.grads.iter().enumerate() {
            for k in 0..g.data.len() {
                let orig = p[wi][k];
                p[wi][k] = orig + h;
                let up = batch_loss(&fx, &p);
                p[wi][k] = orig - h;
                let down = batch_loss(&fx, &p);
                p[wi][k] = orig;
                let numeric = (up - down) / (2.0 * h);
                let tfjs = g.data[k];
                assert!(
                    (numeric - tfjs).abs() <= 1e-4 * numeric.abs() + 2e-7,
                    "{} {}[{k}]: tfjs grad {tfjs} vs central difference {numeric}",
                    fx.name,
                    g.name
                );
            }
        }
    }
}

#[test]
fn optimizer_steps_follow_from_grads() {
    for fx in fixtures::load_all() {
        let (lr_s, a) = (fx.sgd.learning_rate, &fx.adam);
        let alpha = a.learning_rate * (1.0 - a.beta2).sqrt() / (1.0 - a.beta1);
        let mut max_form_diff: f64 = 0.0;
        for (i, w) in fx.weights.iter().enumerate() {
            for (k, (&p, &g)) in w.data.iter().zip(&fx.grads[i].data).enumerate() {
                // float32 rounding of the stored results: a few ulps of the weight.
                let tol = 4.0 * f32::EPSILON as f64 * p.abs().max(1e-2);
                let at = format!("{} {}[{k}]", fx.name, w.name);
                let sgd = p - lr_s * g;
                assert!(
                    (fx.sgd.weights_after[i].data[k] - sgd).abs() <= tol,
                    "{at}: sgd"
                );
                // One Adam step: m = (1-b1) g, v = (1-b2) g^2, mhat = g, vhat = g^2.
                // tfjs computes 1 - b2^t in float32 (0.00099998713 for 0.999), so its
                // step is ~6.4e-6 relative short of the exact formula: allow 1e-5 of the step.
                let tfjs_form = p - a.learning_rate * g / (g.abs() + a.epsilon);
                let tfjs_tol = tol + 1e-5 * (tfjs_form - p).abs();
                let (m, v) = ((1.0 - a.beta1) * g, (1.0 - a.beta2) * g * g);
                let keras_form = p - alpha * m / (v.sqrt() + a.epsilon);
                let (got_tfjs, got_keras) =
                    (a.weights_after[i].data[k], a.keras_weights_after[i].data[k]);
                assert!(
                    (got_tfjs - tfjs_form).abs() <= tfjs_tol,
                    "{at}: adam (tfjs form) {got_tfjs} vs {tfjs_form}"
                );
                assert!(
                    (got_keras - keras_form).abs() <= tol,
                    "{at}: adam (keras form) {got_keras} vs {keras_form}"
                );
                max_form_diff = max_form_diff.max((got_keras - got_tfjs).abs());
            }
        }
        let stored = a.keras_vs_tfjs.max_abs_diff;
        assert!(
            rel_err(max_form_diff, stored) < 1e-9,
            "{}: kerasVsTfjs.maxAbsDiff {stored} vs {max_form_diff}",
            fx.name
        );
    }
}
