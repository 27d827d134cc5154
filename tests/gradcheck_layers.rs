//! Gradient checks in f64: every layer, activation and loss against central
//! finite differences (h = 1e-5), with random shapes, batch sizes above 1 and
//! several seeds. The scalar being differentiated is `L = Σ out ⊙ R` for a
//! random `R` (so `dOut = R`), unless a loss is being checked.

#![allow(clippy::needless_range_loop)]

use nn_playground::activation::Activation;
use nn_playground::init::Init;
use nn_playground::layers::{Conv1D, Dense, Embedding, GlobalMaxPool1D};
use nn_playground::loss::{
    bce_with_logits, cce_with_logits, sparse_cce, sparse_cce_with_logits, Loss,
};
use nn_playground::rng::Rng;

const H: f64 = 1e-5;
const SEEDS: std::ops::Range<u64> = 0..6;

fn randv(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.range(-1.0, 1.0)).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Numeric gradient of `f` at `x` by central differences.
fn numeric(x: &[f64], mut f: impl FnMut(&[f64]) -> f64) -> Vec<f64> {
    let mut p = x.to_vec();
    (0..x.len())
        .map(|i| {
            let o = p[i];
            p[i] = o + H;
            let lp = f(&p);
            p[i] = o - H;
            let lm = f(&p);
            p[i] = o;
            (lp - lm) / (2.0 * H)
        })
        .collect()
}

fn assert_grad(analytic: &[f64], numeric: &[f64], what: &str) {
    assert_eq!(analytic.len(), numeric.len(), "{what}: lengths");
    for (i, (a, n)) in analytic.iter().zip(numeric).enumerate() {
        let err = (a - n).abs() / a.abs().max(n.abs()).max(1.0);
        assert!(err < 1e-6, "{what}[{i}]: analytic {a}, numeric {n}");
    }
}

#[test]
fn dense_forward_and_backward() {
    for seed in SEEDS {
        let mut rng = Rng::new(seed);
        let (batch, input, output) = (1 + rng.below(4), 1 + rng.below(6), 1 + rng.below(6));
        let mut d = Dense::<f64>::new(input, output, Init::GlorotUniform, &mut rng);
        d.b = randv(&mut rng, output);
        let x = randv(&mut rng, batch * input);
        let r = randv(&mut rng, batch * output);
        // Forward by definition: y[s][o] = Σ_i x[s][i] W[i][o] + b[o].
        let y = d.forward_alloc(batch, &x).unwrap();
        for s in 0..batch {
            for o in 0..output {
                let want: f64 = (0..input)
                    .map(|i| x[s * input + i] * d.w[i * output + o])
                    .sum::<f64>()
                    + d.b[o];
                assert!((y[s * output + o] - want).abs() < 1e-12);
            }
        }
        let mut g = d.grads();
        let mut dx = vec![0.0; x.len()];
        d.backward(batch, &x, &r, &mut g, Some(&mut dx)).unwrap();
        let loss = |d: &Dense<f64>, x: &[f64]| dot(&d.forward_alloc(batch, x).unwrap(), &r);
        let nw = numeric(&d.w, |w| {
            loss(
                &Dense {
                    w: w.to_vec(),
                    ..d.clone()
                },
                &x,
            )
        });
        let nb = numeric(&d.b, |b| {
            loss(
                &Dense {
                    b: b.to_vec(),
                    ..d.clone()
                },
                &x,
            )
        });
        let nx = numeric(&x, |x| loss(&d, x));
        assert_grad(&g.dw, &nw, "dense dW");
        assert_grad(&g.db, &nb, "dense db");
        assert_grad(&dx, &nx, "dense dx");
        // Gradients accumulate on a second call; dx is overwritten.
        d.backward(batch, &x, &r, &mut g, Some(&mut dx)).unwrap();
        assert_grad(
            &g.dw,
            &nw.iter().map(|v| 2.0 * v).collect::<Vec<_>>(),
            "dense dW accumulated",
        );
        assert_grad(&dx, &nx, "dense dx overwritten");
        // Wrong lengths are errors, not panics.
        assert!(d
            .forward(batch, &x[1..], &mut vec![0.0; batch * output])
            .is_err());
    }
}

#[test]
fn conv1d_forward_and_backward_with_and_without_relu() {
    for seed in SEEDS {
        for relu in [false, true] {
            let mut rng = Rng::new(100 + seed);
            let (k, c, f) = (1 + rng.below(4), 1 + rng.below(4), 1 + rng.below(4));
            let (batch, t_in) = (1 + rng.below(3), k + rng.below(6));
            let t_out = t_in - k + 1;
            let mut conv = Conv1D::<f64>::new(k, c, f, relu, Init::GlorotUniform, &mut rng);
            conv.b = randv(&mut rng, f);
            let x = randv(&mut rng, batch * t_in * c);
            let r = randv(&mut rng, batch * t_out * f);
            // Forward by definition: y[s][t][o] = b[o] + Σ_kk Σ_ch x[s][t+kk][ch] W[kk][ch][o].
            let y = conv.forward_alloc(batch, t_in, &x).unwrap();
            for s in 0..batch {
                for t in 0..t_out {
                    for o in 0..f {
                        let mut v = conv.b[o];
                        for kk in 0..k {
                            for ch in 0..c {
                                v +=
                                    x[(s * t_in + t + kk) * c + ch] * conv.w[(kk * c + ch) * f + o];
                            }
                        }
                        if relu {
                            v = v.max(0.0);
                        }
                        assert!((y[(s * t_out + t) * f + o] - v).abs() < 1e-12);
                    }
                }
            }
            let mut g = conv.grads();
            let mut dx = vec![0.0; x.len()];
            let mut dy = r.clone();
            conv.backward(batch, t_in, &x, &y, &mut dy, &mut g, Some(&mut dx))
                .unwrap();
            let loss =
                |cv: &Conv1D<f64>, x: &[f64]| dot(&cv.forward_alloc(batch, t_in, x).unwrap(), &r);
            let nw = numeric(&conv.w, |w| {
                loss(
                    &Conv1D {
                        w: w.to_vec(),
                        ..conv.clone()
                    },
                    &x,
                )
            });
            let nb = numeric(&conv.b, |b| {
                loss(
                    &Conv1D {
                        b: b.to_vec(),
                        ..conv.clone()
                    },
                    &x,
                )
            });
            let nx = numeric(&x, |x| loss(&conv, x));
            assert_grad(&g.dw, &nw, "conv dW");
            assert_grad(&g.db, &nb, "conv db");
            assert_grad(&dx, &nx, "conv dx");
        }
    }
    let conv = Conv1D::<f64>::zeros(3, 1, 1, false);
    let e = conv.forward_alloc(1, 2, &[0.0, 0.0]).unwrap_err();
    assert!(e.0.contains("shorter than the kernel"), "{e}");
}

#[test]
fn embedding_forward_and_scatter_add_backward() {
    for seed in SEEDS {
        let mut rng = Rng::new(200 + seed);
        let (vocab, dim) = (2 + rng.below(8), 1 + rng.below(5));
        let n = 2 + rng.below(10);
        let mut e = Embedding::<f64>::new(vocab, dim, Init::embedding_default(), &mut rng);
        assert!(e.w.iter().all(|v| v.abs() < 0.05));
        e.w = randv(&mut rng, vocab * dim);
        // Index 0 is an ordinary row; repeats make the scatter add up.
        let mut ids: Vec<u32> = (0..n).map(|_| rng.below(vocab) as u32).collect();
        ids[0] = 0;
        ids[1] = ids[n - 1];
        let r = randv(&mut rng, n * dim);
        let out = e.forward_alloc(&ids).unwrap();
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(
                &out[i * dim..(i + 1) * dim],
                &e.w[id as usize * dim..(id as usize + 1) * dim]
            );
        }
        let mut g = e.grads();
        e.backward(&ids, &r, &mut g).unwrap();
        let nw = numeric(&e.w, |w| {
            dot(
                &Embedding {
                    w: w.to_vec(),
                    ..e.clone()
                }
                .forward_alloc(&ids)
                .unwrap(),
                &r,
            )
        });
        assert_grad(&g.dw, &nw, "embedding dW");
    }
    let e = Embedding::<f32>::new(5, 2, Init::Zeros, &mut Rng::new(0));
    let err = e.forward_alloc(&[1, 5]).unwrap_err();
    assert_eq!(
        err.0,
        "embedding: token index 5 at position 1 is out of range for vocabulary size 5"
    );
    assert!(e.backward(&[7], &[0.0, 0.0], &mut e.grads()).is_err());
}

#[test]
fn global_max_pool_routes_gradient_to_argmax() {
    for seed in SEEDS {
        let mut rng = Rng::new(300 + seed);
        let (batch, t, c) = (1 + rng.below(3), 1 + rng.below(6), 1 + rng.below(4));
        let x = randv(&mut rng, batch * t * c);
        let r = randv(&mut rng, batch * c);
        let fwd = |x: &[f64]| {
            let (mut y, mut am) = (vec![0.0; batch * c], vec![0u32; batch * c]);
            GlobalMaxPool1D
                .forward(batch, t, c, x, &mut y, &mut am)
                .unwrap();
            (y, am)
        };
        let (y, am) = fwd(&x);
        for b in 0..batch {
            for ch in 0..c {
                let col: Vec<f64> = (0..t).map(|ti| x[(b * t + ti) * c + ch]).collect();
                let m = col.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                assert_eq!(y[b * c + ch], m);
                assert_eq!(col[am[b * c + ch] as usize], m);
            }
        }
        let mut dx = vec![0.0; x.len()];
        GlobalMaxPool1D
            .backward(batch, t, c, &r, &am, &mut dx)
            .unwrap();
        assert_grad(&dx, &numeric(&x, |x| dot(&fwd(x).0, &r)), "max-pool dx");
    }
}

#[test]
fn activations_backward_matches_finite_differences() {
    for seed in SEEDS {
        for act in Activation::ALL {
            let mut rng = Rng::new(400 + seed);
            let (batch, units) = (1 + rng.below(4), 1 + rng.below(6));
            // Keep z away from ReLU's kink at 0.
            let z: Vec<f64> = randv(&mut rng, batch * units)
                .into_iter()
                .map(|v| if v.abs() < 1e-3 { 0.5 } else { 3.0 * v })
                .collect();
            let r = randv(&mut rng, batch * units);
            let fwd = |z: &[f64]| {
                let mut a = vec![0.0; z.len()];
                act.forward_batch(units, z, &mut a);
                a
            };
            let a = fwd(&z);
            let mut dz = vec![0.0; z.len()];
            act.backward_batch(units, &z, &a, &r, &mut dz);
            assert_grad(&dz, &numeric(&z, |z| dot(&fwd(z), &r)), act.name());
        }
    }
}

#[test]
fn losses_gradients_match_finite_differences() {
    for seed in SEEDS {
        let mut rng = Rng::new(500 + seed);
        let n = 1 + rng.below(6);
        // Probabilities well inside (ε, 1-ε); targets in [0, 1].
        let a: Vec<f64> = (0..n).map(|_| rng.range(0.05, 0.95)).collect();
        let y: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
        for loss in Loss::ALL {
            let mut g = vec![0.0; n];
            loss.gradient(&a, &y, &mut g);
            assert_grad(&g, &numeric(&a, |a| loss.value(a, &y)), loss.name());
        }
        // Fused forms: δ = ∂L/∂z, and the value equals the unfused loss of f(z).
        let z = randv(&mut rng, n)
            .iter()
            .map(|v| 4.0 * v)
            .collect::<Vec<_>>();
        let mut p: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
        let sp: f64 = p.iter().sum();
        p.iter_mut().for_each(|v| *v /= sp);
        let mut d = vec![0.0; n];
        let l = bce_with_logits(&z, &y, &mut d);
        assert_grad(
            &d,
            &numeric(&z, |z| bce_with_logits(z, &y, &mut vec![0.0; n])),
            "bce_with_logits",
        );
        let mut s = vec![0.0; n];
        Activation::Sigmoid.forward(&z, &mut s);
        assert!((l - Loss::Bce.value(&s, &y)).abs() < 1e-12);
        let l = cce_with_logits(&z, &p, &mut d);
        assert_grad(
            &d,
            &numeric(&z, |z| cce_with_logits(z, &p, &mut vec![0.0; n])),
            "cce_with_logits",
        );
        Activation::Softmax.forward(&z, &mut s);
        // Equal up to the unfused form's clipping to [1e-7, 1-1e-7] (a single
        // class has softmax 1, clipped).
        assert!((l - Loss::Cce.value(&s, &p)).abs() < 1e-6);
        // δ = a - y for a probability target.
        for j in 0..n {
            assert!((d[j] - (s[j] - p[j])).abs() < 1e-12);
        }
        let label = rng.below(n);
        sparse_cce_with_logits(&z, label, &mut d).unwrap();
        assert_grad(
            &d,
            &numeric(&z, |z| {
                sparse_cce_with_logits(z, label, &mut vec![0.0; n]).unwrap()
            }),
            "sparse_cce_with_logits",
        );
        sparse_cce(&a, label, &mut d).unwrap();
        assert_grad(
            &d,
            &numeric(&a, |a| sparse_cce(a, label, &mut vec![0.0; n]).unwrap()),
            "sparse_cce",
        );
    }
}

/// The classifier's path end to end: Embedding -> Conv1D(ReLU) ->
/// GlobalMaxPool1D -> Dense -> softmax + sparse CCE (mean over the batch).
#[test]
fn text_classifier_path_end_to_end() {
    for seed in SEEDS {
        let mut rng = Rng::new(600 + seed);
        let (vocab, dim, k, filters, classes) = (
            6 + rng.below(5),
            2 + rng.below(3),
            2 + rng.below(2),
            2 + rng.below(3),
            2 + rng.below(3),
        );
        let (batch, t) = (2 + rng.below(3), k + 1 + rng.below(4));
        let t_out = t - k + 1;
        let emb = Embedding::<f64>::new(vocab, dim, Init::Uniform { limit: 1.0 }, &mut rng);
        let mut conv = Conv1D::<f64>::new(k, dim, filters, true, Init::GlorotUniform, &mut rng);
        conv.b = (0..filters).map(|_| rng.range(0.1, 0.5)).collect();
        let dense = Dense::<f64>::new(filters, classes, Init::GlorotUniform, &mut rng);
        let ids: Vec<u32> = (0..batch * t).map(|_| rng.below(vocab) as u32).collect();
        let labels: Vec<usize> = (0..batch).map(|_| rng.below(classes)).collect();

        let loss = |emb: &Embedding<f64>, conv: &Conv1D<f64>, dense: &Dense<f64>| {
            let e = emb.forward_alloc(&ids).unwrap();
            let c = conv.forward_alloc(batch, t, &e).unwrap();
            let (mut p, mut am) = (vec![0.0; batch * filters], vec![0u32; batch * filters]);
            GlobalMaxPool1D
                .forward(batch, t_out, filters, &c, &mut p, &mut am)
                .unwrap();
            let z = dense.forward_alloc(batch, &p).unwrap();
            (0..batch)
                .map(|s| {
                    sparse_cce_with_logits(
                        &z[s * classes..(s + 1) * classes],
                        labels[s],
                        &mut vec![0.0; classes],
                    )
                    .unwrap()
                })
                .sum::<f64>()
                / batch as f64
        };

        // Forward with kept buffers, then backward layer by layer.
        let e = emb.forward_alloc(&ids).unwrap();
        let c = conv.forward_alloc(batch, t, &e).unwrap();
        let (mut p, mut am) = (vec![0.0; batch * filters], vec![0u32; batch * filters]);
        GlobalMaxPool1D
            .forward(batch, t_out, filters, &c, &mut p, &mut am)
            .unwrap();
        let z = dense.forward_alloc(batch, &p).unwrap();
        let mut dz = vec![0.0; z.len()];
        for s in 0..batch {
            let r = s * classes..(s + 1) * classes;
            sparse_cce_with_logits(&z[r.clone()], labels[s], &mut dz[r]).unwrap();
        }
        dz.iter_mut().for_each(|v| *v /= batch as f64);
        let mut gd = dense.grads();
        let mut dp = vec![0.0; p.len()];
        dense
            .backward(batch, &p, &dz, &mut gd, Some(&mut dp))
            .unwrap();
        let mut dc = vec![0.0; c.len()];
        GlobalMaxPool1D
            .backward(batch, t_out, filters, &dp, &am, &mut dc)
            .unwrap();
        let mut gc = conv.grads();
        let mut de = vec![0.0; e.len()];
        conv.backward(batch, t, &e, &c, &mut dc, &mut gc, Some(&mut de))
            .unwrap();
        let mut ge = emb.grads();
        emb.backward(&ids, &de, &mut ge).unwrap();

        let nd = numeric(&dense.w, |w| {
            loss(
                &emb,
                &conv,
                &Dense {
                    w: w.to_vec(),
                    ..dense.clone()
                },
            )
        });
        let nc = numeric(&conv.w, |w| {
            loss(
                &emb,
                &Conv1D {
                    w: w.to_vec(),
                    ..conv.clone()
                },
                &dense,
            )
        });
        let ne = numeric(&emb.w, |w| {
            loss(
                &Embedding {
                    w: w.to_vec(),
                    ..emb.clone()
                },
                &conv,
                &dense,
            )
        });
        assert_grad(&gd.dw, &nd, "pipeline dense dW");
        assert_grad(&gc.dw, &nc, "pipeline conv dW");
        assert_grad(&ge.dw, &ne, "pipeline embedding dW");
    }
}

#[test]
fn f32_layers_agree_with_f64() {
    let mut rng = Rng::new(9);
    let d64 = Dense::<f64>::new(5, 4, Init::GlorotUniform, &mut rng);
    let d32 = Dense::<f32> {
        input: 5,
        output: 4,
        w: d64.w.iter().map(|&v| v as f32).collect(),
        b: vec![0.0; 4],
    };
    let x = randv(&mut rng, 15);
    let y64 = d64.forward_alloc(3, &x).unwrap();
    let y32 = d32
        .forward_alloc(3, &x.iter().map(|&v| v as f32).collect::<Vec<_>>())
        .unwrap();
    for (a, b) in y64.iter().zip(&y32) {
        assert!((a - *b as f64).abs() < 1e-5);
    }
}
