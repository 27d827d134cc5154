// "Check gradients": finite differences against backprop for every
// parameter (network.gradientCheck()), with the relative error, the
// parameters feeding a dead ReLU unit flagged, and those whose difference
// straddles a ReLU kink left out of the verdict.
import { el } from '../lib/dom.js';
import { formatNumber } from '../lib/format.js';
import { weightName, biasName } from './naming.js';


export function renderGradcheck(ctl) {
  const { app } = ctl;
  const box = el('section', { class: 'bp-gradcheck', 'aria-labelledby': 'bp-gc-h' },
    el('h2', { id: 'bp-gc-h' }, 'Gradient check'),
    el('p', {}, 'Compares each backprop gradient with a central finite difference of the loss, (L(w + h) - L(w - h)) / 2h with h = 1e-5, at the current state.'),
    el('button', { type: 'button', onclick: () => ctl.checkGradients() }, 'Check gradients'));
  const gc = app.gradcheck;
  if (!gc) return box;
  if (gc.message) {
    box.append(el('p', { class: 'error', role: 'alert' }, `Gradient check failed: ${gc.message}`));
    return box;
  }
  const fmt = (x) => formatNumber(x, { all: app.allDigits });
  const sizes = gc.state.sizes;
  // A difference that straddles a ReLU kink is not a derivative: it is shown
  // but not judged.
  const judged = gc.rows.filter((r) => !r.atKink);
  const kinks = gc.rows.length - judged.length;
  // A gradient that is exactly 0 gets a finite difference of rounding noise
  // (about 1e-11 at h = 1e-5), a relative error of 1 by the formula; the
  // core's `agrees` counts two values within 1e-9 as agreeing.
  const noise = (r) => r.agrees && r.relError >= 1e-5;
  const zeros = judged.filter(noise).length;
  const worst = Math.max(0, ...judged.filter((r) => !noise(r)).map((r) => r.relError));
  const dead = gc.rows.filter((r) => r.deadRelu && !r.atKink).length;
  const verdict = judged.length === 0 ? 'every parameter straddles a ReLU kink, so there is nothing to compare'
    : `largest relative error ${formatNumber(worst, { digits: 2 })}: ${worst < 1e-5 ? 'backprop agrees with finite differences' : 'backprop and finite differences disagree'}`;
  box.append(el('p', { class: worst < 1e-5 ? 'ok' : 'error', role: 'status' },
    `${gc.rows.length} parameters; ${verdict}.`
    + (zeros ? ` ${zeros} gradient${zeros === 1 ? ' is' : 's are'} 0 or nearly, where the finite difference is rounding noise (both within 1e-9): counted as agreeing.` : '')
    + (dead ? ` ${dead} parameters feed a dead ReLU unit (z ≤ 0, so their gradient is 0).` : '')
    + (kinks ? ` ${kinks} parameter${kinks === 1 ? '' : 's'} left out: w ± h puts a ReLU unit on both sides of z = 0, its kink, where the derivative is undefined (backprop uses relu'(0) = 0), so the finite difference there measures across the kink, not a slope.` : '')));
  box.append(el('div', { class: 'table-scroll' }, el('table', { class: 'gradcheck' },
    el('caption', {}, `Gradients at step ${gc.state.step}`),
    el('thead', {}, el('tr', {}, ['parameter', 'backprop', 'finite difference', 'relative error', 'note'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, gc.rows.map((r) => {
      const name = r.kind === 'bias' ? biasName(sizes, r.layer, r.row) : weightName(sizes, r.layer, r.row, r.col);
      const note = r.atKink ? 'ReLU kink (z = 0): not judged' : r.deadRelu ? 'dead ReLU' : noise(r) ? 'both ≈ 0: rounding noise' : '';
      return el('tr', { class: r.atKink || r.deadRelu ? 'dead' : null },
        el('th', { scope: 'row' }, name), el('td', { class: 'num' }, fmt(r.analytic)), el('td', { class: 'num' }, fmt(r.numeric)),
        el('td', { class: 'num' }, formatNumber(r.relError, { digits: 2 })), el('td', {}, note));
    })))));
  return box;
}
