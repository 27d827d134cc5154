//! Embedding lookup (Keras `Embedding`, `mask_zero=False`: index 0 is an
//! ordinary row).
//!
//! Shapes: `ids: [n]` (any batch × time flattened), table `W: [vocab, dim]`,
//! `out: [n, dim]`. Backward scatter-adds: `dW[ids[i]] += dOut[i]`.

use super::{check_len, LayerError};
use crate::init::{Fans, Init};
use crate::kernels::Real;
use crate::rng::Rng;

/// Embedding table.
#[derive(Clone, Debug, PartialEq)]
pub struct Embedding<T: Real> {
    pub vocab: usize,
    pub dim: usize,
    /// Table `[vocab, dim]`.
    pub w: Vec<T>,
}

/// Gradient of the table, `dw: [vocab, dim]` (dense).
#[derive(Clone, Debug, PartialEq)]
pub struct EmbeddingGrads<T: Real> {
    pub dw: Vec<T>,
}

impl<T: Real> EmbeddingGrads<T> {
    /// Set every gradient to zero.
    pub fn zero(&mut self) {
        self.dw.iter_mut().for_each(|g| *g = T::ZERO);
    }
}

impl<T: Real> Embedding<T> {
    /// Table from `init`; Keras' default is [`Init::embedding_default`]
    /// (uniform in `[-0.05, 0.05]`).
    pub fn new(vocab: usize, dim: usize, init: Init, rng: &mut Rng) -> Self {
        let mut w = vec![T::ZERO; vocab * dim];
        init.fill(Fans::dense(vocab, dim), rng, &mut w);
        Embedding { vocab, dim, w }
    }

    /// Zeroed gradient buffer.
    pub fn grads(&self) -> EmbeddingGrads<T> {
        EmbeddingGrads { dw: vec![T::ZERO; self.w.len()] }
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        self.w.len()
    }

    fn check_ids(&self, ids: &[u32]) -> Result<(), LayerError> {
        match ids.iter().position(|&i| i as usize >= self.vocab) {
            None => Ok(()),
            Some(p) => Err(LayerError(format!(
                "embedding: token index {} at position {p} is out of range for vocabulary size {}",
                ids[p], self.vocab
            ))),
        }
    }

    /// `out[i] = W[ids[i]]`; `out: [ids.len(), dim]` (overwritten).
    pub fn forward(&self, ids: &[u32], out: &mut [T]) -> Result<(), LayerError> {
        self.check_ids(ids)?;
        check_len("embedding", "out", out.len(), ids.len() * self.dim)?;
        if self.dim == 0 {
            return Ok(());
        }
        for (row, &id) in out.chunks_exact_mut(self.dim).zip(ids) {
            let s = id as usize * self.dim;
            row.copy_from_slice(&self.w[s..s + self.dim]);
        }
        Ok(())
    }

    /// Scatter-add `dy: [ids.len(), dim]` into `grads.dw` rows (repeated ids add up).
    pub fn backward(&self, ids: &[u32], dy: &[T], grads: &mut EmbeddingGrads<T>) -> Result<(), LayerError> {
        self.check_ids(ids)?;
        check_len("embedding", "dy", dy.len(), ids.len() * self.dim)?;
        check_len("embedding", "grads.dw", grads.dw.len(), self.w.len())?;
        if self.dim == 0 {
            return Ok(());
        }
        for (row, &id) in dy.chunks_exact(self.dim).zip(ids) {
            let s = id as usize * self.dim;
            T::axpy(T::ONE, row, &mut grads.dw[s..s + self.dim]);
        }
        Ok(())
    }

    /// Allocating [`Self::forward`].
    pub fn forward_alloc(&self, ids: &[u32]) -> Result<Vec<T>, LayerError> {
        let mut out = vec![T::ZERO; ids.len() * self.dim];
        self.forward(ids, &mut out)?;
        Ok(out)
    }
}
