// "6. Export / import": the model as TensorFlow.js Layers files (model.json +
// group1-shard1of1.bin) plus tokenizer.json; downloads through Blob URLs,
// import through a multi-file input. Explains how to load them elsewhere.
import { el, setChildren } from './dom.js';

export const FILE_NAMES = { modelJson: 'model.json', weightsBin: 'group1-shard1of1.bin', tokenizerJson: 'tokenizer.json' };

/** The three files as Blobs, from exportModel()'s object. */
export function modelBlobs(model) {
  return {
    modelJson: new Blob([JSON.stringify(model.modelJson)], { type: 'application/json' }),
    weightsBin: new Blob([model.weightsBin], { type: 'application/octet-stream' }),
    tokenizerJson: new Blob([JSON.stringify(model.tokenizerJson)], { type: 'application/json' }),
  };
}

/** Sort picked files into {modelJson, weightsBin, tokenizerJson}; throws with a clear message. */
export async function readModelFiles(files) {
  const out = {};
  for (const f of files) {
    if (/\.bin$/i.test(f.name)) {
      if (out.weightsBin) throw new Error('Pick one .bin weights file, not several.');
      out.weightsBin = new Uint8Array(await f.arrayBuffer());
    } else if (/\.json$/i.test(f.name)) {
      let json;
      try { json = JSON.parse(await f.text()); } catch (e) { throw new Error(`${f.name} is not valid JSON: ${e.message}`); }
      const key = json && typeof json === 'object' && 'modelTopology' in json ? 'modelJson' : 'tokenizerJson';
      if (out[key]) throw new Error(`Two ${key === 'modelJson' ? 'model' : 'tokenizer'} JSON files were picked (${f.name}); pick one of each.`);
      out[key] = json;
    } else {
      throw new Error(`${f.name} is neither a .json nor a .bin file.`);
    }
  }
  const missing = Object.keys(FILE_NAMES).filter((k) => !out[k]).map((k) => FILE_NAMES[k]);
  if (missing.length) throw new Error(`Missing: ${missing.join(', ')}. Pick all three files (model.json, group1-shard1of1.bin, tokenizer.json) at once.`);
  return out;
}

export function createExport({ getModelFiles, onImport, signal }) {
  const exportButton = el('button', { type: 'button', id: 'text-export' }, 'Export model');
  const importInput = el('input', { type: 'file', id: 'text-import-files', multiple: true, accept: '.json,.bin,application/json,application/octet-stream', class: 'visually-hidden', tabindex: '-1' });
  const importButton = el('button', { type: 'button', id: 'text-import' }, 'Import model…');
  const links = el('p', { class: 'export-links', id: 'text-export-links' });
  const status = el('div', { id: 'text-export-status', role: 'status', 'aria-live': 'polite' });
  const node = el('section', { class: 'panel export-panel', 'aria-labelledby': 'text-export-h' },
    el('h3', { id: 'text-export-h' }, '6. Export or import the model'),
    el('div', { class: 'export-actions' }, exportButton, importButton, importInput),
    links, status,
    el('details', { class: 'howto' },
      el('summary', {}, 'Using the files in TensorFlow.js or Keras'),
      el('p', {}, 'model.json and group1-shard1of1.bin are a TensorFlow.js Layers model: Embedding → Conv1D → GlobalMaxPooling1D → Dense, and with the bag of tokens on (the default) a functional model in which a second Embedding → GlobalAveragePooling1D is added to that Dense’s output before the sigmoid or softmax. Keep them in one folder and load them with:'),
      el('pre', {}, el('code', {}, "const model = await tf.loadLayersModel('https://your.site/model/model.json');\n// in Node: tf.loadLayersModel('file://./model/model.json') with @tensorflow/tfjs-node")),
      el('p', {}, 'For Keras (Python), convert them with the tensorflowjs package:'),
      el('pre', {}, el('code', {}, 'pip install tensorflowjs\ntensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras model/model.json model.h5\n# then: keras.models.load_model("model.h5")')),
      el('p', {}, 'The model takes token ids, not text: reproduce the tokenization with tokenizer.json. It is a Keras Tokenizer JSON (Keras 2’s keras.preprocessing.text.tokenizer_from_json reads it and ignores the extra keys; Keras 3 removed that module, so use the tf_keras package there) plus “labels” (the model’s classes, in order) and “classifier” (this page’s settings: maxLen, tokenization, …). For a model trained with tokenization “words” (or “auto” on plain English text), in Keras 2:'),
      el('pre', {}, el('code', {}, 'import json\nfrom keras.preprocessing.text import tokenizer_from_json\nfrom keras.utils import pad_sequences\nspec = json.load(open("tokenizer.json"))\ntok = tokenizer_from_json(json.dumps(spec))\nx = pad_sequences(tok.texts_to_sequences(["free entry, win a prize"]), maxlen=spec["classifier"]["maxLen"])\nprobs = model.predict(x)  # 2 labels: one column, the probability of spec["labels"][1]; more: one column per label')),
      el('p', {}, 'Keras’ tokenizer cannot reproduce the other tokenizations: “characters” drops spaces and punctuation (Keras’ char_level keeps them), and Chinese, Japanese, Korean and Thai text (tokenization “auto”) is split per character, which Keras’ tokenizer does not do; and a model trained on such text takes two ids per character, the character and the pair of characters ending there (0 if none), 2 × maxLen ids in all (its Conv1D has strides 2). Both ids come from word_index in tokenizer.json; this library’s tokenize(text).ids gives exactly the model’s input. In Python without this library, scripts/model_input.py from the project’s repository (standard library only) rebuilds that input from tokenizer.json and model.json for every tokenization, with or without the pairs: python3 model_input.py tokenizer.json model.json texts.txt prints one line of ids per text (one text per line), the rows to pass to model.predict.')),
  );

  exportButton.addEventListener('click', () => {
    const model = getModelFiles();
    if (!model) { setChildren(status, el('p', { class: 'error', role: 'alert' }, 'There is no model to export yet: train or import one first.')); return; }
    const blobs = modelBlobs(model);
    // Revoke the previous links' URLs before making new ones.
    for (const a of links.querySelectorAll('a')) URL.revokeObjectURL(a.href);
    const anchors = Object.entries(FILE_NAMES).map(([k, name]) => el('a', { href: URL.createObjectURL(blobs[k]), download: name, dataset: { file: k } }, name));
    setChildren(links, 'Downloads: ', anchors.map((a, i) => [i ? ' · ' : '', a]), ' (click a name to download it again)');
    for (const a of anchors) a.click();
    setChildren(status, el('p', {}, 'Exported three files: model.json, group1-shard1of1.bin and tokenizer.json.'));
  }, { signal });
  signal.addEventListener('abort', () => { for (const a of links.querySelectorAll('a')) URL.revokeObjectURL(a.href); });

  importButton.addEventListener('click', () => importInput.click(), { signal });
  importInput.addEventListener('change', async () => {
    const files = [...(importInput.files ?? [])];
    importInput.value = '';
    if (!files.length) return;
    try {
      const model = await readModelFiles(files);
      await onImport(model);
      setChildren(status, el('p', {}, `Imported ${files.map((f) => f.name).join(', ')}.`));
    } catch (e) {
      setChildren(status, el('p', { class: 'error', role: 'alert' }, `Import failed: ${e.message}`));
    }
  }, { signal });

  return {
    node,
    setHasModel(has) { exportButton.disabled = !has; },
    setDisabled(d) { importButton.disabled = d; },
  };
}
