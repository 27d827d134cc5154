//! A word-index tokenizer with the semantics of Keras'
//! `tf.keras.preprocessing.text.Tokenizer` (keras-preprocessing 1.1.2,
//! `keras_preprocessing/text.py`), which TensorFlow 2 re-exports.
//!
//! The rules, each as Keras does it:
//! 1. `lower=True`: the text is lower-cased first (Python `str.lower()`, full
//!    Unicode; Rust's `str::to_lowercase` gives the same result, final sigma
//!    included: "ÉCOLE" -> "école").
//! 2. Every character of `filters` (default [`KERAS_FILTERS`], ASCII
//!    punctuation plus `\t` and `\n`, but not `'`) is replaced by `split`
//!    (default `" "`), the text is split on `split` and empty pieces are
//!    dropped (`text_to_word_sequence`). So `"don't"` stays one word and
//!    `"\r"` is not a separator.
//! 3. `fit_on_texts` counts every word (`word_counts`, in order of first
//!    appearance) and the documents containing it (`word_docs`), then sorts the
//!    words by descending count with Python's stable sort, so ties keep their
//!    order of first appearance; `word_index` numbers them from 1 (0 is
//!    reserved for padding). Calling it again adds to the counts and rebuilds
//!    the index from all of them.
//! 4. With `oov_token`, that token gets index 1 and every word shifts by one.
//! 5. `texts_to_sequences` maps known words to their index; a word whose
//!    index is `>= num_words` is dropped, or mapped to the OOV index when
//!    `oov_token` is set; an unknown word is dropped, or mapped to the OOV
//!    index. `num_words` counts index 0, so `num_words = 10000` keeps indices
//!    1..=9999 (and the OOV index 1).
//!
//! Deliberate differences from Keras, each only on inputs Keras mishandles:
//! - A `Tokenizer` with `oov_token` has it at index 1 even before any fit
//!   (Keras' `word_index` is empty until `fit_on_texts`, and texts_to_sequences
//!   then emits `None`).
//! - If the OOV token itself occurs as a word in the texts (only possible when
//!   it survives the filters, e.g. `oov_token = "unk"`), Keras gives it a second
//!   index and leaves index 1 unused; here it keeps index 1 and is left out of
//!   the ranking.
//! - `num_words = Some(0)` is an error (Keras treats 0 as "no limit").
//! - `split = ""` is an error (Python's `str.split("")` raises).
//! - Modes `Chars` and `Auto` (see [`crate::text::segment`]) are ours; Keras'
//!   `char_level=True` keeps spaces and punctuation, our `Chars` drops them.

mod json;

use super::segment::{segment, split_auto_positions, Tokenization};
use super::TextError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Keras' default `filters`: ASCII punctuation except `'`, plus tab and newline.
pub const KERAS_FILTERS: &str = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

/// The project's vocabulary size for the text classifier (Keras tutorials'
/// usual `num_words`); [`TokenizerConfig::for_classifier`] uses it.
pub const CLASSIFIER_NUM_WORDS: usize = 10_000;

/// Tokenizer settings. `Default` is Keras' `Tokenizer()` defaults exactly
/// (`num_words=None`, Keras filters, `lower=True`, `split=' '`,
/// `oov_token=None`) and our `Words` mode; the classifier uses
/// [`TokenizerConfig::for_classifier`] instead (num_words 10000, Auto).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenizerConfig {
    /// Keep only word indices `< num_words` (index 0 counts). `None`: keep all.
    pub num_words: Option<usize>,
    /// Characters treated as separators (replaced by `split`).
    pub filters: String,
    /// Lower-case before splitting.
    pub lower: bool,
    /// The separator (Words mode); must be non-empty.
    pub split: String,
    /// Token for out-of-vocabulary words; gets index 1 when set.
    pub oov_token: Option<String>,
    /// Words (Keras), Chars or Auto (ours).
    pub tokenization: Tokenization,
}

impl Default for TokenizerConfig {
    fn default() -> Self {
        TokenizerConfig {
            num_words: None,
            filters: KERAS_FILTERS.to_string(),
            lower: true,
            split: " ".to_string(),
            oov_token: None,
            tokenization: Tokenization::Words,
        }
    }
}

impl TokenizerConfig {
    /// The classifier's defaults: Keras defaults with `num_words = 10000` and
    /// `Auto` tokenization (so Chinese/Japanese/Korean data works too).
    pub fn for_classifier() -> Self {
        TokenizerConfig {
            num_words: Some(CLASSIFIER_NUM_WORDS),
            tokenization: Tokenization::Auto,
            ..Default::default()
        }
    }

    /// Checks the settings; the error names the field.
    pub fn validate(&self) -> Result<(), TextError> {
        if self.num_words == Some(0) {
            return Err(TextError::new(
                "num_words",
                "must be at least 1 (use null for no limit; Keras reads 0 as no limit)",
            ));
        }
        if let Some(n) = self.num_words {
            if n > u32::MAX as usize {
                return Err(TextError::new(
                    "num_words",
                    format!("{n} is larger than {}", u32::MAX),
                ));
            }
        }
        if self.split.is_empty() {
            return Err(TextError::new("split", "must not be empty"));
        }
        if self.oov_token.as_deref() == Some("") {
            return Err(TextError::new(
                "oov_token",
                "must not be empty (use null for no OOV token)",
            ));
        }
        Ok(())
    }
}

/// One token of a sentence as the tokenizer sees it (for the page's
/// "try a sentence" view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    /// The token after lower-casing and splitting.
    pub text: String,
    /// What `texts_to_sequences` emits for it: the word's index, the OOV index,
    /// or `None` when it is dropped.
    pub id: Option<u32>,
    /// The word is not in the vocabulary (`word_index`) at all.
    pub oov: bool,
    /// The word is in the vocabulary but its index is `>= num_words`.
    pub dropped_by_num_words: bool,
}

/// One sequence position of the text classifier's bigram channel: a unit
/// (word, CJK/Thai-like character or emoji) and the character bigram that
/// ends at it, as [`Tokenizer::positions_view`] sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionView {
    pub unit: TokenView,
    /// `None` when the unit starts no bigram (not in a CJK run, first of one,
    /// or not Auto tokenization).
    pub bigram: Option<TokenView>,
}

impl PositionView {
    /// The position's ids `[unit, bigram]`, or `None` when the unit is
    /// dropped (Keras semantics: unknown without OOV token, or beyond
    /// `num_words`). A bigram that is unknown or beyond `num_words` gives 0,
    /// never the OOV index.
    pub fn ids(&self) -> Option<[u32; 2]> {
        let unit = self.unit.id?;
        let bigram = self
            .bigram
            .as_ref()
            .filter(|b| !b.oov && !b.dropped_by_num_words)
            .and_then(|b| b.id)
            .unwrap_or(0);
        Some([unit, bigram])
    }
}

/// The tokenizer: settings, counts and the word index. See the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokenizer {
    config: TokenizerConfig,
    /// (word, count) in order of first appearance.
    word_counts: Vec<(String, u64)>,
    /// Number of documents containing each word, parallel to `word_counts`.
    word_docs: Vec<u64>,
    count_pos: HashMap<String, usize>,
    document_count: u64,
    word_index: HashMap<String, u32>,
    index_word: HashMap<u32, String>,
}

impl Tokenizer {
    /// A tokenizer with no vocabulary yet (only the OOV token, at index 1).
    pub fn new(config: TokenizerConfig) -> Result<Self, TextError> {
        config.validate()?;
        let mut t = Tokenizer {
            config,
            word_counts: Vec::new(),
            word_docs: Vec::new(),
            count_pos: HashMap::new(),
            document_count: 0,
            word_index: HashMap::new(),
            index_word: HashMap::new(),
        };
        t.rebuild_index();
        Ok(t)
    }

    pub fn config(&self) -> &TokenizerConfig {
        &self.config
    }

    /// The tokens of one text: lower-case (if `lower`), then segment.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let c = &self.config;
        if c.lower {
            segment(&text.to_lowercase(), c.tokenization, &c.filters, &c.split)
        } else {
            segment(text, c.tokenization, &c.filters, &c.split)
        }
    }

    /// Counts the words of `texts` and rebuilds `word_index` (rule 3).
    pub fn fit_on_texts<S: AsRef<str>>(&mut self, texts: &[S]) {
        for text in texts {
            self.document_count += 1;
            let tokens = self.tokenize(text.as_ref());
            let mut seen_in_doc: Vec<usize> = Vec::new();
            for w in tokens {
                let pos = match self.count_pos.get(&w) {
                    Some(&p) => p,
                    None => {
                        let p = self.word_counts.len();
                        self.count_pos.insert(w.clone(), p);
                        self.word_counts.push((w, 0));
                        self.word_docs.push(0);
                        p
                    }
                };
                self.word_counts[pos].1 += 1;
                seen_in_doc.push(pos);
            }
            seen_in_doc.sort_unstable();
            seen_in_doc.dedup();
            for p in seen_in_doc {
                self.word_docs[p] += 1;
            }
        }
        self.rebuild_index();
    }

    fn rebuild_index(&mut self) {
        let mut order: Vec<usize> = (0..self.word_counts.len()).collect();
        // Stable sort by descending count: ties keep first-appearance order,
        // like Python's `sort(key=..., reverse=True)`.
        order.sort_by(|&a, &b| self.word_counts[b].1.cmp(&self.word_counts[a].1));
        self.word_index.clear();
        self.index_word.clear();
        let mut next: u32 = 1;
        if let Some(oov) = &self.config.oov_token {
            self.word_index.insert(oov.clone(), 1);
            self.index_word.insert(1, oov.clone());
            next = 2;
        }
        for p in order {
            let w = &self.word_counts[p].0;
            if Some(w) == self.config.oov_token.as_ref() {
                continue;
            }
            self.word_index.insert(w.clone(), next);
            self.index_word.insert(next, w.clone());
            next = next.saturating_add(1);
        }
    }

    fn oov_index(&self) -> Option<u32> {
        self.config
            .oov_token
            .as_ref()
            .and_then(|t| self.word_index.get(t).copied())
    }

    fn view_of(&self, w: String) -> TokenView {
        let oov_index = self.oov_index();
        match self.word_index.get(&w) {
            Some(&i) => {
                let beyond = self.config.num_words.is_some_and(|n| i as usize >= n);
                TokenView {
                    text: w,
                    id: if beyond { oov_index } else { Some(i) },
                    oov: false,
                    dropped_by_num_words: beyond,
                }
            }
            None => TokenView {
                text: w,
                id: oov_index,
                oov: true,
                dropped_by_num_words: false,
            },
        }
    }

    /// Every token of `text` with what happens to it (rule 5).
    pub fn tokenize_view(&self, text: &str) -> Vec<TokenView> {
        self.tokenize(text)
            .into_iter()
            .map(|w| self.view_of(w))
            .collect()
    }

    /// The units of `text` with the bigram ending at each (bigrams only with
    /// [`Tokenization::Auto`]); flattening them (bigram first) gives
    /// [`Self::tokenize_view`].
    pub fn positions_view(&self, text: &str) -> Vec<PositionView> {
        let c = &self.config;
        if c.tokenization != Tokenization::Auto {
            return self
                .tokenize_view(text)
                .into_iter()
                .map(|unit| PositionView { unit, bigram: None })
                .collect();
        }
        let lowered;
        let text = if c.lower {
            lowered = text.to_lowercase();
            &lowered
        } else {
            text
        };
        split_auto_positions(text, &c.filters)
            .into_iter()
            .map(|p| PositionView {
                unit: self.view_of(p.unit),
                bigram: p.bigram.map(|b| self.view_of(b)),
            })
            .collect()
    }

    /// The `[unit, bigram]` id pairs of `text` (see [`PositionView::ids`]):
    /// the positions the text classifier's bigram channel embeds.
    pub fn text_to_positions(&self, text: &str) -> Vec<[u32; 2]> {
        self.positions_view(text)
            .iter()
            .filter_map(PositionView::ids)
            .collect()
    }

    /// The index sequence of one text (rule 5).
    pub fn text_to_sequence(&self, text: &str) -> Vec<u32> {
        self.tokenize(text)
            .into_iter()
            .filter_map(|w| self.view_of(w).id)
            .collect()
    }

    /// `texts_to_sequences`: one index sequence per text.
    pub fn texts_to_sequences<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Vec<u32>> {
        texts
            .iter()
            .map(|t| self.text_to_sequence(t.as_ref()))
            .collect()
    }

    /// Maps indices back to words (`sequences_to_texts`: unknown indices and
    /// indices `>= num_words` are skipped, as in Keras without OOV token;
    /// with one they become the OOV token).
    pub fn sequence_to_text(&self, seq: &[u32]) -> String {
        let oov = self.oov_index();
        let mut words: Vec<&str> = Vec::new();
        for &i in seq {
            let i = match self.config.num_words {
                Some(n) if i as usize >= n => match oov {
                    Some(o) => o,
                    None => continue,
                },
                _ => i,
            };
            match self.index_word.get(&i) {
                Some(w) => words.push(w),
                None => {
                    if let Some(o) = oov {
                        if let Some(w) = self.index_word.get(&o) {
                            words.push(w);
                        }
                    }
                }
            }
        }
        words.join(" ")
    }

    /// The index of a word (after tokenization), if in the vocabulary.
    pub fn index_of(&self, word: &str) -> Option<u32> {
        self.word_index.get(word).copied()
    }

    /// The word with this index.
    pub fn word_at(&self, index: u32) -> Option<&str> {
        self.index_word.get(&index).map(String::as_str)
    }

    /// Number of entries in `word_index` (OOV token included).
    pub fn vocab_len(&self) -> usize {
        self.word_index.len()
    }

    /// The Embedding layer's `input_dim`: one more than the largest index that
    /// `texts_to_sequences` can emit, i.e. `min(num_words, vocab_len + 1)`.
    pub fn input_dim(&self) -> usize {
        let max_index = self.index_word.keys().copied().max().unwrap_or(0) as usize;
        match self.config.num_words {
            Some(n) => n.min(max_index + 1),
            None => max_index + 1,
        }
    }

    /// (word, count) in order of first appearance.
    pub fn word_counts(&self) -> &[(String, u64)] {
        &self.word_counts
    }

    /// Number of texts seen by `fit_on_texts`.
    pub fn document_count(&self) -> u64 {
        self.document_count
    }

    /// (word, index) sorted by index.
    pub fn word_index_sorted(&self) -> Vec<(&str, u32)> {
        let mut v: Vec<(&str, u32)> = self
            .word_index
            .iter()
            .map(|(w, &i)| (w.as_str(), i))
            .collect();
        v.sort_by_key(|&(_, i)| i);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keras() -> Tokenizer {
        Tokenizer::new(TokenizerConfig::default()).unwrap()
    }

    fn toks(t: &Tokenizer, s: &str) -> Vec<String> {
        t.tokenize(s)
    }

    #[test]
    fn default_config_is_keras() {
        let c = TokenizerConfig::default();
        assert_eq!(c.num_words, None);
        assert_eq!(c.filters, "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n");
        assert!(c.lower);
        assert_eq!(c.split, " ");
        assert_eq!(c.oov_token, None);
        assert_eq!(c.tokenization, Tokenization::Words);
        let k = TokenizerConfig::for_classifier();
        assert_eq!(
            (k.num_words, k.tokenization),
            (Some(10_000), Tokenization::Auto)
        );
    }

    // Each expectation follows Keras' text_to_word_sequence: lower, filters -> " ",
    // split(" "), drop "".
    #[test]
    fn keras_word_rules() {
        let t = keras();
        // ',' and '!' are filters.
        assert_eq!(toks(&t, "Hello, world!"), ["hello", "world"]);
        // '\'' is not a filter.
        assert_eq!(
            toks(&t, "Don't say it's over"),
            ["don't", "say", "it's", "over"]
        );
        // "a", "", "b", "", "", "c" -> empties dropped.
        assert_eq!(toks(&t, "a  b   c"), ["a", "b", "c"]);
        // '\t' and '\n' are filters; '\r' is not.
        assert_eq!(toks(&t, "one\ttwo\nthree"), ["one", "two", "three"]);
        assert_eq!(toks(&t, "x\r\ny"), ["x\r", "y"]);
        assert_eq!(toks(&t, "SHOUTING Works"), ["shouting", "works"]);
        assert_eq!(toks(&t, "2 for 1"), ["2", "for", "1"]);
        // Unicode lower-casing keeps accents.
        assert_eq!(toks(&t, "ÉCOLE élève"), ["école", "élève"]);
        assert!(toks(&t, "").is_empty());
        assert!(toks(&t, "?!...,,").is_empty());
        assert!(toks(&t, "\t\t\n").is_empty());
    }

    #[test]
    fn no_lower_keeps_case() {
        let t = Tokenizer::new(TokenizerConfig {
            lower: false,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(toks(&t, "Hello World"), ["Hello", "World"]);
    }

    #[test]
    fn index_orders_by_count_then_first_appearance() {
        let mut t = keras();
        // counts: b 3, a 2, c 2, d 1 (first appearances a, b, c, d).
        // Sorted by count desc, stable: b(3), a(2), c(2), d(1) -> 1, 2, 3, 4.
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        assert_eq!(
            t.word_index_sorted(),
            vec![("b", 1), ("a", 2), ("c", 3), ("d", 4)]
        );
        assert_eq!(t.document_count(), 3);
        // A second fit adds counts: d 1+3 = 4 moves to the front.
        t.fit_on_texts(&["d d d"]);
        assert_eq!(
            t.word_index_sorted(),
            vec![("d", 1), ("b", 2), ("a", 3), ("c", 4)]
        );
    }

    #[test]
    fn oov_token_takes_index_one() {
        let mut t = Tokenizer::new(TokenizerConfig {
            oov_token: Some("<OOV>".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(t.index_of("<OOV>"), Some(1));
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        // b 2, a 3, c 4, d 5; unknown "zebra" -> 1.
        assert_eq!(
            t.word_index_sorted(),
            vec![("<OOV>", 1), ("b", 2), ("a", 3), ("c", 4), ("d", 5)]
        );
        assert_eq!(t.text_to_sequence("a zebra d"), vec![3, 1, 5]);
        // Without OOV token an unknown word is dropped.
        let mut k = keras();
        k.fit_on_texts(&["a b c", "b a b", "c d"]);
        assert_eq!(k.text_to_sequence("a zebra d"), vec![2, 4]);
    }

    /// Positions for the classifier's bigram channel: a unit keeps Keras'
    /// rules (OOV index or dropped); a bigram is its index or 0, never OOV.
    #[test]
    fn positions_pair_units_with_known_bigrams() {
        let cfg = TokenizerConfig {
            tokenization: Tokenization::Auto,
            oov_token: Some("<OOV>".into()),
            num_words: Some(6),
            ..Default::default()
        };
        let mut t = Tokenizer::new(cfg.clone()).unwrap();
        // Counts: 好 3, 很 2, 很好 2, 不 1, 不好 1, ok 1 ... -> <OOV> 1, 好 2, 很 3, 很好 4, 不 5, 不好 6 (>= num_words), ok 7.
        t.fit_on_texts(&["很好", "很好", "不好 ok"]);
        assert_eq!(t.index_of("好"), Some(2));
        assert_eq!(t.index_of("很好"), Some(4));
        assert_eq!(t.index_of("不好"), Some(6));
        // 很 (3, -), 好 (2, 很好 4), 不 (5, -), 好 (2, 不好 beyond num_words -> 0),
        // 差 (unknown -> OOV 1, its bigram 好差 unknown -> 0), ok (beyond -> OOV 1).
        assert_eq!(
            t.text_to_positions("很好，不好差 OK"),
            [[3, 0], [2, 4], [5, 0], [2, 0], [1, 0], [1, 0]]
        );
        // Without an OOV token the unknown unit's position is dropped with its bigram.
        let mut k = Tokenizer::new(TokenizerConfig {
            oov_token: None,
            ..cfg
        })
        .unwrap();
        k.fit_on_texts(&["很好", "很好", "不好 ok"]);
        assert_eq!(
            k.text_to_positions("很好差"),
            [
                [k.index_of("很").unwrap(), 0],
                [k.index_of("好").unwrap(), k.index_of("很好").unwrap()]
            ]
        );
        // Words mode has no bigrams: positions are the Keras sequence.
        let mut w = keras();
        w.fit_on_texts(&["a b c", "b a b"]);
        let pos: Vec<u32> = w
            .text_to_positions("a zebra b")
            .iter()
            .map(|p| p[0])
            .collect();
        assert_eq!(pos, w.text_to_sequence("a zebra b"));
        assert!(w.text_to_positions("a b").iter().all(|p| p[1] == 0));
    }

    #[test]
    fn oov_word_in_text_keeps_index_one() {
        // "unk" survives the filters; it stays at 1 and is not ranked again.
        let mut t = Tokenizer::new(TokenizerConfig {
            oov_token: Some("unk".into()),
            ..Default::default()
        })
        .unwrap();
        t.fit_on_texts(&["unk unk unk x"]);
        assert_eq!(t.word_index_sorted(), vec![("unk", 1), ("x", 2)]);
    }

    #[test]
    fn num_words_cut_off() {
        // index: b 1, a 2, c 3, d 4. num_words 3 keeps indices 1 and 2 (< 3).
        let cfg = TokenizerConfig {
            num_words: Some(3),
            ..Default::default()
        };
        let mut t = Tokenizer::new(cfg).unwrap();
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        assert_eq!(t.text_to_sequence("d c b a"), vec![1, 2]);
        assert_eq!(t.input_dim(), 3);
        // With an OOV token: index <OOV> 1, b 2, a 3, c 4, d 5; num_words 3 keeps 1, 2
        // and maps a, c, d (>= 3) and unknown words to 1.
        let cfg = TokenizerConfig {
            num_words: Some(3),
            oov_token: Some("<OOV>".into()),
            ..Default::default()
        };
        let mut t = Tokenizer::new(cfg).unwrap();
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        assert_eq!(t.text_to_sequence("d c b a zebra"), vec![1, 1, 2, 1, 1]);
        // num_words larger than the vocabulary: input_dim is max index + 1.
        let mut t = Tokenizer::new(TokenizerConfig {
            num_words: Some(100),
            ..Default::default()
        })
        .unwrap();
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        assert_eq!(t.input_dim(), 5);
        assert_eq!(t.text_to_sequence("d c b a"), vec![4, 3, 1, 2]);
    }

    #[test]
    fn token_view_explains_each_token() {
        let cfg = TokenizerConfig {
            num_words: Some(3),
            ..Default::default()
        };
        let mut t = Tokenizer::new(cfg).unwrap();
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        let v = t.tokenize_view("B, c zebra");
        assert_eq!(
            v,
            vec![
                TokenView {
                    text: "b".into(),
                    id: Some(1),
                    oov: false,
                    dropped_by_num_words: false
                },
                TokenView {
                    text: "c".into(),
                    id: None,
                    oov: false,
                    dropped_by_num_words: true
                },
                TokenView {
                    text: "zebra".into(),
                    id: None,
                    oov: true,
                    dropped_by_num_words: false
                },
            ]
        );
        let cfg = TokenizerConfig {
            num_words: Some(3),
            oov_token: Some("<OOV>".into()),
            ..Default::default()
        };
        let mut t = Tokenizer::new(cfg).unwrap();
        t.fit_on_texts(&["a b c", "b a b", "c d"]);
        let ids: Vec<Option<u32>> = t
            .tokenize_view("b c zebra")
            .into_iter()
            .map(|v| v.id)
            .collect();
        assert_eq!(ids, vec![Some(2), Some(1), Some(1)]);
    }

    #[test]
    fn auto_mode_in_the_tokenizer() {
        let mut t = Tokenizer::new(TokenizerConfig::for_classifier()).unwrap();
        t.fit_on_texts(&["我喜欢iPhone 15", "我喜欢猫"]);
        // Tokens: 我 我喜 喜 喜欢 欢 iphone 15 | 我 我喜 喜 喜欢 欢 欢猫 猫, so
        // counts 我 2, 我喜 2, 喜 2, 喜欢 2, 欢 2, iphone 1, 15 1, 欢猫 1, 猫 1.
        assert_eq!(
            t.word_index_sorted(),
            vec![
                ("我", 1),
                ("我喜", 2),
                ("喜", 3),
                ("喜欢", 4),
                ("欢", 5),
                ("iphone", 6),
                ("15", 7),
                ("欢猫", 8),
                ("猫", 9)
            ]
        );
        // 猫 猫喜 喜 喜欢 欢 iphone: the unseen bigram 猫喜 is dropped.
        assert_eq!(t.text_to_sequence("猫喜欢 IPHONE！"), vec![9, 3, 4, 5, 6]);
    }

    #[test]
    fn config_errors_name_the_field() {
        let bad = |c: TokenizerConfig| Tokenizer::new(c).unwrap_err().field;
        assert_eq!(
            bad(TokenizerConfig {
                num_words: Some(0),
                ..Default::default()
            }),
            "num_words"
        );
        assert_eq!(
            bad(TokenizerConfig {
                split: String::new(),
                ..Default::default()
            }),
            "split"
        );
        assert_eq!(
            bad(TokenizerConfig {
                oov_token: Some(String::new()),
                ..Default::default()
            }),
            "oov_token"
        );
    }

    #[test]
    fn json_round_trip_keeps_mode_and_counts() {
        let mut t = Tokenizer::new(TokenizerConfig {
            oov_token: Some("<OOV>".into()),
            ..TokenizerConfig::for_classifier()
        })
        .unwrap();
        t.fit_on_texts(&["東京は晴れ", "Tokyo is sunny 😀", "晴れ"]);
        let back = Tokenizer::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.config().tokenization, Tokenization::Auto);
        assert_eq!(
            back.text_to_sequence("晴れ😀"),
            t.text_to_sequence("晴れ😀")
        );
    }

    #[test]
    fn json_accepts_plain_objects_and_defaults() {
        // Hand-written: dictionaries as objects, settings missing -> Keras defaults.
        let json = r#"{"config": {"word_index": {"b": 1, "a": 2}, "num_words": 2}}"#;
        let t = Tokenizer::from_json(json).unwrap();
        assert_eq!(t.text_to_sequence("A b, a"), vec![1]);
        assert_eq!(t.config().tokenization, Tokenization::Words);
        // Counts only: numbered as fit would (c 3, a 1, b 1 -> c 1, a 2, b 3).
        let json = r#"{"config": {"word_counts": {"a": 1, "c": 3, "b": 1}, "word_index": {}}}"#;
        let t = Tokenizer::from_json(json).unwrap();
        assert_eq!(t.word_index_sorted(), vec![("c", 1), ("a", 2), ("b", 3)]);
    }

    #[test]
    fn json_errors_name_the_field() {
        let field = |j: &str| Tokenizer::from_json(j).unwrap_err().field;
        assert_eq!(
            field(r#"{"config": {"num_words": "ten", "word_index": {}}}"#),
            "config.num_words"
        );
        assert_eq!(
            field(r#"{"config": {"word_index": {"a": -1}}}"#),
            "config.word_index"
        );
        assert_eq!(
            field(r#"{"config": {"word_index": "{not json"}}"#),
            "config.word_index"
        );
        assert_eq!(
            field(r#"{"config": {"word_index": {"a": 0}}}"#),
            "config.word_index"
        );
        assert_eq!(
            field(r#"{"config": {"word_index": {"a": 1, "b": 1}}}"#),
            "config.word_index"
        );
        assert_eq!(field(r#"{"config": {"lower": true}}"#), "config.word_index");
        assert_eq!(
            field(r#"{"config": {"split": "", "word_index": {}}}"#),
            "config.split"
        );
        assert_eq!(
            field(r#"{"config": {"oov_token": "<OOV>", "word_index": {"a": 1}}}"#),
            "config.oov_token"
        );
        assert_eq!(
            field(r#"{"config": {"char_level": true, "word_index": {}}}"#),
            "config.char_level"
        );
        assert_eq!(
            field(r#"{"class_name": "Other", "config": {}}"#),
            "class_name"
        );
        assert_eq!(
            field(r#"{"tokenization": "bytes", "config": {"word_index": {}}}"#),
            "tokenization"
        );
        assert_eq!(field(r#"{"class_name": "Tokenizer"}"#), "config");
        let e = Tokenizer::from_json("[1, 2]").unwrap_err();
        assert_eq!(e.field, "tokenizer JSON");
        assert!(Tokenizer::from_json("").is_err());
        assert!(Tokenizer::from_json(r#"{"config": {"word_index": {}}} trailing"#).is_err());
    }
    #[test]
    fn sequence_to_text_drops_or_oovs_the_index_equal_to_num_words() {
        let mut t = Tokenizer::new(TokenizerConfig {
            num_words: Some(3),
            ..Default::default()
        })
        .unwrap();
        t.fit_on_texts(&["a a a b b c"]);
        assert_eq!(t.index_of("c"), Some(3));
        assert_eq!(t.sequence_to_text(&[1, 3]), "a");
        let mut t = Tokenizer::new(TokenizerConfig {
            num_words: Some(3),
            oov_token: Some("<oov>".into()),
            ..Default::default()
        })
        .unwrap();
        t.fit_on_texts(&["a a a b b c"]);
        assert_eq!(t.index_of("b"), Some(3));
        assert_eq!(t.sequence_to_text(&[2, 3]), "a <oov>");
    }
}
