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
import { checked } from '../../www/js/backprop/formula-digits.js';
import { articleBefore } from './fixtures/article-trace.mjs';
import { zFormula, weightGradFormula, updateFormula } from '../../www/js/backprop/formulas.js';

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

test('a clause marked "≈" is off by float rounding only: with every digit its arithmetic still gives the result', () => {
  // "≈" admits a last-digit wobble, not a wrong formula: a dropped "/n" or a
  // flipped sign would also be marked "≈" (and so escape the check above).
  let approxClauses = 0;
  for (const [k, [sizes, acts, loss, opt]] of NETS.entries()) {
    for (const seed of [1, 2, 3]) {
      const state = randomState(100 * k + seed, sizes, acts, loss, opt);
      for (const f of allFormulas(state, 2, true)) {
        for (const clause of f.text.split('; ')) {
          const parts = clause.split(/ = | ← | ≈ /);
          const R = Number(parts[parts.length - 1]);
          if (!Number.isFinite(R)) continue;
          if (clause.includes(' ≈ ')) {
            approxClauses++;
            // "≈" stands right before the result, nowhere else.
            assert.match(clause, / ≈ [^=≈←]+$/, clause);
            assert.doesNotMatch(clause.slice(0, clause.lastIndexOf(' ≈ ')), /≈/, clause);
          }
          for (const p of parts.slice(1, -1)) {
            const E = jsValue(p);
            if (E === null) continue;
            assert.ok(Math.abs(E - R) <= 1e-9 * Math.max(Math.abs(E), Math.abs(R)) + 1e-12, `${sizes.join('-')} ${acts} ${loss} seed ${seed}: ${clause} (computed ${E})`);
          }
        }
      }
    }
  }
  assert.ok(approxClauses < 50, `${approxClauses} clauses marked ≈`);
});

test('"≈" goes before the result, not after the symbol', () => {
  // A builder whose arithmetic cannot give its result at any digit count.
  const f = checked(() => ({ key: 'k', symbol: 'x', value: 0.4, text: 'x = a + b = 0.1 + 0.2 = 0.4' }))({ all: false });
  assert.equal(f.text, 'x = a + b = 0.1 + 0.2 ≈ 0.4');
  assert.equal(f.approximate, true);
});

const plain = (over) => ({ version: 1, learningRate: 0.1, optimizer: { kind: 'sgd' }, optimizerState: null, step: 0, ...over });
const ctxOf = (state) => { const r = engine.step(state); assert.ok(r.ok, r.message); return { trace: r.trace, before: state, after: r.after }; };

test('hand-worked formulas: symbols and numbers of the gradients, the losses and the deltas', () => {
  // The article's 2-3-2 (fixtures/article-trace.mjs): δ1 = 1.5, x = (1, 0), a3 = 1, δ4 = 1.
  let c = ctxOf(structuredClone(articleBefore));
  assert.equal(weightGradFormula(c, 0, 0, 1).text, '∂L/∂w12 = δ1 * x2 = 1.5 * 0 = 0.0');
  assert.equal(weightGradFormula(c, 1, 0, 2).text, '∂L/∂w43 = δ4 * a3 = 1 * 1 = 1.0');
  // MSE over 2 outputs: a = (0.5, 1), y = (0, 0): L = (0.25 + 1)/2 = 0.625.
  c = ctxOf(plain({ sizes: [1, 2], activations: ['linear'], loss: 'mse', weights: [[[1], [2]]], biases: [[0, 0]], input: [0.5], target: [0, 0] }));
  assert.equal(lossFormula(c).text, 'L = ((a1 - y1)^2 + (a2 - y2)^2)/2 = ((0.5 - 0)^2 + (1 - 0)^2)/2 = 0.625');
  // Unfused BCE over 2 outputs (linear output): ∂L/∂a = (a - y)/(2a(1 - a)):
  // (0.5 - 1)/(2*0.25) = -1, (0.25 - 0)/(2*0.1875) = 2/3.
  c = ctxOf(plain({ sizes: [1, 2], activations: ['linear'], loss: 'bce', weights: [[[0.5], [0.25]]], biases: [[0, 0]], input: [1], target: [1, 0] }));
  assert.equal(deltaFormula(c, 0, 0).text, "δ1 = ∂L/∂a1 * f'(z1) = (a1 - y1)/(2*a1*(1 - a1)) * linear'(z1) = (0.5 - 1)/(2*0.5*(1 - 0.5)) * 1 = -1.0");
  assert.equal(deltaFormula(c, 0, 1).text, "δ2 = ∂L/∂a2 * f'(z2) = (a2 - y2)/(2*a2*(1 - a2)) * linear'(z2) = (0.25 - 0)/(2*0.25*(1 - 0.25)) * 1 = 0.6667");
  // Fused sigmoid + BCE over 2 outputs: a = σ(0) = 0.5, y = 1: δ = (0.5 - 1)/2 = -0.25.
  c = ctxOf(plain({ sizes: [1, 2], activations: ['sigmoid'], loss: 'bce', weights: [[[0], [Math.log(3)]]], biases: [[0, 0]], input: [1], target: [1, 0] }));
  assert.equal(deltaFormula(c, 0, 0).text, 'δ1 = (a1 - y1)/2 (fused sigmoid + binary cross-entropy) = (0.5 - 1)/2 = -0.25');
  // Softmax with half SSE: a = (1/4, 3/4), ∂L/∂a = a - y = (-3/4, 3/4), Σ a·∂L/∂a = 3/8:
  // δ1 = 1/4*(-3/4 - 3/8) = -0.28125.
  c = ctxOf(plain({ sizes: [1, 2], activations: ['softmax'], loss: 'halfSse', weights: [[[0], [Math.log(3)]]], biases: [[0, 0]], input: [1], target: [1, 0] }));
  assert.equal(deltaFormula(c, 0, 0).text, 'δ1 = a1*(∂L/∂a1 - (a1*∂L/∂a1 + a2*∂L/∂a2)) = 0.25*((-0.75) - (0.25*(-0.75) + 0.7500*0.7500)) = -0.2813');
});

test('Adam update on the article: Keras α and ε = 1e-7, as the core uses', () => {
  // Step 1, ∂L/∂w41 = 1: m = 0.1, v = 0.001, α = 0.1*sqrt(1 - 0.999)/(1 - 0.9) = 0.0316228,
  // w41 = 0.5 - 0.1*0.0316228/(0.0316228 + 1e-7) = 0.5 - 0.1*(1 - 3.1623e-6) = 0.40000031623.
  const c = ctxOf({ ...structuredClone(articleBefore), optimizer: { kind: 'adam' }, optimizerState: null });
  assert.equal(updateFormula(c, 1, 0, 0).text, 'm = β1*m + (1 - β1)*∂L/∂w41 = 0.9*0 + (1 - 0.9)*1 = 0.1000; '
    + 'v = β2*v + (1 - β2)*∂L/∂w41^2 = 0.999*0 + (1 - 0.999)*1^2 = 0.001000; '
    + 'α = η*sqrt(1 - β2^t)/(1 - β1^t) = 0.1*sqrt(1 - 0.999^1)/(1 - 0.9^1) = 0.03162; '
    + 'w41 ← w41 - α*m/(sqrt(v) + ε) = 0.5 - 0.03162*0.1000/(sqrt(0.001000) + 1e-7) = 0.4000');
  assert.ok(Math.abs(c.after.weights[1][0][0] - 0.40000031623) < 1e-10, String(c.after.weights[1][0][0]));
});

test('operands: a rounded operand keeps its significant zeros; a sum that needs 5 digits gets 5, not 6', () => {
  let c = ctxOf(plain({ sizes: [1, 1], activations: ['linear'], loss: 'halfSse', weights: [[[-0.94998]]], biases: [[0]], input: [1], target: [0] }));
  assert.equal(zFormula(c, 0, 0).text, 'z1 = w11*x1 + b1 = (-0.9500)*1 + 0 = -0.9500');
  // 0.50001*1.25561 - 0.63154*0.95865 = 0.0223917: 4 digits give 0.5*1.256 - 0.6315*0.9587 = 0.02258,
  // 5 digits 0.50001*1.2556 - 0.63154*0.95865 = 0.022387, shown 0.02239.
  c = ctxOf(plain({ sizes: [2, 1], activations: ['linear'], loss: 'halfSse', weights: [[[0.50001, -0.63154]]], biases: [[0]], input: [1.25561, 0.95865], target: [0] }));
  assert.equal(zFormula(c, 0, 0).text, 'z1 = w11*x1 + w12*x2 + b1 = 0.50001*1.2556 + (-0.63154)*0.95865 + 0 = 0.02239');
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
  // Exponent form only below 1e-4 (and from 1e6): 0.00012346 is written out.
  assert.equal(formatNumber(0.00012346), '0.0001235');
  assert.equal(formatNumber(0.0005, { keepZeros: true }), '0.0005');
  assert.equal(formatNumber(0.00009999), '9.999e-5');
});

test('the page\'s own checker (arith.js evaluate) computes as a calculator would, and refuses symbols', async () => {
  const { evaluate } = await import('../../www/js/backprop/arith.js');
  const near = (text, want) => {
    const got = evaluate(text);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${text}: ${got}, want ${want}`);
  };
  near('0.5*1 + (-0.25)*0 + 0.5', 1);
  near('ln(0.8)', -0.2231435513142097); // natural log, not log10 (-0.0969)
  near('exp(1)', Math.E);
  near('1/(1 + exp(-(-0.6)))', 0.3543436937742045);
  near('tanh(0.5)', 0.46211715726000974);
  near('sqrt(0.001) + 1e-7', 0.0316228766016838);
  near('max(0, -1.2)', 0);
  near('max(0, 1.2)', 1.2);
  near('2^3^2', 512); // right-associative
  near('-2^2', -4); // ^ binds tighter than unary minus
  near('(1 - 0.76^2)', 0.4224);
  near('1.5e-3*2', 0.003);
  near('.5 - 3/4', -0.25);
  for (const text of ['a4*0.5', '∂L/∂w11', 'log(2)', '1 +', 'max(1)', '(1', '']) assert.equal(evaluate(text), null, text);
});
