//! Conv1D(ReLU) followed by GlobalMaxPool1D, fused: forward and sparse
//! backward (the backward also scatters the input gradient into an
//! [`Embedding`]'s table, as in the text CNN `Embedding -> Conv1D ->
//! GlobalMaxPool1D`).
//!
//! Shapes (`T_out = T - k + 1`): `x: [batch, T, C]`, kernel `W: [k, C, F]`,
//! `b: [F]`; `pooled, argmax: [batch, F]` where
//! `pooled[s, f] = max_t relu(conv(x)[s, t, f])` and `argmax[s, f]` is the
//! first `t` attaining it (the [`GlobalMaxPool1D`](super::GlobalMaxPool1D)
//! tie rule applied to the ReLU output). `scratch: [T_out, F]` holds one
//! sample's pre-ReLU conv output; the `[batch, T_out, F]` tensor is never
//! stored.
//!
//! Forward, per sample: the window of output step `t` is
//! `x[t·C .. t·C + k·C]`, contiguous, so the whole convolution is one GEMM
//! `[T_out, k·C] · [k·C, F]` whose `A` rows overlap (row stride `C`,
//! [`Real::gemm_nn_lda`]), accumulated onto rows initialised to the bias;
//! then [`Real::relu_max_pool`]. This is the same arithmetic, in the same
//! order, as [`Conv1D::forward`] then `GlobalMaxPool1D::forward`, so the
//! results are identical (a test checks it).
//!
//! Backward is sparse: only the winning step of each filter receives a
//! gradient. For sample `s`, filter `f`, `g = d_pooled[s, f]`, winner
//! `t = argmax[s, f]` (none when `pooled[s, f] <= 0`: the ReLU derivative
//! there is 0): `db[f] += g`; for `kk < k`, `c < C`:
//! `dW[kk, c, f] += x[s, t+kk, c]·g` and
//! `dEmb[ids[s, t+kk], c] += W[kk, c, f]·g`. With `S` ids per position
//! (`ids: [batch, T, S]`, `C = S·E`: the embeddings of a position's ids
//! concatenated, as the [`Embedding`] writes them) the channel `c = j·E + e`
//! belongs to `ids[s, t+kk, j]`. This equals
//! `GlobalMaxPool1D::backward`, `Conv1D::backward` and
//! `Embedding::backward` in a row (a test checks it), at `O(B·F·k·C)`
//! instead of `O(B·T·F·k·C)`.

use super::{check_len, Conv1D, Conv1DGrads, Embedding, EmbeddingGrads, LayerError};
use crate::kernels::Real;

/// Scratch length [`backward`] needs: `2·k·F·C`.
pub fn backward_scratch_len<T: Real>(conv: &Conv1D<T>) -> usize {
    2 * conv.kernel * conv.filters * conv.channels
}

/// `pooled, argmax = GlobalMaxPool1D(relu(conv(x)))`; `x: [batch, t_in, C]`,
/// `scratch: [T_out, F]`, `pooled, argmax: [batch, F]` (all overwritten
/// except `x`). The layer must have `relu` on.
pub fn forward<T: Real>(
    conv: &Conv1D<T>,
    batch: usize,
    t_in: usize,
    x: &[T],
    scratch: &mut [T],
    pooled: &mut [T],
    argmax: &mut [u32],
) -> Result<(), LayerError> {
    const L: &str = "conv1d_max_pool";
    let t_out = conv.out_len(t_in)?;
    let (k, c, f) = (conv.kernel, conv.channels, conv.filters);
    if !conv.relu {
        return Err(LayerError(format!(
            "{L}: the fused layer needs the Conv1D's ReLU on"
        )));
    }
    check_len(L, "x", x.len(), batch * t_in * c)?;
    check_len(L, "scratch", scratch.len(), t_out * f)?;
    check_len(L, "pooled", pooled.len(), batch * f)?;
    check_len(L, "argmax", argmax.len(), batch * f)?;
    check_len(L, "w", conv.w.len(), k * c * f)?;
    check_len(L, "b", conv.b.len(), f)?;
    if f == 0 {
        return Ok(());
    }
    for s in 0..batch {
        for row in scratch.chunks_exact_mut(f) {
            row.copy_from_slice(&conv.b);
        }
        T::gemm_nn_lda(
            t_out,
            f,
            k * c,
            &x[s * t_in * c..(s + 1) * t_in * c],
            c,
            &conv.w,
            scratch,
        );
        T::relu_max_pool(
            t_out,
            f,
            scratch,
            &mut pooled[s * f..(s + 1) * f],
            &mut argmax[s * f..(s + 1) * f],
        );
    }
    Ok(())
}

/// Sparse backward (see the module doc) after [`forward`]: accumulates
/// `g_conv` and `g_emb`. `ids: [batch, t_in, S]` are the embedding indices of
/// `x: [batch, t_in, C]`, `C = S·E` (`S = C / E` ids per position); `pooled, argmax, d_pooled: [batch, F]` (`pooled`
/// may have been scaled by non-negative factors, e.g. dropout masks: only its
/// sign is read); `scratch` at least [`backward_scratch_len`] long holds `W`
/// transposed to `[k, F, C]` and `dW` accumulated in that layout, so both
/// inner updates run over contiguous rows of `C` through the `axpy` kernel
/// (the same products and sums in the same order as a direct update).
#[allow(clippy::too_many_arguments)]
pub fn backward<T: Real>(
    conv: &Conv1D<T>,
    emb: &Embedding<T>,
    ids: &[u32],
    batch: usize,
    t_in: usize,
    x: &[T],
    pooled: &[T],
    argmax: &[u32],
    d_pooled: &[T],
    g_conv: &mut Conv1DGrads<T>,
    g_emb: &mut EmbeddingGrads<T>,
    scratch: &mut [T],
) -> Result<(), LayerError> {
    const L: &str = "conv1d_max_pool";
    let t_out = conv.out_len(t_in)?;
    let (k, e, f) = (conv.kernel, conv.channels, conv.filters);
    let kfe = k * f * e;
    let d = emb.dim;
    if d == 0 || e % d != 0 {
        return Err(LayerError(format!(
            "{L}: the conv channels {e} are not a multiple of the embedding dim {d}"
        )));
    }
    let slots = e / d;
    check_len(L, "ids", ids.len(), batch * t_in * slots)?;
    check_len(L, "x", x.len(), batch * t_in * e)?;
    check_len(L, "pooled", pooled.len(), batch * f)?;
    check_len(L, "argmax", argmax.len(), batch * f)?;
    check_len(L, "d_pooled", d_pooled.len(), batch * f)?;
    check_len(L, "grads.dw", g_conv.dw.len(), kfe)?;
    check_len(L, "grads.db", g_conv.db.len(), f)?;
    check_len(L, "embedding grads", g_emb.dw.len(), emb.vocab * emb.dim)?;
    if scratch.len() < 2 * kfe {
        return Err(LayerError(format!(
            "{L}: scratch has {} elements, needs at least {}",
            scratch.len(),
            2 * kfe
        )));
    }
    let (wt, dwt) = scratch[..2 * kfe].split_at_mut(kfe);
    for kk in 0..k {
        for c in 0..e {
            for fi in 0..f {
                wt[(kk * f + fi) * e + c] = conv.w[(kk * e + c) * f + fi];
            }
        }
    }
    dwt.iter_mut().for_each(|v| *v = T::ZERO);
    for b in 0..batch {
        for fi in 0..f {
            let g = d_pooled[b * f + fi];
            let t = argmax[b * f + fi] as usize;
            if t >= t_out {
                return Err(LayerError(format!(
                    "{L}: argmax[{}] = {t} is out of range for length {t_out}",
                    b * f + fi
                )));
            }
            if g == T::ZERO || pooled[b * f + fi] <= T::ZERO {
                continue;
            }
            g_conv.db[fi] += g;
            for kk in 0..k {
                let pos = b * t_in + t + kk;
                let xr = &x[pos * e..(pos + 1) * e];
                let row = (kk * f + fi) * e;
                T::axpy(g, xr, &mut dwt[row..row + e]);
                for j in 0..slots {
                    let id = ids[pos * slots + j] as usize;
                    if id >= emb.vocab {
                        return Err(LayerError(format!(
                            "{L}: token index {id} is out of range for vocabulary size {}",
                            emb.vocab
                        )));
                    }
                    let w = &wt[row + j * d..row + (j + 1) * d];
                    T::axpy(g, w, &mut g_emb.dw[id * d..(id + 1) * d]);
                }
            }
        }
    }
    for kk in 0..k {
        for c in 0..e {
            for fi in 0..f {
                g_conv.dw[(kk * e + c) * f + fi] += dwt[(kk * f + fi) * e + c];
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Init;
    use crate::layers::GlobalMaxPool1D;
    use crate::rng::Rng;

    /// (conv, embedding, ids, x) with T = 9, E = 4, `slots` ids per
    /// position (C = 4·slots), F = 5, k = 3, vocab 13.
    fn setup_slots<T: Real>(
        batch: usize,
        seed: u64,
        slots: usize,
    ) -> (Conv1D<T>, Embedding<T>, Vec<u32>, Vec<T>) {
        let mut r = Rng::new(seed);
        let emb = Embedding::new(13, 4, Init::Uniform { limit: 0.5 }, &mut r);
        let mut conv = Conv1D::new(3, 4 * slots, 5, true, Init::GlorotUniform, &mut r);
        // Mixed-sign biases: some filters are dead on whole samples (all <= 0).
        conv.b = (0..5)
            .map(|i| T::from_f64([0.05, -0.6, 0.0, 0.02, -2.0][i]))
            .collect();
        let ids: Vec<u32> = (0..batch * 9 * slots).map(|_| r.below(13) as u32).collect();
        let x = emb.forward_alloc(&ids).unwrap();
        (conv, emb, ids, x)
    }

    fn setup<T: Real>(batch: usize, seed: u64) -> (Conv1D<T>, Embedding<T>, Vec<u32>, Vec<T>) {
        setup_slots(batch, seed, 1)
    }

    /// The fused forward equals Conv1D::forward then GlobalMaxPool1D::forward, bit for bit.
    #[test]
    fn forward_equals_conv_then_pool() {
        fn check<T: Real>() {
            let (conv, _, _, x) = setup::<T>(6, 3);
            let (b, t, f) = (6, 7, 5);
            let y = conv.forward_alloc(b, 9, &x).unwrap();
            let (mut p1, mut a1) = (vec![T::ZERO; b * f], vec![0u32; b * f]);
            GlobalMaxPool1D
                .forward(b, t, f, &y, &mut p1, &mut a1)
                .unwrap();
            let (mut p2, mut a2) = (vec![T::ONE; b * f], vec![9u32; b * f]);
            let mut scratch = vec![T::ZERO; t * f];
            forward(&conv, b, 9, &x, &mut scratch, &mut p2, &mut a2).unwrap();
            assert_eq!(a1, a2);
            assert_eq!(
                p1.iter().map(|v| v.to_f64()).collect::<Vec<_>>(),
                p2.iter().map(|v| v.to_f64()).collect::<Vec<_>>()
            );
            assert!(p2.contains(&T::ZERO) && p2.iter().any(|&v| v > T::ZERO));
        }
        check::<f64>();
        check::<f32>();
    }

    /// The sparse backward equals the layers' dense backward chain, with one
    /// id per position and with two (the bigram channel: the embedding's
    /// output `[b, 9·2, 4]` read as `[b, 9, 8]`).
    #[test]
    fn sparse_backward_equals_dense_layer_chain() {
        for slots in [1, 2] {
            sparse_backward_check(slots);
        }
    }

    fn sparse_backward_check(slots: usize) {
        let (conv, emb, ids, x) = setup_slots::<f64>(4, 5, slots);
        let (b, l, e, f, t) = (4, 9, 4 * slots, 5, 7);
        let (mut pooled, mut argmax, mut scratch) =
            (vec![0.0; b * f], vec![0u32; b * f], vec![0.0; t * f]);
        forward(&conv, b, l, &x, &mut scratch, &mut pooled, &mut argmax).unwrap();
        let mut r = Rng::new(9);
        let dp: Vec<f64> = (0..b * f).map(|_| r.range(-1.0, 1.0)).collect();
        let (mut gc1, mut ge1) = (conv.grads(), emb.grads());
        let mut bscratch = vec![0.0; backward_scratch_len(&conv)];
        backward(
            &conv,
            &emb,
            &ids,
            b,
            l,
            &x,
            &pooled,
            &argmax,
            &dp,
            &mut gc1,
            &mut ge1,
            &mut bscratch,
        )
        .unwrap();
        let (mut gc2, mut ge2) = (conv.grads(), emb.grads());
        let y = conv.forward_alloc(b, l, &x).unwrap();
        let mut dy = vec![0.0; b * t * f];
        GlobalMaxPool1D
            .backward(b, t, f, &dp, &argmax, &mut dy)
            .unwrap();
        let mut dx = vec![0.0; b * l * e];
        conv.backward(b, l, &x, &y, &mut dy, &mut gc2, Some(&mut dx))
            .unwrap();
        emb.backward(&ids, &dx, &mut ge2).unwrap();
        for (a, c) in [(&gc1.dw, &gc2.dw), (&gc1.db, &gc2.db), (&ge1.dw, &ge2.dw)] {
            for (x, y) in a.iter().zip(c.iter()) {
                assert!((x - y).abs() < 1e-12, "{x} vs {y}");
            }
        }
        assert!(gc1.dw.iter().any(|&v| v != 0.0));
        // Some filter of some sample was inactive (pooled 0) and passed nothing.
        assert!(pooled.contains(&0.0));
    }

    #[test]
    fn errors_name_the_buffer() {
        let (conv, emb, ids, x) = setup::<f32>(2, 1);
        let (mut p, mut a, mut s) = (vec![0.0; 10], vec![0u32; 10], vec![0.0; 35]);
        let e = forward(&conv, 2, 9, &x, &mut s[..34], &mut p, &mut a).unwrap_err();
        assert!(e.0.contains("scratch"), "{e:?}");
        forward(&conv, 2, 9, &x, &mut s, &mut p, &mut a).unwrap();
        a[3] = 7;
        let (mut gc, mut ge) = (conv.grads(), emb.grads());
        let mut bs = vec![0.0; backward_scratch_len(&conv)];
        let e = backward(
            &conv, &emb, &ids, 2, 9, &x, &p, &a, &[1.0; 10], &mut gc, &mut ge, &mut bs,
        )
        .unwrap_err();
        assert!(e.0.contains("argmax[3]"), "{e:?}");
        let mut lin = conv.clone();
        lin.relu = false;
        assert!(forward(&lin, 2, 9, &x, &mut s, &mut p, &mut a)
            .unwrap_err()
            .0
            .contains("ReLU"));
    }
}
