//! The text CNN: `Embedding(vocab, E) -> Conv1D(F, k, relu, valid) ->
//! GlobalMaxPooling1D -> [Dropout(r)] -> Dense(U)`, plus (optional, see
//! [`Architecture::bag_of_tokens`]) a linear bag-of-tokens branch added to
//! the logits, with
//! - two classes: `U = 1`, sigmoid + binary cross-entropy (label 1 = class 1);
//! - `n > 2` classes: `U = n`, softmax + sparse categorical cross-entropy.
//!
//! Shapes for a batch of `B` sequences of length `L` (`T = L - k + 1`):
//! `ids: [B, L]` -> `x: [B, L, E]` -> (conv `[T, F]` per sample, ReLU,
//! max over `T`) -> `pooled, argmax: [B, F]` -> `logits, probs: [B, U]`.
//!
//! The bag-of-tokens branch adds `BAG_SCALE / L · Σ_t bag[ids[t], :]` to a
//! sample's logits (`bag: [vocab, U]`, row 0, the padding id, fixed at 0):
//! the mean over the sequence of a learned weight per token and output
//! unit, like a logistic regression on the token counts beside the CNN. It
//! sees every id of the sequence, with the bigram channel both the
//! characters and their bigrams. [`BAG_SCALE`] (a constant, not a
//! hyper-parameter) sets how fast Adam moves it: with the weights stored
//! unscaled, one Adam step of 0.001 moves a token's logit share by
//! `0.001·BAG_SCALE/L`. Zero-initialised, so a new model starts as the CNN
//! alone and draws the same initial CNN weights for the same seed.
//!
//! Keras initialisers, drawn in layer order from one seeded [`Rng`]:
//! embedding U(±0.05), Glorot-uniform kernels, zero biases.
//!
//! Conv1D(ReLU) + GlobalMaxPool1D run fused, forward and backward
//! ([`crate::layers::conv1d_max_pool`]): the `[B, T, F]` conv output is
//! never stored, and the backward is sparse: the max-pool passes a
//! gradient to one time step per filter, so the conv weights, bias and the
//! embedding rows receive `B·F·k` updates instead of a dense `[B, T, F]`
//! back-propagation. The embedding *gradient* is therefore a sparse scatter,
//! but the Adam *update* stays dense over the whole embedding matrix, exactly
//! as Keras/TF.js do (their Adam decays `m`, `v` and moves every row each
//! step, touched or not).
//!
//! All buffers live in a [`Workspace`] sized once for a batch capacity; a
//! training step allocates nothing.

use crate::activation::{sigmoid, softmax};
use crate::init::Init;
use crate::kernels::Real;
use crate::layers::{
    conv1d_max_pool, Conv1D, Conv1DGrads, Dense, DenseGrads, Embedding, EmbeddingGrads,
};
use crate::loss::{bce_with_logits, sparse_cce_with_logits};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The architecture (everything that fixes the weight shapes) plus dropout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Architecture {
    pub vocab_size: usize,
    pub max_len: usize,
    pub embedding_dim: usize,
    pub filters: usize,
    pub kernel_size: usize,
    /// Dropout rate on the pooled features, in `[0, 1)`; 0 = no Dropout layer.
    pub dropout: f64,
    /// Number of labels, at least 2.
    pub classes: usize,
    /// The bigram channel: each sequence position holds two ids, a unit
    /// (word or CJK character) and the character bigram ending there (0 if
    /// none), whose embeddings are concatenated, so the conv sees
    /// `2·embeddingDim` channels per position and `maxLen` counts positions
    /// (characters), not ids. Chosen by the text classifier for Auto
    /// tokenization when the training text has CJK runs.
    #[serde(default)]
    pub bigrams: bool,
    /// The bag-of-tokens branch (see the module doc); absent in JSON written
    /// before it existed, which means off.
    #[serde(default)]
    pub bag_of_tokens: bool,
}

/// Scale of the bag-of-tokens branch: its logits are `BAG_SCALE` times the
/// mean of the stored weights over the `L` ids of a sequence. Exported
/// weights have it folded in (TF.js `GlobalAveragePooling1D` takes the
/// plain mean). A power of two, so that folding it in and taking it out on
/// import are exact and an imported model predicts bit for bit the same.
/// (Measured on the Chinese reviews, 12 seeds: 100, 300 and 1000 give
/// 80.9 %, 81.0 % and 80.7 %; the CNN alone 80.4 %.)
pub const BAG_SCALE: f64 = 256.0;

impl Architecture {
    /// Output units: 1 (sigmoid) for two classes, else one per class (softmax).
    pub fn units(&self) -> usize {
        if self.classes == 2 {
            1
        } else {
            self.classes
        }
    }

    /// Ids per sequence position: 2 with the bigram channel, else 1.
    pub fn slots(&self) -> usize {
        if self.bigrams {
            2
        } else {
            1
        }
    }

    /// Ids per sample: `maxLen · slots`.
    pub fn ids_len(&self) -> usize {
        self.max_len * self.slots()
    }

    /// Conv input channels per position: `embeddingDim · slots`.
    pub fn channels(&self) -> usize {
        self.embedding_dim * self.slots()
    }

    /// Length of the bag-of-tokens weights: `vocab · U`, 0 without the branch.
    pub fn bag_len(&self) -> usize {
        if self.bag_of_tokens {
            self.vocab_size * self.units()
        } else {
            0
        }
    }

    /// Conv output length `T = maxLen - kernelSize + 1`.
    pub fn conv_len(&self) -> usize {
        self.max_len + 1 - self.kernel_size
    }

    /// Errors name the offending field (JS camelCase names).
    pub fn validate(&self) -> Result<(), String> {
        let pos = |name: &str, v: usize, max: usize| -> Result<(), String> {
            if v == 0 || v > max {
                Err(format!("{name} must be between 1 and {max}, got {v}"))
            } else {
                Ok(())
            }
        };
        // Id 0 is padding, so a vocabulary needs at least one more id.
        if !(2..=1_000_000).contains(&self.vocab_size) {
            return Err(format!(
                "vocabSize must be between 2 and 1000000, got {}",
                self.vocab_size
            ));
        }
        pos("maxLen", self.max_len, 10_000)?;
        pos("embeddingDim", self.embedding_dim, 1024)?;
        pos("filters", self.filters, 4096)?;
        pos("kernelSize", self.kernel_size, 64)?;
        if self.kernel_size > self.max_len {
            return Err(format!(
                "kernelSize ({}) must not exceed maxLen ({})",
                self.kernel_size, self.max_len
            ));
        }
        if !(self.dropout.is_finite() && (0.0..1.0).contains(&self.dropout)) {
            return Err(format!("dropout must be in [0, 1), got {}", self.dropout));
        }
        if self.classes < 2 {
            return Err(format!(
                "need at least 2 different labels, got {}",
                self.classes
            ));
        }
        if self.classes > 10_000 {
            return Err(format!("too many labels ({}); at most 10000", self.classes));
        }
        let embedding = self.vocab_size as u128 * self.embedding_dim as u128;
        let conv = self.kernel_size as u128 * self.channels() as u128 * self.filters as u128;
        if embedding + conv > MAX_PARAMS {
            return Err(format!(
                "the model would have {} parameters (embedding {} x {} = {}, convolution {} x {} x {} = {}), more than the {} allowed: lower the vocabulary size, embedding size, kernel size or filters",
                thousands(embedding + conv),
                self.vocab_size,
                self.embedding_dim,
                thousands(embedding),
                self.kernel_size,
                self.channels(),
                self.filters,
                thousands(conv),
                thousands(MAX_PARAMS),
            ));
        }
        Ok(())
    }
}

/// The most embedding and convolution weights a model may have (400 MB of f32).
pub const MAX_PARAMS: u128 = 100_000_000;

/// `1234567` -> `"1,234,567"`.
fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The weights of the six trainable tensors: embedding `[V, E]`, conv
/// kernel `[k, E, F]`, conv bias `[F]`, dense kernel `[F, U]`, dense bias
/// `[U]` (TF.js order) and the bag-of-tokens weights `[V, U]` (empty
/// without the branch).
#[derive(Clone, Debug, PartialEq)]
pub struct TextCnn<T: Real> {
    pub arch: Architecture,
    pub embedding: Embedding<T>,
    pub conv: Conv1D<T>,
    pub dense: Dense<T>,
    /// `[V, U]` bag-of-tokens weights, unscaled (see [`BAG_SCALE`]); empty
    /// without the branch.
    pub bag: Vec<T>,
}

/// Gradients, same layout as the weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads<T: Real> {
    pub embedding: EmbeddingGrads<T>,
    pub conv: Conv1DGrads<T>,
    pub dense: DenseGrads<T>,
    /// `[V, U]` (empty without the branch).
    pub bag: Vec<T>,
}

impl<T: Real> Grads<T> {
    pub fn zero(&mut self) {
        self.embedding.zero();
        self.conv.zero();
        self.dense.zero();
        self.bag.iter_mut().for_each(|v| *v = T::ZERO);
    }
}

/// Every intermediate buffer of a forward/backward pass for up to `capacity`
/// samples.
#[derive(Clone, Debug)]
pub struct Workspace<T: Real> {
    pub capacity: usize,
    /// `[B, L, E]` embedded inputs.
    pub x: Vec<T>,
    /// `[T, F]` one sample's conv output before ReLU (scratch of the fused
    /// conv + max-pool forward).
    pub conv: Vec<T>,
    /// `[B, F]` pooled features (after dropout when training).
    pub pooled: Vec<T>,
    /// `[B, F]` time step of each maximum.
    pub argmax: Vec<u32>,
    /// `[B, F]` dropout multipliers (0 or 1/(1-r)); unused without dropout.
    pub mask: Vec<T>,
    /// `[B, U]` logits.
    pub logits: Vec<T>,
    /// `[B, U]` probabilities (sigmoid or softmax of the logits).
    pub probs: Vec<T>,
    /// `[B, U]` ∂loss/∂logits (batch mean).
    pub d_logits: Vec<T>,
    /// `[B, F]` ∂loss/∂pooled.
    pub d_pooled: Vec<T>,
    /// `2·k·F·E` scratch for the sparse backward
    /// ([`conv1d_max_pool::backward`]).
    pub conv_scratch: Vec<T>,
}

/// Loss and hits of one batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStats {
    /// Mean loss over the batch.
    pub loss: f64,
    /// Number of correctly classified samples.
    pub correct: usize,
}

impl<T: Real> TextCnn<T> {
    /// A freshly initialised model (Keras initialisers from `seed`).
    pub fn new(arch: Architecture, seed: u64) -> Result<Self, String> {
        arch.validate()?;
        let mut rng = Rng::new(seed);
        let embedding = Embedding::new(
            arch.vocab_size,
            arch.embedding_dim,
            Init::Uniform {
                limit: crate::init::EMBEDDING_UNIFORM_LIMIT,
            },
            &mut rng,
        );
        let conv = Conv1D::new(
            arch.kernel_size,
            arch.channels(),
            arch.filters,
            true,
            Init::GlorotUniform,
            &mut rng,
        );
        let dense = Dense::new(arch.filters, arch.units(), Init::GlorotUniform, &mut rng);
        Ok(TextCnn {
            bag: vec![T::ZERO; arch.bag_len()],
            arch,
            embedding,
            conv,
            dense,
        })
    }

    /// A model with all weights zero (to be filled by an import).
    pub fn zeros(arch: Architecture) -> Result<Self, String> {
        arch.validate()?;
        Ok(TextCnn {
            embedding: Embedding {
                vocab: arch.vocab_size,
                dim: arch.embedding_dim,
                w: vec![T::ZERO; arch.vocab_size * arch.embedding_dim],
            },
            conv: Conv1D::zeros(arch.kernel_size, arch.channels(), arch.filters, true),
            dense: Dense::zeros(arch.filters, arch.units()),
            bag: vec![T::ZERO; arch.bag_len()],
            arch,
        })
    }

    pub fn grads(&self) -> Grads<T> {
        Grads {
            embedding: self.embedding.grads(),
            conv: self.conv.grads(),
            dense: self.dense.grads(),
            bag: vec![T::ZERO; self.bag.len()],
        }
    }

    pub fn workspace(&self, capacity: usize) -> Workspace<T> {
        let a = &self.arch;
        let (l, e, f, u, t) = (a.max_len, a.channels(), a.filters, a.units(), a.conv_len());
        let c = capacity.max(1);
        Workspace {
            capacity: c,
            x: vec![T::ZERO; c * l * e],
            conv: vec![T::ZERO; t * f],
            pooled: vec![T::ZERO; c * f],
            argmax: vec![0; c * f],
            mask: vec![T::ONE; c * f],
            logits: vec![T::ZERO; c * u],
            probs: vec![T::ZERO; c * u],
            d_logits: vec![T::ZERO; c * u],
            d_pooled: vec![T::ZERO; c * f],
            conv_scratch: vec![T::ZERO; 2 * a.kernel_size * e * f],
        }
    }

    /// The trainable tensors in TF.js order (see the struct doc).
    pub fn tensors(&self) -> [&[T]; 6] {
        [
            &self.embedding.w,
            &self.conv.w,
            &self.conv.b,
            &self.dense.w,
            &self.dense.b,
            &self.bag,
        ]
    }

    /// Mutable [`Self::tensors`].
    pub fn tensors_mut(&mut self) -> [&mut [T]; 6] {
        [
            &mut self.embedding.w,
            &mut self.conv.w,
            &mut self.conv.b,
            &mut self.dense.w,
            &mut self.dense.b,
            &mut self.bag,
        ]
    }

    /// Shapes of [`Self::tensors`].
    pub fn shapes(&self) -> [Vec<usize>; 6] {
        let a = &self.arch;
        [
            vec![a.vocab_size, a.embedding_dim],
            vec![a.kernel_size, a.channels(), a.filters],
            vec![a.filters],
            vec![a.filters, a.units()],
            vec![a.units()],
            vec![a.bag_len() / a.units(), a.units()],
        ]
    }

    /// Total number of trainable parameters.
    pub fn param_count(&self) -> usize {
        self.tensors().iter().map(|t| t.len()).sum()
    }

    /// Forward pass of `batch` sequences `ids: [batch, L]` into `ws` (logits,
    /// probabilities, and every intermediate the backward pass needs). With
    /// `dropout_rng` (training) the pooled features go through inverted
    /// dropout; without it (inference) dropout is the identity.
    pub fn forward(
        &self,
        ids: &[u32],
        batch: usize,
        ws: &mut Workspace<T>,
        dropout_rng: Option<&mut Rng>,
    ) -> Result<(), String> {
        let a = &self.arch;
        let (l, e, f, u) = (a.max_len, a.channels(), a.filters, a.units());
        if batch > ws.capacity {
            return Err(format!(
                "batch of {batch} exceeds the workspace capacity {}",
                ws.capacity
            ));
        }
        if ids.len() != batch * a.ids_len() {
            return Err(format!(
                "ids has {} elements, expected {batch}·{}",
                ids.len(),
                a.ids_len()
            ));
        }
        let x = &mut ws.x[..batch * l * e];
        self.embedding.forward(ids, x).map_err(|e| e.0)?;
        conv1d_max_pool::forward(
            &self.conv,
            batch,
            l,
            x,
            &mut ws.conv,
            &mut ws.pooled[..batch * f],
            &mut ws.argmax[..batch * f],
        )
        .map_err(|e| e.0)?;
        let pooled = &mut ws.pooled[..batch * f];
        if let (Some(rng), true) = (dropout_rng, a.dropout > 0.0) {
            let keep = 1.0 - a.dropout;
            let scale = T::from_f64(1.0 / keep);
            for (m, p) in ws.mask[..batch * f].iter_mut().zip(pooled.iter_mut()) {
                *m = if rng.uniform() < keep { scale } else { T::ZERO };
                *p *= *m;
            }
        } else {
            ws.mask[..batch * f].iter_mut().for_each(|m| *m = T::ONE);
        }
        let logits = &mut ws.logits[..batch * u];
        self.dense.forward(batch, pooled, logits).map_err(|e| e.0)?;
        if a.bag_of_tokens {
            let li = a.ids_len();
            let w = T::from_f64(BAG_SCALE / li as f64);
            for (row, z) in ids.chunks_exact(li).zip(logits.chunks_exact_mut(u)) {
                for &id in row.iter().filter(|&&id| id != 0) {
                    let bw = &self.bag[id as usize * u..(id as usize + 1) * u];
                    for (zc, &bc) in z.iter_mut().zip(bw) {
                        *zc += bc * w;
                    }
                }
            }
        }
        let probs = &mut ws.probs[..batch * u];
        if u == 1 {
            for (p, &z) in probs.iter_mut().zip(logits.iter()) {
                *p = sigmoid(z);
            }
        } else {
            for (pr, zr) in probs.chunks_exact_mut(u).zip(logits.chunks_exact(u)) {
                softmax(zr, pr);
            }
        }
        Ok(())
    }

    /// Predicted class of sample `i` of the last forward pass and its probability.
    pub fn predicted(&self, ws: &Workspace<T>, i: usize) -> (usize, f64) {
        let u = self.arch.units();
        let p = &ws.probs[i * u..(i + 1) * u];
        if u == 1 {
            let p1 = p[0].to_f64();
            if p1 >= 0.5 {
                (1, p1)
            } else {
                (0, 1.0 - p1)
            }
        } else {
            let mut best = 0;
            for c in 1..u {
                if p[c] > p[best] {
                    best = c;
                }
            }
            (best, p[best].to_f64())
        }
    }

    /// Batch-mean loss of the last forward pass against `labels` and
    /// `ws.d_logits = ∂loss/∂logits`; also counts correct predictions.
    pub fn loss(&self, labels: &[usize], ws: &mut Workspace<T>) -> Result<BatchStats, String> {
        let batch = labels.len();
        let u = self.arch.units();
        let inv_b = T::from_f64(1.0 / batch.max(1) as f64);
        let mut total = T::ZERO;
        let mut correct = 0;
        for (i, &y) in labels.iter().enumerate() {
            if y >= self.arch.classes {
                return Err(format!(
                    "label index {y} is out of range for {} classes",
                    self.arch.classes
                ));
            }
            let z = &ws.logits[i * u..(i + 1) * u];
            let d = &mut ws.d_logits[i * u..(i + 1) * u];
            let l = if u == 1 {
                let target = [if y == 1 { T::ONE } else { T::ZERO }];
                bce_with_logits(z, &target, d)
            } else {
                sparse_cce_with_logits(z, y, d)?
            };
            d.iter_mut().for_each(|v| *v *= inv_b);
            total += l;
            if self.predicted(ws, i).0 == y {
                correct += 1;
            }
        }
        Ok(BatchStats {
            loss: total.to_f64() / batch.max(1) as f64,
            correct,
        })
    }

    /// Backward pass after [`Self::forward`] and [`Self::loss`]: accumulates
    /// the gradients of the batch-mean loss into `grads` (zero them first).
    pub fn backward(
        &self,
        ids: &[u32],
        batch: usize,
        ws: &mut Workspace<T>,
        grads: &mut Grads<T>,
    ) -> Result<(), String> {
        let a = &self.arch;
        let (l, e, f, u) = (a.max_len, a.channels(), a.filters, a.units());
        if a.bag_of_tokens {
            // ∂logit/∂bag[id] = BAG_SCALE/L per occurrence; padding gets none.
            let li = a.ids_len();
            let w = T::from_f64(BAG_SCALE / li as f64);
            for (row, dz) in ids
                .chunks_exact(li)
                .zip(ws.d_logits[..batch * u].chunks_exact(u))
            {
                for &id in row.iter().filter(|&&id| id != 0) {
                    let g = &mut grads.bag[id as usize * u..(id as usize + 1) * u];
                    for (gc, &d) in g.iter_mut().zip(dz) {
                        *gc += d * w;
                    }
                }
            }
        }
        let pooled = &ws.pooled[..batch * f];
        let d_pooled = &mut ws.d_pooled[..batch * f];
        self.dense
            .backward(
                batch,
                pooled,
                &ws.d_logits[..batch * u],
                &mut grads.dense,
                Some(d_pooled),
            )
            .map_err(|e| e.0)?;
        for (d, &m) in d_pooled.iter_mut().zip(&ws.mask[..batch * f]) {
            *d *= m;
        }
        conv1d_max_pool::backward(
            &self.conv,
            &self.embedding,
            ids,
            batch,
            l,
            &ws.x[..batch * l * e],
            pooled,
            &ws.argmax[..batch * f],
            d_pooled,
            &mut grads.conv,
            &mut grads.embedding,
            &mut ws.conv_scratch,
        )
        .map_err(|e| e.0)
    }

    /// Class probabilities for `n` sequences `ids: [n, L]`, computed in chunks
    /// of the workspace capacity: `[n, classes]` (for two classes the columns
    /// are `1-p, p`).
    pub fn predict_proba(&self, ids: &[u32], ws: &mut Workspace<T>) -> Result<Vec<f64>, String> {
        let l = self.arch.ids_len();
        if !ids.len().is_multiple_of(l) {
            return Err(format!(
                "ids has {} elements, not a multiple of the {l} ids per sample",
                ids.len()
            ));
        }
        let n = ids.len() / l;
        let (u, k) = (self.arch.units(), self.arch.classes);
        let mut out = Vec::with_capacity(n * k);
        let mut start = 0;
        while start < n {
            let b = (n - start).min(ws.capacity);
            self.forward(&ids[start * l..(start + b) * l], b, ws, None)?;
            for i in 0..b {
                let p = &ws.probs[i * u..(i + 1) * u];
                if u == 1 {
                    out.push(1.0 - p[0].to_f64());
                    out.push(p[0].to_f64());
                } else {
                    out.extend(p.iter().map(|v| v.to_f64()));
                }
            }
            start += b;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arch(classes: usize) -> Architecture {
        Architecture {
            vocab_size: 13,
            max_len: 9,
            embedding_dim: 4,
            filters: 5,
            kernel_size: 3,
            dropout: 0.0,
            classes,
            bigrams: false,
            bag_of_tokens: false,
        }
    }

    #[test]
    fn too_many_parameters_says_how_many_and_what_to_lower() {
        // The bigram channel doubles the convolution's input channels (2 x 512).
        let big = Architecture {
            vocab_size: 200_000,
            max_len: 2000,
            embedding_dim: 512,
            filters: 1024,
            kernel_size: 64,
            bigrams: true,
            bag_of_tokens: false,
            ..arch(2)
        };
        let e = big.validate().unwrap_err();
        assert_eq!(
            e,
            "the model would have 169,508,864 parameters (embedding 200000 x 512 = 102,400,000, \
             convolution 64 x 1024 x 1024 = 67,108,864), more than the 100,000,000 allowed: \
             lower the vocabulary size, embedding size, kernel size or filters"
        );
        let ok = Architecture {
            vocab_size: 10_000,
            embedding_dim: 64,
            ..big
        };
        assert!(ok.validate().is_ok());
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }

    fn data(n: usize, l: usize, vocab: u32, classes: usize, seed: u64) -> (Vec<u32>, Vec<usize>) {
        let mut r = Rng::new(seed);
        let ids = (0..n * l).map(|_| r.below(vocab as usize) as u32).collect();
        let labels = (0..n).map(|_| r.below(classes)).collect();
        (ids, labels)
    }

    fn batch_loss(m: &TextCnn<f64>, ids: &[u32], labels: &[usize]) -> f64 {
        let mut ws = m.workspace(labels.len());
        m.forward(ids, labels.len(), &mut ws, None).unwrap();
        m.loss(labels, &mut ws).unwrap().loss
    }

    /// Every analytic gradient against central finite differences (f64),
    /// with one id per position and with the bigram channel (two).
    #[test]
    fn gradients_match_finite_differences() {
        for (classes, bigrams, bag) in [
            (2, false, false),
            (4, false, false),
            (2, true, false),
            (3, true, false),
            (2, false, true),
            (3, true, true),
        ] {
            let a = Architecture {
                bigrams,
                bag_of_tokens: bag,
                ..arch(classes)
            };
            let mut m = TextCnn::<f64>::new(a, 3).unwrap();
            assert_eq!(m.conv.channels, 4 * m.arch.slots());
            // Positive conv biases keep most ReLUs active, so most weights matter.
            m.conv.b.iter_mut().for_each(|b| *b = 0.05);
            // Bag weights away from their zero start.
            for (i, w) in m.bag.iter_mut().enumerate() {
                *w = 0.001 * (i as f64 * 0.7).sin();
            }
            let (ids, labels) = data(3, 9 * m.arch.slots(), 13, classes, 11);
            let mut ws = m.workspace(3);
            let mut g = m.grads();
            m.forward(&ids, 3, &mut ws, None).unwrap();
            m.loss(&labels, &mut ws).unwrap();
            m.backward(&ids, 3, &mut ws, &mut g).unwrap();
            let analytic: Vec<Vec<f64>> = vec![
                g.embedding.dw.clone(),
                g.conv.dw.clone(),
                g.conv.db.clone(),
                g.dense.dw.clone(),
                g.dense.db.clone(),
                g.bag.clone(),
            ];
            assert_eq!(g.bag.is_empty(), !bag);
            let h = 1e-6;
            let mut checked = 0;
            for (ti, an) in analytic.iter().enumerate() {
                for (i, &a) in an.iter().enumerate() {
                    let orig = m.tensors()[ti][i];
                    m.tensors_mut()[ti][i] = orig + h;
                    let lp = batch_loss(&m, &ids, &labels);
                    m.tensors_mut()[ti][i] = orig - h;
                    let lm = batch_loss(&m, &ids, &labels);
                    m.tensors_mut()[ti][i] = orig;
                    let num = (lp - lm) / (2.0 * h);
                    assert!(
                        (num - a).abs() < 1e-6 * (1.0 + num.abs()),
                        "classes {classes} bigrams {bigrams} bag {bag} tensor {ti}[{i}]: numeric {num} analytic {a}"
                    );
                    checked += usize::from(a != 0.0);
                }
            }
            assert!(
                checked > 50,
                "too few nonzero gradients to be a meaningful check: {checked}"
            );
        }
    }

    /// The bag branch adds `BAG_SCALE/L · Σ bag[id]` over the non-padding
    /// ids, worked by hand; it starts at zero, so a new model with the
    /// branch draws the same CNN weights and gives the same outputs as one
    /// without.
    #[test]
    fn bag_of_tokens_adds_the_scaled_mean_and_starts_as_the_cnn_alone() {
        let plain = TextCnn::<f64>::new(arch(3), 5).unwrap();
        let mut m = TextCnn::<f64>::new(
            Architecture {
                bag_of_tokens: true,
                ..arch(3)
            },
            5,
        )
        .unwrap();
        assert_eq!(m.tensors()[..5], plain.tensors()[..5]);
        assert_eq!(m.bag.len(), 13 * 3);
        assert!(m.bag.iter().all(|&w| w == 0.0));
        // 9 ids: 4 padding, then 5, 7, 5, 2, 12.
        let ids = [0, 0, 0, 0, 5, 7, 5, 2, 12];
        let (mut w0, mut w1) = (plain.workspace(1), m.workspace(1));
        plain.forward(&ids, 1, &mut w0, None).unwrap();
        m.forward(&ids, 1, &mut w1, None).unwrap();
        assert_eq!(w0.logits[..3], w1.logits[..3]);
        for (i, w) in m.bag.iter_mut().enumerate() {
            *w = i as f64 / 100.0; // bag[id][c] = (3·id + c) / 100
        }
        m.bag[..3].copy_from_slice(&[5.0, 5.0, 5.0]); // padding: never read
        m.forward(&ids, 1, &mut w1, None).unwrap();
        for c in 0..3 {
            let sum: f64 = [5, 7, 5, 2, 12]
                .iter()
                .map(|&id| (3 * id + c) as f64 / 100.0)
                .sum();
            let want = w0.logits[c] + BAG_SCALE / 9.0 * sum;
            assert!(
                (w1.logits[c] - want).abs() < 1e-12,
                "class {c}: {} vs {want}",
                w1.logits[c]
            );
        }
    }

    #[test]
    fn dropout_scales_kept_features_and_is_off_at_inference() {
        let mut a = arch(2);
        a.dropout = 0.5;
        let m = TextCnn::<f64>::new(a, 1).unwrap();
        let (ids, _) = data(8, 9, 13, 2, 4);
        let mut ws = m.workspace(8);
        m.forward(&ids, 8, &mut ws, None).unwrap();
        let clean = ws.pooled.clone();
        let mut r = Rng::new(3);
        m.forward(&ids, 8, &mut ws, Some(&mut r)).unwrap();
        let (mut kept, mut dropped) = (0, 0);
        for ((&p, &c), &mk) in ws.pooled.iter().zip(&clean).zip(&ws.mask) {
            if mk == 0.0 {
                dropped += 1;
                assert_eq!(p, 0.0);
            } else {
                kept += 1;
                assert!((p - 2.0 * c).abs() < 1e-15);
            }
        }
        assert!(kept > 5 && dropped > 5);
    }

    #[test]
    fn validation_names_fields() {
        let mut a = arch(2);
        a.kernel_size = 10;
        assert!(a.validate().unwrap_err().contains("kernelSize"));
        a = arch(1);
        assert!(a.validate().unwrap_err().contains("labels"));
        a = arch(2);
        a.dropout = 1.0;
        assert!(a.validate().unwrap_err().contains("dropout"));
        let m = TextCnn::<f32>::new(arch(2), 1).unwrap();
        let mut ws = m.workspace(2);
        assert!(m
            .forward(&[99; 18], 2, &mut ws, None)
            .unwrap_err()
            .contains("out of range"));
    }
}
