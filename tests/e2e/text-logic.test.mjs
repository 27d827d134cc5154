// The text view's arithmetic that needs no page (www/js/text/*.js, pure
// functions): the max-length hint, settings validation, the progress
// counter, and sorting picked model files. Each number is derived in a
// comment from the input, not read back from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lengthAdvice, percentile } from '../../www/js/text/length-hint.js';
import { validateSettings, defaultSettings, fewExamplesAdvice } from '../../www/js/text/settings.js';
import { batchesDone } from '../../www/js/text/worker-protocol.js';
import { readModelFiles } from '../../www/js/text/export.js';

// The form's values: strings, and the bag-of-tokens select's 'on' / 'off'.
const formValue = (v) => (v === true ? 'on' : v === false ? 'off' : String(v));
const raw = (over = {}) => Object.fromEntries(Object.entries({ ...defaultSettings(), ...over }).map(([k, v]) => [k, formValue(v)]));

test('lengthAdvice: the share cut is of texts strictly longer than the max length; p90 is the nearest rank', () => {
  // Ten texts of 10, 20, ..., 100 tokens (given unsorted), max length 50:
  // 60, 70, 80, 90, 100 are longer (5 of 10 = 0.5); 50 itself fits whole.
  const lengths = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
  const a = lengthAdvice(lengths, 50);
  assert.equal(a.n, 10);
  assert.equal(a.cut, 0.5);
  // Nearest rank: the ceil(0.9 * 10) = 9th smallest, 90 (not the 10th, 100).
  assert.equal(a.p90, 90);
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2); // ceil(0.5 * 4) = 2nd smallest
  // 90 rounded up to tens is 90; 9 of the 10 texts are at most 90 long.
  assert.equal(a.suggested, 90);
  assert.equal(a.keeps, 0.9);
  assert.equal(a.show, true);
  // Max length 90 already keeps 90 %: no hint.
  assert.equal(lengthAdvice(lengths, 90).show, false);
});

test('validateSettings: bounds are inclusive; kernel size may equal the max length; the weight limit counts the convolution too', () => {
  // Every field at its upper bound, except what would pass the weight limit.
  const top = validateSettings(raw({ epochs: 500, patience: 500, batchSize: 4096, maxLen: 2000, validationSplit: 0.9, seed: 4294967295 }));
  assert.deepEqual(top.errors, {});
  assert.equal(top.settings.epochs, 500);
  // The bag of tokens: the form's on / off (or a saved boolean) become true / false.
  assert.equal(top.settings.bagOfTokens, true);
  assert.equal(validateSettings(raw({ bagOfTokens: false })).settings.bagOfTokens, false);
  assert.equal(validateSettings({ ...raw(), bagOfTokens: false }).settings.bagOfTokens, false);
  assert.equal(validateSettings(raw({ bagOfTokens: 'maybe' })).errors.bagOfTokens, 'Bag of tokens must be on or off.');
  // Kernel size 5 with max length 5: one window fits, allowed.
  assert.deepEqual(validateSettings(raw({ kernelSize: 5, maxLen: 5 })).errors, {});
  assert.match(validateSettings(raw({ kernelSize: 6, maxLen: 5 })).errors.kernelSize, /must not exceed the max length/);
  // 195,000 x 512 = 99,840,000 embedding weights: under the limit alone, but
  // with 5 x 512 x 128 = 327,680 convolution weights the model has
  // 100,167,680 > 100,000,000.
  const over = validateSettings(raw({ vocabSize: 195000, embeddingDim: 512 }));
  assert.equal(over.errors.vocabSize, 'The model would have 100,167,680 weights (embedding 99,840,000, convolution 327,680), more than the 100,000,000 allowed: lower the vocabulary size or the embedding size.');
  // 190,000 x 512 + 327,680 = 97,607,680: allowed.
  assert.deepEqual(validateSettings(raw({ vocabSize: 190000, embeddingDim: 512 })).errors, {});
});

test('fewExamplesAdvice: how many examples a split needs, and the smallest split that works', () => {
  // At split 0.3 the validation part holds floor(n * 0.3) examples: 3 give 0,
  // 4 give 1, so 4 are needed (ceil(1 / 0.3) = ceil(3.33)). With 3 examples
  // the split must reach 0.34 (3 x 0.33 = 0.99 still floors to 0).
  assert.equal(fewExamplesAdvice(3, 0.3), 'Add examples (4 are needed at 0.3) or raise the validation split to at least 0.34.');
  // At 0.15: ceil(6.67) = 7 examples; with 2, at least 0.5.
  assert.equal(fewExamplesAdvice(2, 0.15), 'Add examples (7 are needed at 0.15) or raise the validation split to at least 0.5.');
});

test('batchesDone: batches over the whole run, epochs and batches counted from 1', () => {
  // Epoch 2, batch 3 of 10: the 10 of epoch 1 and 3 more.
  assert.equal(batchesDone({ epoch: 2, batch: 3, batchesPerEpoch: 10 }), 13);
  assert.equal(batchesDone({ epoch: 1, batch: 1, batchesPerEpoch: 10 }), 1);
  assert.equal(batchesDone(null), 0);
});

test('readModelFiles: sorts three files; two model.json files are refused, not one silently dropped', async () => {
  const model = new File([JSON.stringify({ modelTopology: {}, weightsManifest: [] })], 'model.json');
  const tok = new File([JSON.stringify({ word_index: '{}' })], 'tokenizer.json');
  const bin = new File([new Uint8Array([1, 2, 3])], 'group1-shard1of1.bin');
  const out = await readModelFiles([tok, bin, model]);
  assert.deepEqual(Object.keys(out).sort(), ['modelJson', 'tokenizerJson', 'weightsBin']);
  assert.deepEqual([...out.weightsBin], [1, 2, 3]);
  assert.ok('modelTopology' in out.modelJson && 'word_index' in out.tokenizerJson);
  const other = new File([JSON.stringify({ modelTopology: { other: true } })], 'model (1).json');
  await assert.rejects(readModelFiles([model, other, tok, bin]), /Two model JSON files were picked \(model \(1\)\.json\)/);
  await assert.rejects(readModelFiles([model, tok]), /Missing: group1-shard1of1\.bin/);
});
