//! The seed article's 2-3-2 worked example, every number worked by hand, and
//! one parameter followed through momentum and Adam steps by hand.

use nn_playground::net::{Network, NetworkState, OptimizerSpec};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn assert_vec(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(close(*g, *w), "{what}[{i}]: got {g}, want {w}");
    }
}

fn assert_mat(got: &[Vec<f64>], want: &[&[f64]], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: rows");
    for (j, (g, w)) in got.iter().zip(want).enumerate() {
        assert_vec(g, w, &format!("{what}[{j}]"));
    }
}

/// By hand (all weights and biases 0.5, ReLU, input x = (1, 0), target (1, 0)):
///
/// hidden:  z_j = 0.5·1 + 0.5·0 + 0.5 = 1.0 for j = 1, 2, 3;  a_j = 1.0;  f'(z) = 1
/// output:  z_k = 0.5·(1+1+1) + 0.5 = 2.0 for k = 1, 2;     a_k = 2.0;  f'(z) = 1
/// loss:    L = ½((2-1)² + (2-0)²) = ½(1 + 4) = 2.5
/// lossGrad = a - y = (1, 2);  output δ = (1·1, 2·1) = (1, 2)
/// hidden δ_j = (w_1j δ_1 + w_2j δ_2)·f'(z_j) = (0.5·1 + 0.5·2)·1 = 1.5, all three
/// output weight grads [k][j] = δ_k a_j: row 1 = (1, 1, 1), row 2 = (2, 2, 2); bias grads (1, 2)
/// hidden weight grads [j][i] = δ_j x_i = (1.5·1, 1.5·0) = (1.5, 0) per unit; bias grads 1.5
/// SGD, lr 0.1: output rows 0.5 - 0.1·1 = 0.4 and 0.5 - 0.1·2 = 0.3, biases (0.4, 0.3);
///              hidden rows (0.5 - 0.15, 0.5 - 0) = (0.35, 0.5), biases 0.35.
/// (The article misprints some of these and drops the third hidden unit.)
#[test]
fn article_2_3_2_first_step_every_number() {
    let mut net = Network::article_2_3_2();
    let t = net.step().unwrap();
    assert_eq!(t.step, 1);
    assert_vec(&t.input, &[1.0, 0.0], "input");
    assert_vec(&t.target, &[1.0, 0.0], "target");
    assert!(close(t.loss, 2.5), "loss {}", t.loss);
    assert_vec(&t.loss_grad, &[1.0, 2.0], "lossGrad");
    assert_eq!(t.layers.len(), 2);

    let h = &t.layers[0];
    assert_vec(&h.z, &[1.0, 1.0, 1.0], "hidden z");
    assert_vec(&h.a, &[1.0, 1.0, 1.0], "hidden a");
    assert_vec(
        h.d_activation.as_ref().unwrap(),
        &[1.0, 1.0, 1.0],
        "hidden f'",
    );
    assert_vec(&h.delta, &[1.5, 1.5, 1.5], "hidden delta");
    assert_mat(
        &h.weight_grad,
        &[&[1.5, 0.0], &[1.5, 0.0], &[1.5, 0.0]],
        "hidden weightGrad",
    );
    assert_vec(&h.bias_grad, &[1.5, 1.5, 1.5], "hidden biasGrad");
    assert_mat(
        &h.weights_before,
        &[&[0.5, 0.5], &[0.5, 0.5], &[0.5, 0.5]],
        "hidden weightsBefore",
    );
    assert_mat(
        &h.weights_after,
        &[&[0.35, 0.5], &[0.35, 0.5], &[0.35, 0.5]],
        "hidden weightsAfter",
    );
    assert_vec(&h.biases_before, &[0.5, 0.5, 0.5], "hidden biasesBefore");
    assert_vec(&h.biases_after, &[0.35, 0.35, 0.35], "hidden biasesAfter");

    let o = &t.layers[1];
    assert_vec(&o.z, &[2.0, 2.0], "output z");
    assert_vec(&o.a, &[2.0, 2.0], "output a");
    assert_vec(o.d_activation.as_ref().unwrap(), &[1.0, 1.0], "output f'");
    assert_vec(&o.delta, &[1.0, 2.0], "output delta");
    assert_mat(
        &o.weight_grad,
        &[&[1.0, 1.0, 1.0], &[2.0, 2.0, 2.0]],
        "output weightGrad",
    );
    assert_vec(&o.bias_grad, &[1.0, 2.0], "output biasGrad");
    assert_mat(
        &o.weights_after,
        &[&[0.4, 0.4, 0.4], &[0.3, 0.3, 0.3]],
        "output weightsAfter",
    );
    assert_vec(&o.biases_after, &[0.4, 0.3], "output biasesAfter");

    // The network holds the updated weights.
    assert_eq!(net.state().step, 1);
    assert_eq!(net.state().weights[1], o.weights_after);
}

/// Second step, by hand from the updated weights:
/// hidden z = 0.35·1 + 0.5·0 + 0.35 = 0.7 (each), a = 0.7
/// output z_1 = 0.4·(3·0.7) + 0.4 = 1.24, z_2 = 0.3·2.1 + 0.3 = 0.93
/// L = ½((1.24-1)² + 0.93²) = ½(0.0576 + 0.8649) = 0.46125
#[test]
fn article_2_3_2_second_step_loss() {
    let mut net = Network::article_2_3_2();
    net.step().unwrap();
    let t = net.step().unwrap();
    assert_vec(&t.layers[0].z, &[0.7, 0.7, 0.7], "hidden z");
    assert_vec(&t.layers[1].z, &[1.24, 0.93], "output z");
    assert!(close(t.loss, 0.46125), "loss {}", t.loss);
}

/// A 1-1 linear net (w = 0.5, b = 0, x = 1, y = 0, ½·SSE): z = w + b, δ = z,
/// ∂L/∂w = ∂L/∂b = z.
fn one_weight(optimizer: OptimizerSpec) -> Network {
    let json = format!(
        r#"{{"version":1,"sizes":[1,1],"activations":["linear"],"loss":"halfSse",
        "weights":[[[0.5]]],"biases":[[0]],"input":[1],"target":[0],
        "learningRate":0.1,"optimizer":{},"optimizerState":{{"t":0}},"step":0}}"#,
        serde_json::to_string(&optimizer).unwrap()
    );
    Network::from_json(&json).unwrap()
}

/// Momentum 0.9, lr 0.1 (Keras: v = m·v - lr·g; w += v):
/// step 1: g = 0.5, v = -0.05, w = 0.45, b = -0.05
/// step 2: z = 0.45 - 0.05 = 0.4 = g; v = 0.9·(-0.05) - 0.1·0.4 = -0.085;
///         w = 0.45 - 0.085 = 0.365, b = -0.05 - 0.085 = -0.135
#[test]
fn momentum_by_hand() {
    let mut net = one_weight(OptimizerSpec::Momentum { momentum: 0.9 });
    net.step().unwrap();
    assert!(close(net.state().weights[0][0][0], 0.45));
    assert!(close(net.state().biases[0][0], -0.05));
    let t = net.step().unwrap();
    assert!(close(t.layers[0].weight_grad[0][0], 0.4));
    let s: &NetworkState = net.state();
    assert!(close(s.weights[0][0][0], 0.365), "{}", s.weights[0][0][0]);
    assert!(close(s.biases[0][0], -0.135));
    let vel = s.optimizer_state.velocity.as_ref().unwrap();
    assert!(close(vel.weights[0][0][0], -0.085));
    assert_eq!(s.optimizer_state.t, 2);
}

/// Adam (β1 0.9, β2 0.999, ε 1e-7), lr 0.1, first step with g = 0.5:
/// m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025,
/// α = 0.1·√(1-0.999)/(1-0.9), update = α·m/(√v + ε)
///   = 0.1·0.5/(0.5 + ε/√0.001)   (the √0.001 and 0.1 factors cancel)
///   = 0.05/(0.5 + 3.1622776601683795e-6) = 0.1/(1 + 6.32455532e-6) ≈ 0.0999993675
#[test]
fn adam_first_step_by_hand() {
    let mut net = one_weight(OptimizerSpec::adam_default());
    net.step().unwrap();
    let s = net.state();
    let update = 0.05 / (0.5 + 1e-7 / 0.001f64.sqrt());
    assert!((update - 0.0999993675).abs() < 1e-10);
    assert!(
        close(s.weights[0][0][0], 0.5 - update),
        "{}",
        s.weights[0][0][0]
    );
    assert!(close(s.biases[0][0], -update));
    let m = s.optimizer_state.m.as_ref().unwrap();
    let v = s.optimizer_state.v.as_ref().unwrap();
    assert!(close(m.weights[0][0][0], 0.05));
    assert!(close(v.weights[0][0][0], 0.00025));
}
