// "Build a network": inputs, hidden layers (units and activation each),
// outputs and their activation, loss, initializer, learning rate and
// optimizer. Builds a state with model.js (the initializer runs in JS with a
// seeded PRNG) and hands it to `onBuild(state, config)`.
import { el, labelled, select } from '../lib/dom.js';
import { parseNumber } from '../lib/format.js';
import { ACTIVATIONS, OUTPUT_ACTIVATIONS, LOSSES, INITS, OPTIMIZERS, LIMITS, checkConfig, buildState, defaultConfig, configFromState } from './model.js';

const opts = (list) => list.map((a) => (Array.isArray(a) ? a : [a, a]));
const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, k) => [String(lo + k), String(lo + k)]);

/**
 * @param {{onBuild: (state: object, config: object) => void, currentSample: () => object}} o
 * @returns {{element: HTMLElement, setFromState(state: object): void}}
 */
export function createBuilder({ onBuild, currentSample }) {
  let config = defaultConfig();
  const f = {
    inputs: select(range(...LIMITS.inputs), '2', { name: 'inputs' }),
    hiddenCount: select(range(...LIMITS.hidden), '1', { name: 'hidden' }),
    outputs: select(range(...LIMITS.outputs), '2', { name: 'outputs' }),
    outputActivation: select(opts(OUTPUT_ACTIVATIONS), 'relu'),
    loss: select(LOSSES, 'halfSse'),
    init: select(INITS, 'constant'),
    initValue: el('input', { type: 'text', inputmode: 'decimal', size: 6, value: '0.5' }),
    seed: el('input', { type: 'number', min: 0, step: 1, value: '1', class: 'short' }),
    lr: el('input', { type: 'text', inputmode: 'decimal', size: 6, value: '0.1' }),
    optimizer: select(OPTIMIZERS, 'sgd'),
    momentum: el('input', { type: 'text', inputmode: 'decimal', size: 5, value: '0.9' }),
    beta1: el('input', { type: 'text', inputmode: 'decimal', size: 5, value: '0.9' }),
    beta2: el('input', { type: 'text', inputmode: 'decimal', size: 6, value: '0.999' }),
    epsilon: el('input', { type: 'text', inputmode: 'decimal', size: 6, value: '1e-7' }),
  };
  const hiddenBox = el('div', { class: 'hidden-layers' });
  const optBox = el('div', { class: 'row' });
  const initValueField = labelled('Initial value', f.initValue);
  const seedField = labelled('Seed', f.seed);
  const msg = el('div', { class: 'error', role: 'alert' });
  let hiddenFields = [];

  function renderHidden() {
    const n = Number(f.hiddenCount.value);
    const prev = hiddenFields.map((h) => ({ units: h.units.value, activation: h.act.value }));
    hiddenFields = Array.from({ length: n }, (_, l) => ({
      units: select(range(...LIMITS.units), prev[l]?.units ?? String(config.hidden[l]?.units ?? 3)),
      act: select(opts(ACTIVATIONS), prev[l]?.activation ?? config.hidden[l]?.activation ?? 'relu'),
    }));
    hiddenBox.replaceChildren(...hiddenFields.map((h, l) => el('div', { class: 'row' },
      labelled(`Hidden layer ${l + 1} units`, h.units), labelled(`Hidden layer ${l + 1} activation`, h.act))));
  }
  function renderOpt() {
    const k = f.optimizer.value;
    optBox.replaceChildren(...(k === 'momentum' ? [labelled('Momentum', f.momentum)]
      : k === 'adam' ? [labelled('β1', f.beta1), labelled('β2', f.beta2), labelled('ε', f.epsilon)] : []));
    initValueField.hidden = f.init.value !== 'constant';
    seedField.hidden = f.init.value === 'constant';
  }
  f.hiddenCount.addEventListener('change', renderHidden);
  f.optimizer.addEventListener('change', renderOpt);
  f.init.addEventListener('change', renderOpt);

  function read() {
    const errs = [];
    const num = (input, what) => {
      const p = parseNumber(input.value, what);
      if (!p.ok) errs.push(p.message);
      return p.ok ? p.value : NaN;
    };
    const c = {
      inputs: Number(f.inputs.value),
      hidden: hiddenFields.map((h) => ({ units: Number(h.units.value), activation: h.act.value })),
      outputs: Number(f.outputs.value),
      outputActivation: f.outputActivation.value,
      loss: f.loss.value,
      init: { kind: f.init.value, value: f.init.value === 'constant' ? num(f.initValue, 'initial value') : 0.5, seed: Number(f.seed.value) },
      learningRate: num(f.lr, 'learning rate'),
      optimizer: { kind: f.optimizer.value, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    };
    if (c.optimizer.kind === 'momentum') c.optimizer.momentum = num(f.momentum, 'momentum');
    if (c.optimizer.kind === 'adam') {
      c.optimizer.beta1 = num(f.beta1, 'β1');
      c.optimizer.beta2 = num(f.beta2, 'β2');
      c.optimizer.epsilon = num(f.epsilon, 'ε');
    }
    return { c, errs: errs.length ? errs : checkConfig(c) };
  }

  const form = el('form', { class: 'bp-builder', 'aria-label': 'Build a network' },
    el('div', { class: 'row' }, labelled('Inputs', f.inputs), labelled('Hidden layers', f.hiddenCount)),
    hiddenBox,
    el('div', { class: 'row' }, labelled('Outputs', f.outputs), labelled('Output activation', f.outputActivation), labelled('Loss', f.loss)),
    el('div', { class: 'row' }, labelled('Initializer', f.init), initValueField, seedField),
    el('p', { class: 'hint' }, 'Initializers run in the page with a seeded random generator: constant sets every weight and bias; Glorot uniform U(±√(6/(in+out))) and He uniform U(±√(6/in)) set biases to 0; seeded random draws weights and biases from U(-0.5, 0.5).'),
    el('div', { class: 'row' }, labelled('Learning rate', f.lr), labelled('Optimizer', f.optimizer)),
    optBox,
    el('button', { type: 'submit', class: 'primary' }, 'Build network'),
    msg);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const { c, errs } = read();
    msg.replaceChildren(...errs.map((t) => el('p', {}, t)));
    if (errs.length) return;
    config = c;
    onBuild(buildState(c, currentSample()), c);
  });

  function setFromState(state) {
    config = configFromState(state, config);
    f.inputs.value = String(config.inputs);
    f.hiddenCount.value = String(config.hidden.length);
    hiddenFields = [];
    renderHidden();
    f.outputs.value = String(config.outputs);
    f.outputActivation.value = config.outputActivation;
    f.loss.value = config.loss;
    f.lr.value = String(config.learningRate);
    f.optimizer.value = config.optimizer.kind;
    f.momentum.value = String(config.optimizer.momentum);
    f.beta1.value = String(config.optimizer.beta1);
    f.beta2.value = String(config.optimizer.beta2);
    f.epsilon.value = String(config.optimizer.epsilon);
    msg.replaceChildren();
    renderOpt();
  }
  renderHidden();
  renderOpt();
  const element = el('details', { class: 'bp-build' }, el('summary', {}, 'Build a network'), form);
  return { element, setFromState };
}
