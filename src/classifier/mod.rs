//! The text classifier: a Keras-style `Embedding -> Conv1D -> GlobalMaxPool
//! -> Dense` model ([`model`]), its training loop ([`train`]), evaluation
//! ([`metrics`]), per-token explanations ([`explain`]), the stratified
//! validation split ([`split`]) and TensorFlow.js Layers export/import
//! ([`tfjs_format`]).

pub mod explain;
pub mod metrics;
pub mod model;
pub mod split;
pub mod tfjs_format;
pub mod train;
