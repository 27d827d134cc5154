//! Fully connected layer: `y = x·W + b` (no activation; apply one after).
//!
//! Shapes: `x: [batch, in]`, `W: [in, out]` (Keras kernel layout),
//! `b: [out]`, `y: [batch, out]`.
//! Backward: `dW += xᵀ·dy`, `db += Σ_rows dy`, `dx = dy·Wᵀ`.

use super::{check_len, LayerError};
use crate::init::{Fans, Init};
use crate::kernels::Real;
use crate::rng::Rng;

/// Dense layer parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense<T: Real> {
    pub input: usize,
    pub output: usize,
    /// Kernel `[in, out]`.
    pub w: Vec<T>,
    /// Bias `[out]`.
    pub b: Vec<T>,
}

/// Gradients of a [`Dense`] layer: `dw: [in, out]`, `db: [out]`.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseGrads<T: Real> {
    pub dw: Vec<T>,
    pub db: Vec<T>,
}

impl<T: Real> DenseGrads<T> {
    /// Set every gradient to zero.
    pub fn zero(&mut self) {
        self.dw.iter_mut().chain(self.db.iter_mut()).for_each(|g| *g = T::ZERO);
    }
}

impl<T: Real> Dense<T> {
    /// Zero weights and biases.
    pub fn zeros(input: usize, output: usize) -> Self {
        Dense { input, output, w: vec![T::ZERO; input * output], b: vec![T::ZERO; output] }
    }

    /// Kernel from `kernel_init` (Keras default: Glorot uniform), zero bias.
    pub fn new(input: usize, output: usize, kernel_init: Init, rng: &mut Rng) -> Self {
        let mut d = Self::zeros(input, output);
        kernel_init.fill(Fans::dense(input, output), rng, &mut d.w);
        d
    }

    /// Zeroed gradient buffers of the right shapes.
    pub fn grads(&self) -> DenseGrads<T> {
        DenseGrads { dw: vec![T::ZERO; self.w.len()], db: vec![T::ZERO; self.b.len()] }
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        self.w.len() + self.b.len()
    }

    /// `out = x·W + b`; `x: [batch, in]`, `out: [batch, out]` (overwritten).
    pub fn forward(&self, batch: usize, x: &[T], out: &mut [T]) -> Result<(), LayerError> {
        check_len("dense", "x", x.len(), batch * self.input)?;
        check_len("dense", "out", out.len(), batch * self.output)?;
        if self.output == 0 {
            return Ok(());
        }
        for row in out.chunks_exact_mut(self.output) {
            row.copy_from_slice(&self.b);
        }
        T::gemm_nn(batch, self.output, self.input, x, &self.w, out);
        Ok(())
    }

    /// Backward from `dy: [batch, out]`: accumulates `grads`, and if `dx` is
    /// given (`[batch, in]`) overwrites it with `dy·Wᵀ`.
    pub fn backward(
        &self,
        batch: usize,
        x: &[T],
        dy: &[T],
        grads: &mut DenseGrads<T>,
        dx: Option<&mut [T]>,
    ) -> Result<(), LayerError> {
        check_len("dense", "x", x.len(), batch * self.input)?;
        check_len("dense", "dy", dy.len(), batch * self.output)?;
        check_len("dense", "grads.dw", grads.dw.len(), self.w.len())?;
        check_len("dense", "grads.db", grads.db.len(), self.b.len())?;
        T::gemm_tn(self.input, self.output, batch, x, dy, &mut grads.dw);
        if self.output > 0 {
            for row in dy.chunks_exact(self.output) {
                for (g, &d) in grads.db.iter_mut().zip(row) {
                    *g += d;
                }
            }
        }
        if let Some(dx) = dx {
            check_len("dense", "dx", dx.len(), batch * self.input)?;
            dx.iter_mut().for_each(|v| *v = T::ZERO);
            T::gemm_nt(batch, self.input, self.output, dy, &self.w, dx);
        }
        Ok(())
    }

    /// Allocating [`Self::forward`].
    pub fn forward_alloc(&self, batch: usize, x: &[T]) -> Result<Vec<T>, LayerError> {
        let mut out = vec![T::ZERO; batch * self.output];
        self.forward(batch, x, &mut out)?;
        Ok(out)
    }
}
