// Toy datasets mode (like the TensorFlow Playground): a 2-input, 1-output
// network (sigmoid output, binary cross-entropy) trained on circle / XOR /
// gaussian / spiral points. Each animation frame makes ONE trainSteps call,
// ONE predictBatch call (the decision-boundary grid plus every train and test
// point, from which the train/test losses are computed) and ONE
// activationsBatch call (every neuron's output over a coarse grid).
// One instance per mount; all of its state is in the closure of createToyView.
import { el, labelled, select } from '../lib/dom.js';
import { parseNumber, formatNumber } from '../lib/format.js';
import { divergingRgb } from '../lib/colors.js';
import { drawHeatmap, gridPoints } from '../lib/heatmap.js';
import { createLineChart } from '../lib/chart.js';
import { DATASETS, DOMAIN, makeDataset, toArrays } from './toy-data.js';
import { meanLoss } from './losses.js';
import { buildState, ACTIVATIONS, OPTIMIZERS } from './model.js';

const GRID = 40;      // decision boundary cells per side
const NGRID = 16;     // neuron heat map cells per side

/** @param {{engine: object}} deps */
export function createToyView({ engine }) {
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
  };
  const noiseOut = el('output', { class: 'num' });
  const trainOut = el('output', { class: 'num' });
  const playBtn = el('button', { type: 'button', class: 'primary', onclick: () => (s.playing ? pause() : play()) }, 'Play');
  const status = el('p', { class: 'toy-status num', role: 'status' });
  const msg = el('p', { class: 'error', role: 'alert' });
  const boundary = el('canvas', { width: 320, height: 320, class: 'toy-boundary', role: 'img', 'aria-label': 'Decision boundary: orange is class 1, blue class 0; dots are training points, ringed dots test points' });
  const neurons = el('div', { class: 'toy-neurons' });
  const chart = createLineChart({ title: 'Loss (mean binary cross-entropy)', yLabel: 'loss', log: true });
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
    return {
      errs, batch, spf, seed, hidden,
      net: { inputs: 2, outputs: 1, hidden: hidden.map((units) => ({ units, activation: f.activation.value })), outputActivation: 'sigmoid',
        loss: 'bce', init: { kind: 'glorot', value: 0, seed }, learningRate: lr.value,
        optimizer: { kind: f.optimizer.value, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
    };
  }

  function newData() {
    const c = config();
    s.data = makeDataset({ kind: f.dataset.value, noise: Number(f.noise.value) / 100, trainFraction: Number(f.train.value) / 100, seed: c.seed || 1 });
    const tr = toArrays(s.data.train);
    const te = toArrays(s.data.test);
    const all = new Float64Array(s.grid.length + tr.inputs.length + te.inputs.length);
    all.set(s.grid, 0); all.set(tr.inputs, s.grid.length); all.set(te.inputs, s.grid.length + tr.inputs.length);
    s.arrays = { train: tr, test: te, predictInputs: all };
    noiseOut.textContent = `${f.noise.value}%`;
    trainOut.textContent = `${f.train.value}% (${s.data.train.length} train, ${s.data.test.length} test)`;
  }

  function resetNet() {
    const c = config();
    msg.textContent = c.errs.join(' ');
    if (c.errs.length) return false;
    s.net?.free();
    s.net = null;
    try {
      s.state = buildState(c.net);
      s.net = engine.open(s.state);
    } catch (e) {
      msg.textContent = engine.messageOf(e);
      return false;
    }
    s.step = 0;
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

  /** One frame's picture: ONE predictBatch and ONE activationsBatch call. */
  function render() {
    if (!s.net) return;
    let pred;
    let acts;
    try {
      pred = s.net.predictBatch(s.arrays.predictInputs);
      acts = s.net.activationsBatch(s.ngrid);
    } catch (e) {
      fail(engine.messageOf(e));
      return;
    }
    const nGrid = GRID * GRID;
    const trainLoss = meanLoss('bce', pred, s.arrays.train.targets, 1, nGrid);
    const testLoss = meanLoss('bce', pred, s.arrays.test.targets, 1, nGrid + s.arrays.train.targets.length);
    if (!s.curve.x.length || s.curve.x[s.curve.x.length - 1] !== s.step) {
      s.curve.x.push(s.step); s.curve.train.push(trainLoss); s.curve.test.push(testLoss);
    }
    const pts = [
      ...s.data.train.map((p) => ({ x: p.x, y: p.y, color: p.label ? '#e0801f' : '#2f6fde', stroke: '#fff' })),
      ...s.data.test.map((p) => ({ x: p.x, y: p.y, color: p.label ? '#e0801f' : '#2f6fde', stroke: '#1d2330' })),
    ];
    drawHeatmap(boundary, { values: pred, rows: GRID, cols: GRID, color: (v) => divergingRgb((2 * v - 1) * 0.8), points: pts, domain: DOMAIN });
    const n = NGRID * NGRID;
    for (const nc of neuronCanvases) {
      let m = 1e-9;
      for (let k = 0; k < n; k++) m = Math.max(m, Math.abs(acts[nc.unit * n + k]));
      const scale = nc.output ? null : m;
      drawHeatmap(nc.canvas, { values: acts, offset: nc.unit * n, rows: NGRID, cols: NGRID,
        color: (v) => divergingRgb(scale === null ? 2 * v - 1 : v / scale) });
    }
    chart.update([
      { name: 'train', color: '#e0801f', values: s.curve.train, x: s.curve.x },
      { name: 'test', color: '#2f6fde', values: s.curve.test, x: s.curve.x, dash: '5 3' },
    ]);
    status.textContent = `Step ${s.step} · train loss ${formatNumber(trainLoss)} · test loss ${formatNumber(testLoss)}`;
    status.dataset.step = String(s.step);
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
      const losses = s.net.trainSteps(s.arrays.train.inputs, s.arrays.train.targets, c.batch, c.spf, (c.seed * 100003 + s.frame) >>> 0);
      s.step += losses.length;
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
    msg.textContent = '';
    s.raf = requestAnimationFrame(loop);
  }
  function pause() {
    s.playing = false;
    cancelAnimationFrame(s.raf);
    playBtn.textContent = 'Play';
  }

  for (const k of ['dataset', 'noise', 'train', 'seed']) f[k].addEventListener('change', () => { newData(); resetNet(); });
  f.noise.addEventListener('input', () => { noiseOut.textContent = `${f.noise.value}%`; });
  for (const k of ['hidden', 'activation', 'optimizer', 'lr']) f[k].addEventListener('change', () => { pause(); resetNet(); });

  const element = el('section', { class: 'bp-toy', 'aria-labelledby': 'bp-toy-h' },
    el('h2', { id: 'bp-toy-h' }, 'Toy datasets'),
    el('p', { class: 'hint' }, 'Two inputs (the point\'s x and y), hidden layers as you set them, one sigmoid output trained with binary cross-entropy; weights Glorot uniform from the seed. Each frame runs one trainSteps call in the core.'),
    el('div', { class: 'row' }, labelled('Dataset', f.dataset), labelled('Noise', f.noise), noiseOut, labelled('Training data', f.train), trainOut),
    el('div', { class: 'row' }, labelled('Hidden layers (units, comma separated)', f.hidden), labelled('Activation', f.activation),
      labelled('Learning rate', f.lr), labelled('Optimizer', f.optimizer)),
    el('div', { class: 'row' }, labelled('Batch size', f.batch), labelled('Steps per frame', f.spf), labelled('Seed', f.seed)),
    el('div', { class: 'row' }, playBtn,
      el('button', { type: 'button', onclick: () => { pause(); if (s.net || resetNet()) trainFrame(); } }, 'Train one frame'),
      el('button', { type: 'button', onclick: () => { pause(); resetNet(); } }, 'Reset network'),
      el('button', { type: 'button', onclick: () => { f.seed.value = String(Number(f.seed.value) + 1); newData(); resetNet(); } }, 'New data')),
    status, msg,
    el('div', { class: 'toy-main' },
      el('figure', { class: 'toy-fig' }, boundary, el('figcaption', {}, 'Decision boundary (network output over the plane)')),
      el('div', { class: 'toy-side' }, el('h3', {}, 'Each neuron\'s output'), neurons, chart.element)));

  return {
    element,
    start() { if (!s.data) newData(); if (!s.net) resetNet(); },
    pause,
    /** For the benchmark/tests: run one frame synchronously. */
    trainFrame,
    destroy() { pause(); s.net?.free(); s.net = null; },
  };
}
