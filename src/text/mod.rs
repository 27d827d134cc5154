//! Text preprocessing for the classifier: tokenizer, padding, datasets.
//!
//! - [`tokenizer`]: a word-index tokenizer with the semantics of Keras'
//!   `tf.keras.preprocessing.text.Tokenizer` (keras-preprocessing 1.1.2) by
//!   default, plus a character mode and an `Auto` mode for scripts written
//!   without spaces (Chinese, Japanese, Korean, Thai, ...); JSON export and
//!   import in the shape of Keras' `tokenizer.to_json()`.
//! - [`segment`]: the character tables (Han, Kana, Hangul, emoji, combining
//!   marks, CJK punctuation) and the three segmenters used by the tokenizer.
//! - [`pad`]: `pad_sequences` with Keras' defaults.
//! - [`dataset`]: labelled text parsing (TSV, CSV with header, fastText) with
//!   every rejected line reported.
//!
//! Nothing here panics on user input; every fallible call returns
//! `Result<_, TextError>` and the error names the field or line at fault.

pub mod dataset;
pub mod pad;
pub mod segment;
pub mod tokenizer;

pub use dataset::{
    parse_dataset, parse_dataset_bytes, DatasetFormat, DatasetOptions, ParsedDataset, Rejected,
    Warning,
};
pub use pad::{pad_sequence, pad_sequences, PadConfig, Padding, Truncating};
pub use segment::Tokenization;
pub use tokenizer::{
    PositionView, TokenView, Tokenizer, TokenizerConfig, CLASSIFIER_NUM_WORDS, KERAS_FILTERS,
};

use std::fmt;

/// An error from the text module: `field` names the setting, JSON field or
/// input (`"line 12"`) at fault, `message` says what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub field: String,
    pub message: String,
}

impl TextError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        TextError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for TextError {}
