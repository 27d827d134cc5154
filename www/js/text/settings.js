// The training settings form: defaults from the seed article's Keras text-CNN
// example (the core's ClassifierConfig / TrainConfig), a one-line explanation each, and validation with a
// message naming the field.
import { el, setChildren } from './dom.js';

/** Field definitions: key, label, default, explanation, and the accepted range. */
/** The most embedding + convolution weights the core allows. */
export const MAX_PARAMS = 100_000_000;

export const FIELDS = [
  { key: 'vocabSize', label: 'Vocabulary size', def: 10000, int: true, min: 2, max: 200000,
    help: 'Keep only the most frequent words (or characters); the rest are dropped from the input, as Keras does without an out-of-vocabulary token.' },
  { key: 'maxLen', label: 'Max length', def: 100, int: true, min: 1, max: 2000,
    help: 'Tokens per example (characters in Chinese, Japanese, Korean and Thai text): longer texts are cut, shorter ones padded with zeros.' },
  { key: 'embeddingDim', label: 'Embedding size', def: 16, int: true, min: 1, max: 512,
    help: 'Length of the learned vector that stands for each token.' },
  { key: 'filters', label: 'Filters', def: 128, int: true, min: 1, max: 1024,
    help: 'Number of Conv1D filters: each learns to spot one pattern of neighbouring tokens.' },
  { key: 'kernelSize', label: 'Kernel size', def: 5, int: true, min: 1, max: 64,
    help: 'How many neighbouring tokens each filter looks at (at most the max length).' },
  { key: 'epochs', label: 'Epochs', def: 10, int: true, min: 1, max: 500,
    help: 'Passes over the training examples.' },
  { key: 'patience', label: 'Early stopping patience', def: 2, int: true, min: 0, max: 500,
    help: 'Stop once the validation loss has not improved for this many epochs, and keep the best epoch’s weights; 0 = off (train every epoch).' },
  { key: 'batchSize', label: 'Batch size', def: 32, int: true, min: 1, max: 4096,
    help: 'Examples per gradient step.' },
  // No practical upper bound: the core accepts any finite rate, and a huge one
  // (1e10 and up) shows what divergence looks like.
  { key: 'learningRate', label: 'Learning rate', def: 0.001, int: false, min: 1e-6, max: 1e30, maxText: '1e30', step: 'any',
    help: 'Step size of the Adam optimizer; too large and the loss diverges.' },
  { key: 'validationSplit', label: 'Validation split', def: 0.2, int: false, min: 0.01, max: 0.9, step: 'any',
    help: 'Share of the examples held out to measure accuracy on text the model has not trained on.' },
  { key: 'seed', label: 'Seed', def: 42, int: true, min: 0, max: 4294967295,
    help: 'Seeds the shuffling and the initial weights: the same seed gives the same run.' },
];

export const TOKENIZATIONS = [
  { value: 'auto', label: 'auto', help: 'words, but Chinese, Japanese, Korean and Thai as characters, each seen together with the pair of characters ending there (one position per character)' },
  { value: 'words', label: 'words', help: 'split on spaces and punctuation, lower-cased (like Keras)' },
  { value: 'chars', label: 'characters', help: 'one token per character' },
];

/** The bag-of-tokens branch: on (the default) or off (the CNN alone, the seed article's model). */
export const BAG_CHOICES = [
  { value: 'on', label: 'on' },
  { value: 'off', label: 'off (the CNN alone)' },
];

/** A value as the form holds it: a boolean (defaults, saved settings, an imported model's config) as 'on' / 'off'. */
const formValue = (v) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

export function defaultSettings() {
  const s = Object.fromEntries(FIELDS.map((f) => [f.key, f.def]));
  s.tokenization = 'auto';
  s.bagOfTokens = true;
  return s;
}

/**
 * What to change when n examples give an empty validation part at `split`
 * (it holds floor(n * split) examples; with split ≤ 0.9 the training part
 * is never the empty one).
 */
export function fewExamplesAdvice(n, split) {
  if (n < 2) return 'Add examples: at least 2 are needed.';
  const needed = Math.ceil(1 / split);
  // The smallest split, in hundredths, that puts one example in validation.
  let s = Math.ceil(100 / n) / 100;
  while (Math.floor(n * s) < 1) s += 0.01;
  return `Add examples (${needed} are needed at ${split}) or raise the validation split to at least ${Number(s.toFixed(2))}.`;
}

/** Check raw string values; returns { settings, errors: {key: message} }. */
export function validateSettings(raw) {
  const settings = {};
  const errors = {};
  for (const f of FIELDS) {
    const text = String(raw[f.key] ?? '').trim();
    const v = Number(text);
    if (text === '' || !Number.isFinite(v)) errors[f.key] = `${f.label} must be a number.`;
    else if (f.int && !Number.isInteger(v)) errors[f.key] = `${f.label} must be a whole number.`;
    else if (v < f.min || v > f.max) errors[f.key] = `${f.label} must be between ${f.min} and ${f.maxText ?? f.max}.`;
    else settings[f.key] = v;
  }
  if (!errors.kernelSize && !errors.maxLen && settings.kernelSize > settings.maxLen) {
    errors.kernelSize = `Kernel size (${settings.kernelSize}) must not exceed the max length (${settings.maxLen}).`;
  }
  // The core's limit on embedding + convolution weights (src/classifier/model.rs,
  // MAX_PARAMS); with the bigram channel (Chinese, Japanese, ...) the
  // convolution has twice the inputs, which the core checks when it sees the data.
  if (['vocabSize', 'embeddingDim', 'kernelSize', 'filters'].every((k) => !errors[k])) {
    const emb = settings.vocabSize * settings.embeddingDim;
    const conv = settings.kernelSize * settings.embeddingDim * settings.filters;
    if (emb + conv > MAX_PARAMS) {
      const n = (x) => x.toLocaleString('en');
      errors[emb >= conv ? 'vocabSize' : 'filters'] = `The model would have ${n(emb + conv)} weights (embedding ${n(emb)}, convolution ${n(conv)}), more than the ${n(MAX_PARAMS)} allowed: lower ${emb >= conv ? 'the vocabulary size or the embedding size' : 'the filters, the kernel size or the embedding size'}.`;
    }
  }
  const tok = String(raw.tokenization ?? 'auto');
  if (TOKENIZATIONS.some((t) => t.value === tok)) settings.tokenization = tok;
  else errors.tokenization = 'Tokenization must be words, characters or auto.';
  const bag = formValue(raw.bagOfTokens ?? 'on');
  if (BAG_CHOICES.some((c) => c.value === bag)) settings.bagOfTokens = bag === 'on';
  else errors.bagOfTokens = 'Bag of tokens must be on or off.';
  return { settings, errors };
}

/**
 * Build the settings form. `onChange(values)` fires on every edit with the
 * raw values (strings), so they can be saved even while invalid.
 */
export function createSettings({ onChange, hint = null }) {
  const inputs = {};
  const messages = {};
  const grid = el('div', { class: 'settings-grid' });
  for (const f of FIELDS) {
    const id = `text-setting-${f.key}`;
    inputs[f.key] = el('input', {
      id, name: f.key, type: 'number', inputmode: f.int ? 'numeric' : 'decimal',
      min: f.min, max: f.max, step: f.step ?? (f.int ? 1 : 'any'), value: f.def,
      'aria-describedby': `${id}-help ${id}-error`, class: 'num',
    });
    // Not an alert: it changes as a value is typed ("1" on the way to "100");
    // the field's description reads it, and Train focuses the first bad field.
    messages[f.key] = el('span', { id: `${id}-error`, class: 'field-error' });
    grid.append(el('div', { class: 'setting' },
      el('label', { for: id }, f.label),
      inputs[f.key],
      el('span', { id: `${id}-help`, class: 'help' }, f.help),
      messages[f.key]));
  }
  // The two choices, each a <select> with its help and error line.
  const choice = (key, label, options, help) => {
    const id = `text-setting-${key}`;
    inputs[key] = el('select', { id, name: key, 'aria-describedby': `${id}-help ${id}-error` },
      options.map((o) => el('option', { value: o.value }, o.label)));
    messages[key] = el('span', { id: `${id}-error`, class: 'field-error' });
    grid.append(el('div', { class: 'setting' },
      el('label', { for: id }, label), inputs[key], el('span', { id: `${id}-help`, class: 'help' }, help), messages[key]));
  };
  choice('tokenization', 'Tokenization', TOKENIZATIONS, TOKENIZATIONS.map((t) => `${t.label}: ${t.help}`).join('; ') + '.');
  choice('bagOfTokens', 'Bag of tokens', BAG_CHOICES, 'A second, linear path beside the CNN: a learned weight per token, averaged over the text, added to the output. It sees every token, not only the best window of each filter, like a logistic regression on word counts. On the project’s Chinese reviews and English questions it adds about half a point to a point of validation accuracy; on a few dozen examples it can overfit: train with it off to compare.');

  const reset = el('button', { type: 'button', class: 'link-button' }, 'Reset to defaults');
  const node = el('section', { class: 'panel settings', 'aria-labelledby': 'text-settings-h' },
    el('h3', { id: 'text-settings-h' }, '2. Settings'),
    el('p', { class: 'muted' }, 'Embedding → Conv1D (ReLU) → global max pooling → Dense, plus a bag-of-tokens path added to its output (on by default), then sigmoid for two labels or softmax for more, trained with Adam on cross-entropy. Defaults follow the Keras text-CNN example this project started from (num_words 10000, maxlen 100, Embedding 16, Conv1D 128 × 5, Adam 0.001, batch 32, 10 epochs), plus early stopping on the validation loss.'),
    hint, grid, reset);

  const values = () => Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
  const show = (errors) => {
    for (const [k, m] of Object.entries(messages)) {
      setChildren(m, errors[k] ?? '');
      inputs[k].toggleAttribute('aria-invalid', Boolean(errors[k]));
      if (errors[k]) inputs[k].setAttribute('aria-invalid', 'true');
    }
  };
  const changed = () => { show(validateSettings(values()).errors); onChange(values()); };
  for (const i of Object.values(inputs)) i.addEventListener('input', changed);
  reset.addEventListener('click', () => { set(defaultSettings()); changed(); });

  function set(raw) {
    for (const [k, v] of Object.entries(raw ?? {})) {
      if (inputs[k] && v !== undefined && v !== null) inputs[k].value = formValue(v);
    }
    show(validateSettings(values()).errors);
  }

  return {
    node,
    set,
    values,
    /** Validate and show the messages; returns { settings, errors, firstInvalid }. */
    validate() {
      const r = validateSettings(values());
      show(r.errors);
      const first = Object.keys(inputs).find((k) => r.errors[k]);
      return { ...r, firstInvalid: first ? inputs[first] : null };
    },
    /** Set one value as if the user typed it (onChange fires). */
    apply(key, value) { set({ [key]: value }); changed(); },
    /** Back to the defaults (without an onChange: used by Clear). */
    reset() { set(defaultSettings()); },
    /** Set several values as if typed (onChange fires once). */
    applyAll(raw) { set(raw); changed(); },
    setDisabled(d) { for (const i of Object.values(inputs)) i.disabled = d; reset.disabled = d; },
  };
}
