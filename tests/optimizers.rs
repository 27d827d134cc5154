//! Optimisers against numbers worked by hand (comments show the arithmetic).

use nn_playground::optim::{adam_alpha, AdamConfig, Optimizer, OptimizerConfig, SgdConfig};

#[test]
fn defaults_are_keras() {
    assert_eq!(
        SgdConfig::default(),
        SgdConfig {
            learning_rate: 0.01,
            momentum: 0.0
        }
    );
    let a = AdamConfig::default();
    assert_eq!(
        (a.learning_rate, a.beta1, a.beta2, a.epsilon),
        (0.001, 0.9, 0.999, 1e-7)
    );
}

#[test]
fn plain_sgd_by_hand() {
    // w = (1, -2), g = (0.5, -1), lr 0.1: w - lr·g = (0.95, -1.9).
    let mut o = Optimizer::<f64>::new(OptimizerConfig::Sgd(SgdConfig {
        learning_rate: 0.1,
        momentum: 0.0,
    }))
    .unwrap();
    let mut w = [1.0, -2.0];
    o.begin_step();
    o.update(0, &mut w, &[0.5, -1.0]).unwrap();
    assert!((w[0] - 0.95).abs() < 1e-15 && (w[1] + 1.9).abs() < 1e-15);
}

#[test]
fn momentum_by_hand_f32_and_f64() {
    // lr 0.1, m 0.9, w = 1, g = 1 twice: v1 = -0.1, w = 0.9; v2 = -0.09 - 0.1 = -0.19, w = 0.71.
    let cfg = OptimizerConfig::Sgd(SgdConfig {
        learning_rate: 0.1,
        momentum: 0.9,
    });
    let mut o = Optimizer::<f64>::new(cfg).unwrap();
    let mut w = [1.0];
    for _ in 0..2 {
        o.begin_step();
        o.update(0, &mut w, &[1.0]).unwrap();
    }
    assert!((w[0] - 0.71).abs() < 1e-15, "{}", w[0]);
    let mut o = Optimizer::<f32>::new(cfg).unwrap();
    let mut w = [1.0f32];
    for _ in 0..2 {
        o.begin_step();
        o.update(3, &mut w, &[1.0]).unwrap();
    }
    assert!((w[0] - 0.71).abs() < 1e-6);
}

#[test]
fn adam_two_steps_by_hand() {
    // lr 0.001, Keras defaults, w = 1, g1 = 0.5, g2 = 0.25.
    // Step 1: m = 0.05, v = 0.00025, α1 = 0.001·√0.001/0.1,
    //         Δ1 = α1·0.05/(√0.00025 + 1e-7).
    // Step 2: m = 0.05 + (0.25-0.05)·0.1 = 0.07,
    //         v = 0.00025 + (0.0625-0.00025)·0.001 = 0.00031225,
    //         α2 = 0.001·√(1-0.999²)/(1-0.9²) = 0.001·√0.001999/0.19,
    //         Δ2 = α2·0.07/(√0.00031225 + 1e-7).
    let a1 = 0.001 * 0.001f64.sqrt() / 0.1;
    let d1 = a1 * 0.05 / (0.00025f64.sqrt() + 1e-7);
    let a2 = 0.001 * 0.001999f64.sqrt() / 0.19;
    let d2 = a2 * 0.07 / (0.00031225f64.sqrt() + 1e-7);
    assert!((adam_alpha(0.001, 0.9, 0.999, 1) - a1).abs() < 1e-12 * a1);
    assert!((adam_alpha(0.001, 0.9, 0.999, 2) - a2).abs() < 1e-12 * a2);
    let mut o = Optimizer::<f64>::new(OptimizerConfig::Adam(AdamConfig::default())).unwrap();
    let mut w = [1.0];
    o.begin_step();
    o.update(0, &mut w, &[0.5]).unwrap();
    assert!((w[0] - (1.0 - d1)).abs() < 1e-14);
    o.begin_step();
    o.update(0, &mut w, &[0.25]).unwrap();
    assert!(
        (w[0] - (1.0 - d1 - d2)).abs() < 1e-14,
        "{} vs {}",
        w[0],
        1.0 - d1 - d2
    );
    assert_eq!(o.t(), 2);
}

#[test]
fn invalid_configs_and_misuse_are_errors() {
    for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let e = Optimizer::<f64>::new(OptimizerConfig::Sgd(SgdConfig {
            learning_rate: lr,
            momentum: 0.0,
        }))
        .unwrap_err();
        assert!(
            e.starts_with("learningRate: must be a finite number > 0"),
            "{e}"
        );
        let e = Optimizer::<f64>::new(OptimizerConfig::Adam(AdamConfig {
            learning_rate: lr,
            ..Default::default()
        }))
        .unwrap_err();
        assert!(e.starts_with("learningRate"), "{e}");
    }
    let e = SgdConfig {
        learning_rate: 0.1,
        momentum: 1.0,
    }
    .validate()
    .unwrap_err();
    assert!(e.starts_with("momentum:"), "{e}");
    let e = AdamConfig {
        beta2: 1.0,
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert!(e.starts_with("beta2:"), "{e}");
    let e = AdamConfig {
        epsilon: 0.0,
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert!(e.starts_with("epsilon:"), "{e}");
    let mut o = Optimizer::<f64>::new(OptimizerConfig::default()).unwrap();
    assert!(
        o.update(0, &mut [1.0], &[1.0]).is_err(),
        "update before begin_step"
    );
    o.begin_step();
    assert!(
        o.update(0, &mut [1.0], &[1.0, 2.0]).is_err(),
        "length mismatch"
    );
    o.update(0, &mut [1.0], &[1.0]).unwrap();
    assert!(
        o.update(0, &mut [1.0, 2.0], &[1.0, 2.0]).is_err(),
        "slot changed size"
    );
    assert!(o.set_learning_rate(f64::NAN).is_err());
}
