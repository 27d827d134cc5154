// The network diagram (SVG): one column per layer, neurons coloured by their
// activation (blue negative, orange positive), links coloured by the weight's
// sign and as wide as its magnitude. What the current phase computes is
// highlighted; the rest is dimmed. Neurons and links are clickable (and
// focusable), reported through `onSelect({kind: 'unit'|'weight', l, j, i})`.
import { svg } from '../lib/dom.js';
import { diverging, textOn, signColor } from '../lib/colors.js';
import { formatNumber } from '../lib/format.js';
import { revealed } from './phases.js';
import { unitNumber, weightName } from './naming.js';

const W = 600;

/**
 * @param {{before: object, after: object|null, trace: object|null, phases: object[], phase: number}} v
 * @param {{allDigits: boolean, onSelect: (sel: object) => void}} opts
 * @returns {SVGSVGElement}
 */
export function renderDiagram(v, opts) {
  const { before, trace, phases, phase } = v;
  const sizes = before.sizes;
  const cur = phases[phase];
  const rev = trace ? revealed(phases, phase) : revealed(phases, 0);
  const maxUnits = Math.max(...sizes);
  const H = Math.max(250, 80 * maxUnits + 40);
  const colX = (l) => 50 + (l * (W - 160)) / (sizes.length - 1);
  const rowY = (l, j) => (H / 2) + (j - (sizes[l] - 1) / 2) * Math.min(80, (H - 50) / Math.max(1, sizes[l] - 1 || 1));
  const r = Math.min(24, (H - 60) / (2.6 * maxUnits));
  const fmt = (x) => formatNumber(x, { all: false, digits: opts.allDigits ? 6 : 3 });
  const update = cur.kind === 'update' && trace;
  const weights = update ? trace.layers.map((L) => L.weightsAfter) : before.weights;
  const maxW = Math.max(1e-9, ...weights.flat(2).map(Math.abs));
  const actScale = Math.max(1, ...(trace ? trace.layers.flatMap((L) => L.a.map(Math.abs)) : [1]), ...before.input.map(Math.abs));

  // Highlight sets for the current phase.
  const hlUnits = new Set();
  const hlLinks = new Set(); // layer index l: links into layer l (l = 0: from inputs)
  if (trace) {
    const L = sizes.length - 1;
    const allUnits = (layerIdx) => { for (let j = 0; j < sizes[layerIdx + 1]; j++) hlUnits.add(`${layerIdx}.${j}`); };
    if (cur.kind === 'z') { allUnits(cur.layer); hlLinks.add(cur.layer); }
    if (cur.kind === 'a') allUnits(cur.layer);
    if (cur.kind === 'loss' || (cur.kind === 'delta' && cur.layer === L - 1)) allUnits(L - 1);
    if (cur.kind === 'delta' && cur.layer < L - 1) { allUnits(cur.layer); hlLinks.add(cur.layer + 1); }
    if (cur.kind === 'gradients' || cur.kind === 'update') for (let l = 0; l < L; l++) hlLinks.add(l);
  }
  const dim = trace && !['start', 'gradients', 'update'].includes(cur.kind);

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bp-diagram', role: 'group', 'aria-label': `Network diagram, ${sizes.join('-')}: ${cur.label}` });
  root.append(svg('defs', {}, svg('marker', { id: 'bp-arrow', viewBox: '0 0 6 6', refX: 5, refY: 3, markerWidth: 6, markerHeight: 6, orient: 'auto' }, svg('path', { d: 'M0,0 L6,3 L0,6 z', fill: '#98a2b3' }))));
  const gLinks = svg('g', { class: 'links' });
  const gUnits = svg('g', { class: 'units' });
  root.append(gLinks, gUnits);

  const small = false; // link labels overlap; values are in the tooltips and the tables
  for (let l = 0; l + 1 < sizes.length; l++) {
    for (let j = 0; j < sizes[l + 1]; j++) {
      for (let i = 0; i < sizes[l]; i++) {
        const w = weights[l][j][i];
        const x1 = colX(l) + r; const y1 = rowY(l, i);
        const x2 = colX(l + 1) - r; const y2 = rowY(l + 1, j);
        const name = weightName(sizes, l, j, i);
        const old = update ? trace.layers[l].weightsBefore[j][i] : null;
        const label = update ? `${name}: ${fmt(old)} → ${fmt(w)}` : `${name} = ${fmt(w)}`;
        const hl = hlLinks.has(l);
        const g = svg('g', {
          class: `link${hl ? ' hl' : ''}${dim && !hl ? ' dim' : ''}`, tabindex: 0, role: 'button',
          'aria-label': `${label}; edit`, dataset: { weight: name },
          onclick: () => opts.onSelect({ kind: 'weight', l, j, i }),
          onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); opts.onSelect({ kind: 'weight', l, j, i }); } },
        },
        svg('title', {}, label),
        svg('line', { x1, y1, x2, y2, class: 'hit' }),
        svg('line', { x1, y1, x2, y2, class: 'wire', stroke: signColor(w), 'stroke-width': (0.75 + 5 * Math.abs(w) / maxW).toFixed(2) }));
        if (small) {
          const t = 0.28;
          const tx = x1 + (x2 - x1) * t; const ty = y1 + (y2 - y1) * t;
          g.append(svg('text', { x: tx, y: ty - 3, class: 'wlabel', 'text-anchor': 'middle' }, update ? `${fmt(old)}→${fmt(w)}` : fmt(w)));
        }
        gLinks.append(g);
      }
    }
  }

  // Input units.
  for (let i = 0; i < sizes[0]; i++) {
    const x = before.input[i];
    const cx = colX(0); const cy = rowY(0, i);
    gUnits.append(svg('g', { class: 'unit input', dataset: { unit: `x${i + 1}` } },
      svg('circle', { cx, cy, r, fill: diverging(x, actScale) }),
      svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', fill: textOn(x, actScale), class: 'uval' }, fmt(x)),
      svg('text', { x: cx - r - 4, y: cy + 4, 'text-anchor': 'end', class: 'uname' }, `x${i + 1}`)));
  }
  // Non-input units.
  const L = sizes.length - 1;
  for (let l = 0; l < L; l++) {
    for (let j = 0; j < sizes[l + 1]; j++) {
      const cx = colX(l + 1); const cy = rowY(l + 1, j);
      const n = unitNumber(sizes, l, j);
      const lay = trace?.layers[l];
      const showA = rev.a.has(l);
      const showZ = rev.z.has(l);
      const val = showA ? lay.a[j] : showZ ? lay.z[j] : null;
      const key = `${l}.${j}`;
      const hl = hlUnits.has(key);
      const desc = [`unit ${n}`];
      if (showZ) desc.push(`z${n} = ${fmt(lay.z[j])}`);
      if (showA) desc.push(`a${n} = ${fmt(lay.a[j])}`);
      if (rev.delta.has(l)) desc.push(`δ${n} = ${fmt(lay.delta[j])}`);
      const g = svg('g', {
        class: `unit${hl ? ' hl' : ''}${dim && !hl ? ' dim' : ''}`, tabindex: 0, role: 'button',
        'aria-label': `${desc.join(', ')}: show formula`, dataset: { unit: String(n) },
        onclick: () => opts.onSelect({ kind: 'unit', l, j }),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); opts.onSelect({ kind: 'unit', l, j }); } },
      },
      svg('title', {}, desc.join(', ')),
      svg('circle', { cx, cy, r, fill: val === null ? '#fff' : diverging(showA ? val : 0, actScale) }),
      svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', class: 'uval', fill: val === null ? '#5b6475' : textOn(showA ? val : 0, actScale) },
        val === null ? String(n) : `${showA ? '' : 'z '}${fmt(val)}`),
      svg('text', { x: cx, y: cy - r - 4, 'text-anchor': 'middle', class: 'uname' }, `${n} · ${lay?.activation ?? before.activations[l]}`));
      if (rev.delta.has(l)) {
        g.append(svg('text', { x: cx + r * 0.75, y: cy + r + 8, 'text-anchor': 'start', class: 'udelta' }, `δ ${fmt(lay.delta[j])}`));
      }
      if (l === L - 1) {
        const y = (trace?.target ?? before.target)[j];
        g.append(svg('text', { x: cx + r + 6, y: cy + 4, class: 'utarget' }, `y${j + 1} = ${fmt(y)}`));
      }
      gUnits.append(g);
    }
  }
  if (rev.loss && trace) {
    const x = colX(L) + r + 6;
    root.append(svg('text', { x, y: H - 12, class: `loss${cur.kind === 'loss' ? ' hl' : ''}` }, `L = ${fmt(trace.loss)}`));
  }
  return root;
}
