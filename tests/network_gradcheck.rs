//! The teaching network's backprop against its own finite-difference
//! gradient check, for every activation/loss combination and several seeds.

use nn_playground::activation::Activation;
use nn_playground::loss::Loss;
use nn_playground::net::{
    rel_error, Network, NetworkState, OptimizerSpec, OptimizerState, ParamKind,
};
use nn_playground::rng::Rng;

fn random_net(seed: u64, hidden: Activation, output: Activation, loss: Loss) -> Network {
    let mut rng = Rng::new(seed);
    let sizes = vec![
        1 + rng.below(4),
        1 + rng.below(5),
        1 + rng.below(4),
        1 + rng.below(4),
    ];
    let weights = sizes
        .windows(2)
        .map(|w| {
            (0..w[1])
                .map(|_| (0..w[0]).map(|_| rng.range(-1.0, 1.0)).collect())
                .collect()
        })
        .collect();
    let biases = sizes[1..]
        .iter()
        .map(|&n| (0..n).map(|_| rng.range(-0.5, 0.5)).collect())
        .collect();
    let out = *sizes.last().unwrap();
    let mut target: Vec<f64> = (0..out).map(|_| rng.uniform()).collect();
    if loss == Loss::Cce {
        let s: f64 = target.iter().sum();
        target.iter_mut().for_each(|t| *t /= s);
    }
    Network::from_state(NetworkState {
        version: 1,
        input: (0..sizes[0]).map(|_| rng.range(-2.0, 2.0)).collect(),
        target,
        sizes,
        activations: vec![hidden, hidden, output],
        loss,
        weights,
        biases,
        learning_rate: 0.1,
        optimizer: OptimizerSpec::Sgd,
        optimizer_state: OptimizerState::default(),
        step: 0,
    })
    .unwrap()
}

#[test]
fn backprop_matches_finite_differences_everywhere() {
    let hidden = [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
    ];
    let mut checked = 0;
    for seed in 0..5 {
        for &h in &hidden {
            for out in Activation::ALL {
                for loss in Loss::ALL {
                    let net = random_net(seed, h, out, loss);
                    let entries = net.gradient_check().unwrap();
                    let s = net.state();
                    let params: usize = s.sizes.windows(2).map(|w| w[0] * w[1] + w[1]).sum();
                    assert_eq!(entries.len(), params);
                    for e in entries {
                        assert_eq!(e.rel_error, rel_error(e.analytic, e.numeric));
                        // A ReLU unit at the kink can legitimately disagree;
                        // tiny gradients are compared absolutely.
                        assert_eq!(
                            e.agrees,
                            e.rel_error < 1e-5 || (e.analytic - e.numeric).abs() < 1e-9
                        );
                        let ok = e.agrees || e.dead_relu;
                        assert!(ok, "seed {seed} {h:?}/{out:?}/{loss:?}: {e:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn dead_relu_is_flagged() {
    // Article net with a hidden unit pushed below zero: w = (-1, ·), b = -0.5, x = (1, 0) -> z = -1.5.
    let mut s = Network::article_2_3_2().state().clone();
    s.weights[0][1] = vec![-1.0, 0.5];
    s.biases[0][1] = -0.5;
    let net = Network::from_state(s).unwrap();
    let entries = net.gradient_check().unwrap();
    for e in &entries {
        let feeds_dead_unit = e.layer == 0 && e.row == 1;
        assert_eq!(e.dead_relu, feeds_dead_unit, "{e:?}");
        if feeds_dead_unit {
            assert_eq!(e.analytic, 0.0);
        }
    }
    // Order: layer 0 weights row by row, then layer 0 biases, then layer 1.
    assert_eq!(
        (
            entries[0].layer,
            entries[0].kind,
            entries[0].row,
            entries[0].col
        ),
        (0, ParamKind::Weight, 0, 0)
    );
    assert_eq!((entries[6].kind, entries[6].row), (ParamKind::Bias, 0));
    assert_eq!(entries[9].layer, 1);
}

#[test]
fn a_relu_unit_at_its_kink_marks_the_straddling_differences() {
    // Article net with hidden unit 1 at z = 0 exactly: w = (1, -1), b = 0, x = (1, 1).
    let mut s = Network::article_2_3_2().state().clone();
    s.weights[0][0] = vec![1.0, -1.0];
    s.biases[0][0] = 0.0;
    s.input = vec![1.0, 1.0];
    let net = Network::from_state(s).unwrap();
    let entries = net.gradient_check().unwrap();
    for e in &entries {
        // Moving w11, w12 or b1 by ±h moves z1 to ±h: across the kink. Nothing
        // else moves z1 (the unit's outgoing weights act after it).
        let into_unit_1 = e.layer == 0 && e.row == 0;
        assert_eq!(e.at_kink, into_unit_1, "{e:?}");
        if into_unit_1 {
            // Backprop uses relu'(0) = 0; the difference sees half the slope.
            assert_eq!(e.analytic, 0.0);
            assert!(e.numeric.abs() > 1e-3, "{e:?}");
        } else {
            assert!(
                e.rel_error < 1e-6 || (e.analytic - e.numeric).abs() < 1e-9,
                "{e:?}"
            );
        }
    }
    // Away from the kink nothing is marked.
    let plain = Network::article_2_3_2().gradient_check().unwrap();
    assert!(plain.iter().all(|e| !e.at_kink));
}
