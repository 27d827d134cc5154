// Toy datasets mode (like the TensorFlow Playground): a network with one
// input per selected feature of the point (X1, X2, X1², X2², X1X2, sin X1,
// sin X2) and one output (sigmoid + binary cross-entropy on labels 0/1, or
// tanh + mean squared error on labels -1/+1 as the Playground does), trained
// on circle / XOR / gaussian / spiral points. Each animation frame makes ONE trainSteps call,
// ONE predictBatch call (the decision-boundary grid plus every train and test
// point, from which the train/test losses are computed) and ONE
// activationsBatch call (every neuron's output over a coarse grid).
// One instance per mount; all of its state is in the closure of createToyView.
import { el, labelled, select } from '../lib/dom.js';
import { parseNumber, formatNumber } from '../lib/format.js';
import { CLASS_COLOR, boundaryRgb, unitRgb } from './toy-colors.js';
import { drawHeatmap, gridPoints } from '../lib/heatmap.js';
import { createLineChart } from '../lib/line-chart.js';
import { DATASETS, DOMAIN, FEATURES, makeDataset, toArrays, featurize } from './toy-data.js';
import { meanLoss } from './losses.js';
import { buildState, ACTIVATIONS, OPTIMIZERS } from './model.js';

const GRID = 40;      // decision boundary cells per side
const NGRID = 16;     // neuron heat map cells per side
const OUTPUTS = [
  ['sigmoid-bce', 'sigmoid + cross-entropy, labels 0/1'],
  ['tanh-mse', 'tanh + squared error, labels ±1 (Playground)'],
];
const LOSS_NAME = { bce: 'mean binary cross-entropy', mse: 'mean squared error' };
// The TensorFlow Playground's choices: a penalty on the weights (not the biases) and its rate.
const REGULARIZATIONS = [['none', 'None'], ['l1', 'L1'], ['l2', 'L2']];
const REGULARIZATION_RATES = ['0', '0.001', '0.003', '0.01', '0.03', '0.1', '0.3', '1', '3', '10'].map((r) => [r, r]);

/** @param {{engine: object}} deps */
/**
 * @param {{engine: object, onChange?: () => void}} opts
 *   onChange: a setting changed (the page writes its address then)
 */
export function createToyView({ engine, onChange }) {
  const s = {
    net: null, step: 0, playing: false, raf: 0, frame: 0,
    data: null, arrays: null, curve: { x: [], train: [], test: [] }, error: null,
    grid: gridPoints(GRID, GRID, DOMAIN), ngrid: gridPoints(NGRID, NGRID, DOMAIN),
  };
  const f = {
    dataset: select(DATASETS, 'circle'),
    noise: el('input', { type: 'range', min: 0, max: 50, step: 5, value: 0 }),
    train: el('input', { type: 'range', min: 10, max: 90, step: 10, value: 50 }),
    batch: el('input', { type: 'number', min: 1, max: 30, step: 1, value: 10, class: 'short' }),
    hidden: el('input', { type: 'text', value: '4, 4', size: 8 }),
    activation: select(ACTIVATIONS.map((a) => [a, a]), 'tanh'),
    lr: el('input', { type: 'text', inputmode: 'decimal', value: '0.03', size: 6 }),
    optimizer: select(OPTIMIZERS, 'adam'),
    seed: el('input', { type: 'number', min: 0, step: 1, value: 1, class: 'short' }),
    spf: el('input', { type: 'number', min: 1, max: 50, step: 1, value: 5, class: 'short' }),
    output: select(OUTPUTS, 'sigmoid-bce'),
    regularization: select(REGULARIZATIONS, 'none'),
    regRate: select(REGULARIZATION_RATES, '0'),
  };
  const featureBoxes = FEATURES.map(([key, label]) => {
    const box = el('input', { type: 'checkbox', value: key, checked: key === 'x1' || key === 'x2', dataset: { feature: key } });
    box.addEventListener('change', () => { pause(); resetNet(); });
    return { key, label, box };
  });
  const noiseOut = el('output', { class: 'num', 'aria-live': 'off' });
  const trainOut = el('output', { class: 'num', 'aria-live': 'off' });
  const playBtn = el('button', { type: 'button', class: 'primary toy-play', onclick: () => (s.playing ? pause() : play()) }, 'Play');
  const status = el('p', { class: 'toy-status num', role: 'status' });
  const msg = el('p', { class: 'error', role: 'alert' });
  const boundary = el('canvas', { width: 320, height: 320, class: 'toy-boundary', role: 'img', 'aria-label': 'Decision boundary: orange is class 1, blue class 0; dots are training points, ringed dots test points' });
  const neurons = el('div', { class: 'toy-neurons' });
  const chart = createLineChart({ title: 'Loss (mean binary cross-entropy)', xLabel: 'step', yLabel: 'loss', log: true, series: [
    { key: 'train', name: 'train', color: '#e0801f' },
    { key: 'test', name: 'test', color: '#2f6fde', dash: '5 3' },
  ] });
  let neuronCanvases = [];

  function config() {
    const errs = [];
    const hidden = f.hidden.value.trim() === '' ? [] : f.hidden.value.split(/[,\s]+/).filter(Boolean).map(Number);
    if (hidden.length > 4 || hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 8)) errs.push('hidden layers: up to 4 numbers from 1 to 8, e.g. "4, 4"');
    const lr = parseNumber(f.lr.value, 'learning rate');
    if (!lr.ok) errs.push(lr.message); else if (!(lr.value > 0)) errs.push('learning rate: must be > 0');
    const batch = Number(f.batch.value);
    if (!Number.isInteger(batch) || batch < 1 || batch > 30) errs.push('batch size: a whole number from 1 to 30');
    const spf = Number(f.spf.value);
    if (!Number.isInteger(spf) || spf < 1 || spf > 50) errs.push('steps per frame: a whole number from 1 to 50');
    const seed = Number(f.seed.value);
    if (!Number.isInteger(seed) || seed < 0) errs.push('seed: a whole number ≥ 0');
    const features = featureBoxes.filter((b) => b.box.checked).map((b) => b.key);
    if (!features.length) errs.push('input features: pick at least one');
    const tanh = f.output.value === 'tanh-mse';
    return {
      errs, batch, spf, seed, hidden, features, loss: tanh ? 'mse' : 'bce', negative: tanh ? -1 : 0,
      regularization: f.regularization.value, regRate: Number(f.regRate.value),
      net: { inputs: features.length, outputs: 1, hidden: hidden.map((units) => ({ units, activation: f.activation.value })), outputActivation: tanh ? 'tanh' : 'sigmoid',
        loss: tanh ? 'mse' : 'bce', init: { kind: 'glorot', value: 0, seed }, learningRate: lr.value,
        optimizer: { kind: f.optimizer.value, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
    };
  }

  function newData() {
    const c = config();
    s.data = makeDataset({ kind: f.dataset.value, noise: Number(f.noise.value) / 100, trainFraction: Number(f.train.value) / 100, seed: Number.isInteger(c.seed) && c.seed >= 0 ? c.seed : 1 }); // seed 0 is a seed like any other
    noiseOut.textContent = `${f.noise.value}%`;
    trainOut.textContent = `${f.train.value}% (${s.data.train.length} train, ${s.data.test.length} test)`;
    // The sliders read what their outputs say, not a bare number.
    f.noise.setAttribute('aria-valuetext', noiseOut.textContent);
    f.train.setAttribute('aria-valuetext', trainOut.textContent);
  }

  /** The network's inputs and targets for the chosen features and output. */
  function prepare(c) {
    const tr = toArrays(s.data.train, c.negative);
    const te = toArrays(s.data.test, c.negative);
    const F = c.features.length;
    const trainIn = featurize(tr.inputs, c.features);
    const testIn = featurize(te.inputs, c.features);
    const grid = featurize(s.grid, c.features);
    const all = new Float64Array(grid.length + trainIn.length + testIn.length);
    all.set(grid, 0); all.set(trainIn, grid.length); all.set(testIn, grid.length + trainIn.length);
    s.arrays = {
      train: { inputs: trainIn, targets: tr.targets }, test: { inputs: testIn, targets: te.targets },
      predictInputs: all, neuronInputs: featurize(s.ngrid, c.features), features: c.features, loss: c.loss, tanh: c.negative < 0,
    };
    s.inputs = F;
  }

  function resetNet() {
    const c = config();
    msg.textContent = c.errs.join(' ');
    if (c.errs.length) { stale(); return false; }
    if (!s.data) newData();
    prepare(c);
    s.net?.free();
    s.net = null;
    try {
      s.state = buildState(c.net);
      s.net = engine.open(s.state);
    } catch (e) {
      msg.textContent = engine.messageOf(e);
      stale();
      return false;
    }
    s.step = 0;
    s.samples = 0;
    s.curve = { x: [], train: [], test: [] };
    s.error = null;
    buildNeuronCanvases();
    render();
    return true;
  }

  function buildNeuronCanvases() {
    const sizes = s.state.sizes;
    neuronCanvases = [];
    const cols = [];
    const feats = s.arrays.features.map((key, j) => {
      const label = FEATURES.find((e) => e[0] === key)[1];
      const c = el('canvas', { width: 48, height: 48, class: 'toy-neuron toy-feature', role: 'img', 'aria-label': `input feature ${label} over the plane` });
      neuronCanvases.push({ canvas: c, unit: j, output: false, feature: true });
      return el('div', { class: 'toy-feat' }, c, el('span', { class: 'hint' }, label));
    });
    cols.push(el('div', { class: 'toy-layer' }, el('span', { class: 'hint' }, 'features'), feats));
    let unit = sizes[0];
    for (let l = 1; l < sizes.length; l++) {
      const items = [];
      for (let j = 0; j < sizes[l]; j++, unit++) {
        const c = el('canvas', { width: 48, height: 48, class: 'toy-neuron', role: 'img', 'aria-label': `${l === sizes.length - 1 ? 'output' : `hidden layer ${l}`} unit ${j + 1}: output over the plane` });
        neuronCanvases.push({ canvas: c, unit, output: l === sizes.length - 1 });
        items.push(c);
      }
      cols.push(el('div', { class: 'toy-layer' }, el('span', { class: 'hint' }, l === sizes.length - 1 ? 'output' : `layer ${l}`), items));
    }
    neurons.replaceChildren(...cols);
  }

  /** Settings that build no network: the old numbers and picture no longer apply. */
  function stale() {
    status.textContent = 'No network with these settings: fix the setting named below.';
    delete status.dataset.step;
    element.classList.add('toy-stale');
  }

  /** One frame's picture: ONE predictBatch and ONE activationsBatch call. */
  function render() {
    if (!s.net) return;
    let pred;
    let acts;
    try {
      pred = s.net.predictBatch(s.arrays.predictInputs);
      acts = s.net.activationsBatch(s.arrays.neuronInputs);
    } catch (e) {
      fail(engine.messageOf(e));
      return;
    }
    const nGrid = GRID * GRID;
    const { loss, tanh } = s.arrays;
    const nTrain = s.arrays.train.targets.length;
    const trainLoss = meanLoss(loss, pred, s.arrays.train.targets, 1, nGrid);
    const testLoss = meanLoss(loss, pred, s.arrays.test.targets, 1, nGrid + nTrain);
    const threshold = tanh ? 0 : 0.5;
    let right = 0;
    s.arrays.test.targets.forEach((y, k) => { if ((pred[nGrid + nTrain + k] > threshold) === (y > threshold)) right += 1; });
    const testAcc = right / Math.max(1, s.arrays.test.targets.length);
    const epoch = s.samples / Math.max(1, nTrain);
    if (!s.curve.x.length || s.curve.x[s.curve.x.length - 1] !== s.step) {
      s.curve.x.push(s.step); s.curve.train.push(trainLoss); s.curve.test.push(testLoss);
    }
    const pts = [
      ...s.data.train.map((p) => ({ x: p.x, y: p.y, color: CLASS_COLOR[p.label ? 1 : 0], stroke: '#fff' })),
      ...s.data.test.map((p) => ({ x: p.x, y: p.y, color: CLASS_COLOR[p.label ? 1 : 0], stroke: '#1d2330' })),
    ];
    drawHeatmap(boundary, { values: pred, rows: GRID, cols: GRID, color: (v) => boundaryRgb(v, tanh), points: pts, domain: DOMAIN });
    const n = NGRID * NGRID;
    // Hidden units share one fixed scale, an input feature has its own
    // (toy-colors.js unitRgb).
    for (const nc of neuronCanvases) {
      let m = 1e-9;
      if (nc.feature) for (let k = 0; k < n; k++) m = Math.max(m, Math.abs(acts[nc.unit * n + k]));
      drawHeatmap(nc.canvas, { values: acts, offset: nc.unit * n, rows: NGRID, cols: NGRID,
        color: (v) => unitRgb(v, { output: nc.output, feature: nc.feature, max: m, tanh }) });
    }
    const points = (ys) => ys.map((y, i) => ({ x: s.curve.x[i], y }));
    chart.setTitle(`Loss (${LOSS_NAME[loss]})`);
    chart.update({ train: points(s.curve.train), test: points(s.curve.test) });
    element.classList.remove('toy-stale');
    status.textContent = `Epoch ${epoch.toFixed(1)} · step ${s.step} · train loss ${formatNumber(trainLoss)} · test loss ${formatNumber(testLoss)} · test accuracy ${(100 * testAcc).toFixed(1)}%`;
    status.dataset.step = String(s.step);
    status.dataset.epoch = String(epoch);
    status.dataset.testAccuracy = String(testAcc);
    status.dataset.inputs = String(s.inputs);
    status.dataset.trainLoss = String(trainLoss);
    status.dataset.testLoss = String(testLoss);
  }

  function fail(message) {
    pause();
    s.error = message;
    msg.textContent = `Training stopped: ${message}`;
  }

  /** ONE trainSteps call (stepsPerFrame steps), then the picture. */
  function trainFrame() {
    const c = config();
    if (c.errs.length) { fail(c.errs.join(' ')); return; }
    try {
      const losses = s.net.trainSteps(s.arrays.train.inputs, s.arrays.train.targets, c.batch, c.spf, (c.seed * 100003 + s.frame) >>> 0, c.regularization, c.regRate);
      s.step += losses.length;
      s.samples += losses.length * c.batch;
    } catch (e) {
      fail(engine.messageOf(e));
      return;
    }
    s.frame += 1;
    render();
  }

  function loop() {
    if (!s.playing) return;
    trainFrame();
    if (s.playing) s.raf = requestAnimationFrame(loop);
  }
  function play() {
    if (!s.net && !resetNet()) return;
    s.playing = true;
    playBtn.textContent = 'Pause';
    // The status line changes every frame while playing: not announced then
    // (it would flood a screen reader); once more on Pause.
    status.setAttribute('aria-live', 'off');
    msg.textContent = '';
    s.raf = requestAnimationFrame(loop);
  }
  function pause() {
    s.playing = false;
    cancelAnimationFrame(s.raf);
    playBtn.textContent = 'Play';
    status.setAttribute('aria-live', 'polite');
  }

  for (const k of ['dataset', 'noise', 'train', 'seed']) f[k].addEventListener('change', () => { newData(); resetNet(); });
  f.noise.addEventListener('input', () => { noiseOut.textContent = `${f.noise.value}%`; f.noise.setAttribute('aria-valuetext', noiseOut.textContent); });
  for (const k of ['hidden', 'activation', 'optimizer', 'lr', 'output']) f[k].addEventListener('change', () => { pause(); resetNet(); });

  const element = el('section', { class: 'bp-toy', 'aria-labelledby': 'bp-toy-h' },
    el('h2', { id: 'bp-toy-h' }, 'Toy datasets'),
    el('p', { class: 'hint' }, 'One input per selected feature of the point (X₁, X₂) = (x, y), hidden layers as you set them, one output unit; weights Glorot uniform from the seed. An epoch is one pass over the training points; each animation frame trains a few steps.'),
    el('fieldset', { class: 'toy-features' }, el('legend', {}, 'Input features'),
      featureBoxes.map((b) => el('label', { class: 'check' }, b.box, b.label))),
    el('div', { class: 'row' }, labelled('Dataset', f.dataset), labelled('Noise', f.noise), noiseOut, labelled('Training data', f.train), trainOut),
    el('div', { class: 'row' }, labelled('Hidden layers (units, comma separated)', f.hidden), labelled('Activation', f.activation),
      labelled('Learning rate', f.lr), labelled('Optimizer', f.optimizer), labelled('Output and loss', f.output)),
    el('div', { class: 'row' }, labelled('Regularization', f.regularization), labelled('Regularization rate', f.regRate),
      labelled('Batch size', f.batch), labelled('Steps per frame', f.spf), labelled('Seed', f.seed)),
    el('p', { class: 'hint' }, 'Regularization adds rate × the penalty’s derivative to every weight’s gradient (L1: sign(w), L2: w; biases are not penalised), so weights shrink unless the data pulls them; it applies from the next frame. The loss curves show the data loss alone, as in the Playground.'),
    el('div', { class: 'row' }, playBtn,
      el('button', { type: 'button', onclick: () => { pause(); if (s.net || resetNet()) trainFrame(); } }, 'Train one frame'),
      el('button', { type: 'button', onclick: () => { pause(); resetNet(); } }, 'Reset network'),
      el('button', { type: 'button', onclick: () => { f.seed.value = String(Number(f.seed.value) + 1); newData(); resetNet(); } }, 'New data')),
    status, msg,
    el('div', { class: 'toy-main' },
      el('figure', { class: 'toy-fig', 'aria-label': 'Decision boundary (network output over the plane)' }, boundary, el('figcaption', {}, 'Decision boundary (network output over the plane)')),
      el('div', { class: 'toy-side' }, el('h3', {}, 'Each neuron\'s output'), neurons, chart.node)));

  // Every setting, as the fields hold it, for the address bar.
  const FIELD_KEYS = Object.keys(f);
  element.addEventListener('change', () => onChange?.());

  return {
    element,
    start() { if (!s.data) newData(); if (!s.net) resetNet(); },
    /** The settings as plain strings: { dataset, noise, ..., features: ['x1', ...] }. */
    settings() {
      const out = Object.fromEntries(FIELD_KEYS.map((k) => [k, f[k].value]));
      out.features = featureBoxes.filter((b) => b.box.checked).map((b) => b.key);
      return out;
    },
    /**
     * Set the fields from `settings()`'s output (from a link: untrusted).
     * Unknown keys are ignored; a select takes only one of its options; the
     * other fields take the text, which config() then checks as if typed.
     */
    applySettings(v) {
      if (!v || typeof v !== 'object') return;
      for (const k of FIELD_KEYS) {
        const x = v[k];
        if (typeof x !== 'string' && typeof x !== 'number') continue;
        const text = String(x).slice(0, 40);
        if (f[k].tagName === 'SELECT' && ![...f[k].options].some((o) => o.value === text)) continue;
        f[k].value = text;
      }
      if (Array.isArray(v.features)) for (const b of featureBoxes) b.box.checked = v.features.includes(b.key);
      noiseOut.textContent = `${f.noise.value}%`;
      s.data = null;
      pause();
      s.net?.free();
      s.net = null;
    },
    pause,
    /** For the benchmark/tests: run one frame synchronously. */
    trainFrame,
    destroy() { pause(); s.net?.free(); s.net = null; },
  };
}
