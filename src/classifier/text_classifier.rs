//! The whole pipeline behind the JS `TextClassifier` (see
//! docs/text-classifier-api.md): labels, tokenizer, model, training run,
//! reports, explanations and export/import. The wasm binding is a thin
//! layer over this type.
//!
//! - Labels are the distinct label strings sorted (so `['ham', 'spam']`);
//!   with two labels the sigmoid output is the probability of the second.
//! - `prepare` splits first (stratified, seeded), then fits the tokenizer on
//!   the **training split only** with `num_words = vocabSize`, pads/truncates
//!   every sequence to `maxLen` the Keras way (`pre`/`pre`), and builds a
//!   freshly initialised model (seeded by the classifier's `seed`).
//! - The bigram channel: with Auto tokenization, when the training split is
//!   largely CJK/Thai-like text (at least 5 % of its positions are characters
//!   with a bigram in the vocabulary), each sequence position holds two ids, the unit (word or
//!   character) and the character bigram ending at it (0 if none), and the
//!   model embeds both ([`Architecture::bigrams`]). `maxLen` then counts
//!   positions, i.e. characters: 100 keeps a review's last 100 characters
//!   with every bigram, where one id per token (characters and bigrams
//!   interleaved) kept only ~50. Measured on shopping_reviews_zh, 12 seeds:
//!   80.4 % mean validation accuracy against 78.2 % interleaved, higher on
//!   every seed (README, "Quality"). Otherwise (Words, Chars, or no such
//!   text) a position is one token, exactly the Keras pipeline.

use super::explain::explain_ids;
use super::metrics::{overlap, report, Report};
use super::model::{Architecture, TextCnn, Workspace};
use super::split::{stratified_fold, stratified_split};
use super::tfjs_format;
use super::train::{EpochStats, Progress, Samples, TrainConfig, Trainer};
use crate::text::{
    pad_sequence, Padding, TokenView, Tokenization, Tokenizer, TokenizerConfig, Truncating,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// Constructor options; `Default` is the Keras text-CNN example of the seed
/// article: num_words 10000, maxlen 100, Embedding 16, Conv1D(128, 5), no
/// dropout, Adam 0.001; plus the bag-of-tokens branch (on; `false` gives
/// the article's model exactly). For Chinese/Japanese/Korean text, Auto tokenization
/// makes one position per character with its bigram alongside (the bigram
/// channel, see the module doc), so `max_len` 100 keeps the last 100
/// characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ClassifierConfig {
    pub vocab_size: usize,
    pub max_len: usize,
    pub embedding_dim: usize,
    pub filters: usize,
    pub kernel_size: usize,
    pub dropout: f64,
    pub tokenization: Tokenization,
    pub learning_rate: f64,
    pub seed: u64,
    /// A linear bag-of-tokens branch beside the CNN (see
    /// [`super::model::BAG_SCALE`] and the model module doc).
    pub bag_of_tokens: bool,
}

impl Default for ClassifierConfig {
    fn default() -> Self {
        ClassifierConfig {
            vocab_size: 10_000,
            max_len: 100,
            embedding_dim: 16,
            filters: 128,
            kernel_size: 5,
            dropout: 0.0,
            tokenization: Tokenization::Auto,
            learning_rate: 0.001,
            seed: 42,
            bag_of_tokens: true,
        }
    }
}

impl ClassifierConfig {
    fn arch(&self, classes: usize, bigrams: bool) -> Architecture {
        Architecture {
            vocab_size: self.vocab_size,
            max_len: self.max_len,
            embedding_dim: self.embedding_dim,
            filters: self.filters,
            kernel_size: self.kernel_size,
            dropout: self.dropout,
            classes,
            bigrams,
            bag_of_tokens: self.bag_of_tokens,
        }
    }

    /// Checks every field (errors name it).
    pub fn validate(&self) -> Result<(), String> {
        // Architecture checks all but the class count.
        self.arch(2, false).validate()?;
        crate::optim::check_learning_rate(self.learning_rate)
    }
}

/// What `prepare` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub labels: Vec<String>,
    pub train_size: usize,
    pub val_size: usize,
    pub batches_per_epoch: usize,
    pub epochs: usize,
    /// Distinct tokens the tokenizer found in the training split.
    pub vocabulary: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelProbability {
    pub label: String,
    pub p: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    pub label: String,
    pub probabilities: Vec<LabelProbability>,
}

/// One token of an explained sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenContribution {
    /// The token as [`TextClassifier::tokenize`] describes it (its fields
    /// appear inline in JSON).
    #[serde(flatten)]
    pub token: TokenInfo,
    /// See [`super::explain`]; 0 for dropped or truncated tokens.
    pub contribution: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub label: String,
    pub probabilities: Vec<LabelProbability>,
    pub tokens: Vec<TokenContribution>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    pub text: String,
    /// The index the model sees; `None` when the tokenizer drops the token.
    pub id: Option<u32>,
    pub oov: bool,
    pub dropped_by_num_words: bool,
    /// Has an id but lies before the last `maxLen` positions, so 'pre'
    /// truncation cuts it: the model does not see it.
    pub truncated: bool,
}

/// `tokenize`: the tokens and the padded sequence as the model sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tokenized {
    pub tokens: Vec<TokenInfo>,
    pub ids: Vec<u32>,
    pub padding: usize,
    /// Leading positions cut by the max length (0 when the text fits).
    pub truncated: usize,
    /// Ids per position: 2 with the bigram channel (unit, bigram), else 1.
    pub slots: usize,
}

/// The three export files.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub model_json: Value,
    pub weights_bin: Vec<u8>,
    pub tokenizer_json: Value,
}

/// The `format` tag of our tokenizer file.
pub const TOKENIZER_FILE_FORMAT: &str = "nn-playground-text-classifier";

/// Predictions are computed in chunks of this many texts.
const PREDICT_CHUNK: usize = 64;

/// Labels, tokenizer, model and the current training run.
#[derive(Clone, Debug)]
pub struct TextClassifier {
    config: ClassifierConfig,
    tokenizer: Tokenizer,
    labels: Vec<String>,
    model: Option<TextCnn<f32>>,
    trainer: Option<Trainer<f32>>,
    history: Vec<EpochStats>,
    val_texts: Vec<String>,
    val_labels: Vec<usize>,
    /// Indices (into `prepare`'s texts) of the validation split, sorted.
    val_indices: Vec<usize>,
    /// Per validation example: its model input also occurs in training.
    val_seen: Vec<bool>,
    ws: Option<Workspace<f32>>,
}

/// For each of `val`'s rows of `row` ids, whether some row of `train` is
/// identical (the model saw exactly that input in training).
/// An all-padding input (every token unknown or dropped) is never "seen":
/// it says nothing about the text, which is the least familiar kind.
fn seen_in(train: &[u32], val: &[u32], row: usize) -> Vec<bool> {
    let set: HashSet<&[u32]> = train.chunks_exact(row).collect();
    val.chunks_exact(row)
        .map(|r| r.iter().any(|&id| id != 0) && set.contains(r))
        .collect()
}

const NO_MODEL: &str =
    "the classifier has no model yet: call fit(), prepare() or importModel() first";

/// Share of positions that must carry a bigram for the bigram channel.
pub const BIGRAM_CHANNEL_MIN_SHARE: f64 = 0.05;

/// Whether a model trained on `texts` with this (fitted) tokenizer gets the
/// bigram channel: Auto tokenization, and at least
/// [`BIGRAM_CHANNEL_MIN_SHARE`] of the kept positions have a bigram within
/// `num_words`. (A few CJK sentences in English data would double the conv
/// work for little gain.)
fn has_bigrams<S: AsRef<str>>(tok: &Tokenizer, texts: &[S]) -> bool {
    if tok.config().tokenization != Tokenization::Auto {
        return false;
    }
    let (mut kept, mut with_bigram) = (0usize, 0usize);
    for t in texts {
        for [_, b] in tok.text_to_positions(t.as_ref()) {
            kept += 1;
            with_bigram += usize::from(b != 0);
        }
    }
    with_bigram > 0 && with_bigram as f64 >= BIGRAM_CHANNEL_MIN_SHARE * kept as f64
}

fn tokenizer_for(config: &ClassifierConfig) -> Result<Tokenizer, String> {
    Tokenizer::new(TokenizerConfig {
        num_words: Some(config.vocab_size),
        tokenization: config.tokenization,
        ..TokenizerConfig::default()
    })
    .map_err(|e| e.to_string())
}

impl TextClassifier {
    pub fn new(config: ClassifierConfig) -> Result<Self, String> {
        config.validate()?;
        Ok(TextClassifier {
            tokenizer: tokenizer_for(&config)?,
            config,
            labels: Vec::new(),
            model: None,
            trainer: None,
            history: Vec::new(),
            val_texts: Vec::new(),
            val_labels: Vec::new(),
            val_indices: Vec::new(),
            val_seen: Vec::new(),
            ws: None,
        })
    }

    pub fn config(&self) -> &ClassifierConfig {
        &self.config
    }
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }
    pub fn model(&self) -> Option<&TextCnn<f32>> {
        self.model.as_ref()
    }

    /// Whether the current model uses the bigram channel.
    fn bigrams(&self) -> bool {
        self.model.as_ref().is_some_and(|m| m.arch.bigrams)
    }

    /// Padded id sequences as the current model sees them: `[n, maxLen]`,
    /// or `[n, maxLen, 2]` (unit, bigram) with the bigram channel.
    pub fn sequences<S: AsRef<str>>(&self, texts: &[S]) -> Vec<u32> {
        self.sequences_for(texts, self.bigrams())
    }

    fn sequences_for<S: AsRef<str>>(&self, texts: &[S], bigrams: bool) -> Vec<u32> {
        let l = self.config.max_len;
        let mut out = Vec::with_capacity(texts.len() * l * if bigrams { 2 } else { 1 });
        for t in texts {
            if bigrams {
                // `[unit, bigram]` pairs flattened: padding and truncating
                // 2·l ids keeps whole positions.
                let pairs = self.tokenizer.text_to_positions(t.as_ref());
                out.extend(pad_sequence(
                    pairs.as_flattened(),
                    2 * l,
                    Padding::Pre,
                    Truncating::Pre,
                    0,
                ));
            } else {
                let seq = self.tokenizer.text_to_sequence(t.as_ref());
                out.extend(pad_sequence(&seq, l, Padding::Pre, Truncating::Pre, 0));
            }
        }
        out
    }

    /// Sequence lengths of `texts` before padding and truncation, as a
    /// model with this config trained on them would see them: a fresh
    /// tokenizer with this config is fitted on `texts`, then each text's ids
    /// below `vocabSize` are counted. A run fits its tokenizer on the
    /// training split only, so for the whole data this is a close estimate.
    /// Independent of any trained state; for the page's max-length hint.
    /// Output: `[texts.len()]`.
    pub fn token_lengths<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<u32>, String> {
        let mut tokenizer = tokenizer_for(&self.config)?;
        tokenizer.fit_on_texts(texts);
        let bigrams = has_bigrams(&tokenizer, texts);
        Ok(texts
            .iter()
            .map(|t| {
                let t = t.as_ref();
                let n = if bigrams {
                    tokenizer.text_to_positions(t).len()
                } else {
                    tokenizer.text_to_sequence(t).len()
                };
                u32::try_from(n).unwrap_or(u32::MAX)
            })
            .collect())
    }

    fn label_ids(&self, labels: &[String]) -> Result<Vec<usize>, String> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                self.labels.binary_search(l).map_err(|_| {
                    format!(
                        "labels[{i}]: \"{l}\" is not one of the model's labels {:?}",
                        self.labels
                    )
                })
            })
            .collect()
    }

    /// Start a training run (see the module doc); re-initialises the model.
    pub fn prepare(
        &mut self,
        texts: &[String],
        labels: &[String],
        train: TrainConfig,
    ) -> Result<Plan, String> {
        train.validate()?;
        if texts.len() != labels.len() {
            return Err(format!(
                "texts has {} entries but labels has {}",
                texts.len(),
                labels.len()
            ));
        }
        if texts.is_empty() {
            return Err("texts is empty: nothing to train on".into());
        }
        if let Some(i) = labels.iter().position(|l| l.trim().is_empty()) {
            return Err(format!("labels[{i}] is empty"));
        }
        let mut names: Vec<String> = labels.to_vec();
        names.sort();
        names.dedup();
        if names.len() < 2 {
            return Err(format!(
                "labels: need at least 2 different labels, found {:?}",
                names
            ));
        }
        self.config.arch(names.len(), false).validate()?;
        self.labels = names;
        let y = self.label_ids(labels)?;
        let split = match train.fold {
            Some(f) => stratified_fold(&y, self.labels.len(), f.k, f.index, train.seed)?,
            None => stratified_split(&y, self.labels.len(), train.validation_split, train.seed)?,
        };
        let mut tok = tokenizer_for(&self.config)?;
        let train_texts: Vec<&str> = split.train.iter().map(|&i| texts[i].as_str()).collect();
        tok.fit_on_texts(&train_texts);
        let bigrams = has_bigrams(&tok, &train_texts);
        let arch = self.config.arch(self.labels.len(), bigrams);
        arch.validate()?;
        self.tokenizer = tok;
        self.val_texts = split.validation.iter().map(|&i| texts[i].clone()).collect();
        self.val_indices = split.validation.clone();
        self.val_labels = split.validation.iter().map(|&i| y[i]).collect();
        let train_samples = Samples {
            ids: self.sequences_for(&train_texts, bigrams),
            labels: split.train.iter().map(|&i| y[i]).collect(),
        };
        let val_samples = Samples {
            ids: self.sequences_for(&self.val_texts, bigrams),
            labels: self.val_labels.clone(),
        };
        let row = self.config.max_len * if bigrams { 2 } else { 1 };
        self.val_seen = seen_in(&train_samples.ids, &val_samples.ids, row);
        let model = TextCnn::new(arch, self.config.seed)?;
        let trainer = Trainer::new(
            &model,
            train_samples,
            val_samples,
            train.clone(),
            self.config.learning_rate,
        )?;
        let plan = Plan {
            labels: self.labels.clone(),
            train_size: trainer.train_size(),
            val_size: trainer.val_size(),
            batches_per_epoch: trainer.batches_per_epoch(),
            epochs: train.epochs,
            vocabulary: self.tokenizer.vocab_len(),
        };
        self.model = Some(model);
        self.trainer = Some(trainer);
        self.history.clear();
        self.ws = None;
        Ok(plan)
    }

    /// Train up to `n` batches of the prepared run (see [`Trainer::train_batches`]).
    pub fn train_batches(&mut self, n: usize) -> Result<Progress, String> {
        let (Some(tr), Some(model)) = (self.trainer.as_mut(), self.model.as_mut()) else {
            return Err("no training run: call prepare() first".into());
        };
        let p = tr.train_batches(model, n)?;
        self.history = tr.history().to_vec();
        Ok(p)
    }

    /// End the current run (restoring the best weights seen so far if it was
    /// not done); returns the history.
    pub fn finish(&mut self) -> Vec<EpochStats> {
        if let (Some(tr), Some(model)) = (self.trainer.as_mut(), self.model.as_mut()) {
            self.history = tr.finish(model);
        }
        self.history.clone()
    }

    /// `prepare` + train to the end; `on_batch` returning false stops between
    /// batches (best weights restored).
    pub fn fit(
        &mut self,
        texts: &[String],
        labels: &[String],
        train: TrainConfig,
        mut on_batch: impl FnMut(&Progress) -> bool,
    ) -> Result<Vec<EpochStats>, String> {
        self.prepare(texts, labels, train)?;
        loop {
            let p = self.train_batches(1)?;
            let go_on = on_batch(&p);
            if p.done || !go_on {
                break;
            }
        }
        Ok(self.finish())
    }

    pub fn history(&self) -> &[EpochStats] {
        &self.history
    }

    /// The last progress of the current run, if any.
    pub fn progress(&self) -> Option<&Progress> {
        self.trainer.as_ref().map(|t| t.progress())
    }

    fn ready(&mut self) -> Result<(&TextCnn<f32>, &mut Workspace<f32>), String> {
        let model = self.model.as_ref().ok_or(NO_MODEL)?;
        let ws = self
            .ws
            .get_or_insert_with(|| model.workspace(PREDICT_CHUNK));
        Ok((model, ws))
    }

    /// Class probabilities `[n, classes]` for texts.
    pub fn predict_proba<S: AsRef<str>>(&mut self, texts: &[S]) -> Result<Vec<f64>, String> {
        let ids = self.sequences(texts);
        let (model, ws) = self.ready()?;
        model.predict_proba(&ids, ws)
    }

    fn probabilities(&self, p: &[f64]) -> Vec<LabelProbability> {
        self.labels
            .iter()
            .zip(p)
            .map(|(l, &p)| LabelProbability {
                label: l.clone(),
                p,
            })
            .collect()
    }

    fn argmax(p: &[f64]) -> usize {
        let mut best = 0;
        for (i, &v) in p.iter().enumerate() {
            if v > p[best] {
                best = i;
            }
        }
        best
    }

    pub fn predict(&mut self, text: &str) -> Result<Prediction, String> {
        let p = self.predict_proba(&[text])?;
        Ok(Prediction {
            label: self.labels[Self::argmax(&p)].clone(),
            probabilities: self.probabilities(&p),
        })
    }

    /// The report on any labelled texts.
    pub fn evaluate(&mut self, texts: &[String], labels: &[String]) -> Result<Report, String> {
        if texts.len() != labels.len() {
            return Err(format!(
                "texts has {} entries but labels has {}",
                texts.len(),
                labels.len()
            ));
        }
        if texts.is_empty() {
            return Err("evaluate: texts is empty: nothing to evaluate".into());
        }
        self.ready()?;
        let y = self.label_ids(labels)?;
        self.report_on(texts, &y, None)
    }

    /// The report on `texts`; with `seen` (the validation split) also its [`Overlap`].
    fn report_on(
        &mut self,
        texts: &[String],
        y: &[usize],
        seen: Option<&[bool]>,
    ) -> Result<Report, String> {
        let k = self.labels.len();
        let p = self.predict_proba(texts)?;
        let mut pred = Vec::with_capacity(texts.len());
        let mut conf = Vec::with_capacity(texts.len());
        for row in p.chunks_exact(k) {
            let c = Self::argmax(row);
            pred.push(c);
            conf.push(row[c]);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut r = report(&self.labels, &refs, y, &pred, &conf);
        r.overlap = seen.map(|seen| overlap(y, &pred, seen));
        Ok(r)
    }

    /// Indices (into the texts given to the last `prepare`/`fit`) of its
    /// validation split, sorted: to score another model on the same split.
    pub fn validation_indices(&self) -> &[usize] {
        &self.val_indices
    }

    /// The report on the held-out validation split of the last `prepare`.
    pub fn validation_report(&mut self) -> Result<Report, String> {
        self.ready()?;
        if self.val_texts.is_empty() {
            return Err(if self.trainer.is_none() && self.history.is_empty() {
                // importModel: the files carry no validation texts.
                "no validation split: this model was imported, so there is none here; evaluate(texts, labels) scores it on labelled texts".into()
            } else {
                "no validation split: with so few examples (or validationSplit 0) none was held out; add examples or raise validationSplit".into()
            });
        }
        let (texts, y, seen) = (
            self.val_texts.clone(),
            self.val_labels.clone(),
            self.val_seen.clone(),
        );
        self.report_on(&texts, &y, Some(&seen))
    }

    /// The tokens of a text in order, the model's input before padding
    /// (`[kept·slots]`), and each token's index in it (`None` for a dropped
    /// token). Without the bigram channel that input is the Keras sequence;
    /// with it a bigram comes just before its unit in `tokens` and sits at
    /// `2·pos + 1`, its unit at `2·pos` (an unknown bigram, or the bigram of
    /// a dropped unit, is dropped, never OOV). Tokens whose ids 'pre'
    /// truncation to `maxLen` positions cuts are marked `truncated`.
    fn slotted(&self, text: &str) -> (Vec<TokenInfo>, Vec<u32>, Vec<Option<usize>>) {
        let info = |t: TokenView, id: Option<u32>| TokenInfo {
            text: t.text,
            id,
            oov: t.oov,
            dropped_by_num_words: t.dropped_by_num_words,
            truncated: false,
        };
        let (mut tokens, mut ids, mut at) = (Vec::new(), Vec::new(), Vec::new());
        if !self.bigrams() {
            for t in self.tokenizer.tokenize_view(text) {
                at.push(t.id.map(|_| ids.len()));
                ids.extend(t.id);
                let id = t.id;
                tokens.push(info(t, id));
            }
        } else {
            for p in self.tokenizer.positions_view(text) {
                let pair = p.ids();
                let n = ids.len();
                if let Some(b) = p.bigram {
                    let id = pair.map(|[_, b]| b).filter(|&b| b != 0);
                    at.push(id.map(|_| n + 1));
                    tokens.push(info(b, id));
                }
                at.push(pair.map(|_| n));
                tokens.push(info(p.unit, pair.map(|[u, _]| u)));
                ids.extend(pair.into_iter().flatten());
            }
        }
        // 'pre' truncation keeps the ids from `cut` on.
        let cut = ids.len().saturating_sub(self.config.max_len * self.slots());
        for (t, i) in tokens.iter_mut().zip(&at) {
            t.truncated = i.is_some_and(|i| i < cut);
        }
        (tokens, ids, at)
    }

    /// Ids per position of the current model: 2 with the bigram channel.
    fn slots(&self) -> usize {
        self.model.as_ref().map_or(1, |m| m.arch.slots())
    }

    /// Tokens and the padded sequence of a text, as the current model sees
    /// it (`ids: [maxLen]`, or `[maxLen, 2]` with the bigram channel;
    /// `padding` counts positions). Needs a model (its vocabulary): before
    /// one every token would look out of vocabulary.
    pub fn tokenize(&self, text: &str) -> Result<Tokenized, String> {
        if self.model.is_none() {
            return Err(NO_MODEL.into());
        }
        let (tokens, ids, _) = self.slotted(text);
        let (l, slots) = (self.config.max_len, self.slots());
        Ok(Tokenized {
            padding: l.saturating_sub(ids.len() / slots),
            truncated: ids.len().saturating_sub(l * slots) / slots,
            ids: pad_sequence(&ids, l * slots, Padding::Pre, Truncating::Pre, 0),
            tokens,
            slots,
        })
    }

    /// Prediction plus per-token contributions (see [`super::explain`]).
    pub fn explain(&mut self, text: &str) -> Result<Explanation, String> {
        let (tokens, ids, at) = self.slotted(text);
        let n = self.config.max_len * self.slots();
        let padded = pad_sequence(&ids, n, Padding::Pre, Truncating::Pre, 0);
        let (model, ws) = self.ready()?;
        let pc = explain_ids(model, &padded, 0, ws)?;
        // Kept ids fill the sequence's tail (pre-padding, pre-truncation):
        // id `i` of a kept token sits at `i + n - ids.len()`.
        let tokens = tokens
            .into_iter()
            .zip(at)
            .map(|(token, i)| TokenContribution {
                contribution: match i {
                    Some(i) if !token.truncated => pc.contributions[i + n - ids.len()],
                    _ => 0.0,
                },
                token,
            })
            .collect();
        Ok(Explanation {
            label: self.labels[pc.class].clone(),
            probabilities: self.probabilities(&pc.probabilities),
            tokens,
        })
    }

    /// The TF.js files plus our tokenizer file: the tokenizer's Keras-shaped
    /// JSON with `format`, `labels` and `classifier` (our settings) added at
    /// the top level (Keras' `tokenizer_from_json` ignores extra keys).
    pub fn export_model(&self) -> Result<Exported, String> {
        let model = self
            .model
            .as_ref()
            .ok_or("nothing to export: train or import a model first")?;
        let (model_json, weights_bin) = tfjs_format::export(&model.arch, model.tensors())?;
        let mut tok: Value =
            serde_json::from_str(&self.tokenizer.to_json()).map_err(|e| e.to_string())?;
        let obj = tok
            .as_object_mut()
            .ok_or("tokenizer JSON is not an object")?;
        obj.insert("format".into(), Value::from(TOKENIZER_FILE_FORMAT));
        obj.insert(
            "labels".into(),
            serde_json::to_value(&self.labels).map_err(|e| e.to_string())?,
        );
        obj.insert(
            "classifier".into(),
            serde_json::to_value(&self.config).map_err(|e| e.to_string())?,
        );
        Ok(Exported {
            model_json,
            weights_bin,
            tokenizer_json: tok,
        })
    }

    /// Rebuild a classifier from [`Self::export_model`]'s files (or a TF.js
    /// model of the same architecture plus such a tokenizer file).
    pub fn import_model(
        model_json: &Value,
        weights_bin: &[u8],
        tokenizer_json: &Value,
    ) -> Result<Self, String> {
        let (arch, tensors) = tfjs_format::import(model_json, weights_bin)?;
        // Our export writes "format"; another file's "format" means the wrong
        // file was picked (a plain Keras tokenizer has none and is judged by
        // its labels below).
        match tokenizer_json.get("format") {
            None => {}
            Some(Value::String(f)) if f == TOKENIZER_FILE_FORMAT => {}
            Some(other) => {
                return Err(format!(
                    "tokenizer JSON: format is {other}, expected \"{TOKENIZER_FILE_FORMAT}\" (the tokenizer.json this library exports)"
                ))
            }
        }
        let labels: Vec<String> = match tokenizer_json.get("labels") {
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| format!("tokenizer JSON: labels: {e}"))?,
            None => return Err("tokenizer JSON: no \"labels\" list".into()),
        };
        let mut sorted = labels.clone();
        sorted.sort();
        sorted.dedup();
        if sorted != labels {
            return Err("tokenizer JSON: labels must be distinct and sorted".into());
        }
        if labels.len() != arch.classes {
            return Err(format!(
                "tokenizer JSON has {} labels but the model has {} classes",
                labels.len(),
                arch.classes
            ));
        }
        let mut config: ClassifierConfig = match tokenizer_json.get("classifier") {
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| format!("tokenizer JSON: classifier: {e}"))?,
            None => ClassifierConfig::default(),
        };
        let tokenizer = Tokenizer::from_json(&tokenizer_json.to_string())
            .map_err(|e| format!("tokenizer JSON: {e}"))?;
        if tokenizer.input_dim() > arch.vocab_size {
            return Err(format!(
                "the tokenizer emits indices up to {} but the model's Embedding has input_dim {}",
                tokenizer.input_dim() - 1,
                arch.vocab_size
            ));
        }
        // The model file decides the architecture.
        config.vocab_size = arch.vocab_size;
        config.max_len = arch.max_len;
        config.embedding_dim = arch.embedding_dim;
        config.filters = arch.filters;
        config.kernel_size = arch.kernel_size;
        config.dropout = arch.dropout;
        config.bag_of_tokens = arch.bag_of_tokens;
        config.tokenization = tokenizer.config().tokenization;
        let mut model = TextCnn::<f32>::zeros(arch)?;
        for (dst, src) in model.tensors_mut().into_iter().zip(tensors) {
            dst.copy_from_slice(&src);
        }
        Ok(TextClassifier {
            config,
            tokenizer,
            labels,
            model: Some(model),
            trainer: None,
            history: Vec::new(),
            val_texts: Vec::new(),
            val_labels: Vec::new(),
            val_indices: Vec::new(),
            val_seen: Vec::new(),
            ws: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<String>, Vec<String>) {
        let pos = [
            "great fun film",
            "loved it great",
            "wonderful great acting",
            "fun and wonderful",
        ];
        let neg = [
            "boring awful film",
            "hated it awful",
            "terrible boring acting",
            "awful and terrible",
        ];
        let mut t = Vec::new();
        let mut l = Vec::new();
        for i in 0..60 {
            t.push(pos[i % 4].to_string());
            l.push("pos".to_string());
            t.push(neg[i % 4].to_string());
            l.push("neg".to_string());
        }
        (t, l)
    }

    /// One epoch, the other training settings at their defaults.
    fn one_epoch() -> TrainConfig {
        TrainConfig {
            epochs: 1,
            ..Default::default()
        }
    }

    fn small() -> ClassifierConfig {
        ClassifierConfig {
            max_len: 8,
            filters: 8,
            kernel_size: 3,
            embedding_dim: 8,
            learning_rate: 0.01,
            ..Default::default()
        }
    }

    #[test]
    fn validation_report_counts_inputs_seen_in_training_and_scores_the_rest() {
        // 200 distinct texts (word pairs), then copies of 40 of them: exact
        // copies and copies that differ only in case and punctuation, which
        // the tokenizer drops (the model sees the same ids).
        let mut t = Vec::new();
        let mut l = Vec::new();
        for i in 0..200 {
            t.push(format!("w{} v{}", i, (i * 7) % 200));
            l.push(if i % 2 == 0 { "a" } else { "b" }.to_string());
        }
        for i in 0..40 {
            let copy = if i % 2 == 0 {
                t[i].clone()
            } else {
                format!("{}!", t[i].to_uppercase())
            };
            t.push(copy);
            l.push(l[i].clone());
        }
        let mut c = TextClassifier::new(small()).unwrap();
        let train = TrainConfig {
            epochs: 2,
            batch_size: 16,
            ..Default::default()
        };
        c.fit(&t, &l, train, |_| true).unwrap();
        let val: Vec<usize> = c.validation_indices().to_vec();
        let in_val = |i: usize| val.binary_search(&i).is_ok();
        // Independently: a validation text is seen when its twin (original
        // i < 40 <-> copy 200 + i) is in the training split.
        let twin = |i: usize| match i {
            0..=39 => Some(200 + i),
            200..=239 => Some(i - 200),
            _ => None,
        };
        let seen: Vec<usize> = val
            .iter()
            .copied()
            .filter(|&i| twin(i).is_some_and(|j| !in_val(j)))
            .collect();
        assert!(!seen.is_empty() && seen.len() < val.len(), "{seen:?}");
        let r = c.validation_report().unwrap();
        let o = r
            .overlap
            .clone()
            .expect("the validation report has an overlap");
        assert_eq!(o.seen_in_training, seen.len());
        assert_eq!(o.unseen, val.len() - seen.len());
        // The unseen accuracy from predictions made one by one.
        let hits = val
            .iter()
            .filter(|i| !seen.contains(i))
            .filter(|&&i| c.predict(&t[i]).unwrap().label == l[i])
            .count();
        let acc = hits as f64 / o.unseen as f64;
        assert!(
            (o.unseen_accuracy.unwrap() - acc).abs() < 1e-12,
            "{o:?} vs {acc}"
        );
        // evaluate() on arbitrary texts has no overlap.
        assert_eq!(c.evaluate(&t[..10], &l[..10]).unwrap().overlap, None);
    }

    #[test]
    fn an_all_padding_input_is_never_counted_as_seen() {
        // Texts of punctuation only become all padding; so do texts whose
        // words are all unknown. Both sides have many: none counts as seen.
        let mut t = Vec::new();
        let mut l = Vec::new();
        for i in 0..120 {
            t.push(if i % 3 == 0 {
                "!!!".to_string()
            } else {
                format!("w{i} v{i}")
            });
            l.push(if i % 2 == 0 { "a" } else { "b" }.to_string());
        }
        let mut c = TextClassifier::new(small()).unwrap();
        c.fit(&t, &l, one_epoch(), |_| true).unwrap();
        let o = c.validation_report().unwrap().overlap.unwrap();
        assert_eq!(o.seen_in_training, 0, "{o:?}");
    }

    #[test]
    fn fit_predict_explain_export_import() {
        let (t, l) = toy();
        let mut c = TextClassifier::new(small()).unwrap();
        let h = c
            .fit(
                &t,
                &l,
                TrainConfig {
                    epochs: 8,
                    batch_size: 8,
                    ..Default::default()
                },
                |_| true,
            )
            .unwrap();
        assert_eq!(h.len(), 8);
        assert_eq!(c.labels(), ["neg", "pos"]);
        let r = c.validation_report().unwrap();
        assert!(r.accuracy > 0.95, "{r:?}");
        let p = c.predict("great wonderful fun").unwrap();
        assert_eq!(p.label, "pos");
        let e = c.explain("a great film").unwrap();
        assert_eq!(e.tokens.len(), 3);
        assert_eq!(e.tokens[0].token.id, None, "'a' never seen: dropped");
        let great = e.tokens[1].contribution;
        assert!(
            great > 0.0 && great > e.tokens[2].contribution.abs(),
            "{e:?}"
        );
        let tk = c.tokenize("Great film!!").unwrap();
        assert_eq!(tk.ids.len(), 8);
        assert_eq!((tk.padding, tk.truncated), (6, 0));
        assert!(tk.tokens.iter().all(|t| !t.truncated));
        // Ten known words with maxLen 8: 'pre' truncation cuts the first two;
        // the rest are explained exactly as the text without them.
        let long = "great fun film loved it great wonderful great acting fun";
        let tk = c.tokenize(long).unwrap();
        assert_eq!((tk.padding, tk.truncated), (0, 2));
        let cut: Vec<bool> = tk.tokens.iter().map(|t| t.truncated).collect();
        assert_eq!(
            cut,
            [true, true, false, false, false, false, false, false, false, false]
        );
        let e = c.explain(long).unwrap();
        let tail = c
            .explain("film loved it great wonderful great acting fun")
            .unwrap();
        assert!(e.tokens[..2]
            .iter()
            .all(|t| t.token.truncated && t.contribution == 0.0));
        assert!(e.tokens[2..].iter().all(|t| !t.token.truncated));
        let contributions =
            |ts: &[TokenContribution]| ts.iter().map(|t| t.contribution).collect::<Vec<_>>();
        assert_eq!(contributions(&e.tokens[2..]), contributions(&tail.tokens));
        assert_eq!(e.probabilities, tail.probabilities);
        let x = c.export_model().unwrap();
        let mut d =
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &x.tokenizer_json).unwrap();
        let texts = ["great film", "awful acting", "it was fun and boring"];
        assert_eq!(
            c.predict_proba(&texts).unwrap(),
            d.predict_proba(&texts).unwrap()
        );
        assert_eq!(d.labels(), c.labels());
    }

    /// Chinese toy data: the bigram channel turns on; tokenize, explain and
    /// export/import see positions of (character, bigram ending there).
    #[test]
    fn chinese_uses_the_bigram_channel() {
        let pos = ["质量很好", "非常满意很好", "很好，喜欢"];
        let neg = ["质量太差", "非常失望太差", "太差，后悔"];
        let (mut t, mut l) = (Vec::new(), Vec::new());
        for i in 0..60 {
            t.push(pos[i % 3].to_string());
            l.push("pos".to_string());
            t.push(neg[i % 3].to_string());
            l.push("neg".to_string());
        }
        let mut c = TextClassifier::new(small()).unwrap();
        c.fit(
            &t,
            &l,
            TrainConfig {
                epochs: 8,
                batch_size: 8,
                ..Default::default()
            },
            |_| true,
        )
        .unwrap();
        assert!(c.model().unwrap().arch.bigrams);
        assert_eq!(c.model().unwrap().conv.channels, 16);
        assert!(c.validation_report().unwrap().accuracy > 0.95);
        assert_eq!(c.predict("很好").unwrap().label, "pos");
        // "很好吗": 很, (好, 很好), (吗 unknown: dropped, and its bigram 好吗 with it).
        let tk = c.tokenize("很好吗").unwrap();
        let texts: Vec<&str> = tk.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["很", "很好", "好", "好吗", "吗"]);
        assert_eq!((tk.slots, tk.padding, tk.ids.len()), (2, 6, 16));
        let (hen, henhao, hao) = (
            tk.tokens[0].id.unwrap(),
            tk.tokens[1].id.unwrap(),
            tk.tokens[2].id.unwrap(),
        );
        assert_eq!(&tk.ids[12..], [hen, 0, hao, henhao]);
        assert!(tk.ids[..12].iter().all(|&i| i == 0));
        assert_eq!((tk.tokens[3].id, tk.tokens[4].id), (None, None));
        let e = c.explain("很好吗").unwrap();
        assert_eq!(e.label, "pos");
        assert_eq!(e.tokens.len(), 5);
        assert_eq!(
            (e.tokens[3].contribution, e.tokens[4].contribution),
            (0.0, 0.0),
            "dropped tokens"
        );
        let top = e
            .tokens
            .iter()
            .max_by(|a, b| a.contribution.partial_cmp(&b.contribution).unwrap())
            .unwrap();
        assert!(
            top.contribution > 0.0 && ["很", "很好", "好"].contains(&top.token.text.as_str()),
            "{e:?}"
        );
        // Explained contributions are the position contributions, slot by slot.
        let model = c.model().unwrap().clone();
        let mut ws = model.workspace(1);
        let pc = explain_ids(&model, &tk.ids, 0, &mut ws).unwrap();
        assert_eq!(
            [
                e.tokens[0].contribution,
                e.tokens[1].contribution,
                e.tokens[2].contribution
            ],
            [
                pc.contributions[12],
                pc.contributions[15],
                pc.contributions[14]
            ]
        );
        let x = c.export_model().unwrap();
        let mut d =
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &x.tokenizer_json).unwrap();
        assert!(d.model().unwrap().arch.bigrams);
        let probe = ["很好", "太差了", "质量很好但是太贵", "hello"];
        assert_eq!(
            c.predict_proba(&probe).unwrap(),
            d.predict_proba(&probe).unwrap()
        );
        assert_eq!(d.tokenize("很好吗").unwrap(), tk);
        // Ten characters with maxLen 8: the first two positions are cut,
        // 质 (0) and 质量 + 量 (1); 量很 belongs to position 2 and is kept.
        let tk = c.tokenize("质量很好非常满意很好").unwrap();
        assert_eq!((tk.padding, tk.truncated), (0, 2));
        let e = c.explain("质量很好非常满意很好").unwrap();
        let cut_by_tokenize = tk.tokens.iter().filter(|t| t.truncated).map(|t| &t.text);
        let cut_by_explain: Vec<_> = e.tokens.iter().filter(|t| t.token.truncated).collect();
        assert!(cut_by_tokenize.eq(["质", "质量", "量"].iter()));
        assert!(cut_by_explain
            .iter()
            .map(|t| &t.token.text)
            .eq(["质", "质量", "量"].iter()));
        assert!(cut_by_explain.iter().all(|t| t.contribution == 0.0));
    }

    #[test]
    fn cross_validation_folds_validate_every_example_once() {
        // 120 toy reviews, 4 folds: each run holds out 30 (15 per label), the
        // four validation sets partition the data, and a run with a fold
        // ignores validationSplit.
        let (t, l) = toy();
        let mut held = Vec::new();
        for index in 0..4 {
            let mut c = TextClassifier::new(small()).unwrap();
            let train = TrainConfig {
                epochs: 2,
                batch_size: 8,
                validation_split: 0.5,
                fold: Some(crate::classifier::Fold { k: 4, index }),
                ..Default::default()
            };
            let plan = c.prepare(&t, &l, train).unwrap();
            assert_eq!((plan.train_size, plan.val_size), (90, 30));
            let v = c.validation_indices().to_vec();
            assert_eq!(v.iter().filter(|&&i| l[i] == "pos").count(), 15);
            held.extend(v);
        }
        held.sort_unstable();
        assert_eq!(held, (0..120).collect::<Vec<_>>());
        let mut c = TextClassifier::new(small()).unwrap();
        let bad = TrainConfig {
            fold: Some(crate::classifier::Fold { k: 4, index: 4 }),
            ..Default::default()
        };
        assert!(c.prepare(&t, &l, bad).unwrap_err().contains("fold"));
    }

    #[test]
    fn token_lengths_count_the_positions_a_model_would_see() {
        // Auto with CJK text: the bigram channel, one position per unit:
        // "我喜欢" -> (我), (喜, 我喜), (欢, 喜欢) = 3; "Hello, world hello!" ->
        // 3 words; "" -> 0.
        let c = TextClassifier::new(ClassifierConfig::default()).unwrap();
        assert_eq!(
            c.token_lengths(&["我喜欢", "Hello, world hello!", ""])
                .unwrap(),
            [3, 3, 0]
        );
        // English with a little Chinese (1 bigram among 31 positions, < 5 %):
        // no bigram channel, so "我喜" counts its 2 characters and 1 bigram.
        let mut mixed: Vec<String> = (0..6)
            .map(|i| format!("plain english words number {i}"))
            .collect();
        mixed.push("我喜".into());
        let n = c.token_lengths(&mixed).unwrap();
        assert_eq!((n[0], n[6]), (5, 3));
        // Chars mode: one per character, punctuation and spaces dropped.
        let chars = TextClassifier::new(ClassifierConfig {
            tokenization: Tokenization::Chars,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(chars.token_lengths(&["ab, c"]).unwrap(), [3]);
        // vocabSize 3 keeps ids 1 and 2 only. Counts: a 3, b 1, c 1 -> a=1, b=2, c=3
        // (ties in first-seen order), so "a a b" keeps 3 tokens and "a c" keeps 1.
        let small_vocab = TextClassifier::new(ClassifierConfig {
            vocab_size: 3,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            small_vocab.token_lengths(&["a a b", "a c"]).unwrap(),
            [3, 1]
        );
    }

    #[test]
    fn import_checks_the_tokenizer_file_format() {
        let (t, l) = toy();
        let mut c = TextClassifier::new(small()).unwrap();
        c.fit(&t, &l, one_epoch(), |_| true).unwrap();
        let x = c.export_model().unwrap();
        assert_eq!(x.tokenizer_json["format"], TOKENIZER_FILE_FORMAT);
        assert!(
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &x.tokenizer_json).is_ok()
        );
        // model.json picked for the tokenizer: its "format" is "layers-model".
        let mut wrong = x.tokenizer_json.clone();
        wrong["format"] = "layers-model".into();
        let e = TextClassifier::import_model(&x.model_json, &x.weights_bin, &wrong).unwrap_err();
        assert!(
            e.starts_with("tokenizer JSON: format is \"layers-model\", expected"),
            "{e}"
        );
        // Without the key (hand-made from a Keras tokenizer) it is judged by its content.
        let mut bare = x.tokenizer_json.clone();
        bare.as_object_mut().unwrap().remove("format");
        let mut imported =
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &bare).unwrap();
        // An imported model has no validation split, and is told so.
        let e = imported.validation_report().unwrap_err();
        assert!(e.contains("this model was imported"), "{e}");
    }

    #[test]
    fn errors_name_the_problem() {
        let mut c = TextClassifier::new(small()).unwrap();
        assert!(c.predict("x").unwrap_err().contains("no model"));
        // Audit L4: tokenize before a model said every token was out of vocabulary.
        assert!(c.tokenize("x").unwrap_err().contains("no model"));
        let one = vec!["a".to_string(); 3];
        assert!(c
            .prepare(&one, &one, TrainConfig::default())
            .unwrap_err()
            .contains("at least 2"));
        assert!(c
            .prepare(&one, &one[..2], TrainConfig::default())
            .unwrap_err()
            .contains("labels has 2"));
        assert!(TextClassifier::new(ClassifierConfig {
            max_len: 2,
            ..small()
        })
        .unwrap_err()
        .contains("kernelSize"));
        let (t, l) = toy();
        c.fit(&t, &l, one_epoch(), |_| true).unwrap();
        let e = c.evaluate(&t[..1], &["maybe".to_string()]).unwrap_err();
        assert!(e.contains("labels[0]") && e.contains("maybe"), "{e}");
        let mut x = c.export_model().unwrap();
        x.tokenizer_json["labels"] = serde_json::json!(["a", "b", "c"]);
        assert!(
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &x.tokenizer_json)
                .unwrap_err()
                .contains("3 labels")
        );
    }

    #[test]
    fn evaluate_on_no_texts_is_an_error_not_accuracy_0() {
        // Audit L3: evaluate([], []) reported accuracy 0 and macroF1 0.
        let mut c = TextClassifier::new(small()).unwrap();
        let (t, l) = toy();
        c.fit(&t, &l, one_epoch(), |_| true).unwrap();
        assert_eq!(
            c.evaluate(&[], &[]).unwrap_err(),
            "evaluate: texts is empty: nothing to evaluate"
        );
    }

    #[test]
    fn vocab_size_must_leave_room_for_one_token_besides_padding() {
        // Audit L5: vocabSize 1 (only the padding id) was accepted.
        for v in [0, 1] {
            let e = TextClassifier::new(ClassifierConfig {
                vocab_size: v,
                ..small()
            })
            .unwrap_err();
            assert_eq!(
                e,
                format!("vocabSize must be between 2 and 1000000, got {v}")
            );
        }
        assert!(TextClassifier::new(ClassifierConfig {
            vocab_size: 2,
            ..small()
        })
        .is_ok());
    }
}
