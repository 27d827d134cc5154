// The "History" slider (every step is kept: its state and its trace) and a
// table of the weight changes made by the step after the selected state.
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { weightName, biasName } from './naming.js';

/** Rows {name, before, after, change} for every parameter that differs (or all when few). */
export function weightChanges(a, b) {
  const rows = [];
  a.weights.forEach((m, l) => m.forEach((row, j) => row.forEach((w, i) => {
    rows.push({ name: weightName(a.sizes, l, j, i), before: w, after: b.weights[l][j][i] });
  })));
  a.biases.forEach((v, l) => v.forEach((x, j) => rows.push({ name: biasName(a.sizes, l, j), before: x, after: b.biases[l][j] })));
  return rows.map((r) => ({ ...r, change: r.after - r.before }));
}

export function renderHistory(ctl) {
  const { app } = ctl;
  const n = app.entries.length - 1;
  const fmt = (x) => formatNumber(x, { all: app.allDigits });
  const slider = el('input', { id: 'bp-history', type: 'range', min: 0, max: Math.max(0, n), step: 1, value: app.k, disabled: n === 0 });
  slider.value = String(app.k);
  slider.addEventListener('input', () => ctl.scrub(Number(slider.value)));
  const box = el('section', { class: 'bp-history', 'aria-labelledby': 'bp-history-h' },
    el('h2', { id: 'bp-history-h' }, 'History'),
    el('div', { class: 'row' }, el('label', { for: 'bp-history' }, 'History'), slider,
      el('output', { for: 'bp-history', class: 'num' }, `state after ${app.entries[app.k].state.step} of ${app.entries[n].state.step} steps${app.entries[app.k].edited ? ' (edited)' : ''}`)));
  const a = app.entries[app.k];
  const b = app.entries[app.k + 1];
  const pair = b ? [a, b] : app.k > 0 ? [app.entries[app.k - 1], a] : null;
  if (!pair) {
    box.append(el('p', {}, 'No step taken yet: every step you take is kept here, and the slider goes back to any of them.'));
    return box;
  }
  const rows = weightChanges(pair[0].state, pair[1].state);
  const lossOf = (e) => (e.trace ? `, loss of that step ${fmt(e.trace.loss)}` : '');
  box.append(
    el('p', {}, `Weight changes in step ${pair[1].state.step} (from the state after ${pair[0].state.step} steps to the state after ${pair[1].state.step}${lossOf(pair[1])}).`),
    el('div', { class: 'table-scroll' }, el('table', { class: 'changes' },
      el('caption', {}, `Weights and biases before and after step ${pair[1].state.step}`),
      el('thead', {}, el('tr', {}, ['parameter', 'before', 'after', 'change'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', { class: r.change === 0 ? 'same' : null },
        el('th', { scope: 'row' }, r.name), el('td', { class: 'num' }, fmt(r.before)), el('td', { class: 'num' }, fmt(r.after)),
        el('td', { class: 'num' }, r.change === 0 ? '0' : (r.change > 0 ? '+' : '') + fmt(r.change))))))));
  return box;
}
