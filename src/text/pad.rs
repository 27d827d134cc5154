//! `pad_sequences` with the semantics of Keras'
//! `tf.keras.preprocessing.sequence.pad_sequences` (keras-preprocessing 1.1.2):
//!
//! - `maxlen`: the output length; `None` pads to the longest sequence.
//! - `truncating`: a sequence longer than `maxlen` loses values at the start
//!   (`Pre`, default: keeps `s[len-maxlen..]`) or at the end (`Post`: keeps
//!   `s[..maxlen]`).
//! - `padding`: a shorter sequence gets `value` before it (`Pre`, default) or
//!   after it (`Post`).
//! - `value`: the padding value, default 0 (Keras' default, and the index the
//!   tokenizer reserves for padding).
//!
//! Differences from Keras: `maxlen = Some(0)` is an error (Keras fails with a
//! broadcasting error); `maxlen = None` with no sequences or only empty ones
//! gives rows of length 0 (Keras raises on `np.max([])`).

use super::TextError;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Where padding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Padding {
    #[default]
    Pre,
    Post,
}

/// Which end of a too-long sequence is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Truncating {
    #[default]
    Pre,
    Post,
}

/// `pad_sequences` settings; `Default` is Keras' (`maxlen=None`,
/// `padding='pre'`, `truncating='pre'`, `value=0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PadConfig {
    pub maxlen: Option<usize>,
    pub padding: Padding,
    pub truncating: Truncating,
    pub value: u32,
}

/// Pads or truncates one sequence to exactly `maxlen` values.
pub fn pad_sequence(seq: &[u32], maxlen: usize, padding: Padding, truncating: Truncating, value: u32) -> Vec<u32> {
    let kept: &[u32] = if seq.len() > maxlen {
        match truncating {
            Truncating::Pre => &seq[seq.len() - maxlen..],
            Truncating::Post => &seq[..maxlen],
        }
    } else {
        seq
    };
    let fill = maxlen - kept.len();
    let mut out = Vec::with_capacity(maxlen);
    match padding {
        Padding::Pre => {
            out.resize(fill, value);
            out.extend_from_slice(kept);
        }
        Padding::Post => {
            out.extend_from_slice(kept);
            out.resize(maxlen, value);
        }
    }
    out
}

/// Pads a batch of sequences into an `(n_sequences, maxlen)` array, row-major.
pub fn pad_sequences<S: AsRef<[u32]>>(seqs: &[S], config: &PadConfig) -> Result<Array2<u32>, TextError> {
    let maxlen = match config.maxlen {
        Some(0) => return Err(TextError::new("maxlen", "must be at least 1 (or null to pad to the longest)")),
        Some(m) => m,
        None => seqs.iter().map(|s| s.as_ref().len()).max().unwrap_or(0),
    };
    let total = seqs
        .len()
        .checked_mul(maxlen)
        .ok_or_else(|| TextError::new("maxlen", format!("{} sequences x {maxlen} values is too large", seqs.len())))?;
    let mut data = Vec::with_capacity(total);
    for s in seqs {
        data.extend(pad_sequence(s.as_ref(), maxlen, config.padding, config.truncating, config.value));
    }
    Array2::from_shape_vec((seqs.len(), maxlen), data)
        .map_err(|e| TextError::new("sequences", format!("could not shape the padded batch: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected rows worked by hand from Keras' algorithm (see module docs):
    // sequences [1,2,3,4,5], [6,7], [] and maxlen 3.
    fn batch() -> Vec<Vec<u32>> {
        vec![vec![1, 2, 3, 4, 5], vec![6, 7], vec![]]
    }

    fn run(padding: Padding, truncating: Truncating, maxlen: Option<usize>) -> Vec<Vec<u32>> {
        let cfg = PadConfig { maxlen, padding, truncating, value: 0 };
        let a = pad_sequences(&batch(), &cfg).unwrap();
        a.outer_iter().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn defaults_are_keras() {
        let d = PadConfig::default();
        assert_eq!(d, PadConfig { maxlen: None, padding: Padding::Pre, truncating: Truncating::Pre, value: 0 });
    }

    #[test]
    fn pre_pre() {
        // truncate pre keeps the last 3: [3,4,5]; [6,7] padded in front.
        assert_eq!(run(Padding::Pre, Truncating::Pre, Some(3)), vec![vec![3, 4, 5], vec![0, 6, 7], vec![0, 0, 0]]);
    }

    #[test]
    fn pre_post() {
        // padding pre, truncating post keeps the first 3: [1,2,3].
        assert_eq!(run(Padding::Pre, Truncating::Post, Some(3)), vec![vec![1, 2, 3], vec![0, 6, 7], vec![0, 0, 0]]);
    }

    #[test]
    fn post_pre() {
        assert_eq!(run(Padding::Post, Truncating::Pre, Some(3)), vec![vec![3, 4, 5], vec![6, 7, 0], vec![0, 0, 0]]);
    }

    #[test]
    fn post_post() {
        assert_eq!(run(Padding::Post, Truncating::Post, Some(3)), vec![vec![1, 2, 3], vec![6, 7, 0], vec![0, 0, 0]]);
    }

    #[test]
    fn maxlen_none_pads_to_longest() {
        // longest is 5: nothing truncated, whichever truncating is set.
        for t in [Truncating::Pre, Truncating::Post] {
            assert_eq!(run(Padding::Pre, t, None), vec![vec![1, 2, 3, 4, 5], vec![0, 0, 0, 6, 7], vec![0, 0, 0, 0, 0]]);
            assert_eq!(run(Padding::Post, t, None), vec![vec![1, 2, 3, 4, 5], vec![6, 7, 0, 0, 0], vec![0, 0, 0, 0, 0]]);
        }
    }

    #[test]
    fn custom_value_and_exact_length() {
        let cfg = PadConfig { maxlen: Some(2), value: 9, ..Default::default() };
        let a = pad_sequences(&[vec![4u32, 5], vec![1]], &cfg).unwrap();
        assert_eq!(a.shape(), &[2, 2]);
        assert_eq!(a.into_raw_vec_and_offset().0, vec![4, 5, 9, 1]);
    }

    #[test]
    fn edge_cases() {
        let empty: Vec<Vec<u32>> = vec![];
        assert_eq!(pad_sequences(&empty, &PadConfig::default()).unwrap().shape(), &[0, 0]);
        assert_eq!(pad_sequences(&[Vec::<u32>::new()], &PadConfig::default()).unwrap().shape(), &[1, 0]);
        let err = pad_sequences(&batch(), &PadConfig { maxlen: Some(0), ..Default::default() }).unwrap_err();
        assert_eq!(err.field, "maxlen");
        assert_eq!(pad_sequence(&[1, 2], 4, Padding::Pre, Truncating::Pre, 0), vec![0, 0, 1, 2]);
    }
}
