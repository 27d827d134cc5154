//! The text classifier: a Keras-style `Embedding -> Conv1D -> GlobalMaxPool
//! -> [Dropout] -> Dense` model ([`model`]), its training loop ([`train`]),
//! evaluation ([`metrics`]), per-token explanations ([`explain`]), the
//! stratified validation split ([`split`]), TensorFlow.js Layers
//! export/import ([`tfjs_format`]) and the whole pipeline with the tokenizer
//! ([`text_classifier`], what the JS `TextClassifier` wraps).

pub mod explain;
pub mod metrics;
pub mod model;
pub mod split;
pub mod text_classifier;
pub mod tfjs_format;
pub mod train;

pub use text_classifier::{ClassifierConfig, TextClassifier};
pub use train::{EarlyStopping, EpochStats, Fold, Progress, TrainConfig};
