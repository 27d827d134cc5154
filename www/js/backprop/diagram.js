// The network diagram (SVG): one column per layer, neurons coloured by their
// activation (blue negative, orange positive), links coloured by the weight's
// sign and as wide as its magnitude. What the current phase computes is
// highlighted; the rest is dimmed. Neurons and links are clickable (and
// focusable), reported through `onSelect({kind: 'unit'|'weight', l, j, i})`.
//
// createDiagram() builds the SVG nodes once per network shape (and width) and
// update() only rewrites the attributes and texts that changed, so a step on
// an 8-8-8-8 network touches a few hundred attributes instead of rebuilding
// ~1000 nodes. The width of the drawing follows its box (320-600 user units),
// so on a phone the text is drawn at its CSS size instead of scaled down.
import { svg } from '../lib/dom.js';
import { diverging, textOn, signColor } from '../lib/colors.js';
import { formatNumber } from '../lib/format.js';
import { revealed } from './phases.js';
import { unitNumber, weightName } from './naming.js';

/** Set an attribute only when its value changes (writes invalidate style). */
function attr(node, k, v) {
  const s = String(v);
  if (node.getAttribute(k) !== s) node.setAttribute(k, s);
}
function text(node, s) {
  if (node.textContent !== s) node.textContent = s;
}

/**
 * A value inside a circle of radius r: squeezed to the circle's width when
 * its digits (at about 0.62 em each in the 13px bold of .uval) would overflow.
 */
function fitText(node, s, r) {
  text(node, s);
  const room = 2 * r - 6;
  if (s.length * 13 * 0.62 > room) {
    attr(node, 'textLength', room.toFixed(1));
    attr(node, 'lengthAdjust', 'spacingAndGlyphs');
  } else if (node.hasAttribute('textLength')) {
    node.removeAttribute('textLength');
    node.removeAttribute('lengthAdjust');
  }
}

/**
 * @param {{onSelect: (sel: object) => void, onResize?: () => void}} opts
 *   onResize: the drawing's width changed (call update() again)
 * @returns {{element: HTMLElement, update(v: object, o: {allDigits: boolean}): void, destroy(): void}}
 */
export function createDiagram(opts) {
  const element = document.createElement('div');
  element.className = 'bp-diagram-wrap';
  let built = null; // {key, root, links, units, inputs, loss, W, H, r, ...}
  // The box's width, from a ResizeObserver (reading clientWidth in update()
  // would force a layout on every step); a new width asks for a re-render.
  let boxWidth = 0;
  const widthFor = (w) => (w > 0 ? Math.round(Math.max(320, Math.min(600, w)) / 10) * 10 : 600);
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
    boxWidth = entries[entries.length - 1].contentRect.width;
    if (built && widthFor(boxWidth) !== built.W) opts.onResize?.();
  }) : null;
  ro?.observe(element);

  function build(sizes, W) {
    const maxUnits = Math.max(...sizes);
    const H = Math.max(250, 80 * maxUnits + 40);
    const colX = (l) => 50 + (l * (W - 160)) / (sizes.length - 1);
    const rowY = (l, j) => (H / 2) + (j - (sizes[l] - 1) / 2) * Math.min(80, (H - 50) / Math.max(1, sizes[l] - 1 || 1));
    const r = Math.min(24, (H - 60) / (2.6 * maxUnits), (W - 160) / (sizes.length - 1) / 2.6);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bp-diagram', role: 'group' });
    const gLinks = svg('g', { class: 'links' });
    const gUnits = svg('g', { class: 'units' });
    root.append(gLinks, gUnits);
    const links = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let i = 0; i < sizes[l]; i++) {
          const x1 = colX(l) + r; const y1 = rowY(l, i);
          const x2 = colX(l + 1) - r; const y2 = rowY(l + 1, j);
          const name = weightName(sizes, l, j, i);
          const sel = () => opts.onSelect({ kind: 'weight', l, j, i });
          const title = svg('title');
          const wire = svg('line', { x1, y1, x2, y2, class: 'wire' });
          // Not a tab stop (an 8-8-8-8 network has 192 links): a keyboard
          // user edits weights in the Numbers tables; a click still works here.
          const g = svg('g', {
            class: 'link', tabindex: -1, role: 'button', dataset: { weight: name },
            onclick: sel,
            onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sel(); } },
          }, title, svg('line', { x1, y1, x2, y2, class: 'hit' }), wire);
          gLinks.append(g);
          links.push({ l, j, i, name, g, title, wire });
        }
      }
    }
    const inputs = [];
    for (let i = 0; i < sizes[0]; i++) {
      const cx = colX(0); const cy = rowY(0, i);
      const circle = svg('circle', { cx, cy, r });
      const val = svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', class: 'uval' });
      gUnits.append(svg('g', { class: 'unit input', dataset: { unit: `x${i + 1}` } },
        circle, val, svg('text', { x: cx - r - 4, y: cy + 4, 'text-anchor': 'end', class: 'uname' }, `x${i + 1}`)));
      inputs.push({ circle, val });
    }
    const L = sizes.length - 1;
    const units = [];
    for (let l = 0; l < L; l++) {
      for (let j = 0; j < sizes[l + 1]; j++) {
        const cx = colX(l + 1); const cy = rowY(l + 1, j);
        const n = unitNumber(sizes, l, j);
        const sel = () => opts.onSelect({ kind: 'unit', l, j });
        const title = svg('title');
        const circle = svg('circle', { cx, cy, r });
        const val = svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', class: 'uval' });
        const name = svg('text', { x: cx, y: cy - r - 4, 'text-anchor': 'middle', class: 'uname' });
        const delta = svg('text', { x: cx + r * 0.75, y: cy + r + 8, 'text-anchor': 'start', class: 'udelta' });
        const target = l === L - 1 ? svg('text', { x: cx + r + 6, y: cy + 4, class: 'utarget' }) : null;
        // One tab stop for all units (roving tabindex): ↑/↓ (and Home/End)
        // move between units; ← → stay the phase shortcuts.
        const g = svg('g', {
          class: 'unit', tabindex: units.length === 0 ? 0 : -1, role: 'button', dataset: { unit: String(n) },
          onclick: sel,
          onkeydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sel(); return; }
            const k = units.findIndex((u) => u.g === g);
            const to = { ArrowDown: k + 1, ArrowUp: k - 1, Home: 0, End: units.length - 1 }[e.key];
            if (to === undefined) return;
            e.preventDefault();
            const next = units[Math.max(0, Math.min(units.length - 1, to))].g;
            for (const u of units) u.g.setAttribute('tabindex', u.g === next ? '0' : '-1');
            next.focus();
          },
        }, title, circle, val, name, delta, target);
        gUnits.append(g);
        units.push({ l, j, n, g, title, circle, val, name, delta, target });
      }
    }
    // Top right: the only corner no unit, name, target or δ label reaches.
    const loss = svg('text', { x: W - 6, y: 18, 'text-anchor': 'end', class: 'loss' });
    root.append(loss);
    element.replaceChildren(root);
    return { key: `${sizes.join('-')}@${W}`, root, links, inputs, units, loss, r };
  }

  function update(v, o) {
    const { before, trace, phases, phase } = v;
    const sizes = before.sizes;
    const W = widthFor(boxWidth);
    const key = `${sizes.join('-')}@${W}`;
    if (!built || built.key !== key) built = { ...build(sizes, W), W };
    const b = built;
    const cur = phases[phase];
    const rev = trace ? revealed(phases, phase) : revealed(phases, 0);
    // Inside a circle 3 significant digits fit (6 with "Show all digits",
    // squeezed); the δ, loss and target labels beside the units have room
    // for what the phase panel shows (4, or every digit).
    const fmt = (x) => formatNumber(x, { all: false, digits: o.allDigits ? 6 : 3 });
    const fmtLabel = (x) => formatNumber(x, { all: o.allDigits, keepZeros: true });
    const isUpdate = cur.kind === 'update' && trace;
    const weights = isUpdate ? trace.layers.map((Ly) => Ly.weightsAfter) : before.weights;
    let maxW = 1e-9;
    for (const m of weights) for (const row of m) for (const w of row) maxW = Math.max(maxW, Math.abs(w));
    let actScale = 1;
    if (trace) for (const Ly of trace.layers) for (const a of Ly.a) actScale = Math.max(actScale, Math.abs(a));
    for (const x of before.input) actScale = Math.max(actScale, Math.abs(x));

    // Highlight sets for the current phase.
    const L = sizes.length - 1;
    const hlLayers = new Set(); // units of non-input layer l
    const hlLinks = new Set();  // links into layer l (l = 0: from inputs)
    if (trace) {
      if (cur.kind === 'z') { hlLayers.add(cur.layer); hlLinks.add(cur.layer); }
      if (cur.kind === 'a') hlLayers.add(cur.layer);
      if (cur.kind === 'loss' || (cur.kind === 'delta' && cur.layer === L - 1)) hlLayers.add(L - 1);
      if (cur.kind === 'delta' && cur.layer < L - 1) { hlLayers.add(cur.layer); hlLinks.add(cur.layer + 1); }
      if (cur.kind === 'gradients' || cur.kind === 'update') for (let l = 0; l < L; l++) hlLinks.add(l);
    }
    const dim = trace && !['start', 'gradients', 'update'].includes(cur.kind);
    attr(b.root, 'aria-label', `Network diagram, ${sizes.join('-')}: ${cur.label}`);

    for (const k of b.links) {
      const w = weights[k.l][k.j][k.i];
      const label = isUpdate ? `${k.name}: ${fmt(trace.layers[k.l].weightsBefore[k.j][k.i])} → ${fmt(w)}` : `${k.name} = ${fmt(w)}`;
      const hl = hlLinks.has(k.l);
      attr(k.g, 'class', `link${hl ? ' hl' : ''}${dim && !hl ? ' dim' : ''}`);
      attr(k.g, 'aria-label', `${label}; edit`);
      text(k.title, label);
      attr(k.wire, 'stroke', signColor(w));
      attr(k.wire, 'stroke-width', (0.75 + 5 * Math.abs(w) / maxW).toFixed(2));
    }
    before.input.forEach((x, i) => {
      const u = b.inputs[i];
      attr(u.circle, 'fill', diverging(x, actScale));
      attr(u.val, 'fill', textOn(x, actScale));
      fitText(u.val, fmt(x), b.r);
    });
    const targets = trace?.target ?? before.target;
    for (const u of b.units) {
      const lay = trace?.layers[u.l];
      const showA = rev.a.has(u.l);
      const showZ = rev.z.has(u.l);
      const showD = rev.delta.has(u.l);
      const val = showA ? lay.a[u.j] : showZ ? lay.z[u.j] : null;
      const hl = hlLayers.has(u.l);
      const desc = [`unit ${u.n}`];
      if (showZ) desc.push(`z${u.n} = ${fmt(lay.z[u.j])}`);
      if (showA) desc.push(`a${u.n} = ${fmt(lay.a[u.j])}`);
      if (showD) desc.push(`δ${u.n} = ${fmt(lay.delta[u.j])}`);
      attr(u.g, 'class', `unit${hl ? ' hl' : ''}${dim && !hl ? ' dim' : ''}`);
      attr(u.g, 'aria-label', `${desc.join(', ')}: show formula`);
      text(u.title, desc.join(', '));
      attr(u.circle, 'fill', val === null ? '#fff' : diverging(showA ? val : 0, actScale));
      attr(u.val, 'fill', val === null ? '#5b6475' : textOn(showA ? val : 0, actScale));
      fitText(u.val, val === null ? String(u.n) : `${showA ? '' : 'z '}${fmt(val)}`, b.r);
      text(u.name, `${u.n} · ${lay?.activation ?? before.activations[u.l]}`);
      text(u.delta, showD ? `δ ${fmtLabel(lay.delta[u.j])}` : '');
      if (u.target) text(u.target, `y${u.j + 1} = ${fmtLabel(targets[u.j])}`);
    }
    const showLoss = rev.loss && trace;
    text(b.loss, showLoss ? `L = ${fmtLabel(trace.loss)}` : '');
    attr(b.loss, 'class', `loss${showLoss && cur.kind === 'loss' ? ' hl' : ''}`);
  }

  return { element, update, destroy: () => ro?.disconnect() };
}
