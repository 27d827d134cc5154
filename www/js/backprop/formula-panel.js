// The current phase's numbers, each a button that opens into its formula
// with the values filled in; and the inspector of a selected unit (every
// formula of that unit revealed so far).
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { phaseFormulas, zFormula, aFormula, deltaFormula, weightGradFormula, biasGradFormula, updateFormula } from './formulas.js';
import { revealed } from './phases.js';
import { unitNumber } from './naming.js';
import { lossName, optimizerName } from './model.js';

const DIGITS_NOTE = 'Numbers are rounded to 4 significant digits. Inside a formula an operand gets more digits where the line needs them to add up; “Show all digits” shows every digit.';

function formulaItem(ctl, f) {
  const { app } = ctl;
  const open = app.showAllFormulas || app.openFormulas.has(f.key);
  const short = `${f.symbol} = ${formatNumber(f.value, { all: app.allDigits, keepZeros: true })}`;
  return el('li', { class: 'formula', dataset: { key: f.key } },
    el('button', { type: 'button', class: 'num formula-toggle', 'aria-expanded': String(open), onclick: () => ctl.toggleFormula(f.key) }, short),
    open ? el('code', { class: 'formula-text' }, f.text) : null);
}

/** Formula context for the shown step. */
export function formulaContext(ctl) {
  const v = ctl.view();
  return v.trace ? { trace: v.trace, before: v.before, after: v.after, all: ctl.app.allDigits } : null;
}

/** @returns {HTMLElement} the phase panel */
export function renderPhasePanel(ctl) {
  const { app } = ctl;
  const v = ctl.view();
  const ph = v.phases[v.phase];
  const box = el('section', { class: 'bp-phase', 'aria-labelledby': 'bp-phase-h' });
  box.append(el('h2', { id: 'bp-phase-h' }, `Step ${v.before.step + 1}, phase ${v.phase + 1} of ${v.phases.length}: ${ph.label}`));
  const ctx = formulaContext(ctl);
  if (!ctx || ph.kind === 'start') {
    const s = v.before;
    const f = (x) => formatNumber(x, { all: app.allDigits });
    box.append(el('p', {}, `Input x = (${s.input.map(f).join(', ')}), target y = (${s.target.map(f).join(', ')}). `
      + `Learning rate η = ${f(s.learningRate)}, loss: ${lossName(s.loss)}, optimizer: ${optimizerName(s.optimizer.kind)}. `
      + 'Press "Next phase" to run the forward pass layer by layer.'));
    return box;
  }
  for (const g of phaseFormulas(ctx, ph)) {
    box.append(el('h3', {}, g.title), el('ul', { class: 'formulas' }, g.formulas.map((f) => formulaItem(ctl, f))));
  }
  if (!app.allDigits) box.append(el('p', { class: 'hint digits-note' }, DIGITS_NOTE));
  return box;
}

/**
 * Update a panel made by renderPhasePanel() for the same phase of another
 * step in place (texts only); returns false when its formulas differ (the
 * caller then renders a new one).
 */
export function patchPhasePanel(box, ctl) {
  const v = ctl.view();
  const ph = v.phases[v.phase];
  const ctx = formulaContext(ctl);
  if (!ctx || ph.kind === 'start') return false;
  if (Boolean(box.querySelector('.digits-note')) === ctl.app.allDigits) return false;
  const items = box.querySelectorAll('li.formula');
  const list = phaseFormulas(ctx, ph).flatMap((g) => g.formulas);
  if (items.length !== list.length) return false;
  for (let k = 0; k < list.length; k++) if (items[k].dataset.key !== list[k].key) return false;
  const { app } = ctl;
  const h = box.querySelector('h2');
  const title = `Step ${v.before.step + 1}, phase ${v.phase + 1} of ${v.phases.length}: ${ph.label}`;
  if (h.textContent !== title) h.textContent = title;
  list.forEach((f, k) => {
    const short = `${f.symbol} = ${formatNumber(f.value, { all: app.allDigits, keepZeros: true })}`;
    const btn = items[k].firstElementChild;
    if (btn.textContent !== short) btn.textContent = short;
    const code = items[k].querySelector('.formula-text');
    if (code && code.textContent !== f.text) code.textContent = f.text;
  });
  return true;
}

/** Every formula revealed so far for unit (l, j). */
export function renderInspector(ctl, sel, onClose) {
  const v = ctl.view();
  const sizes = v.before.sizes;
  const n = unitNumber(sizes, sel.l, sel.j);
  const box = el('section', { class: 'bp-inspector', 'aria-labelledby': 'bp-insp-h' },
    el('h2', { id: 'bp-insp-h' }, `Unit ${n}`),
    el('button', { type: 'button', class: 'close', onclick: onClose }, 'Close unit'));
  const ctx = formulaContext(ctl);
  if (!ctx) {
    box.append(el('p', {}, 'Nothing computed yet in this step: press "Next phase".'));
    return box;
  }
  const rev = revealed(v.phases, v.phase);
  const list = [];
  if (rev.z.has(sel.l)) list.push(zFormula(ctx, sel.l, sel.j));
  if (rev.a.has(sel.l)) list.push(aFormula(ctx, sel.l, sel.j));
  if (rev.delta.has(sel.l)) list.push(deltaFormula(ctx, sel.l, sel.j));
  if (rev.gradients) {
    for (let i = 0; i < sizes[sel.l]; i++) list.push(weightGradFormula(ctx, sel.l, sel.j, i));
    list.push(biasGradFormula(ctx, sel.l, sel.j));
  }
  if (rev.update) {
    for (let i = 0; i < sizes[sel.l]; i++) list.push(updateFormula(ctx, sel.l, sel.j, i));
    list.push(updateFormula(ctx, sel.l, sel.j, null));
  }
  box.append(list.length ? el('ul', { class: 'formulas open' }, list.map((f) => el('li', { class: 'formula' }, el('code', { class: 'formula-text' }, f.text))))
    : el('p', {}, 'Not reached yet in this step.'));
  return box;
}
