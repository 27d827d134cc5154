// The "History" slider (every step is kept: its state and its trace) and a
// table of the weight changes made by the last COMPLETED step: the one that
// produced the current state. A step whose phases are still being walked
// through is not in the history yet (its "after" numbers would give away
// what the phase stepper has not shown).
//
// The table (one row per parameter: ~220 rows on an 8-8-8-8 network) sits in
// a closed <details> and is built only while it is open, and only when the
// step it shows changes.
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { weightName, biasName } from './naming.js';

/** Rows {name, before, after, change} for every parameter. */
export function weightChanges(a, b) {
  const rows = [];
  a.weights.forEach((m, l) => m.forEach((row, j) => row.forEach((w, i) => {
    rows.push({ name: weightName(a.sizes, l, j, i), before: w, after: b.weights[l][j][i] });
  })));
  a.biases.forEach((v, l) => v.forEach((x, j) => rows.push({ name: biasName(a.sizes, l, j), before: x, after: b.biases[l][j] })));
  return rows.map((r) => ({ ...r, change: r.after - r.before }));
}

/**
 * Where the history stands: {completed, current, pair} where `completed` is
 * the index of the last completed entry, `current` the entry shown as
 * current, and `pair` the [before, after] entries of the last completed step
 * up to the current one (null when there is none).
 */
export function historyPosition(ctl) {
  const { app } = ctl;
  const n = app.entries.length - 1;
  const inProgress = n > 0 && app.k === n - 1 && app.phase < ctl.lastPhase();
  const completed = inProgress ? n - 1 : n;
  const current = ctl.currentIndex();
  const pair = current > 0 && !app.entries[current].edited ? [app.entries[current - 1], app.entries[current]] : null;
  return { completed, current, pair };
}

/** @returns {{element: HTMLElement, update(): void}} */
export function createHistoryView(ctl) {
  const slider = el('input', { id: 'bp-history', type: 'range', min: 0, max: 0, step: 1, value: 0 });
  slider.addEventListener('input', () => ctl.scrub(Number(slider.value)));
  const out = el('output', { for: 'bp-history', class: 'num' });
  const note = el('p');
  const summary = el('summary');
  const tableBox = el('div', { class: 'table-scroll' });
  const details = el('details', { class: 'bp-changes' }, summary, tableBox);
  let shown = null; // {a, b, all}: what the table holds
  details.addEventListener('toggle', () => update());
  const element = el('section', { class: 'bp-history', 'aria-labelledby': 'bp-history-h' },
    el('h2', { id: 'bp-history-h' }, 'History'),
    el('div', { class: 'row' }, el('label', { for: 'bp-history' }, 'History'), slider, out),
    note, details);

  function update() {
    const { app } = ctl;
    // Rounded numbers keep their zeros ("0.2050"), as in the parameter table
    // and the formulas. A change is after - before, whose last bit can be
    // rounding noise of the addition (0.6 - 0.5 = 0.09999999999999998): within
    // 1e-12 of its short form it is that short form ("+0.1").
    const fmt = (x) => formatNumber(x, { all: app.allDigits, keepZeros: true });
    const fmtChange = (x) => {
      const short = formatNumber(x, { all: app.allDigits });
      return Math.abs(Number(short) - x) <= 1e-12 * Math.abs(x) ? short : fmt(x);
    };
    const { completed, current, pair } = historyPosition(ctl);
    const cur = app.entries[current];
    slider.max = String(completed);
    slider.value = String(Math.min(current, completed));
    slider.disabled = completed === 0;
    // The history starts where this page got its state: step 0, or the step
    // of a state loaded from the address bar or imported (base > 0).
    const base = app.entries[0].state.step;
    const last = app.entries[completed].state.step;
    const plural = (k) => `${k} step${k === 1 ? '' : 's'}`;
    const o = base === 0
      ? `state after ${cur.state.step} of ${plural(last)} completed${cur.edited ? ' (edited)' : ''}`
      : `state after step ${cur.state.step}; history from step ${base} (loaded) to ${last}${cur.edited ? ' (edited)' : ''}`;
    if (out.textContent !== o) out.textContent = o;
    if (slider.getAttribute('aria-valuetext') !== o) slider.setAttribute('aria-valuetext', o);
    if (!pair) {
      const t = cur.edited ? 'The current state was edited by hand: the steps you complete from it will show here.'
        : base > 0 && current === 0
          ? `This state was loaded at step ${base}, so the steps before it are not here: every step you complete from now on is kept, and the slider goes back to any of them.`
          : 'No step completed yet: every step you complete is kept here, and the slider goes back to any of them.';
      if (note.textContent !== t) note.textContent = t;
      details.hidden = true;
      return;
    }
    details.hidden = false;
    const [a, b] = pair;
    const lossOf = b.trace ? `, loss of that step ${fmt(b.trace.loss)}` : '';
    const steps = (k) => `${k} step${k === 1 ? '' : 's'}`;
    const t = `Last completed step: ${b.state.step} (from the state after ${steps(a.state.step)} to the state after ${b.state.step}${lossOf}).`;
    if (note.textContent !== t) note.textContent = t;
    const rows = weightChanges(a.state, b.state);
    const s = `Weight changes in step ${b.state.step} (${rows.length} parameters)`;
    if (summary.textContent !== s) summary.textContent = s;
    if (!details.open) return;
    if (shown && shown.a === a.state && shown.b === b.state && shown.all === app.allDigits) return;
    shown = { a: a.state, b: b.state, all: app.allDigits };
    tableBox.replaceChildren(el('table', { class: 'changes' },
      el('caption', {}, `Weights and biases before and after step ${b.state.step}`),
      el('thead', {}, el('tr', {}, ['parameter', 'before', 'after', 'change'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', { class: r.change === 0 ? 'same' : null },
        el('th', { scope: 'row' }, r.name), el('td', { class: 'num' }, fmt(r.before)), el('td', { class: 'num' }, fmt(r.after)),
        el('td', { class: 'num' }, r.change === 0 ? '0' : (r.change > 0 ? '+' : '') + fmtChange(r.change)))))));
  }

  return { element, update };
}
