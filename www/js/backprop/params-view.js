// The editable numbers of the current state: inputs, targets, and one table
// of weights and biases per layer. Every number is a button; clicking it
// opens an inline editor (editor.js). During the update phase a changed
// number also shows its old value.
//
// createParamsView() builds the tables once per network shape (and per cell
// being edited); update() rewrites only the texts and classes that changed.
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { numberEditor } from './editor.js';
import { weightName, biasName, unitNumber, sourceName, layerName } from './naming.js';

/**
 * @param {object} ctl the controller
 * @param {{editing: string|null}} ui the view's UI state (which cell is being edited)
 * @param {() => void} rerender
 * @returns {{element: HTMLElement, update(): void}}
 */
export function createParamsView(ctl, ui, rerender) {
  const wrap = el('div', { class: 'params-wrap' });
  const element = el('section', { class: 'bp-params', 'aria-labelledby': 'bp-params-h' },
    el('h2', { id: 'bp-params-h' }, 'Numbers (click one to edit it)'), wrap);
  let built = null; // {key, cells: Map(key -> {td, btn, was, get, old})}

  function build(state) {
    const sizes = state.sizes;
    const cells = [];
    function cell(key, name, target, get, old) {
      if (ui.editing === key) {
        return el('td', { class: 'editing' }, numberEditor({
          name, value: get(ctl.currentState()),
          onSave: (x) => {
            const r = ctl.edit(target, x);
            if (r.ok) { ui.editing = null; rerender(); }
            return r;
          },
          onCancel: () => { ui.editing = null; rerender(); },
        }));
      }
      const btn = el('button', { type: 'button', class: 'cell num', 'data-param': name, onclick: () => { ui.editing = key; rerender(); } });
      const was = el('span', { class: 'was', hidden: true });
      const td = el('td', {}, btn, was);
      cells.push({ td, btn, was, name, get, old });
      return td;
    }
    const io = el('table', { class: 'params' },
      el('caption', {}, 'Inputs and targets'),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, 'input x'), state.input.map((_, i) => cell(`x${i}`, `x${i + 1}`, { kind: 'input', i }, (s) => s.input[i]))),
        el('tr', {}, el('th', { scope: 'row' }, 'target y'), state.target.map((_, i) => cell(`y${i}`, `y${i + 1}`, { kind: 'target', i }, (s) => s.target[i])))));
    const tables = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const head = el('tr', {}, el('th', { scope: 'col' }, 'unit'),
        Array.from({ length: sizes[l] }, (_, i) => el('th', { scope: 'col' }, `from ${sourceName(sizes, l, i).replace(/^a/, 'unit ')}`)),
        el('th', { scope: 'col' }, 'bias'));
      const rows = Array.from({ length: sizes[l + 1] }, (_, j) => el('tr', {},
        el('th', { scope: 'row' }, String(unitNumber(sizes, l, j))),
        Array.from({ length: sizes[l] }, (_, i) => cell(`w${l}.${j}.${i}`, weightName(sizes, l, j, i), { kind: 'weight', l, j, i }, (s) => s.weights[l][j][i], (s) => s.weights[l][j][i])),
        cell(`b${l}.${j}`, biasName(sizes, l, j), { kind: 'bias', l, j }, (s) => s.biases[l][j], (s) => s.biases[l][j])));
      tables.push(el('table', { class: 'params' },
        el('caption', { dataset: { layer: String(l) } }),
        el('thead', {}, head), el('tbody', {}, rows)));
    }
    wrap.replaceChildren(io, ...tables);
    return { cells, captions: tables.map((t) => t.querySelector('caption')) };
  }

  function update() {
    const { app } = ctl;
    const state = ctl.currentState();
    const sizes = state.sizes;
    const key = `${sizes.join('-')}|${ui.editing ?? ''}`;
    if (!built || built.key !== key) built = { key, ...build(state) };
    const fmt = (x) => formatNumber(x, { all: app.allDigits, keepZeros: true });
    const v = ctl.view();
    const showOld = v.trace && v.phase === ctl.lastPhase() ? v.before : null;
    built.captions.forEach((c, l) => {
      const t = `Weights and biases into the ${layerName(sizes, l)} (${state.activations[l]})`;
      if (c.textContent !== t) c.textContent = t;
    });
    for (const c of built.cells) {
      const value = c.get(state);
      const old = showOld && c.old ? c.old(showOld) : undefined;
      const changed = old !== undefined && old !== value;
      const s = fmt(value);
      if (c.btn.textContent !== s) {
        c.btn.textContent = s;
        c.btn.setAttribute('aria-label', `${c.name} = ${s}, edit`);
      }
      if (c.td.classList.contains('changed') !== changed) c.td.classList.toggle('changed', changed);
      const was = changed ? `was ${fmt(old)}` : '';
      if (c.was.textContent !== was) c.was.textContent = was;
      if (c.was.hidden === changed) c.was.hidden = !changed;
    }
  }

  return { element, update };
}
