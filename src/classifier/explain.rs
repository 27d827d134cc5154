//! Per-token explanations from the max-pool's winning windows.
//!
//! For one input sequence, filter `f` of the conv layer reaches its pooled
//! value `h_f = relu(b_f + Σ_kk s_f(kk))` in the window starting at `t_f`
//! (the pool's argmax), where `s_f(kk) = Σ_c x[t_f+kk, c]·W[kk, c, f]` is the
//! share of the pre-activation that comes from the token at `t_f + kk`.
//! The filter moves the predicted class `c`'s logit by `h_f·w_f` with
//! - sigmoid (two classes): `w_f = ±w_out[f, 0]`, `+` when the prediction is
//!   class 1, `-` when it is class 0, so positive always means "towards the
//!   predicted label";
//! - softmax: `w_f = w_out[f, c] - mean_j w_out[f, j]` (softmax ignores a
//!   shift shared by all logits, so only the part of the weight that favours
//!   `c` over the average class counts).
//!
//! The contribution of filter `f` is split over its window's tokens by their
//! share of the pre-activation (not equally): position `t_f + kk` gets
//! `w_f·s_f(kk)`. Filters with `h_f = 0` (ReLU off) give nothing; the bias
//! part `w_f·b_f` belongs to no token, and padding positions get nothing
//! (their share is dropped). So for an input without padding the token
//! contributions add up exactly to `Σ_{f: h_f>0} w_f·(h_f - b_f)`; the test
//! checks this identity.
//!
//! With the bigram channel a position holds two ids whose embeddings fill
//! channels `0..E` and `E..2E`; `s_f(kk)` splits the same way into the
//! unit's share and the bigram's, so each id gets its own contribution (an
//! empty bigram slot, id 0, gets nothing, like padding).
//!
//! With the bag-of-tokens branch each non-padding id also moves the logits
//! by `BAG_SCALE/L · bag[id, :]`; its contribution is that amount, signed
//! or centred as `w_f` is above (`±bag[id, 0]` for sigmoid,
//! `bag[id, c] - mean_j bag[id, j]` for softmax). It is exact: the branch
//! is linear, so the ids' bag contributions add up to the branch's whole
//! (signed or centred) share of the logit, `bag_total`.

use super::model::{TextCnn, Workspace, BAG_SCALE};

/// Contributions per sequence position.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionContributions {
    /// The predicted class.
    pub class: usize,
    /// Its probability.
    pub confidence: f64,
    /// Class probabilities, `[classes]`.
    pub probabilities: Vec<f64>,
    /// One per id, `[maxLen]` (or `[maxLen, 2]` with the bigram channel,
    /// where a position's share is split between its two ids by their
    /// embedding's channels); 0 at padding ids.
    pub contributions: Vec<f64>,
    /// `Σ_{f: h_f>0} w_f·h_f`: the logit change from all active filters.
    pub filter_total: f64,
    /// `Σ_{f: h_f>0} w_f·b_f`: the conv-bias part of it (no token's).
    pub bias_total: f64,
    /// The bag-of-tokens branch's share of the (signed or centred) logit:
    /// the sum of the ids' bag contributions; 0 without the branch.
    pub bag_total: f64,
}

/// How much a weight row over the output units (`[U]`) moves the logit
/// towards `class`: `±row[0]` for one sigmoid unit (`+` when `class` is 1),
/// `row[class] - mean(row)` for softmax (see the module doc).
fn towards(row: &[f32], class: usize) -> f64 {
    match row {
        [w] if class == 1 => *w as f64,
        [w] => -(*w as f64),
        _ => row[class] as f64 - row.iter().map(|&v| v as f64).sum::<f64>() / row.len() as f64,
    }
}

/// Explain one padded sequence `ids: [maxLen]` (`[maxLen, 2]` with the
/// bigram channel); `pad` is the padding index
/// (0 for the tokenizer's sequences). `ws` needs capacity >= 1.
pub fn explain_ids(
    model: &TextCnn<f32>,
    ids: &[u32],
    pad: u32,
    ws: &mut Workspace<f32>,
) -> Result<PositionContributions, String> {
    model.forward(ids, 1, ws, None)?;
    let a = &model.arch;
    let (l, d, f, u, k, slots) = (
        a.max_len,
        a.embedding_dim,
        a.filters,
        a.units(),
        a.kernel_size,
        a.slots(),
    );
    let e = d * slots;
    let (class, confidence) = model.predicted(ws, 0);
    let probabilities = if u == 1 {
        let p = ws.probs[0] as f64;
        vec![1.0 - p, p]
    } else {
        ws.probs[..u].iter().map(|&p| p as f64).collect()
    };
    let weight = |fi: usize| towards(&model.dense.w[fi * u..(fi + 1) * u], class);
    let mut contributions = vec![0.0; l * slots];
    let (mut filter_total, mut bias_total) = (0.0, 0.0);
    for fi in 0..f {
        let h = ws.pooled[fi] as f64;
        if h <= 0.0 {
            continue;
        }
        let wf = weight(fi);
        filter_total += wf * h;
        bias_total += wf * model.conv.b[fi] as f64;
        let t = ws.argmax[fi] as usize;
        for kk in 0..k {
            let pos = t + kk;
            for j in 0..slots {
                let id = pos * slots + j;
                if ids[id] == pad {
                    continue;
                }
                let x = &ws.x[id * d..(id + 1) * d];
                let mut s = 0.0;
                for (c, &xv) in x.iter().enumerate() {
                    s += xv as f64 * model.conv.w[(kk * e + j * d + c) * f + fi] as f64;
                }
                contributions[id] += wf * s;
            }
        }
    }
    let mut bag_total = 0.0;
    if a.bag_of_tokens {
        let scale = BAG_SCALE / ids.len() as f64;
        for (p, &id) in ids.iter().enumerate() {
            if id == 0 || id == pad {
                continue;
            }
            let w = towards(&model.bag[id as usize * u..(id as usize + 1) * u], class);
            contributions[p] += scale * w;
            bag_total += scale * w;
        }
    }
    Ok(PositionContributions {
        class,
        confidence,
        probabilities,
        contributions,
        filter_total,
        bias_total,
        bag_total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::model::Architecture;
    use crate::rng::Rng;

    fn arch(classes: usize) -> Architecture {
        Architecture {
            vocab_size: 20,
            max_len: 10,
            embedding_dim: 4,
            filters: 6,
            kernel_size: 3,
            dropout: 0.0,
            classes,
            bigrams: false,
            bag_of_tokens: false,
        }
    }

    #[test]
    fn contributions_add_up_to_the_filter_contributions_minus_bias() {
        for (classes, bigrams, bag) in [
            (2, false, false),
            (3, false, false),
            (2, true, false),
            (3, true, false),
            (2, false, true),
            (3, true, true),
        ] {
            let mut m = TextCnn::<f32>::new(
                Architecture {
                    bigrams,
                    bag_of_tokens: bag,
                    ..arch(classes)
                },
                4,
            )
            .unwrap();
            for (i, w) in m.bag.iter_mut().enumerate() {
                *w = 0.01 * (i as f32 * 1.3).sin();
            }
            let n = 10 * m.arch.slots();
            m.conv
                .b
                .iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b = 0.01 * i as f32);
            let mut ws = m.workspace(1);
            let mut r = Rng::new(5);
            for _ in 0..5 {
                // No padding: every position is a token (ids 1..19).
                let ids: Vec<u32> = (0..n).map(|_| 1 + r.below(19) as u32).collect();
                let pc = explain_ids(&m, &ids, 0, &mut ws).unwrap();
                assert_eq!(pc.contributions.len(), n);
                let sum: f64 = pc.contributions.iter().sum();
                let want = pc.filter_total - pc.bias_total + pc.bag_total;
                assert!((sum - want).abs() < 1e-5, "{sum} vs {want}");
                assert!(pc.filter_total != 0.0);
                assert_eq!(pc.bag_total != 0.0, bag);
                if bag {
                    // bag_total is the branch's share of the predicted
                    // class's signed (or centred) logit: the logits with
                    // the bag zeroed differ by exactly that.
                    let z = ws.logits[..m.arch.units()].to_vec();
                    let mut alone = m.clone();
                    alone.bag.iter_mut().for_each(|w| *w = 0.0);
                    alone.forward(&ids, 1, &mut ws, None).unwrap();
                    let d: Vec<f64> = z
                        .iter()
                        .zip(&ws.logits)
                        .map(|(a, b)| (a - b) as f64)
                        .collect();
                    let share = if classes == 2 {
                        if pc.class == 1 {
                            d[0]
                        } else {
                            -d[0]
                        }
                    } else {
                        d[pc.class] - d.iter().sum::<f64>() / d.len() as f64
                    };
                    assert!(
                        (share - pc.bag_total).abs() < 1e-5,
                        "{share} vs {}",
                        pc.bag_total
                    );
                }
                let psum: f64 = pc.probabilities.iter().sum();
                assert!((psum - 1.0).abs() < 1e-6);
            }
        }
    }

    /// A hand-built model where only word 5 matters: its embedding is
    /// `[1, 0, 0, 0]`, every other word's row `[0, 0.1, 0, 0]`, the padding row 0; filter 0 reads
    /// dimension 0 at every offset, so `h_0 = 1` iff word 5 occurs, and the
    /// output weight 4 on filter 0 makes it the spam (class 1) signal.
    #[test]
    fn the_deciding_word_gets_the_credit() {
        let mut m = TextCnn::<f32>::zeros(arch(2)).unwrap();
        for id in 1..20 {
            m.embedding.w[id * 4 + if id == 5 { 0 } else { 1 }] = if id == 5 { 1.0 } else { 0.1 };
        }
        let f = 6;
        for kk in 0..3 {
            m.conv.w[(kk * 4) * f] = 1.0; // W[kk, 0, 0]
            m.conv.w[(kk * 4 + 1) * f + 1] = 0.5; // filter 1 sees the filler words
        }
        m.dense.w[0] = 4.0;
        m.dense.w[1] = -0.1;
        m.dense.b[0] = -1.0;
        let mut ws = m.workspace(1);
        // Padding, then words 7 3 5 9 2 8 (word 5 at position 6).
        let ids = [0, 0, 0, 0, 7, 3, 5, 9, 2, 8];
        let pc = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        assert_eq!(pc.class, 1);
        // Logit = 4·1 - 0.1·h_1 - 1 with h_1 = 0.5·0.1·3 = 0.15 -> 2.985.
        assert!((pc.confidence - 1.0 / (1.0 + (-2.985f64).exp())).abs() < 1e-6);
        let best = (0..10)
            .max_by(|&a, &b| {
                pc.contributions[a]
                    .partial_cmp(&pc.contributions[b])
                    .unwrap()
            })
            .unwrap();
        assert_eq!(best, 6);
        assert!((pc.contributions[6] - 4.0).abs() < 1e-6);
        for p in 0..4 {
            assert_eq!(pc.contributions[p], 0.0, "padding gets nothing");
        }
        // Without word 5 the model says class 0 and filter 1's filler words
        // push towards it (w_f = +0.1 for class 0, 0.05 share each).
        let ids = [0, 0, 0, 0, 7, 3, 4, 9, 2, 8];
        let pc = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        assert_eq!(pc.class, 0);
        let s: f64 = pc.contributions.iter().sum();
        assert!((s - 0.1 * 0.15).abs() < 1e-6, "{s}");
    }

    /// The bigram channel: filter 0 reads only the bigram half of each
    /// position (channels 4..8) and bigram 9's row is `[1, 0, 0, 0]`; so the
    /// credit goes to the bigram id 9, not to its unit, and an empty bigram
    /// slot (0) gets nothing.
    #[test]
    fn a_bigram_gets_its_own_credit() {
        let mut m = TextCnn::<f32>::zeros(Architecture {
            bigrams: true,
            bag_of_tokens: false,
            ..arch(2)
        })
        .unwrap();
        let (e, f) = (8, 6);
        m.embedding.w[9 * 4] = 1.0;
        for id in 1..20 {
            if id != 9 {
                m.embedding.w[id * 4 + 1] = 0.1;
            }
        }
        for kk in 0..3 {
            m.conv.w[(kk * e + 4) * f] = 1.0; // W[kk, bigram channel 0, filter 0]
        }
        m.dense.w[0] = 2.0;
        let mut ws = m.workspace(1);
        // Positions (unit, bigram): 4 padding, then (3,0) (7,9) (2,5) (8,6) (4,0) (6,11).
        let mut ids = vec![0u32; 8];
        ids.extend([3, 0, 7, 9, 2, 5, 8, 6, 4, 0, 6, 11]);
        let pc = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        assert_eq!(pc.class, 1);
        // h_0 = 1 (bigram 9 at position 5, slot 1 -> id index 11).
        assert!(
            (pc.contributions[11] - 2.0).abs() < 1e-6,
            "{:?}",
            pc.contributions
        );
        assert_eq!(
            pc.contributions[10], 0.0,
            "the unit of that position reads nothing"
        );
        for (i, c) in pc.contributions.iter().enumerate() {
            if i != 11 {
                assert_eq!(*c, 0.0, "id {i}");
            }
        }
    }
    #[test]
    fn softmax_explanation_is_unchanged_by_a_shift_common_to_all_classes() {
        let mut m = TextCnn::<f32>::new(arch(3), 4).unwrap();
        m.conv.b.iter_mut().for_each(|b| *b = 0.05);
        let mut ws = m.workspace(1);
        let ids: Vec<u32> = (0..10).map(|i| 1 + (i * 7 % 19) as u32).collect();
        let a = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        // Adding the same constant to a filter's weights for every class shifts
        // all logits equally: softmax, the prediction and the explanation stay.
        m.dense.w.iter_mut().for_each(|w| *w += 1.0);
        let b = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        assert_eq!(a.class, b.class);
        for (x, y) in a.contributions.iter().zip(&b.contributions) {
            assert!((x - y).abs() < 1e-5, "{x} vs {y}");
        }
    }

    #[test]
    fn padding_gets_no_contribution_even_when_it_wins_at_position_zero() {
        let mut m = TextCnn::<f32>::zeros(arch(2)).unwrap();
        let f = 6;
        m.embedding.w[2] = 1.0; // the padding row 0, dimension 2
        for kk in 0..3 {
            m.conv.w[(kk * 4 + 2) * f + 2] = 1.0; // filter 2 reads dimension 2
        }
        m.dense.w[2] = 1.0;
        let mut ws = m.workspace(1);
        let ids = [0, 0, 0, 0, 7, 3, 5, 9, 2, 8];
        let pc = explain_ids(&m, &ids, 0, &mut ws).unwrap();
        for p in 0..4 {
            assert_eq!(pc.contributions[p], 0.0, "padding at {p} gets nothing");
        }
    }
}
