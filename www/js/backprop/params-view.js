// The editable numbers of the current state: inputs, targets, and one table
// of weights and biases per layer. Every number is a button; clicking it
// opens an inline editor (editor.js). During the update phase a changed
// number also shows its old value.
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { numberEditor } from './editor.js';
import { weightName, biasName, unitNumber, sourceName, layerName } from './naming.js';

/**
 * @param {object} ctl the controller
 * @param {{editing: string|null}} ui the view's UI state (which cell is being edited)
 * @param {() => void} rerender
 */
export function renderParams(ctl, ui, rerender) {
  const { app } = ctl;
  const state = ctl.currentState();
  const sizes = state.sizes;
  const fmt = (x) => formatNumber(x, { all: app.allDigits });
  const v = ctl.view();
  const showOld = v.trace && v.phase === ctl.lastPhase() ? v.before : null;

  function cell(key, name, value, target, old) {
    if (ui.editing === key) {
      return el('td', { class: 'editing' }, numberEditor({
        name, value,
        onSave: (x) => {
          const r = ctl.edit(target, x);
          if (r.ok) { ui.editing = null; rerender(); }
          return r;
        },
        onCancel: () => { ui.editing = null; rerender(); },
      }));
    }
    const changed = old !== undefined && old !== null && old !== value;
    return el('td', { class: changed ? 'changed' : null },
      el('button', { type: 'button', class: 'cell num', 'data-param': name, 'aria-label': `${name} = ${fmt(value)}, edit`,
        onclick: () => { ui.editing = key; rerender(); } }, fmt(value)),
      changed ? el('span', { class: 'was' }, `was ${fmt(old)}`) : null);
  }

  const io = el('table', { class: 'params' },
    el('caption', {}, 'Inputs and targets'),
    el('tbody', {},
      el('tr', {}, el('th', { scope: 'row' }, 'input x'), state.input.map((x, i) => cell(`x${i}`, `x${i + 1}`, x, { kind: 'input', i }))),
      el('tr', {}, el('th', { scope: 'row' }, 'target y'), state.target.map((y, i) => cell(`y${i}`, `y${i + 1}`, y, { kind: 'target', i })))));

  const tables = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const head = el('tr', {}, el('th', { scope: 'col' }, 'unit'),
      Array.from({ length: sizes[l] }, (_, i) => el('th', { scope: 'col' }, `from ${sourceName(sizes, l, i).replace(/^a/, 'unit ')}`)),
      el('th', { scope: 'col' }, 'bias'));
    const rows = Array.from({ length: sizes[l + 1] }, (_, j) => el('tr', {},
      el('th', { scope: 'row' }, String(unitNumber(sizes, l, j))),
      state.weights[l][j].map((w, i) => cell(`w${l}.${j}.${i}`, weightName(sizes, l, j, i), w, { kind: 'weight', l, j, i }, showOld?.weights[l][j][i])),
      cell(`b${l}.${j}`, biasName(sizes, l, j), state.biases[l][j], { kind: 'bias', l, j }, showOld?.biases[l][j])));
    tables.push(el('table', { class: 'params' },
      el('caption', {}, `Weights and biases into the ${layerName(sizes, l)} (${state.activations[l]})`),
      el('thead', {}, head), el('tbody', {}, rows)));
  }
  return el('section', { class: 'bp-params', 'aria-labelledby': 'bp-params-h' },
    el('h2', { id: 'bp-params-h' }, 'Numbers (click one to edit it)'),
    el('div', { class: 'params-wrap' }, io, tables));
}
