//! Global max pooling over time (Keras `GlobalMaxPooling1D`).
//!
//! Shapes: `x: [batch, T, C]` -> `y: [batch, C]`, plus `argmax: [batch, C]`,
//! the time step each maximum came from (the classifier's explanation uses
//! it). Ties go to the **first** (earliest) time step. Backward routes each
//! `dy[b, c]` to `dx[b, argmax[b, c], c]` only; every other `dx` is 0.

use super::{check_len, LayerError};
use crate::kernels::Real;

/// Global max pooling over the time axis (no parameters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GlobalMaxPool1D;

impl GlobalMaxPool1D {
    /// `y[b,c] = max_t x[b,t,c]`, `argmax[b,c] = first t attaining it`
    /// (both overwritten). `t >= 1`.
    pub fn forward<T: Real>(
        &self,
        batch: usize,
        t: usize,
        c: usize,
        x: &[T],
        y: &mut [T],
        argmax: &mut [u32],
    ) -> Result<(), LayerError> {
        if t == 0 {
            return Err(LayerError("global_max_pool: sequence length must be at least 1".into()));
        }
        check_len("global_max_pool", "x", x.len(), batch * t * c)?;
        check_len("global_max_pool", "y", y.len(), batch * c)?;
        check_len("global_max_pool", "argmax", argmax.len(), batch * c)?;
        for b in 0..batch {
            let xs = &x[b * t * c..(b + 1) * t * c];
            let yb = &mut y[b * c..(b + 1) * c];
            let ab = &mut argmax[b * c..(b + 1) * c];
            yb.copy_from_slice(&xs[..c]);
            ab.iter_mut().for_each(|a| *a = 0);
            for ti in 1..t {
                let row = &xs[ti * c..(ti + 1) * c];
                for ch in 0..c {
                    // Strict '>' keeps the first position on ties.
                    if row[ch] > yb[ch] {
                        yb[ch] = row[ch];
                        ab[ch] = ti as u32;
                    }
                }
            }
        }
        Ok(())
    }

    /// `dx[b, argmax[b,c], c] = dy[b,c]`, 0 elsewhere; `dx: [batch, T, C]` (overwritten).
    pub fn backward<T: Real>(
        &self,
        batch: usize,
        t: usize,
        c: usize,
        dy: &[T],
        argmax: &[u32],
        dx: &mut [T],
    ) -> Result<(), LayerError> {
        check_len("global_max_pool", "dy", dy.len(), batch * c)?;
        check_len("global_max_pool", "argmax", argmax.len(), batch * c)?;
        check_len("global_max_pool", "dx", dx.len(), batch * t * c)?;
        dx.iter_mut().for_each(|v| *v = T::ZERO);
        for b in 0..batch {
            for ch in 0..c {
                let ti = argmax[b * c + ch] as usize;
                if ti >= t {
                    return Err(LayerError(format!(
                        "global_max_pool: argmax[{}] = {ti} is out of range for length {t}",
                        b * c + ch
                    )));
                }
                dx[(b * t + ti) * c + ch] = dy[b * c + ch];
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_go_to_the_first_position() {
        // One sample, T = 3, C = 2: channel 0 = (1, 5, 5), channel 1 = (2, 2, 0).
        let x = [1.0, 2.0, 5.0, 2.0, 5.0, 0.0];
        let (mut y, mut am) = ([0.0; 2], [9u32; 2]);
        GlobalMaxPool1D.forward(1, 3, 2, &x, &mut y, &mut am).unwrap();
        assert_eq!(y, [5.0, 2.0]);
        assert_eq!(am, [1, 0]);
        let mut dx = [7.0; 6];
        GlobalMaxPool1D.backward(1, 3, 2, &[10.0, 20.0], &am, &mut dx).unwrap();
        assert_eq!(dx, [0.0, 20.0, 10.0, 0.0, 0.0, 0.0]);
    }
}
