//! Layers, generic over [`Real`](crate::kernels::Real), one per file.
//!
//! Conventions shared by every layer:
//! - Buffers are row-major contiguous slices; shapes are in each doc comment
//!   (`x: [batch, in]` means `x.len() == batch * in`).
//! - `forward(.., out)` overwrites `out`; the caller owns (and can reuse) it.
//! - `backward` **accumulates** parameter gradients (`+=`) into the layer's
//!   gradient struct (zero it with `zero()` before each step), and
//!   **overwrites** the input gradient `dx` when one is asked for.
//! - Wrong buffer lengths or bad indices return a [`LayerError`]; nothing
//!   panics on bad input.
//! - `*_alloc` wrappers allocate their outputs, for tests and one-off use.

pub mod conv1d;
pub mod conv1d_max_pool;
pub mod dense;
pub mod embedding;
pub mod global_max_pool;

pub use conv1d::{Conv1D, Conv1DGrads};
pub use dense::{Dense, DenseGrads};
pub use embedding::{Embedding, EmbeddingGrads};
pub use global_max_pool::GlobalMaxPool1D;

use core::fmt;

/// A shape or index error from a layer, with a message naming the buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerError(pub String);

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LayerError {}

/// `Err` unless `buf_len == expected`, naming the layer and buffer.
pub(crate) fn check_len(
    layer: &str,
    name: &str,
    buf_len: usize,
    expected: usize,
) -> Result<(), LayerError> {
    if buf_len == expected {
        Ok(())
    } else {
        Err(LayerError(format!(
            "{layer}: {name} has {buf_len} elements, expected {expected}"
        )))
    }
}
