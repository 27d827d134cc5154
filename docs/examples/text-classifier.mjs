// The text classifier from Node: `make build` (or scripts/build.sh), then
//   node docs/examples/text-classifier.mjs
// Run by `make test` (tests/e2e/types.test.mjs). In a browser (or a Web
// Worker), replace the initSync line with `await init();`.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { initSync, TextClassifier, parseLabelled, accuracyInterval } from '../../www/pkg/nn_playground.js';

initSync({ module: readFileSync(new URL('../../www/pkg/nn_playground_bg.wasm', import.meta.url)) });

// Labelled text: tsv (label<TAB>text), csv or fastText (__label__x text); detected.
const data = parseLabelled(readFileSync(new URL('../../www/data/sms_spam_sample.tsv', import.meta.url), 'utf8'));
assert.equal(data.format, 'tsv');
assert.equal(data.texts.length, data.labels.length);
console.log('labels:', data.labelCounts.map((c) => `${c.label} ${c.count}`).join(', '),
  `| rejected ${data.rejected.length}, warnings ${data.warnings.length}`);

// Every option is optional (defaults: the Keras text-CNN example); small here.
const clf = new TextClassifier({
  vocabSize: 2000, maxLen: 40, embeddingDim: 16, filters: 32, kernelSize: 3,
  dropout: 0, tokenization: 'auto', learningRate: 0.01, seed: 42, bagOfTokens: true,
});
assert.equal(clf.config().maxLen, 40);

// One call trains everything; onBatch (optional) sees each batch, `false` stops.
let batches = 0;
const history = clf.fit(data.texts, data.labels, {
  epochs: 8, batchSize: 8, validationSplit: 0.25, seed: 42,
  earlyStopping: { patience: 2 },
  onBatch: (p) => { batches += 1; return true; },
});
assert.ok(history.length >= 1 && history.length <= 8 && batches > 0);
const last = history[history.length - 1];
console.log(`fit: ${history.length} epochs, loss ${history[0].loss.toFixed(3)} -> ${last.loss.toFixed(3)}, valAccuracy ${last.valAccuracy}`);
assert.deepEqual(Object.keys(last).sort(), ['accuracy', 'epoch', 'loss', 'valAccuracy', 'valLoss']);

// What the README states for this model: spam, p 0.95.
const pred = clf.predict('WINNER!! Claim your free prize now');
assert.equal(pred.label, 'spam');
assert.deepEqual(pred.probabilities.map((x) => x.label), ['ham', 'spam']);
assert.equal(pred.probabilities[1].p.toFixed(2), '0.95');
assert.ok(Math.abs(pred.probabilities.reduce((s, x) => s + x.p, 0) - 1) < 1e-6);
console.log('predict:', pred.label, pred.probabilities.map((x) => `${x.label} ${x.p.toFixed(3)}`).join(', '));

// Or step by step (what the page's Web Worker does). prepare() starts a new
// model from scratch, as fit does, so a second classifier: clf keeps its model.
const stepwise = new TextClassifier({ vocabSize: 2000, maxLen: 40, filters: 32, kernelSize: 3, learningRate: 0.01 });
const plan = stepwise.prepare(data.texts, data.labels, { epochs: 2, batchSize: 8, validationSplit: 0.25 });
assert.deepEqual(plan.labels, ['ham', 'spam']);
assert.equal(plan.trainSize + plan.valSize, data.texts.length);
let p;
do { p = stepwise.trainBatches(1); } while (!p.done);
assert.equal(p.epoch, 2);
assert.ok(p.epochEnd !== null && !p.diverged);
assert.equal(stepwise.finish().length, 2); // ends the run, returns the history
assert.deepEqual(clf.predict('WINNER!! Claim your free prize now'), pred); // unchanged
stepwise.free();

const report = clf.validationReport(); // or clf.evaluate(texts, labels)
assert.equal(report.confusion.length, 2);
assert.equal(report.perClass.length, 2);
assert.ok(report.misclassifiedCount >= report.misclassified.length);

const why = clf.explain('free entry to win a prize');
assert.equal(why.tokens.length, 6);
assert.ok(why.tokens.every((t) => typeof t.contribution === 'number'));

const tok = clf.tokenize('Free entry!!');
assert.ok(tok.ids instanceof Int32Array && tok.ids.length === 40);
assert.equal(tok.padding, 40 - tok.tokens.filter((t) => t.id !== null).length);
console.log('tokenize:', tok.tokens.map((t) => `${t.text}=${t.id}${t.oov ? ' (oov)' : ''}`).join(' '));

// Export as TF.js Layers files + a Keras-like tokenizer JSON; import back.
const files = clf.exportModel();
assert.equal(files.modelJson.format, 'layers-model');
assert.ok(files.weightsBin instanceof Uint8Array);
const again = TextClassifier.importModel(files.modelJson, files.weightsBin, JSON.stringify(files.tokenizerJson));
assert.deepEqual(again.predict('free prize'), clf.predict('free prize'));

// Errors are thrown as Error with a message naming the problem.
assert.throws(() => new TextClassifier({ maxLen: 0 }), Error);
assert.throws(() => new TextClassifier({ vocabsize: 10 }), /vocabsize/);
assert.throws(() => clf.fit(['a'], ['x', 'y']), Error);
assert.throws(() => new TextClassifier().predict('hi'), Error); // not trained yet

// Cross-validation: one run per fold, each validating on a different fifth;
// every example is validated once, by a model that did not train on it.
const small = { vocabSize: 2000, maxLen: 40, embeddingDim: 16, filters: 32, kernelSize: 3, learningRate: 0.005 };
let hits = 0;
let n = 0;
for (let index = 0; index < 5; index++) {
  const cv = new TextClassifier(small);
  cv.fit(data.texts, data.labels, { epochs: 3, fold: { k: 5, index } });
  const r = cv.validationReport();
  const size = r.perClass.reduce((a, c) => a + c.support, 0);
  const right = size - r.misclassifiedCount;
  // A report's interval is accuracyInterval() of its own counts.
  assert.deepEqual(Array.from(accuracyInterval(right, size)), r.accuracyInterval);
  hits += right;
  n += size;
  cv.free();
}
assert.equal(n, data.texts.length, 'every example validated once');
const [lo, hi] = accuracyInterval(hits, n);
console.log(`5-fold cross-validation: accuracy ${(100 * hits / n).toFixed(1)} % over ${n} (95 % interval ${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)} %)`);
clf.free(); again.free();
console.log('text classifier example: ok');
