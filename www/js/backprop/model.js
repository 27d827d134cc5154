// Building a network state (docs/network-state.md) from the builder's
// settings. The initialisers run here in JS with the seeded PRNG of
// lib/prng.js (the core validates the result):
//   constant: every weight and bias = value (the article uses 0.5);
//   glorot:   weights U(-l, l), l = sqrt(6/(fan_in + fan_out)) (Keras glorot_uniform), biases 0;
//   he:       weights U(-l, l), l = sqrt(6/fan_in) (Keras he_uniform), biases 0;
//   random:   weights and biases U(-0.5, 0.5).
// Pure; usable from node.
import { createRng } from '../lib/prng.js';

export const LIMITS = { inputs: [1, 8], hidden: [0, 4], units: [1, 8], outputs: [1, 8] };
export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'];
export const OUTPUT_ACTIVATIONS = [...ACTIVATIONS, 'softmax'];
export const LOSSES = [
  ['halfSse', 'squared error, 1/2·Σ(a-y)²'],
  ['mse', 'mean squared error'],
  ['bce', 'binary cross-entropy'],
  ['cce', 'categorical cross-entropy'],
];
export const INITS = [
  ['constant', 'constant'],
  ['glorot', 'Glorot uniform'],
  ['he', 'He uniform'],
  ['random', 'seeded random U(-0.5, 0.5)'],
];
export const OPTIMIZERS = [['sgd', 'SGD'], ['momentum', 'SGD with momentum'], ['adam', 'Adam']];

/** The readable name of a loss or optimizer kind, e.g. 'halfSse' -> 'squared error, 1/2·Σ(a-y)²'. */
export const lossName = (kind) => LOSSES.find(([k]) => k === kind)?.[1] ?? kind;
export const optimizerName = (kind) => OPTIMIZERS.find(([k]) => k === kind)?.[1] ?? kind;

/** The builder's default settings (the article's network). */
export function defaultConfig() {
  return {
    inputs: 2, hidden: [{ units: 3, activation: 'relu' }], outputs: 2, outputActivation: 'relu',
    loss: 'halfSse', init: { kind: 'constant', value: 0.5, seed: 1 }, learningRate: 0.1,
    optimizer: { kind: 'sgd', momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  };
}

/** The builder settings that describe an existing state (init unknown: kept from `prev`). */
export function configFromState(state, prev = defaultConfig()) {
  const acts = state.activations;
  return {
    inputs: state.sizes[0],
    hidden: state.sizes.slice(1, -1).map((units, l) => ({ units, activation: acts[l] })),
    outputs: state.sizes[state.sizes.length - 1],
    outputActivation: acts[acts.length - 1],
    loss: state.loss,
    init: prev.init,
    learningRate: state.learningRate,
    optimizer: { ...defaultConfig().optimizer, ...state.optimizer },
  };
}

/** Check the settings; returns a list of messages naming the field (empty: fine). */
export function checkConfig(c) {
  const errs = [];
  const inRange = (v, [lo, hi], what) => {
    if (!Number.isInteger(v) || v < lo || v > hi) errs.push(`${what}: must be a whole number from ${lo} to ${hi}`);
  };
  inRange(c.inputs, LIMITS.inputs, 'inputs');
  inRange(c.outputs, LIMITS.outputs, 'outputs');
  inRange(c.hidden.length, LIMITS.hidden, 'hidden layers');
  c.hidden.forEach((h, l) => inRange(h.units, LIMITS.units, `hidden layer ${l + 1} units`));
  if (!(Number.isFinite(c.learningRate) && c.learningRate > 0)) errs.push('learning rate: must be a finite number > 0');
  if (c.init.kind === 'constant' && !Number.isFinite(c.init.value)) errs.push('initial value: must be a finite number');
  if (!Number.isInteger(c.init.seed)) errs.push('seed: must be a whole number');
  if (c.outputActivation === 'softmax' && c.outputs < 2) errs.push('output activation: softmax needs at least 2 outputs');
  return errs;
}

function optimizerSpec(o) {
  if (o.kind === 'momentum') return { kind: 'momentum', momentum: o.momentum };
  if (o.kind === 'adam') return { kind: 'adam', beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon };
  return { kind: 'sgd' };
}

/**
 * A fresh state from builder settings. `sample` ({input, target}) is kept
 * when its lengths fit, else input (1, 0, 1, ...) and a one-hot target.
 */
export function buildState(c, sample) {
  const sizes = [c.inputs, ...c.hidden.map((h) => h.units), c.outputs];
  const rng = createRng(c.init.seed);
  const weights = [];
  const biases = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const limit = c.init.kind === 'glorot' ? Math.sqrt(6 / (fanIn + fanOut))
      : c.init.kind === 'he' ? Math.sqrt(6 / fanIn) : 0.5;
    const w = () => (c.init.kind === 'constant' ? c.init.value : rng.range(-limit, limit));
    const b = () => (c.init.kind === 'constant' ? c.init.value : c.init.kind === 'random' ? rng.range(-0.5, 0.5) : 0);
    weights.push(Array.from({ length: fanOut }, () => Array.from({ length: fanIn }, w)));
    biases.push(Array.from({ length: fanOut }, b));
  }
  const out = sizes[sizes.length - 1];
  const input = sample?.input?.length === sizes[0] ? [...sample.input] : Array.from({ length: sizes[0] }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const target = sample?.target?.length === out ? [...sample.target] : Array.from({ length: out }, (_, j) => (j === 0 ? 1 : 0));
  return {
    version: 1, sizes,
    activations: [...c.hidden.map((h) => h.activation), c.outputActivation],
    loss: c.loss, weights, biases, input, target,
    learningRate: c.learningRate, optimizer: optimizerSpec(c.optimizer),
    optimizerState: { t: 0 }, step: 0,
  };
}

/** The four XOR points as step-by-step examples. */
export function xorExamples() {
  return [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map(([a, b, y]) => ({ input: [a, b], target: [y] }));
}
