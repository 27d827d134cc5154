//! 1-D convolution (Keras `Conv1D`, `padding="valid"`, stride 1, dilation 1),
//! with an optional fused ReLU.
//!
//! Shapes: `x: [batch, T, C]`, kernel `W: [k, C, F]` (Keras layout),
//! `b: [F]`, `y: [batch, T_out, F]` with `T_out = T - k + 1`.
//!
//! No im2col: for each sample and kernel offset `kk`, the rows
//! `X[kk .. kk+T_out]` are already a contiguous `[T_out, C]` matrix, so
//! - forward:  `Y += X[kk..] · W[kk]` summed over `kk`, done as one
//!   `gemm_nn_lda` per sample: `[T_out, k·C]` windows at row stride `C`
//!   times `W` as `[k·C, F]`
//! - backward: `dW[kk] += X[kk..]ᵀ · dY`         (`gemm_tn`)
//!   `dX[kk..] += dY · W[kk]ᵀ`                   (`gemm_nt`).

use super::{check_len, LayerError};
use crate::init::{Fans, Init};
use crate::kernels::Real;
use crate::rng::Rng;

/// Conv1D parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Conv1D<T: Real> {
    /// Kernel width `k`.
    pub kernel: usize,
    /// Input channels `C`.
    pub channels: usize,
    /// Output filters `F`.
    pub filters: usize,
    /// Apply ReLU to the output (Keras `activation="relu"`).
    pub relu: bool,
    /// Kernel `[k, C, F]`.
    pub w: Vec<T>,
    /// Bias `[F]`.
    pub b: Vec<T>,
}

/// Gradients of a [`Conv1D`]: `dw: [k, C, F]`, `db: [F]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conv1DGrads<T: Real> {
    pub dw: Vec<T>,
    pub db: Vec<T>,
}

impl<T: Real> Conv1DGrads<T> {
    /// Set every gradient to zero.
    pub fn zero(&mut self) {
        self.dw
            .iter_mut()
            .chain(self.db.iter_mut())
            .for_each(|g| *g = T::ZERO);
    }
}

impl<T: Real> Conv1D<T> {
    /// Zero weights and biases.
    pub fn zeros(kernel: usize, channels: usize, filters: usize, relu: bool) -> Self {
        Conv1D {
            kernel,
            channels,
            filters,
            relu,
            w: vec![T::ZERO; kernel * channels * filters],
            b: vec![T::ZERO; filters],
        }
    }

    /// Kernel from `kernel_init` (Keras default: Glorot uniform with
    /// `fan_in = k·C`, `fan_out = k·F`), zero bias.
    pub fn new(
        kernel: usize,
        channels: usize,
        filters: usize,
        relu: bool,
        kernel_init: Init,
        rng: &mut Rng,
    ) -> Self {
        let mut c = Self::zeros(kernel, channels, filters, relu);
        kernel_init.fill(Fans::conv1d(kernel, channels, filters), rng, &mut c.w);
        c
    }

    /// Zeroed gradient buffers.
    pub fn grads(&self) -> Conv1DGrads<T> {
        Conv1DGrads {
            dw: vec![T::ZERO; self.w.len()],
            db: vec![T::ZERO; self.b.len()],
        }
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        self.w.len() + self.b.len()
    }

    /// `T_out = T - k + 1`, or an error when the sequence is shorter than the kernel.
    pub fn out_len(&self, t_in: usize) -> Result<usize, LayerError> {
        if self.kernel == 0 {
            return Err(LayerError("conv1d: kernel size must be at least 1".into()));
        }
        if t_in < self.kernel {
            return Err(LayerError(format!(
                "conv1d: sequence length {t_in} is shorter than the kernel size {}",
                self.kernel
            )));
        }
        Ok(t_in - self.kernel + 1)
    }

    /// `y = relu?(conv(x) + b)`; `x: [batch, t_in, C]`, `y: [batch, T_out, F]` (overwritten).
    pub fn forward(
        &self,
        batch: usize,
        t_in: usize,
        x: &[T],
        y: &mut [T],
    ) -> Result<(), LayerError> {
        let t_out = self.out_len(t_in)?;
        let (c, f) = (self.channels, self.filters);
        check_len("conv1d", "x", x.len(), batch * t_in * c)?;
        check_len("conv1d", "y", y.len(), batch * t_out * f)?;
        check_len("conv1d", "w", self.w.len(), self.kernel * c * f)?;
        if f == 0 {
            return Ok(());
        }
        for row in y.chunks_exact_mut(f) {
            row.copy_from_slice(&self.b);
        }
        // One GEMM per sample: output step t reads the window
        // x[t·C .. t·C + k·C] (rows overlap, stride C) against W as [k·C, F];
        // the same products in the same order as one gemm per offset kk.
        for s in 0..batch {
            let xs = &x[s * t_in * c..(s + 1) * t_in * c];
            let ys = &mut y[s * t_out * f..(s + 1) * t_out * f];
            T::gemm_nn_lda(t_out, f, self.kernel * c, xs, c, &self.w, ys);
        }
        if self.relu {
            y.iter_mut().for_each(|v| *v = v.max(T::ZERO));
        }
        Ok(())
    }

    /// Backward from `dy: [batch, T_out, F]`. With ReLU, `dy` is masked **in
    /// place** where the forward output `y` was 0 (ReLU' = 0 at 0, as TF), so
    /// pass the `y` from [`Self::forward`]. Accumulates `grads`; overwrites
    /// `dx: [batch, t_in, C]` when given.
    #[allow(clippy::too_many_arguments)]
    pub fn backward(
        &self,
        batch: usize,
        t_in: usize,
        x: &[T],
        y: &[T],
        dy: &mut [T],
        grads: &mut Conv1DGrads<T>,
        dx: Option<&mut [T]>,
    ) -> Result<(), LayerError> {
        let t_out = self.out_len(t_in)?;
        let (c, f) = (self.channels, self.filters);
        check_len("conv1d", "x", x.len(), batch * t_in * c)?;
        check_len("conv1d", "y", y.len(), batch * t_out * f)?;
        check_len("conv1d", "dy", dy.len(), batch * t_out * f)?;
        check_len("conv1d", "grads.dw", grads.dw.len(), self.w.len())?;
        check_len("conv1d", "grads.db", grads.db.len(), self.b.len())?;
        if f == 0 {
            return Ok(());
        }
        if self.relu {
            for (d, &v) in dy.iter_mut().zip(y) {
                if v <= T::ZERO {
                    *d = T::ZERO;
                }
            }
        }
        for row in dy.chunks_exact(f) {
            for (g, &d) in grads.db.iter_mut().zip(row) {
                *g += d;
            }
        }
        let mut dx = dx;
        if let Some(dx) = dx.as_deref_mut() {
            check_len("conv1d", "dx", dx.len(), batch * t_in * c)?;
            dx.iter_mut().for_each(|v| *v = T::ZERO);
        }
        for s in 0..batch {
            let xs = &x[s * t_in * c..(s + 1) * t_in * c];
            let dys = &dy[s * t_out * f..(s + 1) * t_out * f];
            for kk in 0..self.kernel {
                let xk = &xs[kk * c..(kk + t_out) * c];
                T::gemm_tn(
                    c,
                    f,
                    t_out,
                    xk,
                    dys,
                    &mut grads.dw[kk * c * f..(kk + 1) * c * f],
                );
                if let Some(dx) = dx.as_deref_mut() {
                    let wk = &self.w[kk * c * f..(kk + 1) * c * f];
                    let dxk = &mut dx[s * t_in * c + kk * c..s * t_in * c + (kk + t_out) * c];
                    T::gemm_nt(t_out, c, f, dys, wk, dxk);
                }
            }
        }
        Ok(())
    }

    /// Allocating [`Self::forward`].
    pub fn forward_alloc(&self, batch: usize, t_in: usize, x: &[T]) -> Result<Vec<T>, LayerError> {
        let mut y = vec![T::ZERO; batch * self.out_len(t_in)? * self.filters];
        self.forward(batch, t_in, x, &mut y)?;
        Ok(y)
    }
}
