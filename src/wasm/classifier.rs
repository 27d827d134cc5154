//! `TextClassifier` and `parseLabelled` for JavaScript, exactly as
//! docs/text-classifier-api.md: a thin layer over
//! [`crate::classifier::TextClassifier`] and [`crate::text::parse_dataset`].
//! Results cross as plain objects (serde_wasm_bindgen's JSON-compatible
//! serializer: maps become objects, `None` becomes `null`), binary parts as
//! typed arrays; every error is thrown as a JS `Error`.

use crate::classifier::text_classifier::{ClassifierConfig, TextClassifier as Core};
use crate::classifier::train::{Progress, TrainConfig};
use crate::text::{parse_dataset, DatasetOptions};
use crate::wasm::args;
use core::cell::{Ref, RefCell, RefMut};
use js_sys::{Function, Int32Array, Object, Reflect, Uint32Array, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn err(msg: impl core::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(err)
}

/// Deserialize `v` (undefined/null -> `Default`), naming `what` on error.
/// Keys whose value is `undefined` count as left out (their default).
fn from_js<T: DeserializeOwned + Default>(v: JsValue, what: &str) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    if !args::options_object(&v) {
        return Err(err(format!(
            "{what} must be an object, got {}",
            args::type_name(&v)
        )));
    }
    // No option is a function (onBatch is taken out before): a function here
    // is a misspelt key such as `onbatch`, or one inside `earlyStopping`,
    // which JSON would silently drop.
    if let Some(path) = function_key(&v, 0) {
        return Err(err(format!(
            "{what}: unknown field `{path}` (a function: only onBatch may be one)"
        )));
    }
    // Through serde_json: serde-wasm-bindgen reads only the declared fields
    // of a struct, so a misspelt option (`vocabsize`) would be silently
    // ignored instead of rejected by `deny_unknown_fields`; and through
    // JSON.stringify, so a cyclic or very deep object is an Error (args::json).
    let json = args::json(&v, what)?;
    args::options(json, what)
}

/// The key path (`earlyStopping.onStop`) of the first function among `v`'s
/// values, looking into nested plain objects (options nest 2 deep).
fn function_key(v: &JsValue, depth: usize) -> Option<String> {
    if depth > 3 || !args::options_object(v) {
        return None;
    }
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let Ok(x) = Reflect::get(v, &key) else {
            continue;
        };
        let name = key.as_string().unwrap_or_default();
        if x.is_function() {
            return Some(name);
        }
        if let Some(inner) = function_key(&x, depth + 1) {
            return Some(format!("{name}.{inner}"));
        }
    }
    None
}

fn strings(v: JsValue, what: &str) -> Result<Vec<String>, JsError> {
    if !js_sys::Array::is_array(&v) {
        return Err(err(format!(
            "{what} must be an array of strings, got {}",
            args::type_name(&v)
        )));
    }
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| {
        // Name the first element that is not a string (serde says only
        // "invalid type: JsValue(Object({}))").
        let arr: &js_sys::Array = v.unchecked_ref();
        let item = what.rsplit(": ").next().unwrap_or(what);
        match (0..arr.length()).find(|&i| !arr.get(i).is_string()) {
            Some(i) => err(format!(
                "{what} must be an array of strings; {item}[{i}] is {}",
                args::type_name(&arr.get(i))
            )),
            None => err(format!("{what} must be an array of strings: {e}")),
        }
    })
}

/// Training options of `method` ("fit", "prepare") without `onBatch` (a
/// function is not data); errors start with "{method} options".
fn train_options(
    options: &JsValue,
    method: &str,
) -> Result<(TrainConfig, Option<Function>), JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok((TrainConfig::default(), None));
    }
    if !args::options_object(options) {
        return Err(err(format!(
            "{method} options must be an object, got {}",
            args::type_name(options)
        )));
    }
    // A getter can throw (or a Proxy trap): say so, with its message.
    let on_batch = Reflect::get(options, &JsValue::from_str("onBatch")).map_err(|e| {
        err(format!(
            "{method} options: reading onBatch threw: {}",
            args::thrown_message(&e)
        ))
    })?;
    let callback = if on_batch.is_undefined() || on_batch.is_null() {
        None
    } else {
        Some(
            on_batch
                .dyn_into::<Function>()
                .map_err(|_| err(format!("{method} options: onBatch must be a function")))?,
        )
    };
    // Copy the object without onBatch, then deserialize it.
    let copy = args::copy_object(options).map_err(|e| {
        err(format!(
            "{method} options: reading them threw: {}",
            args::thrown_message(&e)
        ))
    })?;
    let _ = Reflect::delete_property(&copy, &JsValue::from_str("onBatch"));
    let cfg: TrainConfig = from_js(copy.into(), &format!("{method} options"))?;
    Ok((cfg, callback))
}

/// TypeScript shapes of what this module takes and returns, from the serde
/// structs in src/classifier/ and src/text/ (serde-wasm-bindgen's
/// JSON-compatible serializer: `Option::None` is `null`). Checked by
/// tests/types/usage.ts.
#[wasm_bindgen(typescript_custom_section)]
const CLASSIFIER_TS: &'static str = r#"
/** How text is cut into tokens. */
export type Tokenization = "words" | "chars" | "auto";
/** `new TextClassifier(options)`: every key optional (defaults: the Keras
 *  text-CNN example); a key set to `undefined` counts as left out; an
 *  unknown key throws. */
export interface ClassifierOptions {
  /** Tokenizer num_words (ids 1..vocabSize-1; 0 = padding), 2 to 1000000. Default 10000. */
  vocabSize?: number;
  /** Sequence length (pre-padded/truncated). Default 100. */
  maxLen?: number;
  /** Default 16. */
  embeddingDim?: number;
  /** Conv1D filters. Default 128. */
  filters?: number;
  /** Conv1D kernel size. Default 5. */
  kernelSize?: number;
  /** Dropout before the Dense layer, in [0, 1). Default 0. */
  dropout?: number;
  /** Default "auto". */
  tokenization?: Tokenization;
  /** Adam learning rate. Default 0.001. */
  learningRate?: number;
  /** Weight-initialisation seed. Default 42. */
  seed?: number;
  /** Add a linear bag-of-tokens branch beside the CNN: a learned weight per
   *  token, averaged over the sequence, added to the logits (exported as a
   *  functional TF.js model). Default true; false gives the seed article's
   *  Sequential CNN exactly. */
  bagOfTokens?: boolean;
}
/** `config()`: the settings in use. */
export interface ClassifierConfig {
  vocabSize: number;
  maxLen: number;
  embeddingDim: number;
  filters: number;
  kernelSize: number;
  dropout: number;
  tokenization: Tokenization;
  learningRate: number;
  seed: number;
  bagOfTokens: boolean;
}
/** Early stopping on valLoss (restores the best weights). A key left out
 *  takes its default, so `{}` is `{ patience: 2, minDelta: 0 }`; an unknown
 *  key throws. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (0: stop at the first). Default 2. */
  patience?: number;
  /** An improvement must beat the best by more than this. Default 0. */
  minDelta?: number;
}
/** Options of `prepare`; every key optional (`undefined` counts as left
 *  out); an unknown key throws. */
export interface TrainOptions {
  /** Default 10. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** In [0, 1). Default 0.2. */
  validationSplit?: number;
  /** Shuffling/split seed. Default 42. */
  seed?: number;
  /** Default `{ patience: 2, minDelta: 0 }` on valLoss, best weights
   *  restored (also when left out or `undefined`); `null` trains every epoch. */
  earlyStopping?: EarlyStoppingOptions | null;
  /** Cross-validation: hold out fold `index` (0-based) of a stratified `k`-fold
   *  partition seeded by `seed`, instead of `validationSplit`. Runs with
   *  `index` 0..k-1 validate every example once. Default null. */
  fold?: { k: number; index: number } | null;
}
/** `TextClassifier.defaultTrainOptions()`: the defaults of `TrainOptions`, every key filled in. */
export interface TrainDefaults {
  epochs: number;
  batchSize: number;
  validationSplit: number;
  seed: number;
  earlyStopping: { patience: number; minDelta: number } | null;
  fold: { k: number; index: number } | null;
}
/** Options of `fit`: `TrainOptions` plus a progress callback; returning `false` stops. */
export interface FitOptions extends TrainOptions {
  onBatch?: ((progress: Progress) => boolean | void) | null;
}
/** One epoch of the history; `valLoss`/`valAccuracy` are null without a validation split. */
export interface EpochStats {
  /** 1-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
}
/** `prepare()`'s plan. */
export interface Plan {
  /** Sorted, distinct; class i is labels[i]. */
  labels: string[];
  trainSize: number;
  valSize: number;
  batchesPerEpoch: number;
  epochs: number;
  /** Distinct tokens the tokenizer saw in the training split. */
  vocabulary: number;
}
/** `trainBatches()` progress (also passed to `fit`'s onBatch). */
export interface Progress {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  samplesSeen: number;
  /** Running mean over this epoch so far. */
  loss: number;
  accuracy: number;
  /** Set when this call finished an epoch. */
  epochEnd: EpochStats | null;
  done: boolean;
  stoppedEarly: boolean;
  diverged: boolean;
}
export interface LabelProbability {
  label: string;
  p: number;
}
export interface Prediction {
  label: string;
  probabilities: LabelProbability[];
}
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}
export interface Misclassified {
  text: string;
  /** The true label. */
  label: string;
  predicted: string;
  /** The model's probability for `predicted`. */
  confidence: number;
}
/** `evaluate()` / `validationReport()`. */
export interface EvaluationReport {
  accuracy: number;
  /** 95 % Wilson score interval [low, high] of the accuracy, from the number
   *  of examples: how far another sample of the same size could land. */
  accuracyInterval: [number, number];
  macroF1: number;
  labels: string[];
  perClass: ClassMetrics[];
  /** confusion[true][predicted] */
  confusion: number[][];
  /** Most confident mistakes first (a bounded list). */
  misclassified: Misclassified[];
  /** Total mistakes (may exceed misclassified.length). */
  misclassifiedCount: number;
  /** validationReport() only (null from evaluate()): validation examples
   *  whose model input (token ids after padding and truncation) also occurs
   *  in the training split, and the accuracy on the others. */
  overlap: Overlap | null;
}
/** See `EvaluationReport.overlap`. */
export interface Overlap {
  seenInTraining: number;
  unseen: number;
  /** null when every validation example was seen in training. */
  unseenAccuracy: number | null;
  unseenInterval: [number, number] | null;
}
/** An explained token: what `tokenize` says of it, plus its contribution
 *  (0 for a dropped or truncated token). */
export interface TokenContribution extends TokenInfo {
  contribution: number;
}
export interface Explanation {
  label: string;
  probabilities: LabelProbability[];
  tokens: TokenContribution[];
}
export interface TokenInfo {
  text: string;
  /** The id the model sees; null when the tokenizer drops the token. */
  id: number | null;
  oov: boolean;
  droppedByNumWords: boolean;
  /** Has an id but is cut by the max length: not seen by the model. */
  truncated: boolean;
}
export interface TokenizeResult {
  tokens: TokenInfo[];
  /** maxLen · slots ids, padded as the model sees them. */
  ids: Int32Array;
  /** How many leading padding positions. */
  padding: number;
  /** How many leading positions the max length cut (0 when the text fits). */
  truncated: number;
  /** Ids per position: 2 with the bigram channel (a CJK character, then the
   *  bigram ending there, 0 if none), else 1. */
  slots: number;
}
/** TF.js Layers `model.json`. */
export interface TfjsModelJson {
  format: "layers-model";
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: { class_name: string; config: { name: string; layers: unknown[] }; [key: string]: unknown };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: "float32" }[] }[];
}
/** Keras tokenizer JSON plus our `format`, `labels` and `classifier` keys. */
export interface TokenizerJson {
  format: "nn-playground-text-classifier";
  labels: string[];
  classifier: ClassifierConfig;
  [key: string]: unknown;
}
export interface ExportedModel {
  modelJson: TfjsModelJson;
  /** group1-shard1of1.bin */
  weightsBin: Uint8Array;
  tokenizerJson: TokenizerJson;
}
export type DatasetFormat = "tsv" | "csv" | "fasttext";
export interface ParsedDataset {
  format: DatasetFormat;
  texts: string[];
  labels: string[];
  labelCounts: { label: string; count: number }[];
  /** 1-based line numbers. */
  rejected: { line: number; reason: string; preview: string }[];
  warnings: { line: number; message: string }[];
}
"#;

/// The most batches one `trainBatches(n)` call may ask for.
const MAX_TRAIN_BATCHES: u64 = 1_000_000;

/// A text classifier (Embedding -> Conv1D -> GlobalMaxPool -> Dense).
///
/// Every method takes `&self` and borrows the core through a `RefCell`, so
/// that a call made while `fit` runs (from its `onBatch`) reaches our code
/// and gets a clear "busy training" error instead of wasm-bindgen's
/// aliasing message.
#[wasm_bindgen]
pub struct TextClassifier {
    inner: RefCell<Core>,
}

const BUSY: &str = "this TextClassifier is busy training; call it after fit returns";

impl TextClassifier {
    fn wrap(core: Core) -> TextClassifier {
        TextClassifier {
            inner: RefCell::new(core),
        }
    }

    fn core(&self, method: &str) -> Result<Ref<'_, Core>, JsError> {
        self.inner
            .try_borrow()
            .map_err(|_| err(format!("{method}: {BUSY}")))
    }

    fn core_mut(&self, method: &str) -> Result<RefMut<'_, Core>, JsError> {
        self.inner
            .try_borrow_mut()
            .map_err(|_| err(format!("{method}: {BUSY}")))
    }
}

#[wasm_bindgen]
impl TextClassifier {
    /// `new TextClassifier({ vocabSize, maxLen, embeddingDim, filters,
    /// kernelSize, dropout, tokenization, learningRate, seed })`; every key
    /// optional (Keras example defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClassifierOptions | null")]
        options: JsValue,
    ) -> Result<TextClassifier, JsError> {
        let cfg: ClassifierConfig = from_js(options, "TextClassifier options")?;
        Ok(TextClassifier::wrap(Core::new(cfg).map_err(err)?))
    }

    /// The settings in use.
    #[wasm_bindgen(unchecked_return_type = "ClassifierConfig")]
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.core("config")?.config())
    }

    /// The defaults of `prepare`/`fit` options (`TrainConfig::default()`):
    /// `{ epochs, batchSize, validationSplit, seed, earlyStopping, fold }`.
    #[wasm_bindgen(js_name = defaultTrainOptions, unchecked_return_type = "TrainDefaults")]
    pub fn default_train_options() -> Result<JsValue, JsError> {
        to_js(&TrainConfig::default())
    }

    /// Sequence lengths (before padding/truncation) of `texts` as a model
    /// with these settings trained on them would see them: a fresh tokenizer
    /// fitted on `texts`, ids below `vocabSize` counted. One call for all
    /// texts; independent of any training.
    #[wasm_bindgen(js_name = tokenLengths)]
    pub fn token_lengths(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
    ) -> Result<Uint32Array, JsError> {
        let texts = strings(texts, "tokenLengths: texts")?;
        let n = self
            .core("tokenLengths")?
            .token_lengths(&texts)
            .map_err(err)?;
        Ok(Uint32Array::from(&n[..]))
    }

    /// Train everything; returns the per-epoch history. `options.onBatch(p)`
    /// (optional) sees each batch's progress; returning `false` stops.
    #[wasm_bindgen(unchecked_return_type = "EpochStats[]")]
    pub fn fit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] labels: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FitOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (texts, labels) = (
            strings(texts, "fit: texts")?,
            strings(labels, "fit: labels")?,
        );
        let (cfg, callback) = train_options(&options, "fit")?;
        // Held for the whole run, across onBatch: a call on this object from
        // the callback gets BUSY.
        let mut inner = self.core_mut("fit")?;
        inner.prepare(&texts, &labels, cfg).map_err(err)?;
        loop {
            let p = inner.train_batches(1).map_err(err)?;
            if let Some(f) = &callback {
                match f.call1(&JsValue::NULL, &to_js(&p)?) {
                    Ok(v) if v == JsValue::FALSE => break,
                    Ok(_) => {}
                    Err(e) => {
                        inner.finish();
                        let msg = args::thrown_message(&e);
                        return Err(err(format!("onBatch threw: {msg}")));
                    }
                }
            }
            if p.done {
                break;
            }
        }
        to_js(&inner.finish())
    }

    /// Start a run to be driven by `trainBatches`; returns the plan.
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] labels: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TrainOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (texts, labels) = (
            strings(texts, "prepare: texts")?,
            strings(labels, "prepare: labels")?,
        );
        let (cfg, on_batch) = train_options(&options, "prepare")?;
        if on_batch.is_some() {
            return Err(err(
                "prepare: onBatch is fit()'s; after prepare(), trainBatches(n) returns the progress itself",
            ));
        }
        to_js(
            &self
                .core_mut("prepare")?
                .prepare(&texts, &labels, cfg)
                .map_err(err)?,
        )
    }

    /// Train up to `n` batches (stops early at an epoch end); returns
    /// progress. `n`: a whole number from 1 to 1000000. Once the run is
    /// `done`, further calls train nothing and return the last progress
    /// again (`done: true`, with `epochEnd: null`: no epoch ended in that
    /// call); `prepare()` starts a new run.
    #[wasm_bindgen(js_name = trainBatches, unchecked_return_type = "Progress")]
    pub fn train_batches(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<JsValue, JsError> {
        let n = args::count(&n, "trainBatches: n", 1, MAX_TRAIN_BATCHES)?;
        let p: Progress = self
            .core_mut("trainBatches")?
            .train_batches(n as usize)
            .map_err(err)?;
        to_js(&p)
    }

    /// End the run now; returns the history. A run ended before it is
    /// `done` gets the weights of its best epoch by valLoss (even with
    /// `earlyStopping: null`), or its initial weights when no epoch had
    /// finished; after `done` this changes nothing (a run without early
    /// stopping keeps its last epoch).
    #[wasm_bindgen(unchecked_return_type = "EpochStats[]")]
    pub fn finish(&self) -> Result<JsValue, JsError> {
        to_js(&self.core_mut("finish")?.finish())
    }

    /// The per-epoch history so far.
    #[wasm_bindgen(unchecked_return_type = "EpochStats[]")]
    pub fn history(&self) -> Result<JsValue, JsError> {
        to_js(self.core("history")?.history())
    }

    /// The most probable label and every label's probability.
    #[wasm_bindgen(unchecked_return_type = "Prediction")]
    pub fn predict(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = args::text(&text, "predict: text")?;
        to_js(&self.core_mut("predict")?.predict(&text).map_err(err)?)
    }

    /// Accuracy, per-class metrics, confusion matrix and mistakes on `texts`.
    #[wasm_bindgen(unchecked_return_type = "EvaluationReport")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] labels: JsValue,
    ) -> Result<JsValue, JsError> {
        let (texts, labels) = (
            strings(texts, "evaluate: texts")?,
            strings(labels, "evaluate: labels")?,
        );
        to_js(
            &self
                .core_mut("evaluate")?
                .evaluate(&texts, &labels)
                .map_err(err)?,
        )
    }

    /// The same report on the held-out validation split.
    #[wasm_bindgen(js_name = validationReport, unchecked_return_type = "EvaluationReport")]
    pub fn validation_report(&self) -> Result<JsValue, JsError> {
        to_js(
            &self
                .core_mut("validationReport")?
                .validation_report()
                .map_err(err)?,
        )
    }

    /// The prediction plus each token's contribution to the predicted class.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = args::text(&text, "explain: text")?;
        to_js(&self.core_mut("explain")?.explain(&text).map_err(err)?)
    }

    /// `{ tokens, ids: Int32Array(maxLen · slots), padding, truncated, slots }`;
    /// throws before a model exists (its vocabulary decides the ids).
    #[wasm_bindgen(unchecked_return_type = "TokenizeResult")]
    pub fn tokenize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = args::text(&text, "tokenize: text")?;
        let t = self.core("tokenize")?.tokenize(&text).map_err(err)?;
        let obj = Object::new();
        let set = |k: &str, v: &JsValue| {
            Reflect::set(&obj, &JsValue::from_str(k), v)
                .map_err(|_| err("tokenize: cannot build result"))
        };
        set("tokens", &to_js(&t.tokens)?)?;
        let ids: Vec<i32> = t.ids.iter().map(|&i| i as i32).collect();
        set("ids", &Int32Array::from(&ids[..]).into())?;
        set("padding", &JsValue::from(t.padding as u32))?;
        set("truncated", &JsValue::from(t.truncated as u32))?;
        set("slots", &JsValue::from(t.slots as u32))?;
        Ok(obj.into())
    }

    /// `{ modelJson, weightsBin: Uint8Array, tokenizerJson }`.
    #[wasm_bindgen(js_name = exportModel, unchecked_return_type = "ExportedModel")]
    pub fn export_model(&self) -> Result<JsValue, JsError> {
        let x = self.core("exportModel")?.export_model().map_err(err)?;
        let obj = Object::new();
        let set = |k: &str, v: &JsValue| {
            Reflect::set(&obj, &JsValue::from_str(k), v)
                .map_err(|_| err("exportModel: cannot build result"))
        };
        set("modelJson", &to_js(&x.model_json)?)?;
        set("weightsBin", &Uint8Array::from(&x.weights_bin[..]).into())?;
        set("tokenizerJson", &to_js(&x.tokenizer_json)?)?;
        Ok(obj.into())
    }

    /// Rebuild from `exportModel()`'s three parts (objects or JSON strings;
    /// the weights as a `Uint8Array` or an `ArrayBuffer`).
    #[wasm_bindgen(js_name = importModel)]
    pub fn import_model(
        #[wasm_bindgen(unchecked_param_type = "TfjsModelJson | string")] model_json: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[]")]
        weights_bin: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TokenizerJson | string")] tokenizer_json: JsValue,
    ) -> Result<TextClassifier, JsError> {
        let parse = |v: JsValue, what: &str| -> Result<serde_json::Value, JsError> {
            if v.is_undefined() || v.is_null() || !(v.is_string() || v.is_object()) {
                return Err(err(format!(
                    "importModel: {what} must be an object or a JSON string, got {}",
                    args::type_name(&v)
                )));
            }
            if let Some(s) = v.as_string() {
                serde_json::from_str(&s).map_err(|e| err(format!("{what}: {e}")))
            } else {
                args::json(&v, what)
            }
        };
        let m = parse(model_json, "modelJson")?;
        let weights_bin = args::bytes(&weights_bin, "importModel: weightsBin")?;
        let t = parse(tokenizer_json, "tokenizerJson")?;
        Ok(TextClassifier::wrap(
            Core::import_model(&m, &weights_bin, &t).map_err(err)?,
        ))
    }
}

#[derive(Serialize)]
struct LabelCount<'a> {
    label: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct RejectedLine<'a> {
    line: usize,
    reason: &'a str,
    preview: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parsed<'a> {
    format: crate::text::DatasetFormat,
    texts: &'a [String],
    labels: &'a [String],
    label_counts: Vec<LabelCount<'a>>,
    rejected: Vec<RejectedLine<'a>>,
    warnings: Vec<WarningLine<'a>>,
}

#[derive(Serialize)]
struct WarningLine<'a> {
    line: usize,
    message: &'a str,
}

/// Parse pasted/opened labelled text (tsv | csv | fasttext, detected).
#[wasm_bindgen(js_name = parseLabelled, unchecked_return_type = "ParsedDataset")]
pub fn parse_labelled(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsError> {
    let text = args::string(&text, "parseLabelled: text")?;
    let d = parse_dataset(&text, &DatasetOptions::default()).map_err(err)?;
    let p = Parsed {
        format: d.format,
        texts: &d.texts,
        labels: &d.labels,
        label_counts: d
            .label_counts
            .iter()
            .map(|(l, c)| LabelCount {
                label: l,
                count: *c,
            })
            .collect(),
        rejected: d
            .rejected
            .iter()
            .map(|r| RejectedLine {
                line: r.line,
                reason: &r.reason,
                preview: &r.content_preview,
            })
            .collect(),
        warnings: d
            .warnings
            .iter()
            .map(|w| WarningLine {
                line: w.line,
                message: &w.message,
            })
            .collect(),
    };
    to_js(&p)
}

/// The 95 % Wilson score interval `[low, high]` of an accuracy of `hits`
/// correct out of `n` (the same as a report's `accuracyInterval`); for
/// pooling cross-validation folds. `[0, 1]` when `n` is 0. Both are whole
/// numbers from 0 to 4294967295.
#[wasm_bindgen(js_name = accuracyInterval)]
pub fn accuracy_interval(
    #[wasm_bindgen(unchecked_param_type = "number")] hits: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
) -> Result<Vec<f64>, JsError> {
    use crate::classifier::metrics::{wilson_interval, Z_95};
    let max = u32::MAX as u64;
    let hits = args::count(&hits, "accuracyInterval: hits", 0, max)?;
    let n = args::count(&n, "accuracyInterval: n", 0, max)?;
    if hits > n {
        return Err(err(format!(
            "accuracyInterval: hits ({hits}) exceeds n ({n})"
        )));
    }
    Ok(wilson_interval(hits as usize, n as usize, Z_95).to_vec())
}
