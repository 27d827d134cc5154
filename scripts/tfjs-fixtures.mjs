// TensorFlow.js parity fixtures for the Rust core.
//
// Run:  node scripts/tfjs-fixtures.mjs
// Writes tests/fixtures/<case>.json (schema: tests/fixtures/README.md).
//
// For each case the script builds a model with @tensorflow/tfjs 4.22.0 on the
// pure-JS "cpu" backend, sets explicit weights drawn from the seeded generator
// below (never tf's random), and records: the input batch and targets, the
// initial weights (Keras layouts), the forward output, the batch-mean loss,
// the gradient of that loss w.r.t. every weight (tf.variableGrads over
// model.apply + the loss written with tf ops), the weights after exactly one
// tf.train.sgd step and, separately from the same initial weights, after
// exactly one tf.train.adam step.
//
// Adam epsilon placement (recorded as adam.epsilonForm = "tfjs"):
//   tfjs : p -= lr * mhat / (sqrt(vhat) + eps),   mhat = m/(1-b1^t), vhat = v/(1-b2^t)
//   Keras: p -= alpha * m / (sqrt(v) + eps),       alpha = lr*sqrt(1-b2^t)/(1-b1^t)
// The two differ only in where eps sits (Keras' effective eps is
// eps/sqrt(1-b2^t), i.e. ~3.16e-6 at t=1). The script therefore also stores
// adam.kerasWeightsAfter (the Keras form, computed here in f64 from the tfjs
// gradients and rounded to f32) and the measured difference between the two
// forms in adam.kerasVsTfjs, so a Rust test can compare against the form it
// implements.
//
// Deterministic: same output byte for byte on every run (checked by running
// twice and diffing). Numbers are float32 values converted to JS numbers.

import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'tests', 'fixtures');

const SGD_LR = 0.1;
const ADAM = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const KINK_MARGIN = 1e-3; // |z| at every ReLU must exceed this
const TIE_MARGIN = 1e-3; // max over time must beat the runner-up by this
const PROB_MARGIN = 1e-4; // probabilities stay this far from the 1e-7 clip
// Every gradient is exactly 0 (e.g. an embedding row that never reaches a max)
// or at least this large, so float32 cancellation noise cannot flip an Adam step.
const GRAD_MIN = 1e-4;

// ---------------------------------------------------------------- generator

/** mulberry32: a small seeded uint32 PRNG; returns floats in [0, 1). */
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** float32-exact uniform in [lo, hi) */
    uniform: (lo, hi) => Math.fround(lo + (hi - lo) * next()),
    /** integer in [lo, hi] */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

function uniformArray(rng, n, limit) {
  return Array.from({ length: n }, () => rng.uniform(-limit, limit));
}

const prod = (shape) => shape.reduce((a, b) => a * b, 1);
const glorot = (fanIn, fanOut) => Math.sqrt(6 / (fanIn + fanOut));

// ---------------------------------------------------------------- helpers

const toNumbers = (t) => Array.from(t.dataSync(), Number);
const tensorJson = (t) => ({ shape: t.shape.slice(), dtype: t.dtype, data: toNumbers(t) });

/** Trainable weights of a model as {layer, layerClass, param, name, variable}. */
function weightList(model) {
  const out = [];
  model.layers.forEach((layer, li) => {
    for (const w of layer.trainableWeights) {
      const param = w.originalName.split('/').pop(); // kernel | bias | embeddings
      out.push({
        layer: li,
        layerClass: layer.getClassName(),
        param,
        name: `${layer.name}/${param}`,
        variable: w.read(),
      });
    }
  });
  return out;
}

const snapshot = (wl) =>
  wl.map((w) => ({
    name: w.name,
    layer: w.layer,
    layerClass: w.layerClass,
    param: w.param,
    shape: w.variable.shape.slice(),
    data: toNumbers(w.variable),
  }));

function restore(wl, snap) {
  wl.forEach((w, i) => w.variable.assign(tf.tensor(snap[i].data, snap[i].shape)));
}

// ---------------------------------------------------------------- losses
// Each returns the batch mean (Keras SUM_OVER_BATCH_SIZE) of a per-sample loss.
// mse/bce/cce/sparseCce use tfjs-layers' own Keras loss code (via tf.metrics,
// which exposes the same functions); halfSse is written here.

const EPS = 1e-7; // Keras backend epsilon (tfjs cpu backend's epsilon())

const LOSSES = {
  /** 0.5 * sum over outputs of (a - y)^2, mean over batch */
  halfSse: (y, a) => tf.mean(tf.mul(0.5, tf.sum(tf.square(tf.sub(a, y)), -1))),
  /** Keras MSE: mean over outputs of (a - y)^2, mean over batch */
  mse: (y, a) => tf.mean(tf.metrics.meanSquaredError(y, a)),
  /** Keras BCE on probabilities, clipped to [1e-7, 1-1e-7]; mean over outputs, then batch */
  bce: (y, a) => tf.mean(tf.metrics.binaryCrossentropy(y, a)),
  /** Keras CCE on probabilities (renormalised, clipped), one-hot targets; mean over batch */
  cce: (y, a) => tf.mean(tf.metrics.categoricalCrossentropy(y, a)),
  /** Keras sparse CCE: integer labels -> one-hot, then as cce (tfjs-layers' code path) */
  sparseCce: (labels, a) => {
    const clipped = tf.clipByValue(a, EPS, 1 - EPS);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), a.shape[a.shape.length - 1]);
    return tf.mean(tf.metrics.categoricalCrossentropy(oneHot, clipped));
  },
};

// ---------------------------------------------------------------- one case

/**
 * Runs forward, gradient, one SGD step and one Adam step for a built model
 * whose weights are already set; returns the fixture object (minus metadata).
 */
function measure(model, x, y, lossName) {
  const lossFn = LOSSES[lossName];
  const wl = weightList(model);
  const initial = snapshot(wl);

  const output = tf.tidy(() => tensorJson(model.apply(x)));
  const vars = wl.map((w) => w.variable);
  const { value, grads } = tf.variableGrads(() => lossFn(y, model.apply(x)), vars);
  const loss = Number(value.dataSync()[0]);
  const gradList = wl.map((w) => ({ name: w.name, shape: w.variable.shape.slice(), data: toNumbers(grads[w.variable.name]) }));

  // One SGD step.
  const sgd = tf.train.sgd(SGD_LR);
  sgd.applyGradients(grads);
  const sgdAfter = snapshot(wl);
  sgd.dispose();

  // One Adam step from the same initial weights and the same gradients.
  restore(wl, initial);
  const adam = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  adam.applyGradients(grads);
  const adamAfter = snapshot(wl);
  adam.dispose();
  restore(wl, initial);
  Object.values(grads).forEach((g) => g.dispose());
  value.dispose();

  // Keras form of the same Adam step, in f64, rounded to f32.
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = ADAM;
  const alpha = (lr * Math.sqrt(1 - b2)) / (1 - b1);
  const kerasAfter = initial.map((w, i) => ({
    ...w,
    data: w.data.map((p, j) => {
      const g = gradList[i].data[j];
      const m = (1 - b1) * g;
      const v = (1 - b2) * g * g;
      return Math.fround(p - (alpha * m) / (Math.sqrt(v) + eps));
    }),
  }));
  let maxAbsDiff = 0;
  let maxRelDiff = 0; // |keras - tfjs| / |tfjs weight|
  let maxStepRelDiff = 0; // |keras - tfjs| / |tfjs step|
  adamAfter.forEach((w, i) =>
    w.data.forEach((a, j) => {
      const k = kerasAfter[i].data[j];
      const d = Math.abs(k - a);
      maxAbsDiff = Math.max(maxAbsDiff, d);
      if (a !== 0) maxRelDiff = Math.max(maxRelDiff, d / Math.abs(a));
      const step = Math.abs(a - initial[i].data[j]);
      if (step > 0) maxStepRelDiff = Math.max(maxStepRelDiff, d / step);
    }),
  );

  return {
    input: tensorJson(x),
    target: tensorJson(y),
    weights: initial,
    output,
    loss,
    grads: gradList,
    sgd: { learningRate: SGD_LR, weightsAfter: sgdAfter },
    adam: {
      ...ADAM,
      step: 1,
      epsilonForm: 'tfjs',
      epsilonFormNote:
        'weightsAfter: tfjs form p -= lr*mhat/(sqrt(vhat)+eps). kerasWeightsAfter: Keras form ' +
        'p -= alpha*m/(sqrt(v)+eps), alpha = lr*sqrt(1-b2^t)/(1-b1^t), computed in f64 from grads, rounded to f32.',
      weightsAfter: adamAfter,
      kerasWeightsAfter: kerasAfter,
      kerasVsTfjs: { maxAbsDiff, maxRelDiff, maxStepRelDiff },
    },
  };
}

const gradsClearOfZero = (grads) => grads.every((g) => g.data.every((v) => v === 0 || Math.abs(v) >= GRAD_MIN));

// ---------------------------------------------------------------- dense cases

const DENSE_CASES = [
  { name: 'dense_half_sse', sizes: [3, 4, 2], activations: ['tanh', 'linear'], loss: 'halfSse', target: 'real' },
  { name: 'dense_mse', sizes: [3, 4, 2], activations: ['relu', 'linear'], loss: 'mse', target: 'real' },
  { name: 'dense_bce', sizes: [3, 4, 2], activations: ['tanh', 'sigmoid'], loss: 'bce', target: 'binary' },
  { name: 'dense_cce', sizes: [3, 4, 3], activations: ['relu', 'softmax'], loss: 'cce', target: 'oneHot' },
];
const DENSE_BATCH = 4;

/** Returns null when the seed gives a ReLU kink or a probability near the clip. */
function tryDense(spec, seed) {
  const rng = makeRng(seed);
  const { sizes, activations } = spec;
  const layers = [];
  const weights = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    weights.push(tf.tensor(uniformArray(rng, fanIn * fanOut, glorot(fanIn, fanOut)), [fanIn, fanOut]));
    weights.push(tf.tensor(uniformArray(rng, fanOut, 0.5), [fanOut]));
    layers.push({
      className: 'Dense',
      name: `dense_${l + 1}`,
      config: { units: fanOut, activation: activations[l], useBias: true, ...(l === 0 ? { inputShape: [fanIn] } : {}) },
    });
  }
  const nIn = sizes[0];
  const nOut = sizes[sizes.length - 1];
  const x = tf.tensor(uniformArray(rng, DENSE_BATCH * nIn, 1), [DENSE_BATCH, nIn]);
  let y;
  if (spec.target === 'real') y = tf.tensor(uniformArray(rng, DENSE_BATCH * nOut, 1), [DENSE_BATCH, nOut]);
  else if (spec.target === 'binary')
    y = tf.tensor(Array.from({ length: DENSE_BATCH * nOut }, () => rng.int(0, 1)), [DENSE_BATCH, nOut]);
  else {
    const cls = Array.from({ length: DENSE_BATCH }, (_, i) => (i < nOut ? i : rng.int(0, nOut - 1)));
    y = tf.oneHot(tf.tensor1d(cls, 'int32'), nOut).toFloat();
  }

  const model = tf.sequential({ layers: layers.map((l) => tf.layers.dense({ name: l.name, ...l.config })) });
  model.setWeights(weights);

  // Guards: pre-activations away from ReLU kinks, probabilities away from the clip.
  const ok = tf.tidy(() => {
    let a = x;
    for (let l = 0; l < layers.length; l++) {
      const z = tf.add(tf.matMul(a, weights[2 * l]), weights[2 * l + 1]);
      if (activations[l] === 'relu') {
        const zs = z.dataSync();
        if (zs.some((v) => Math.abs(v) < KINK_MARGIN)) return false;
        // every hidden ReLU unit must be active for at least one sample (else its weights get no gradient)
        for (let j = 0; j < z.shape[1]; j++) {
          let any = false;
          for (let b = 0; b < z.shape[0]; b++) any ||= zs[b * z.shape[1] + j] > 0;
          if (!any) return false;
        }
      }
      a = model.layers[l].apply(a);
    }
    if (['sigmoid', 'softmax'].includes(activations[activations.length - 1])) {
      if (Array.from(a.dataSync()).some((p) => p < PROB_MARGIN || p > 1 - PROB_MARGIN)) return false;
    }
    return true;
  });
  if (!ok) {
    model.dispose();
    return null;
  }
  const result = measure(model, x, y, spec.loss);
  model.dispose();
  if (!gradsClearOfZero(result.grads)) return null;
  return {
    model: {
      kind: 'dense',
      sizes,
      activations,
      loss: spec.loss,
      lossReduction: 'mean over batch (Keras SUM_OVER_BATCH_SIZE)',
      layers,
    },
    ...result,
  };
}

// ---------------------------------------------------------------- text cases

const TEXT = { vocab: 50, dim: 8, filters: 6, kernel: 3, seqLen: 12 };

const TEXT_CASES = [
  { name: 'text_binary', batch: 4, units: 1, activation: 'sigmoid', loss: 'bce', lengths: [12, 9, 7, 10] },
  { name: 'text_multiclass', batch: 5, units: 4, activation: 'softmax', loss: 'sparseCce', lengths: [12, 8, 11, 9, 10] },
];

/** Returns null when the seed gives a max-pool tie, a ReLU kink or a probability near the clip. */
function tryText(spec, seed) {
  const rng = makeRng(seed);
  const { vocab, dim, filters, kernel, seqLen } = TEXT;
  const emb = tf.tensor(uniformArray(rng, vocab * dim, 0.5), [vocab, dim]);
  const convK = tf.tensor(uniformArray(rng, kernel * dim * filters, glorot(kernel * dim, filters)), [kernel, dim, filters]);
  const convB = tf.tensor(uniformArray(rng, filters, 0.2), [filters]);
  const denseK = tf.tensor(uniformArray(rng, filters * spec.units, glorot(filters, spec.units)), [filters, spec.units]);
  const denseB = tf.tensor(uniformArray(rng, spec.units, 0.2), [spec.units]);

  // Token ids in 1..vocab-1, 'pre' padded with 0 to seqLen.
  const ids = [];
  for (const len of spec.lengths) {
    for (let t = 0; t < seqLen - len; t++) ids.push(0);
    for (let t = 0; t < len; t++) ids.push(rng.int(1, vocab - 1));
  }
  const x = tf.tensor2d(ids, [spec.batch, seqLen], 'int32');
  let y;
  if (spec.loss === 'bce') y = tf.tensor2d([0, 1, 1, 0], [spec.batch, 1]);
  else y = tf.tensor1d([0, 1, 2, 3, rng.int(0, spec.units - 1)], 'int32');

  const layers = [
    { className: 'Embedding', name: 'embedding', config: { inputDim: vocab, outputDim: dim, inputLength: seqLen, maskZero: false } },
    {
      className: 'Conv1D',
      name: 'conv1d',
      config: { filters, kernelSize: kernel, strides: 1, padding: 'valid', dilationRate: 1, activation: 'relu', useBias: true },
    },
    { className: 'GlobalMaxPooling1D', name: 'global_max_pooling1d', config: {} },
    { className: 'Dense', name: 'dense', config: { units: spec.units, activation: spec.activation, useBias: true } },
  ];
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ name: layers[0].name, ...layers[0].config }),
      tf.layers.conv1d({ name: layers[1].name, ...layers[1].config }),
      tf.layers.globalMaxPooling1d({ name: layers[2].name }),
      tf.layers.dense({ name: layers[3].name, ...layers[3].config }),
    ],
  });
  model.setWeights([emb, convK, convB, denseK, denseB]);

  const ok = tf.tidy(() => {
    const z = tf.add(tf.conv1d(tf.gather(emb, x), convK, 1, 'valid'), convB); // [batch, T', filters]
    const [B, T, F] = z.shape;
    const zs = z.dataSync();
    if (zs.some((v) => Math.abs(v) < KINK_MARGIN)) return false;
    for (let b = 0; b < B; b++) {
      for (let f = 0; f < F; f++) {
        const col = [];
        for (let t = 0; t < T; t++) col.push(zs[(b * T + t) * F + f]);
        col.sort((p, q) => q - p);
        // unique positive max (relu(max) > 0 so the pool has a single argmax)
        if (col[0] <= KINK_MARGIN || col[0] - col[1] < TIE_MARGIN) return false;
      }
    }
    const probs = model.apply(x).dataSync();
    return !Array.from(probs).some((p) => p < PROB_MARGIN || p > 1 - PROB_MARGIN);
  });
  if (!ok) {
    model.dispose();
    return null;
  }
  const result = measure(model, x, y, spec.loss);
  model.dispose();
  if (!gradsClearOfZero(result.grads)) return null;
  return {
    model: {
      kind: 'text',
      vocabSize: vocab,
      embeddingDim: dim,
      sequenceLength: seqLen,
      padding: 'pre',
      filters,
      kernelSize: kernel,
      outputUnits: spec.units,
      outputActivation: spec.activation,
      loss: spec.loss,
      lossReduction: 'mean over batch (Keras SUM_OVER_BATCH_SIZE)',
      layers,
    },
    ...result,
  };
}

// ---------------------------------------------------------------- main

function build(name, attempt, baseSeed) {
  for (let k = 0; k < 1000; k++) {
    const seed = baseSeed + k;
    const r = attempt(seed);
    if (r) return { name, seed, rejectedSeeds: k, ...r };
  }
  throw new Error(`${name}: no acceptable seed in 1000 tries`);
}

/** JSON with two-space indent, but arrays of numbers kept on one line. */
function stringify(value, indent = '') {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => inner + stringify(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return (
    '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringify(value[k], inner)}`).join(',\n') + '\n' + indent + '}'
  );
}

function fixture(name, body) {
  return {
    name,
    generator: 'node scripts/tfjs-fixtures.mjs',
    tfjsVersion: tf.version.tfjs,
    backend: tf.getBackend(),
    ...body,
  };
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  mkdirSync(OUT_DIR, { recursive: true });
  const written = [];
  DENSE_CASES.forEach((spec, i) => {
    const { name, ...body } = build(spec.name, (s) => tryDense(spec, s), 1000 + 100 * i);
    written.push([name, fixture(name, body)]);
  });
  TEXT_CASES.forEach((spec, i) => {
    const { name, ...body } = build(spec.name, (s) => tryText(spec, s), 2000 + 100 * i);
    written.push([name, fixture(name, body)]);
  });
  for (const [name, fx] of written) {
    writeFileSync(join(OUT_DIR, `${name}.json`), stringify(fx) + '\n');
    const d = fx.adam.kerasVsTfjs;
    console.log(
      `${name}: seed ${fx.seed} (rejected ${fx.rejectedSeeds}), loss ${fx.loss.toPrecision(8)}, ` +
        `adam keras-vs-tfjs max abs ${d.maxAbsDiff.toExponential(2)}, ` +
        `rel-to-weight ${d.maxRelDiff.toExponential(2)}, rel-to-step ${d.maxStepRelDiff.toExponential(2)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
