// Formulas with the values filled in, built from a step trace (see
// docs/network-state.md). Every formula is an object
//   {key, symbol, value, text}
// where `text` reads "z1 = w11*x1 + w12*x2 + b1 = 0.5*1 + 0.5*0 + 0.5 = 1.0":
// the symbol, its definition, the definition with numbers, the result. The
// result is the core's number (from the trace); the filled-in operands are the
// trace's numbers too, so the page never recomputes what the core computed.
//
// What is shown adds up: each builder below is wrapped by `checked`
// (formula-digits.js), which gives its operands the digits their arithmetic
// needs. Pure; usable from node.
import { fmts, checked } from './formula-digits.js';
import { weightName, biasName, sourceName, unitSymbol, unitNumber } from './naming.js';

/**
 * @typedef {object} FormulaContext
 * @property {object} trace the step trace
 * @property {object} before the network state before the step
 * @property {object} [after] the state after the step (needed for momentum/Adam updates)
 * @property {boolean} [all] show every digit
 * @property {number|'all'} [operandDigits] significant digits of the filled-in operands (set by `checked`)
 */

/** Keras' fuzz factor: BCE and CCE clip probabilities to [ε, 1 - ε] (src/loss.rs). */
const CLIP = 1e-7;
const CLIP_TEXT = '[1e-7, 1 - 1e-7]';

function make(key, symbol, value, parts, sep = '=') {
  return { key, symbol, value, text: `${symbol} ${sep} ${parts.join(' = ')}` };
}

function sizesOf(ctx) { return ctx.before.sizes; }
function srcValues(ctx, l) { return l === 0 ? ctx.trace.input : ctx.trace.layers[l - 1].a; }
function isOutput(ctx, l) { return l === ctx.trace.layers.length - 1; }

/** z_j = sum_i w_ji * src_i + b_j */
function zFormulaRaw(ctx, l, j) {
  const { v, r } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const w = layer.weightsBefore[j];
  const src = srcValues(ctx, l);
  const sym = w.map((_, i) => `${weightName(s, l, j, i)}*${sourceName(s, l, i)}`).join(' + ') + ` + ${biasName(s, l, j)}`;
  const num = w.map((wi, i) => `${v(wi)}*${v(src[i])}`).join(' + ') + ` + ${v(layer.biasesBefore[j])}`;
  return make(`z${l}.${j}`, unitSymbol('z', s, l, j), layer.z[j], [sym, num, r(layer.z[j])]);
}

/** a_j = f(z_j) */
function aFormulaRaw(ctx, l, j) {
  const { v, n, r } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const zs = unitSymbol('z', s, l, j);
  const z = layer.z[j];
  const a = layer.a[j];
  const sym = unitSymbol('a', s, l, j);
  switch (layer.activation) {
    case 'relu': return make(`a${l}.${j}`, sym, a, [`relu(${zs})`, `max(0, ${n(z)})`, r(a)]);
    case 'sigmoid': return make(`a${l}.${j}`, sym, a, [`σ(${zs}) = 1/(1 + exp(-${zs}))`, `1/(1 + exp(-${v(z)}))`, r(a)]);
    case 'tanh': return make(`a${l}.${j}`, sym, a, [`tanh(${zs})`, `tanh(${n(z)})`, r(a)]);
    case 'softmax': {
      const all = layer.z.map((_, k) => unitSymbol('z', s, l, k));
      return make(`a${l}.${j}`, sym, a, [
        `exp(${zs}) / (${all.map((n) => `exp(${n})`).join(' + ')})`,
        `exp(${n(z)}) / (${layer.z.map((zk) => `exp(${n(zk)})`).join(' + ')})`, r(a)]);
    }
    default: return make(`a${l}.${j}`, sym, a, [`${zs} (linear)`, r(a)]);
  }
}

function outNames(ctx, j) {
  const s = sizesOf(ctx);
  const l = ctx.trace.layers.length - 1;
  return { a: unitSymbol('a', s, l, j), y: `y${j + 1}` };
}

/** Output j's probability is clipped by BCE/CCE (only the unfused forms clip: src/loss.rs). */
function clipped(ctx, j) {
  const out = ctx.trace.layers[ctx.trace.layers.length - 1];
  const unfusedLogLoss = (ctx.before.loss === 'bce' || ctx.before.loss === 'cce') && !isFused(out.activation, ctx.before.loss);
  return unfusedLogLoss && (out.a[j] < CLIP || out.a[j] > 1 - CLIP);
}

/**
 * A fused output (sigmoid + BCE, softmax + CCE) that rounded to exactly 0 or
 * 1: ln(a) or ln(1 - a) would be ln(0), while the core computes the loss from
 * z (src/loss.rs), so the formula is written in z as well.
 */
function saturated(ctx) {
  const out = ctx.trace.layers[ctx.trace.layers.length - 1];
  return isFused(out.activation, ctx.before.loss) && out.a.some((a) => a === 0 || a === 1);
}

const SATURATED_NOTE = '(from z, as the core computes it: a rounds to exactly 0 or 1, where ln would be infinite)';

/** The output layer's logits, targets and z symbols, with the formatters. */
function outputLogits(ctx) {
  const l = ctx.trace.layers.length - 1;
  const sizes = sizesOf(ctx);
  return { ...fmts(ctx), z: ctx.trace.layers[l].z, y: ctx.trace.target, zs: (j) => unitSymbol('z', sizes, l, j) };
}

/** Sigmoid + BCE from the logits: (1/n) Σ [max(z, 0) - z*y + ln(1 + exp(-|z|))]. */
function fusedBceFromLogits(ctx) {
  const { v, n: bare, r, z, y, zs } = outputLogits(ctx);
  const idx = z.map((_, j) => j);
  const L = ctx.trace.loss;
  const sum = (parts) => (idx.length > 1 ? `(${parts.join(' + ')})${over(idx.length)}` : parts[0]);
  return make('loss', 'L', L, [
    `${sum(idx.map((j) => `max(${zs(j)}, 0) - ${zs(j)}*y${j + 1} + ln(1 + exp(-|${zs(j)}|))`))} ${SATURATED_NOTE}`,
    sum(idx.map((j) => `max(${bare(z[j])}, 0) - ${v(z[j])}*${v(y[j])} + ln(1 + exp(-${bare(Math.abs(z[j]))}))`)),
    r(L)]);
}

/** Softmax + CCE from the logits: Σ y_j (lse - z_j), lse = m + ln Σ exp(z_k - m), m = max z. */
function fusedCceFromLogits(ctx) {
  const { v, n: bare, r, z, y, zs } = outputLogits(ctx);
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((acc, zk) => acc + Math.exp(zk - m), 0));
  const f = make('loss', 'L', ctx.trace.loss, [
    `${z.map((_, j) => `y${j + 1}*(lse - ${zs(j)})`).join(' + ')} ${SATURATED_NOTE}`,
    z.map((zj, j) => `${v(y[j])}*(${v(lse)} - ${v(zj)})`).join(' + '),
    r(ctx.trace.loss)]);
  const lseClause = `lse = ln(${z.map((_, j) => `exp(${zs(j)})`).join(' + ')}) = ${bare(m)} + ln(${z.map((zj) => `exp(${v(zj)} - ${v(m)})`).join(' + ')}) = ${v(lse)}; `;
  return { ...f, text: lseClause + f.text };
}

/** "/n", or nothing when n is 1. */
function over(n) { return n > 1 ? `/${n}` : ''; }

/** The loss of this sample. */
function lossFormulaRaw(ctx) {
  const { v, r } = fmts(ctx);
  const out = ctx.trace.layers[ctx.trace.layers.length - 1].a;
  const y = ctx.trace.target;
  const n = out.length;
  const idx = out.map((_, j) => j);
  const L = ctx.trace.loss;
  // A clipped output enters the log losses as p = clip(a, ε, 1 - ε).
  const clips = idx.filter((j) => clipped(ctx, j));
  const pName = (j) => outNames(ctx, j).a.replace(/^a/, 'p');
  const pOf = (j) => Math.min(Math.max(out[j], CLIP), 1 - CLIP);
  const aSym = (j) => (clips.includes(j) ? pName(j) : outNames(ctx, j).a);
  const aNum = (j) => v(clips.includes(j) ? pOf(j) : out[j]);
  const clipClauses = clips.map((j) => `${pName(j)} = clip(${outNames(ctx, j).a}, 1e-7, 1 - 1e-7) = clip(${v(out[j])}, 1e-7, 1 - 1e-7) = ${v(pOf(j))}; `).join('');
  const sq = (f) => idx.map((j) => `(${f(j)})^2`).join(' + ');
  switch (ctx.before.loss) {
    case 'halfSse': return make('loss', 'L', L, [
      `1/2*(${sq((j) => `${outNames(ctx, j).a} - ${outNames(ctx, j).y}`)})`,
      `1/2*(${sq((j) => `${v(out[j])} - ${v(y[j])}`)})`, r(L)]);
    case 'mse': return make('loss', 'L', L, [
      `(${sq((j) => `${outNames(ctx, j).a} - ${outNames(ctx, j).y}`)})${over(n)}`,
      `(${sq((j) => `${v(out[j])} - ${v(y[j])}`)})${over(n)}`, r(L)]);
    case 'bce': {
      if (saturated(ctx)) return fusedBceFromLogits(ctx);
      const f = make('loss', 'L', L, [
        `-(${idx.map((j) => { const o = outNames(ctx, j); return `${o.y}*ln(${aSym(j)}) + (1 - ${o.y})*ln(1 - ${aSym(j)})`; }).join(' + ')})${over(n)}`,
        `-(${idx.map((j) => `${v(y[j])}*ln(${aNum(j)}) + (1 - ${v(y[j])})*ln(1 - ${aNum(j)})`).join(' + ')})${over(n)}`,
        r(L)]);
      return { ...f, text: clipClauses + f.text };
    }
    case 'cce': {
      if (saturated(ctx)) return fusedCceFromLogits(ctx);
      const f = make('loss', 'L', L, [
        `-(${idx.map((j) => `${outNames(ctx, j).y}*ln(${aSym(j)})`).join(' + ')})`,
        `-(${idx.map((j) => `${v(y[j])}*ln(${aNum(j)})`).join(' + ')})`, r(L)]);
      return { ...f, text: clipClauses + f.text };
    }
    default: return make('loss', 'L', L, [r(L)]);
  }
}

/** ∂L/∂a_j of the output layer, as a symbolic and a filled-in string. */
function lossGradParts(ctx, j) {
  const { v } = fmts(ctx);
  const out = ctx.trace.layers[ctx.trace.layers.length - 1].a;
  const y = ctx.trace.target;
  const n = out.length;
  const o = outNames(ctx, j);
  if (clipped(ctx, j)) return [`0 (${o.a} is outside ${CLIP_TEXT}: clipped, so no gradient)`, '0'];
  switch (ctx.before.loss) {
    case 'halfSse': return [`(${o.a} - ${o.y})`, `(${v(out[j])} - ${v(y[j])})`];
    case 'mse': return [`2*(${o.a} - ${o.y})${over(n)}`, `2*(${v(out[j])} - ${v(y[j])})${over(n)}`];
    case 'bce': {
      const k = n > 1 ? `${n}*` : '';
      return [`(${o.a} - ${o.y})/(${k}${o.a}*(1 - ${o.a}))`, `(${v(out[j])} - ${v(y[j])})/(${k}${v(out[j])}*(1 - ${v(out[j])}))`];
    }
    case 'cce': return [`(-${o.y}/${o.a})`, `(-${v(y[j])}/${v(out[j])})`];
    default: return ['∂L/∂a', v(ctx.trace.lossGrad[j])];
  }
}

/** f'(z_j) of an element-wise activation: [symbolic, filled]. */
function derivParts(ctx, l, j) {
  const { v } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const a = unitSymbol('a', s, l, j);
  const zs = unitSymbol('z', s, l, j);
  const d = layer.dActivation?.[j];
  switch (layer.activation) {
    case 'relu': return [`relu'(${zs})`, v(d)];
    case 'sigmoid': return [`${a}*(1 - ${a})`, `${v(layer.a[j])}*(1 - ${v(layer.a[j])})`];
    case 'tanh': return [`(1 - ${a}^2)`, `(1 - ${v(layer.a[j])}^2)`];
    default: return [`linear'(${zs})`, '1'];
  }
}

/** Whether the output delta is the fused a - y form (sigmoid+bce, softmax+cce). */
export function isFused(activation, loss) {
  return (activation === 'sigmoid' && loss === 'bce') || (activation === 'softmax' && loss === 'cce');
}

/** δ_j = ∂L/∂z_j */
function deltaFormulaRaw(ctx, l, j) {
  const { v, r } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const sym = unitSymbol('delta', s, l, j);
  const d = layer.delta[j];
  const key = `d${l}.${j}`;
  if (isOutput(ctx, l)) {
    const o = outNames(ctx, j);
    const n = layer.a.length;
    if (isFused(layer.activation, ctx.before.loss)) {
      const y = ctx.trace.target;
      if (ctx.before.loss === 'bce') {
        const paren = (t) => (n > 1 ? `(${t})/${n}` : t);
        return make(key, sym, d, [`${paren(`${o.a} - ${o.y}`)} (fused sigmoid + binary cross-entropy)`,
          paren(`${v(layer.a[j])} - ${v(y[j])}`), r(d)]);
      }
      // Softmax + CCE: δ_j = a_j*Σy - y_j, which is a_j - y_j when the targets sum to 1.
      const sumY = y.reduce((acc, t) => acc + t, 0);
      if (Math.abs(sumY - 1) <= 1e-12) {
        return make(key, sym, d, [`${o.a} - ${o.y} (fused softmax + categorical cross-entropy; the targets sum to 1)`,
          `${v(layer.a[j])} - ${v(y[j])}`, r(d)]);
      }
      const ys = y.map((_, k) => `y${k + 1}`).join(' + ');
      return make(key, sym, d, [`${o.a}*(${ys}) - ${o.y} (fused softmax + categorical cross-entropy)`,
        `${v(layer.a[j])}*(${y.map((t) => v(t)).join(' + ')}) - ${v(y[j])}`, r(d)]);
    }
    if (layer.activation === 'softmax') {
      const g = ctx.trace.lossGrad;
      const ks = layer.a.map((_, k) => k);
      return make(key, sym, d, [
        `${o.a}*(∂L/∂${o.a} - (${ks.map((k) => `${outNames(ctx, k).a}*∂L/∂${outNames(ctx, k).a}`).join(' + ')}))`,
        `${v(layer.a[j])}*(${v(g[j])} - (${ks.map((k) => `${v(layer.a[k])}*${v(g[k])}`).join(' + ')}))`, r(d)]);
    }
    const [gs, gf] = lossGradParts(ctx, j);
    const [ds, df] = derivParts(ctx, l, j);
    return make(key, sym, d, [`∂L/∂${o.a} * f'(${unitSymbol('z', s, l, j)})`, `${gs} * ${ds}`, `${gf} * ${df}`, r(d)]);
  }
  const next = ctx.trace.layers[l + 1];
  const ks = next.delta.map((_, k) => k);
  const sumS = ks.map((k) => `${weightName(s, l + 1, k, j)}*${unitSymbol('delta', s, l + 1, k)}`).join(' + ');
  const sumF = ks.map((k) => `${v(next.weightsBefore[k][j])}*${v(next.delta[k])}`).join(' + ');
  const [ds, df] = derivParts(ctx, l, j);
  return make(key, sym, d, [`(${sumS}) * ${ds}`, `(${sumF}) * ${df}`, r(d)]);
}

/** ∂L/∂w_ji = δ_j * src_i */
function weightGradFormulaRaw(ctx, l, j, i) {
  const { v, r } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const g = layer.weightGrad[j][i];
  return make(`gw${l}.${j}.${i}`, `∂L/∂${weightName(s, l, j, i)}`, g,
    [`${unitSymbol('delta', s, l, j)} * ${sourceName(s, l, i)}`, `${v(layer.delta[j])} * ${v(srcValues(ctx, l)[i])}`, r(g)]);
}

/** ∂L/∂b_j = δ_j */
function biasGradFormulaRaw(ctx, l, j) {
  const { r } = fmts(ctx);
  const s = sizesOf(ctx);
  const g = ctx.trace.layers[l].biasGrad[j];
  return make(`gb${l}.${j}`, `∂L/∂${biasName(s, l, j)}`, g, [unitSymbol('delta', s, l, j), r(g)]);
}

function slot(stateObj, which, isBias, l, j, i) {
  const t = stateObj?.optimizerState?.[which];
  const arr = isBias ? t?.biases?.[l] : t?.weights?.[l]?.[j];
  const val = isBias ? arr?.[j] : arr?.[i];
  return Number.isFinite(val) ? val : 0;
}

/**
 * The update of one parameter (i === null: the bias b_j), in the optimizer's
 * form: SGD w ← w - η*g; momentum v ← m*v - η*g, w ← w + v; Adam (Keras) m, v,
 * α = η*sqrt(1 - β2^t)/(1 - β1^t), w ← w - α*m/(sqrt(v) + ε).
 */
function updateFormulaRaw(ctx, l, j, i = null) {
  const { v, r } = fmts(ctx);
  const s = sizesOf(ctx);
  const layer = ctx.trace.layers[l];
  const isBias = i === null;
  const name = isBias ? biasName(s, l, j) : weightName(s, l, j, i);
  const old = isBias ? layer.biasesBefore[j] : layer.weightsBefore[j][i];
  const neu = isBias ? layer.biasesAfter[j] : layer.weightsAfter[j][i];
  const g = isBias ? layer.biasGrad[j] : layer.weightGrad[j][i];
  const lr = ctx.trace.learningRate ?? ctx.before.learningRate;
  const opt = ctx.trace.optimizer ?? ctx.before.optimizer ?? { kind: 'sgd' };
  const key = `u${l}.${j}.${isBias ? 'b' : i}`;
  const sym = name;
  const gs = `∂L/∂${name}`;
  if (opt.kind === 'momentum') {
    const m = opt.momentum;
    const vOld = slot(ctx.before, 'velocity', isBias, l, j, i);
    const vNew = ctx.after ? slot(ctx.after, 'velocity', isBias, l, j, i) : m * vOld - lr * g;
    const f = make(key, sym, neu, [`${name} + v`, `${v(old)} + ${v(vNew)}`, r(neu)], '←');
    f.text = `v = m*v - η*${gs} = ${v(m)}*${v(vOld)} - ${v(lr)}*${v(g)} = ${r(vNew)}; ${f.text}`;
    return f;
  }
  if (opt.kind === 'adam') {
    // The core's optimizer spec always carries every hyper-parameter
    // (src/net/state.rs): no default is repeated here.
    const { beta1: b1, beta2: b2, epsilon: eps } = opt;
    const t = ctx.after?.optimizerState?.t ?? (ctx.before.optimizerState?.t ?? 0) + 1;
    const mOld = slot(ctx.before, 'm', isBias, l, j, i);
    const vOld = slot(ctx.before, 'v', isBias, l, j, i);
    const mNew = ctx.after ? slot(ctx.after, 'm', isBias, l, j, i) : b1 * mOld + (1 - b1) * g;
    const vNew = ctx.after ? slot(ctx.after, 'v', isBias, l, j, i) : b2 * vOld + (1 - b2) * g * g;
    const alpha = lr * Math.sqrt(1 - b2 ** t) / (1 - b1 ** t);
    const f = make(key, sym, neu, [`${name} - α*m/(sqrt(v) + ε)`, `${v(old)} - ${v(alpha)}*${v(mNew)}/(sqrt(${v(vNew)}) + ${v(eps)})`, r(neu)], '←');
    f.text = `m = β1*m + (1 - β1)*${gs} = ${v(b1)}*${v(mOld)} + (1 - ${v(b1)})*${v(g)} = ${r(mNew)}; `
      + `v = β2*v + (1 - β2)*${gs}^2 = ${v(b2)}*${v(vOld)} + (1 - ${v(b2)})*${v(g)}^2 = ${r(vNew)}; `
      + `α = η*sqrt(1 - β2^t)/(1 - β1^t) = ${v(lr)}*sqrt(1 - ${v(b2)}^${t})/(1 - ${v(b1)}^${t}) = ${r(alpha)}; ${f.text}`;
    return f;
  }
  return make(key, sym, neu, [`${name} - η*${gs}`, `${v(old)} - ${v(lr)}*${v(g)}`, r(neu)], '←');
}

/** Every formula of one phase, grouped: [{title, formulas: [...]}]. */
export function phaseFormulas(ctx, phase) {
  const s = sizesOf(ctx);
  const layers = ctx.trace.layers;
  const range = (n) => Array.from({ length: n }, (_, k) => k);
  const unitsOf = (l) => range(s[l + 1]);
  switch (phase.kind) {
    case 'z': return [{ title: 'Weighted sums', formulas: unitsOf(phase.layer).map((j) => zFormula(ctx, phase.layer, j)) }];
    case 'a': return [{ title: 'Activations', formulas: unitsOf(phase.layer).map((j) => aFormula(ctx, phase.layer, j)) }];
    case 'loss': return [{ title: 'Loss', formulas: [lossFormula(ctx)] }];
    case 'delta': return [{ title: 'Deltas', formulas: unitsOf(phase.layer).map((j) => deltaFormula(ctx, phase.layer, j)) }];
    case 'gradients': return layers.map((_, l) => ({
      title: `Gradients into unit${s[l + 1] > 1 ? 's' : ''} ${unitsOf(l).map((j) => unitNumber(s, l, j)).join(', ')}`,
      formulas: unitsOf(l).flatMap((j) => [...range(s[l]).map((i) => weightGradFormula(ctx, l, j, i)), biasGradFormula(ctx, l, j)]),
    }));
    case 'update': return layers.map((_, l) => ({
      title: `Updates into unit${s[l + 1] > 1 ? 's' : ''} ${unitsOf(l).map((j) => unitNumber(s, l, j)).join(', ')}`,
      formulas: unitsOf(l).flatMap((j) => [...range(s[l]).map((i) => updateFormula(ctx, l, j, i)), updateFormula(ctx, l, j, null)]),
    }));
    default: return [];
  }
}

export const zFormula = checked(zFormulaRaw);
export const aFormula = checked(aFormulaRaw);
export const lossFormula = checked(lossFormulaRaw);
export const deltaFormula = checked(deltaFormulaRaw);
export const weightGradFormula = checked(weightGradFormulaRaw);
export const biasGradFormula = checked(biasGradFormulaRaw);
export const updateFormula = checked(updateFormulaRaw);
