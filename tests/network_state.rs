//! The teaching network's JSON contract (docs/network-state.md): exact
//! round-trips, errors naming the field, rejected NaN/learning rates,
//! reported divergence, batch APIs and presets.

#![allow(clippy::needless_range_loop)]

use nn_playground::net::{Network, NetworkState, OptimizerSpec, Regularization, WeightPenalty};

/// The example state in docs/network-state.md.
const DOC_EXAMPLE: &str = r#"{
  "version": 1,
  "sizes": [2, 3, 2],
  "activations": ["relu", "relu"],
  "loss": "halfSse",
  "weights": [[[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]],
  "biases": [[0.5, 0.5, 0.5], [0.5, 0.5]],
  "input": [1, 0],
  "target": [1, 0],
  "learningRate": 0.1,
  "optimizer": { "kind": "sgd" },
  "optimizerState": { "t": 0 },
  "step": 0
}"#;

fn with(field: &str, value: serde_json::Value) -> String {
    let mut v: serde_json::Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
    v[field] = value;
    v.to_string()
}

fn error_of(json: &str) -> String {
    Network::from_json(json).unwrap_err().0
}

#[test]
fn doc_example_is_the_article_preset() {
    let net = Network::from_json(DOC_EXAMPLE).unwrap();
    assert_eq!(net, Network::article_2_3_2());
}

#[test]
fn round_trip_is_exact_for_every_optimizer_after_training() {
    for opt in [
        OptimizerSpec::Sgd,
        OptimizerSpec::Momentum { momentum: 0.9 },
        OptimizerSpec::adam_default(),
    ] {
        let mut v: serde_json::Value = serde_json::from_str(&Network::xor().to_json()).unwrap();
        v["optimizer"] = serde_json::to_value(opt).unwrap();
        let mut net = Network::from_json(&v.to_string()).unwrap();
        let (x, y) = Network::xor_dataset();
        net.train_steps(&x, &y, 2, 7, 3, WeightPenalty::default())
            .unwrap();
        net.step().unwrap();
        let json = net.to_json();
        let back = Network::from_json(&json).unwrap();
        assert_eq!(back, net, "{opt:?}");
        assert_eq!(back.to_json(), json);
        // Bitwise equal numbers, including optimiser state.
        assert_eq!(back.state().optimizer_state, net.state().optimizer_state);
        assert_eq!(net.state().optimizer_state.t, 8);
        assert_eq!(net.state().step, 8);
        // Continuing from the loaded copy matches continuing the original.
        let (mut a, mut b) = (net.clone(), back);
        assert_eq!(a.step().unwrap(), b.step().unwrap());
    }
}

#[test]
fn json_uses_contract_keys() {
    let mut net = Network::article_2_3_2();
    let v: serde_json::Value = serde_json::from_str(&net.to_json()).unwrap();
    for key in [
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
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["optimizer"], serde_json::json!({"kind": "sgd"}));
    let t = serde_json::to_value(net.step().unwrap()).unwrap();
    for key in [
        "step",
        "input",
        "target",
        "loss",
        "lossGrad",
        "layers",
        "optimizer",
        "learningRate",
    ] {
        assert!(t.get(key).is_some(), "trace missing {key}");
    }
    for key in [
        "activation",
        "z",
        "a",
        "dActivation",
        "delta",
        "weightGrad",
        "biasGrad",
        "weightsBefore",
        "weightsAfter",
        "biasesBefore",
        "biasesAfter",
    ] {
        assert!(
            t["layers"][0].get(key).is_some(),
            "layer trace missing {key}"
        );
    }
    assert_eq!(t["lossGrad"], serde_json::json!([1.0, 2.0]));
    let g = serde_json::to_value(net.gradient_check().unwrap()).unwrap();
    for key in [
        "layer", "kind", "row", "col", "analytic", "numeric", "relError", "deadRelu", "atKink",
        "agrees",
    ] {
        assert!(g[0].get(key).is_some(), "gradcheck missing {key}");
    }
    assert_eq!(g[0]["kind"], "weight");
}

#[test]
fn softmax_trace_has_null_d_activation_and_fused_delta() {
    let json = with("activations", serde_json::json!(["tanh", "softmax"]))
        .replace(r#""loss":"halfSse""#, r#""loss":"cce""#);
    let mut net = Network::from_json(&json).unwrap();
    let t = net.step().unwrap();
    let v = serde_json::to_value(&t).unwrap();
    assert!(v["layers"][1]["dActivation"].is_null());
    assert!(!v["layers"][0]["dActivation"].is_null());
    // Fused softmax + cce: δ = a - y.
    let o = &t.layers[1];
    for j in 0..2 {
        assert!((o.delta[j] - (o.a[j] - t.target[j])).abs() < 1e-15);
    }
}

#[test]
fn errors_name_the_field() {
    let cases: Vec<(String, &str)> = vec![
        (
            with(
                "weights",
                serde_json::json!([
                    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]],
                    [[0.5, 0.5], [0.5, 0.5, 0.5]]
                ]),
            ),
            "weights[1][0]: expected 3 numbers, got 2",
        ),
        (
            with(
                "weights",
                serde_json::json!([[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]]),
            ),
            "weights[0]: expected 3 rows, got 2",
        ),
        (
            with("weights", serde_json::json!([[[0.5, "x"]]])),
            "weights[0][0][1]: expected a number, got a string",
        ),
        (
            with("biases", serde_json::json!([[0.5, 0.5, 0.5], [0.5]])),
            "biases[1]: expected 2 numbers, got 1",
        ),
        (
            with("learningRate", serde_json::json!(-0.1)),
            "learningRate: must be a finite number > 0",
        ),
        (
            with("learningRate", serde_json::json!(0)),
            "learningRate: must be a finite number > 0",
        ),
        (
            with("learningRate", serde_json::json!(null)),
            "learningRate: must be a finite number > 0",
        ),
        (
            with("input", serde_json::json!([1, null])),
            "input[1]: expected a number, got null (NaN and Infinity become null in JSON)",
        ),
        (
            with("input", serde_json::json!([1, 0, 0])),
            "input: expected 2 numbers, got 3",
        ),
        (
            with("target", serde_json::json!([1])),
            "target: expected 2 numbers, got 1",
        ),
        (
            with("sizes", serde_json::json!([2])),
            "sizes: expected at least 2 layers (input and output), got 1",
        ),
        (
            with("sizes", serde_json::json!([2, 0, 2])),
            "sizes[1]: must be a positive integer",
        ),
        (
            with("sizes", serde_json::json!([2, -3, 2])),
            "sizes[1]: expected a non-negative integer, got -3",
        ),
        (
            with("activations", serde_json::json!(["relu"])),
            "activations: expected 2 (one per non-input layer), got 1",
        ),
        (
            with("activations", serde_json::json!(["softmax", "relu"])),
            "activations[0]: softmax is only allowed on the output layer",
        ),
        (
            with("activations", serde_json::json!(["relu", "gelu"])),
            "activations[1]: unknown activation \"gelu\"",
        ),
        (
            with("loss", serde_json::json!("hinge")),
            "loss: unknown loss \"hinge\"",
        ),
        (
            with("optimizer", serde_json::json!({"kind": "rmsprop"})),
            "optimizer.kind: unknown optimizer \"rmsprop\"",
        ),
        (
            with("optimizer", serde_json::json!({"kind": "momentum"})),
            "optimizer.momentum: missing",
        ),
        (
            with(
                "optimizer",
                serde_json::json!({"kind": "momentum", "momentum": 1.5}),
            ),
            "optimizer.momentum: must be a number in [0, 1)",
        ),
        (
            with(
                "optimizer",
                serde_json::json!({"kind": "adam", "epsilon": 0}),
            ),
            "optimizer.epsilon: must be a finite number > 0",
        ),
        (
            with("version", serde_json::json!(2)),
            "version: unsupported version 2, expected 1",
        ),
        (
            with(
                "optimizerState",
                serde_json::json!({"t": 1, "velocity": {"weights": [], "biases": []}}),
            )
            .replace(r#"{"kind":"sgd"}"#, r#"{"kind":"momentum","momentum":0.9}"#),
            "optimizerState.velocity.weights: expected 2 layers, got 0",
        ),
        (
            DOC_EXAMPLE.replace("\"sizes\": [2, 3, 2],", ""),
            "sizes: missing",
        ),
        (
            "[1, 2]".to_string(),
            "state: expected an object, got an array",
        ),
        ("{\"version\": 1,".to_string(), "state: invalid JSON"),
    ];
    for (json, want) in cases {
        let got = error_of(&json);
        assert!(
            got.starts_with(want),
            "got {got:?}, want it to start with {want:?}"
        );
    }
}

#[test]
fn non_finite_values_from_rust_are_rejected() {
    let base = Network::article_2_3_2().state().clone();
    let mut s: NetworkState = base.clone();
    s.input[0] = f64::NAN;
    assert_eq!(
        Network::from_state(s).unwrap_err().0,
        "input[0]: must be a finite number"
    );
    let mut s = base.clone();
    s.weights[1][1][2] = f64::INFINITY;
    assert_eq!(
        Network::from_state(s).unwrap_err().0,
        "weights[1][1][2]: must be a finite number"
    );
    let mut s = base.clone();
    s.learning_rate = f64::NAN;
    assert_eq!(
        Network::from_state(s).unwrap_err().0,
        "learningRate: must be a finite number > 0"
    );
    let mut net = Network::article_2_3_2();
    assert!(net.set_learning_rate(-1.0).is_err());
    assert!(net.set_sample(vec![1.0, f64::NAN], vec![1.0, 0.0]).is_err());
    assert_eq!(
        net,
        Network::article_2_3_2(),
        "failed setters change nothing"
    );
}

fn diverging() -> Network {
    // 1-1 linear: z = w·x + b with x = 1e100, y = 0, lr 1. Step 1: L = ½·1e200
    // (finite), ∂L/∂w = 1e200 so w = 1 - 1e200. Step 2: z ≈ -1e300, L = ½·1e600 = inf.
    Network::from_json(
        r#"{"version":1,"sizes":[1,1],"activations":["linear"],"loss":"halfSse",
        "weights":[[[1]]],"biases":[[0]],"input":[1e100],"target":[0],
        "learningRate":1,"optimizer":{"kind":"sgd"},"step":0}"#,
    )
    .unwrap()
}

#[test]
fn divergence_is_an_error_and_changes_nothing() {
    let mut net = diverging();
    net.step().unwrap();
    let before = net.clone();
    let e = net.step().unwrap_err().0;
    assert!(e.contains("diverged"), "{e}");
    assert_eq!(net, before);
    assert!(net.loss().is_err());
    let mut net = diverging();
    let e = net
        .train_steps(&[1e100], &[0.0], 1, 10, 0, WeightPenalty::default())
        .unwrap_err()
        .0;
    assert!(e.contains("diverged"), "{e}");
    assert_eq!(net.state().step, 1, "the finite first step stays applied");
}

#[test]
fn batch_inputs_are_validated() {
    let mut net = Network::article_2_3_2();
    assert!(net
        .predict_batch(&[1.0, 0.0, 1.0])
        .unwrap_err()
        .0
        .starts_with("inputs: expected a non-empty multiple of 2"));
    assert!(net.predict_batch(&[]).is_err());
    assert_eq!(
        net.step_batch(&[1.0, 0.0], &[1.0, f64::NAN]).unwrap_err().0,
        "targets[1]: must be a finite number"
    );
    assert_eq!(
        net.step_batch(&[1.0, 0.0], &[1.0]).unwrap_err().0,
        "targets: expected 2 numbers (1 samples × 2 outputs), got 1"
    );
    assert!(net
        .train_steps(&[1.0, 0.0], &[1.0, 0.0], 0, 1, 0, WeightPenalty::default())
        .unwrap_err()
        .0
        .starts_with("batchSize"));
    assert_eq!(net, Network::article_2_3_2());
}

#[test]
fn train_steps_rejects_out_of_range_steps_and_batch_size_before_allocating() {
    // Audit H1: a huge `steps` used to overflow the up-front Vec capacity
    // (a panic in wasm); now every out-of-range count is an error naming it.
    use nn_playground::net::{MAX_BATCH_SIZE, MAX_TRAIN_STEPS};
    let mut net = Network::article_2_3_2();
    let (x, y) = ([1.0, 0.0], [1.0, 0.0]);
    for steps in [0, MAX_TRAIN_STEPS + 1, usize::MAX] {
        let e = net
            .train_steps(&x, &y, 1, steps, 0, WeightPenalty::default())
            .unwrap_err()
            .0;
        assert_eq!(
            e,
            format!("steps: must be between 1 and {MAX_TRAIN_STEPS}, got {steps}")
        );
    }
    let e = net
        .train_steps(&x, &y, MAX_BATCH_SIZE + 1, 1, 0, WeightPenalty::default())
        .unwrap_err()
        .0;
    assert_eq!(
        e,
        format!(
            "batchSize: must be between 1 and {MAX_BATCH_SIZE}, got {}",
            MAX_BATCH_SIZE + 1
        )
    );
    assert_eq!(net, Network::article_2_3_2());
    assert_eq!(
        net.train_steps(&x, &y, 1, 2, 0, WeightPenalty::default())
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn predict_and_activations_by_hand() {
    // Article net. x = (1, 0): hidden 1.0 each, output 2.0 each (see worked_example.rs).
    // x = (0, 0): hidden z = 0.5, output z = 0.5·1.5 + 0.5 = 1.25.
    let net = Network::article_2_3_2();
    let x = [1.0, 0.0, 0.0, 0.0];
    assert_eq!(net.predict_batch(&x).unwrap(), vec![2.0, 2.0, 1.25, 1.25]);
    // Neuron-major: [(offset_l + j)·n + s], layers input(2), hidden(3), output(2).
    let acts = net.activations_batch(&x).unwrap();
    assert_eq!(
        acts,
        vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 2.0, 1.25, 2.0, 1.25]
    );
}

#[test]
fn step_batch_uses_the_mean_gradient() {
    let mut net = Network::xor();
    let (x, y) = Network::xor_dataset();
    // The mean of the four single-sample gradients, one by one.
    let mut mean_w = vec![vec![0.0; 2]; 4];
    let mut mean_loss = 0.0;
    for s in 0..4 {
        let mut single = Network::xor();
        single
            .set_sample(x[2 * s..2 * s + 2].to_vec(), y[s..s + 1].to_vec())
            .unwrap();
        let t = single.step().unwrap();
        mean_loss += t.loss / 4.0;
        for j in 0..4 {
            for i in 0..2 {
                mean_w[j][i] += t.layers[0].weight_grad[j][i] / 4.0;
            }
        }
    }
    let t = net.step_batch(&x, &y).unwrap();
    assert_eq!(t.samples.len(), 4);
    assert_eq!(t.step, 1);
    assert!((t.loss - mean_loss).abs() < 1e-15);
    for j in 0..4 {
        for i in 0..2 {
            assert!((t.layers[0].weight_grad[j][i] - mean_w[j][i]).abs() < 1e-15);
        }
    }
    assert_eq!(
        net.state().input,
        Network::xor().state().input,
        "the stored sample is untouched"
    );
}

#[test]
fn xor_preset_learns_xor_in_a_few_hundred_steps() {
    let mut net = Network::preset("xor").unwrap();
    let (x, y) = Network::xor_dataset();
    let losses = net
        .train_steps(&x, &y, 4, 300, 1, WeightPenalty::default())
        .unwrap();
    assert_eq!(losses.len(), 300);
    assert!(losses[0] > 0.5, "starts near ln 2: {}", losses[0]);
    assert!(losses[299] < 0.05, "final loss {}", losses[299]);
    let p = net.predict_batch(&x).unwrap();
    for (pi, yi) in p.iter().zip(&y) {
        assert!((pi - yi).abs() < 0.2, "{p:?}");
    }
    // Same seed, same run.
    let mut again = Network::xor();
    assert_eq!(
        again
            .train_steps(&x, &y, 4, 300, 1, WeightPenalty::default())
            .unwrap(),
        losses
    );
    assert!(Network::preset("nope")
        .unwrap_err()
        .0
        .contains("unknown preset"));
}

/// XOR with plain SGD, so one step moves each parameter by `-lr · gradient`.
fn xor_sgd() -> Network {
    let mut v: serde_json::Value = serde_json::from_str(&Network::xor().to_json()).unwrap();
    v["optimizer"] = serde_json::to_value(OptimizerSpec::Sgd).unwrap();
    Network::from_json(&v.to_string()).unwrap()
}

#[test]
fn weight_penalty_adds_rate_times_its_derivative_to_each_weight_step() {
    // One full-batch SGD step with and without the penalty, from the same
    // weights w0: the weights differ by exactly -lr · rate · penalty'(w0)
    // (L2: w0, L1: sign(w0)); the biases and the reported data loss agree.
    let (x, y) = Network::xor_dataset();
    for (kind, rate) in [(Regularization::L2, 0.1), (Regularization::L1, 0.03)] {
        let mut plain = xor_sgd();
        let mut reg = xor_sgd();
        let w0 = plain.state().weights.clone();
        let lr = plain.state().learning_rate;
        let a = plain
            .train_steps(&x, &y, 4, 1, 5, WeightPenalty::default())
            .unwrap();
        let b = reg
            .train_steps(&x, &y, 4, 1, 5, WeightPenalty { kind, rate })
            .unwrap();
        assert_eq!(a, b, "the reported loss is the data loss");
        assert_eq!(
            reg.state().biases,
            plain.state().biases,
            "biases are not penalised"
        );
        for l in 0..w0.len() {
            for j in 0..w0[l].len() {
                for i in 0..w0[l][j].len() {
                    let w = w0[l][j][i];
                    let by_hand = -lr
                        * rate
                        * if kind == Regularization::L2 {
                            w
                        } else {
                            w.signum()
                        };
                    let got = reg.state().weights[l][j][i] - plain.state().weights[l][j][i];
                    assert!(
                        (got - by_hand).abs() < 1e-12,
                        "{kind:?} w[{l}][{j}][{i}]: {got} vs {by_hand}"
                    );
                }
            }
        }
    }
}

#[test]
fn l2_penalty_keeps_weights_smaller_and_bad_rates_are_rejected() {
    let (x, y) = Network::xor_dataset();
    let norm = |n: &Network| -> f64 {
        n.state()
            .weights
            .iter()
            .flatten()
            .flatten()
            .map(|w| w * w)
            .sum()
    };
    let mut plain = Network::xor();
    let mut reg = Network::xor();
    plain
        .train_steps(&x, &y, 4, 300, 1, WeightPenalty::default())
        .unwrap();
    let l2 = WeightPenalty {
        kind: Regularization::L2,
        rate: 0.01,
    };
    reg.train_steps(&x, &y, 4, 300, 1, l2).unwrap();
    assert!(
        norm(&reg) < 0.9 * norm(&plain),
        "‖w‖² {} vs {}",
        norm(&reg),
        norm(&plain)
    );
    let before = reg.clone();
    let bad = WeightPenalty {
        kind: Regularization::L2,
        rate: -1.0,
    };
    let e = reg.train_steps(&x, &y, 4, 1, 1, bad).unwrap_err().0;
    assert!(e.contains("regularization rate"), "{e}");
    assert_eq!(reg, before, "a rejected call changes nothing");
}

#[test]
fn an_unknown_key_is_named_not_ignored() {
    // "optimiserState" (British spelling) used to be ignored, so the state
    // silently started a fresh optimizer.
    let e = error_of(&with("optimiserState", serde_json::json!({ "t": 3 })));
    assert!(
        e.starts_with("optimiserState: unknown key (a state has version, sizes,"),
        "{e}"
    );
    // Every key toJSON writes is accepted back.
    let net = Network::from_json(DOC_EXAMPLE).unwrap();
    let back: serde_json::Value = serde_json::from_str(&net.to_json()).unwrap();
    let keys: Vec<&str> = back
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in keys {
        assert!(nn_playground::net::STATE_KEYS.contains(&k), "{k}");
    }
    assert!(Network::from_json(&net.to_json()).is_ok());
}

#[test]
fn unknown_optimizer_keys_are_named() {
    // Second API audit: inside `optimizer` and `optimizerState` a misspelt
    // or foreign key (sgd with a momentum, adam's beta3, M for m) was ignored.
    let sgd_with_momentum = with(
        "optimizer",
        serde_json::json!({ "kind": "sgd", "momentum": 0.9 }),
    );
    assert_eq!(
        error_of(&sgd_with_momentum),
        "optimizer.momentum: unknown key (sgd has kind)"
    );
    let beta3 = with(
        "optimizer",
        serde_json::json!({ "kind": "adam", "beta3": 1 }),
    );
    assert!(error_of(&beta3)
        .starts_with("optimizer.beta3: unknown key (adam has kind, beta1, beta2, epsilon)"));
    let big_m = with("optimizerState", serde_json::json!({ "t": 1, "M": [] }));
    assert!(error_of(&big_m)
        .starts_with("optimizerState.M: unknown key (an optimizer state has t, velocity, m, v)"));
    // The keys toJSON writes for every optimizer load back.
    for opt in [
        serde_json::json!({ "kind": "sgd" }),
        serde_json::json!({ "kind": "momentum", "momentum": 0.9 }),
        serde_json::json!({ "kind": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7 }),
        serde_json::json!({ "kind": "adam" }),
    ] {
        let mut net = Network::from_json(&with("optimizer", opt.clone())).unwrap();
        net.step().unwrap();
        assert!(Network::from_json(&net.to_json()).is_ok(), "{opt}");
    }
}

#[test]
fn cross_entropy_targets_must_be_probabilities() {
    // Second API audit: bce accepted target [2, 0] (loss 0.127, meaningless).
    let state = |loss: &str, target: serde_json::Value| {
        let mut v: serde_json::Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
        v["loss"] = loss.into();
        v["target"] = target;
        v.to_string()
    };
    assert_eq!(
        error_of(&state("bce", serde_json::json!([2, 0]))),
        "target[0]: 2 is outside [0, 1]; binary cross-entropy reads targets as probabilities"
    );
    assert!(error_of(&state("cce", serde_json::json!([0, -1])))
        .starts_with("target[1]: -1 is outside [0, 1]"));
    assert!(
        Network::from_json(&state("halfSse", serde_json::json!([2, -1]))).is_ok(),
        "squared error takes any target"
    );
}
