// The backprop view's filled-in formulas (www/js/backprop/formulas.js), in
// node with the real core: every line a teacher could check with a
// calculator must give the result it shows. The check here is independent of
// the page's own (arith.js): each filled-in part is evaluated as JavaScript.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Network } from '../../www/pkg/nn_playground.js';
import { createEngine } from '../../www/js/backprop/engine.js';
import { phaseList } from '../../www/js/backprop/phases.js';
import { phaseFormulas, lossFormula, deltaFormula } from '../../www/js/backprop/formulas.js';
import { formatNumber } from '../../www/js/lib/format.js';

let engine;
before(() => {
  initSync({ module: readFileSync(new URL('../../www/pkg/nn_playground_bg.wasm', import.meta.url)) });
  engine = createEngine({ Network });
});

/** A seeded generator (mulberry32), independent of the page's. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomState(seed, sizes, activations, loss, optimizer, target) {
  const r = rng(seed);
  const u = () => Math.round((r() * 3 - 1.5) * 1e6) / 1e6 + r() * 1e-7;
  const layers = sizes.slice(1).map((n, l) => ({ n, from: sizes[l] }));
  return {
    version: 1, sizes, activations, loss,
    weights: layers.map(({ n, from }) => Array.from({ length: n }, () => Array.from({ length: from }, u))),
    biases: layers.map(({ n }) => Array.from({ length: n }, u)),
    input: Array.from({ length: sizes[0] }, u),
    target: target ?? Array.from({ length: sizes[sizes.length - 1] }, (_, k) => (k === 0 ? 1 : 0)),
    learningRate: 0.1, optimizer, optimizerState: null, step: 0,
  };
}

/** Evaluate the filled-in arithmetic as JavaScript; null when a part is symbolic. */
function jsValue(part) {
  const stripped = part.replace(/\b(ln|exp|tanh|max|sqrt)\(/g, '(').replace(/\d(\.\d+)?e[-+]?\d+/g, '0');
  if (/[^0-9.+\-*/^(), ]/.test(stripped)) return null;
  const js = part.replace(/\^/g, '**').replace(/\bln\(/g, 'Math.log(').replace(/\bexp\(/g, 'Math.exp(')
    .replace(/\btanh\(/g, 'Math.tanh(').replace(/\bmax\(/g, 'Math.max(').replace(/\bsqrt\(/g, 'Math.sqrt(')
    .replace(/--/g, '- -');
  try { return Function(`return (${js});`)(); } catch { return null; }
}

/** The clauses of a formula whose filled-in arithmetic does not give the shown result (and is not marked ≈). */
function offClauses(text, all) {
  const off = [];
  for (const clause of text.split('; ')) {
    if (clause.includes(' ≈ ')) continue;
    const parts = clause.split(/ = | ← /);
    const shown = parts[parts.length - 1];
    const R = Number(shown);
    if (!Number.isFinite(R)) continue;
    for (const p of parts.slice(1, -1)) {
      const E = jsValue(p);
      if (E === null) continue;
      const ok = all
        ? Math.abs(E - R) <= 1e-9 * Math.max(Math.abs(E), Math.abs(R)) || Math.abs(E - R) <= 1e-15
        : formatNumber(E, { keepZeros: true, minDecimals: 1 }) === shown || Math.abs(E - R) <= 1e-15;
      if (!ok) off.push({ clause, computed: E });
    }
  }
  return off;
}

/** Every formula of every phase of `steps` steps from `state`. */
function allFormulas(state, steps, all) {
  const out = [];
  let cur = state;
  for (let s = 0; s < steps; s++) {
    const r = engine.step(cur);
    assert.ok(r.ok, r.message);
    const ctx = { trace: r.trace, before: cur, after: r.after, all };
    for (const ph of phaseList(cur.sizes)) {
      for (const g of phaseFormulas(ctx, ph)) out.push(...g.formulas);
    }
    cur = r.after;
  }
  return out;
}

const NETS = [
  [[2, 3, 2], ['sigmoid', 'softmax'], 'cce', { kind: 'sgd' }],
  [[3, 4, 2], ['tanh', 'sigmoid'], 'bce', { kind: 'momentum', momentum: 0.9 }],
  [[2, 3, 2, 2], ['relu', 'tanh', 'linear'], 'mse', { kind: 'adam' }],
  [[2, 2, 1], ['sigmoid', 'sigmoid'], 'mse', { kind: 'sgd' }],
  [[2, 2, 3], ['relu', 'softmax'], 'halfSse', { kind: 'sgd' }],
  [[1, 2, 1], ['linear', 'sigmoid'], 'halfSse', { kind: 'adam' }],
  [[4, 5, 3], ['tanh', 'softmax'], 'cce', { kind: 'adam' }],
];

test('every filled-in formula gives the result it shows, rounded and with every digit', () => {
  let formulas = 0;
  let approx = 0;
  let widened = 0;
  for (const [k, [sizes, acts, loss, opt]] of NETS.entries()) {
    for (const seed of [1, 2, 3]) {
      for (const all of [false, true]) {
        const state = randomState(100 * k + seed, sizes, acts, loss, opt);
        for (const f of allFormulas(state, 2, all)) {
          formulas++;
          if (f.approximate) approx++;
          if (!all && /\d\.\d{5,}/.test(f.text.split(' = ').slice(1, -1).join(' '))) widened++;
          assert.deepEqual(offClauses(f.text, all), [], `${sizes.join('-')} ${acts} ${loss} seed ${seed}: ${f.text}`);
          assert.doesNotMatch(f.text, /NaN|undefined|Infinity|∞/, f.text);
        }
      }
    }
  }
  // The widening is what makes a cancelling sum add up; "≈" stays the exception.
  assert.ok(formulas > 2000, `${formulas} formulas`);
  assert.ok(widened > 0, 'some operands needed more than 4 digits');
  assert.ok(approx <= formulas / 100, `${approx} of ${formulas} formulas approximate`);
});

test('a sum that cancels gets more operand digits instead of a wrong last digit', () => {
  // z = 1.14312*0.950021 - 1.08301*0.927812 + 0 = 0.081158: four-digit operands would give
  // 1.143*0.95 - 1.083*0.9278 = 0.08104, five 0.08115; with six it adds up to the 0.08116 shown.
  const state = {
    version: 1, sizes: [2, 1], activations: ['linear'], loss: 'halfSse',
    weights: [[[1.14312, -1.08301]]], biases: [[0]], input: [0.950021, 0.927812], target: [0],
    learningRate: 0.1, optimizer: { kind: 'sgd' }, optimizerState: null, step: 0,
  };
  const r = engine.step(state);
  const z = phaseFormulas({ trace: r.trace, before: state, after: r.after }, phaseList(state.sizes)[1])[0].formulas[0];
  assert.deepEqual(offClauses(z.text, false), []);
  assert.equal(z.text, 'z1 = w11*x1 + w12*x2 + b1 = 1.14312*0.950021 + (-1.08301)*0.927812 + 0 = 0.08116');
});

test('softmax + CCE with targets that do not sum to 1: δ = a·Σy − y, as the core computes', () => {
  const state = randomState(7, [2, 3, 2], ['relu', 'softmax'], 'cce', { kind: 'sgd' }, [1, 1]);
  const r = engine.step(state);
  const ctx = { trace: r.trace, before: state, after: r.after };
  const d0 = deltaFormula(ctx, 1, 0);
  assert.match(d0.text, /^δ4 = a4\*\(y1 \+ y2\) - y1 \(fused softmax/);
  assert.deepEqual(offClauses(d0.text, false), []);
  const a = r.trace.layers[1].a[0];
  assert.ok(Math.abs(r.trace.layers[1].delta[0] - (2 * a - 1)) < 1e-12);
  // One-hot targets keep the short form.
  const s2 = randomState(7, [2, 3, 2], ['relu', 'softmax'], 'cce', { kind: 'sgd' });
  const r2 = engine.step(s2);
  assert.match(deltaFormula({ trace: r2.trace, before: s2, after: r2.after }, 1, 0).text, /^δ4 = a4 - y1 \(fused softmax \+ categorical cross-entropy; the targets sum to 1\)/);
});

test('BCE on an output outside (0, 1): the formulas show the clip and the zero gradient, never ln(0)', () => {
  // Linear output 1.5 with BCE (the page allows it): p = clip(1.5) = 1 - 1e-7.
  const state = {
    version: 1, sizes: [1, 1], activations: ['linear'], loss: 'bce',
    weights: [[[1]]], biases: [[0.5]], input: [1], target: [1],
    learningRate: 0.1, optimizer: { kind: 'sgd' }, optimizerState: null, step: 0,
  };
  const r = engine.step(state);
  const ctx = { trace: r.trace, before: state, after: r.after };
  const L = lossFormula(ctx);
  assert.match(L.text, /^p1 = clip\(a1, 1e-7, 1 - 1e-7\) = clip\(1\.5, 1e-7, 1 - 1e-7\) = 0\.9999999; L = -\(y1\*ln\(p1\) \+ \(1 - y1\)\*ln\(1 - p1\)\) = /);
  assert.doesNotMatch(L.text, /\/1\b/);
  assert.deepEqual(offClauses(L.text, false), []);
  const d = deltaFormula(ctx, 0, 0);
  assert.match(d.text, /clipped, so no gradient/);
  assert.equal(r.trace.layers[0].delta[0], 0);
  assert.match(d.text, / = 0\.0$/);
});

test('a fused output that rounds to exactly 0 or 1: the loss is written in z, as the core computes it, never ln(0)', () => {
  const one = (activation, loss, w, target) => ({
    version: 1, sizes: [1, w.length], activations: [activation], loss, weights: [w.map((x) => [x])],
    biases: [w.map(() => 0)], input: [1], target, learningRate: 0.5, optimizer: { kind: 'sgd' }, optimizerState: null, step: 0,
  });
  for (const [state, pattern] of [
    [one('sigmoid', 'bce', [40], [0]), /^L = max\(z1, 0\) - z1\*y1 \+ ln\(1 \+ exp\(-\|z1\|\)\) \(from z, .*\) = max\(40, 0\) - 40\*0 \+ ln\(1 \+ exp\(-40\)\) = 40\.0$/],
    [one('softmax', 'cce', [800, 0], [0, 1]), /^lse = ln\(exp\(z1\) \+ exp\(z2\)\) = 800 \+ ln\(exp\(800 - 800\) \+ exp\(0 - 800\)\) = 800; L = y1\*\(lse - z1\) \+ y2\*\(lse - z2\) \(from z, .*\) = 0\*\(800 - 800\) \+ 1\*\(800 - 0\) = 800\.0$/],
  ]) {
    const r = engine.step(state);
    assert.ok(r.ok, r.message);
    for (const all of [false, true]) {
      const L = lossFormula({ trace: r.trace, before: state, after: r.after, all });
      if (!all) assert.match(L.text, pattern);
      assert.doesNotMatch(L.text, /ln\(1 - 1\)|ln\(0\)|≈/, L.text);
      assert.deepEqual(offClauses(L.text, all), [], L.text);
    }
  }
});

test('numbers: no false ".0" on a rounded result; significant zeros kept', () => {
  assert.equal(formatNumber(1234.75, { minDecimals: 1 }), '1235');
  assert.equal(formatNumber(2, { minDecimals: 1 }), '2.0');
  assert.equal(formatNumber(-0.94998, { keepZeros: true }), '-0.9500');
  assert.equal(formatNumber(0.35, { keepZeros: true }), '0.35');
  assert.equal(formatNumber(1.00000004e-7, { keepZeros: true }), '1.000e-7');
  assert.equal(formatNumber(1e-7, { keepZeros: true }), '1e-7');
  // No invented zeros in a large number: its integer part is kept whole.
  assert.equal(formatNumber(761131.2, { keepZeros: true }), '761131');
  assert.equal(formatNumber(761131.2, { keepZeros: true, minDecimals: 1 }), '761131');
  assert.equal(formatNumber(-999999.7, { keepZeros: true }), '-1000000');
  assert.equal(formatNumber(300000, { keepZeros: true, minDecimals: 1 }), '300000.0');
});
