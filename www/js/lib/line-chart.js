// A small SVG line chart, used by both views: a few named series of {x, y}
// points, a linear or log y axis, a legend. Redraws fully on update (the
// charts here hold a few hundred points). Generic: it knows nothing about
// losses or networks.
//   const chart = createLineChart({ title: 'Loss', xLabel: 'epoch',
//     series: [{ key: 'train', name: 'training', color: '#2f6fde' },
//              { key: 'val', name: 'validation', color: '#e0801f', dots: true, dash: '5 3' }] });
//   parent.append(chart.node); chart.update({ train: [{x, y}], val: [...] }, { xMax: 10 });
//   chart.update(data, { xMax: 10, marker: { x: 3, label: 'kept epoch 3' } });  // a dashed vertical line
//   chart.setTitle('Loss (mean squared error)');
// Non-finite points are skipped, never drawn (and with `log: true`, points
// <= 0 too). With `yMin: 'fit'` the y axis starts at a round value just under
// the data (and at 0 at most), so curves between 0.97 and 0.99 do not lie
// flat along the top. The chart's accessible name is its title followed by
// each series' latest value.

const NS = 'http://www.w3.org/2000/svg';
const W = 420;
const H = 220;
const BASE_PAD = { left: 46, right: 12, top: 28, bottom: 34 };

function s(tag, attrs = {}, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** Round tick values in [min, max], about `count` of them. */
export function niceTicks(min, max, count = 4) {
  const span = max - min || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => span / st <= count) ?? 10 * mag;
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0): the powers of ten inside
 * (every other one past 6); over fewer than 3 of them, 1, 2 and 5 times the
 * powers of ten (1 and 5 past 6); over less than a 1-2-5 step, round
 * values in linear steps.
 */
export function logTicks(lo, hi) {
  const inRange = (v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const k0 = Math.floor(Math.log10(lo));
  const k1 = Math.ceil(Math.log10(hi));
  const pick = (ms) => {
    const out = [];
    for (let k = k0; k <= k1; k++) for (const m of ms) out.push(Number((m * 10 ** k).toPrecision(12)));
    return out.filter(inRange);
  };
  let ticks = pick([1]);
  if (ticks.length >= 3) {
    while (ticks.length > 6) ticks = ticks.filter((_, i) => i % 2 === 0);
    return ticks;
  }
  ticks = pick([1, 2, 5]);
  if (ticks.length > 6) ticks = pick([1, 5]);
  if (ticks.length < 2) ticks = niceTicks(lo, hi, 3).filter((t) => t > 0 && inRange(t));
  return ticks;
}

function label(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e4)) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

function latest(v) {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : 'none';
}

/**
 * @param {{title: string, xLabel?: string, yLabel?: string, integerX?: boolean, log?: boolean,
 *          yMin?: number|'fit', yMax?: number,
 *          series: {key: string, name: string, color: string, dash?: string, dots?: boolean}[]}} opts
 * @returns {{node: SVGSVGElement, update(data: Record<string, {x: number, y: number}[]>,
 *          view?: {xMax?: number, marker?: {x: number, label: string}}): void, setTitle(t: string): void}}
 */
export function createLineChart(opts) {
  // A y label (rotated, at the left edge) needs room beside the tick values.
  const PAD = { ...BASE_PAD, left: opts.yLabel ? 60 : BASE_PAD.left };
  let titleText = opts.title;
  const node = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'line-chart', role: 'img' });
  const title = s('title', {}, titleText);
  node.append(title);
  let last = [{}, {}];

  function update(data, view = {}) {
    last = [data, view];
    const { xMax, marker } = view;
    node.replaceChildren(title);
    const log = !!opts.log;
    const ok = (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!log || p.y > 0);
    const pts = {};
    let xs = [0];
    let ys = [];
    for (const ser of opts.series) {
      pts[ser.key] = (data[ser.key] ?? []).filter(ok);
      xs = xs.concat(pts[ser.key].map((p) => p.x));
      ys = ys.concat(pts[ser.key].map((p) => p.y));
    }
    const x1 = Math.max(xMax ?? 0, ...xs, 1);
    const tf = log ? Math.log10 : (v) => v;
    let y0;
    let y1;
    if (log) {
      y0 = ys.length ? Math.min(...ys) : 0.1;
      y1 = ys.length ? Math.max(...ys) : 1;
      if (y1 / y0 < 1.5) { y0 /= 1.25; y1 *= 1.25; }
    } else {
      const fit = opts.yMin === 'fit';
      y0 = fit ? Math.max(0, Math.floor((Math.min(...ys) - 0.02) * 10) / 10) : opts.yMin ?? Math.min(...ys, 0);
      if (fit && opts.yMax !== undefined) y0 = Math.min(y0, opts.yMax - 0.1);
      y1 = opts.yMax ?? Math.max(...ys, y0 + 1e-6);
      if (!ys.length) { y0 = fit ? 0 : opts.yMin ?? 0; y1 = opts.yMax ?? 1; }
      if (opts.yMax === undefined) y1 += (y1 - y0) * 0.05;
    }
    const t0 = tf(y0);
    const t1 = tf(y1);
    const px = (x) => PAD.left + (x / x1) * (W - PAD.left - PAD.right);
    const py = (y) => H - PAD.bottom - ((tf(y) - t0) / (t1 - t0 || 1)) * (H - PAD.top - PAD.bottom);

    node.append(s('text', { x: 8, y: 16, class: 'chart-title' }, titleText));
    const axes = s('g', { class: 'axes' });
    for (const t of log ? logTicks(y0, y1) : niceTicks(y0, y1)) {
      axes.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: py(t), y2: py(t), class: 'grid' }));
      axes.append(s('text', { x: PAD.left - 5, y: py(t) + 4, 'text-anchor': 'end', class: 'y-tick' }, label(t)));
    }
    // integerX (epochs): whole-number ticks only, however short the axis.
    const xTicks = niceTicks(0, x1, 5).filter((t) => Number.isInteger(t) || (!opts.integerX && x1 < 3));
    // The axis' end is labelled too when it is a whole number clear of the last tick.
    if (Number.isInteger(x1) && xTicks.length && x1 - xTicks[xTicks.length - 1] >= x1 * 0.08) xTicks.push(x1);
    for (const t of xTicks) {
      // Kept inside the drawing (about 6.6 units per character at this size).
      const text = label(t);
      axes.append(s('text', { x: Math.min(px(t), W - 1 - text.length * 3.3), y: H - PAD.bottom + 15, 'text-anchor': 'middle' }, text));
    }
    axes.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, class: 'axis' }));
    axes.append(s('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, class: 'axis' }));
    if (opts.xLabel) axes.append(s('text', { x: (PAD.left + W - PAD.right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis-label' }, opts.xLabel));
    if (opts.yLabel) {
      const cy = (PAD.top + H - PAD.bottom) / 2;
      axes.append(s('text', { x: 10, y: cy, 'text-anchor': 'middle', class: 'axis-label', transform: `rotate(-90 10 ${cy})` }, opts.yLabel + (log ? ' (log scale)' : '')));
    }
    node.append(axes);
    const mark = marker && Number.isFinite(marker.x);
    if (mark) node.append(s('line', { x1: px(marker.x), x2: px(marker.x), y1: PAD.top, y2: H - PAD.bottom, class: 'marker' }));

    let lx = W - PAD.right;
    for (const ser of [...opts.series].reverse()) {
      const g = s('g', { class: 'legend' });
      const t = s('text', { x: lx, y: 16, 'text-anchor': 'end' }, ser.name);
      g.append(t);
      const w = ser.name.length * 6.2 + 8;
      g.append(s('line', { x1: lx - w - 16, x2: lx - w - 2, y1: 12, y2: 12, stroke: ser.color, 'stroke-width': 2.5, 'stroke-dasharray': ser.dash ?? 'none' }));
      node.append(g);
      lx -= w + 26;
    }

    for (const ser of opts.series) {
      const p = pts[ser.key];
      if (!p.length) continue;
      const d = p.map((q, i) => `${i ? 'L' : 'M'}${px(q.x).toFixed(1)},${py(q.y).toFixed(1)}`).join('');
      node.append(s('path', { d, fill: 'none', stroke: ser.color, 'stroke-width': 2, 'stroke-dasharray': ser.dash ?? 'none', class: `series series-${ser.key}` }));
      // Dots up to 40 points; past that they merge into a band.
      if ((ser.dots && p.length <= 40) || p.length === 1) {
        for (const q of p) node.append(s('circle', { cx: px(q.x), cy: py(q.y), r: 3, fill: ser.color }));
      }
    }
    // The marker's label last, over the curves (with a halo: style.css).
    if (mark) {
      const mx = px(marker.x);
      node.append(s('text', { x: mx > W / 2 ? mx - 4 : mx + 4, y: PAD.top + 10, 'text-anchor': mx > W / 2 ? 'end' : 'start', class: 'marker-label' }, marker.label));
    }
    const now = opts.series.map((ser) => `${ser.name} ${latest(pts[ser.key].at(-1)?.y)}`);
    node.setAttribute('aria-label', ys.length ? `${titleText}; latest: ${now.join(', ')}` : `${titleText}: no data yet`);
  }

  function setTitle(t) {
    if (t === titleText) return;
    titleText = t;
    title.textContent = t;
    update(...last);
  }

  update({});
  return { node, update, setTitle };
}
