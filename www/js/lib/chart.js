// A small SVG line chart: several named series, auto-scaled axes (linear or
// log y), a legend, and an accessible text summary. Generic: it knows nothing
// about losses or networks.
//
//   const chart = createLineChart({ title: 'Loss', yLabel: 'loss', log: true });
//   parent.append(chart.element);
//   chart.update([{ name: 'train', color: '#e0801f', values: [1, 0.5, 0.2] },
//                 { name: 'test', color: '#2f6fde', values: [1.1, 0.7, 0.4], dash: '4 3' }]);
import { svg, el } from './dom.js';
import { formatNumber } from './format.js';

/**
 * @param {{title?: string, yLabel?: string, xLabel?: string, log?: boolean,
 *          width?: number, height?: number}} opts
 * @returns {{element: HTMLElement, update(series: {name: string, color: string,
 *          values: number[], dash?: string, x?: number[]}[]): void}}
 */
export function createLineChart(opts = {}) {
  const { title = '', yLabel = '', xLabel = 'step', log = false, width = 360, height = 180 } = opts;
  const pad = { l: 60, r: 10, t: 10, b: 28 };
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'line-chart', role: 'img', 'aria-label': title });
  const plot = svg('g');
  const axes = svg('g', { class: 'axes' });
  root.append(axes, plot);
  const legend = el('div', { class: 'chart-legend' });
  const summary = el('p', { class: 'visually-hidden' });
  // The figure is named by its caption (Chromium does not do so by itself).
  const element = el('figure', { class: 'chart', 'aria-label': title || null }, title ? el('figcaption', {}, title) : null, root, legend, summary);

  function update(series) {
    plot.replaceChildren();
    axes.replaceChildren();
    legend.replaceChildren();
    const all = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v) && (!log || v > 0)));
    const n = Math.max(1, ...series.map((s) => (s.x ? s.x[s.x.length - 1] ?? 0 : s.values.length - 1)));
    if (!all.length) {
      summary.textContent = `${title}: no data yet`;
      return;
    }
    const tf = log ? Math.log10 : (v) => v;
    let lo = tf(Math.min(...all));
    let hi = tf(Math.max(...all));
    if (hi - lo < 1e-12) { hi += 0.5; lo -= 0.5; }
    const X = (i) => pad.l + (i / n) * (width - pad.l - pad.r);
    const Y = (v) => pad.t + (1 - (tf(v) - lo) / (hi - lo)) * (height - pad.t - pad.b);
    axes.append(
      svg('line', { x1: pad.l, y1: height - pad.b, x2: width - pad.r, y2: height - pad.b }),
      svg('line', { x1: pad.l, y1: pad.t, x2: pad.l, y2: height - pad.b }),
      svg('text', { x: pad.l - 4, y: pad.t + 8, 'text-anchor': 'end' }, formatNumber(log ? 10 ** hi : hi, { digits: 3 })),
      svg('text', { x: pad.l - 4, y: height - pad.b, 'text-anchor': 'end' }, formatNumber(log ? 10 ** lo : lo, { digits: 3 })),
      svg('text', { x: pad.l, y: height - 8 }, '0'),
      svg('text', { x: width - pad.r, y: height - 8, 'text-anchor': 'end' }, `${xLabel} ${n}`),
    );
    if (yLabel) axes.append(svg('text', { x: 12, y: (pad.t + height - pad.b) / 2, class: 'y-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(pad.t + height - pad.b) / 2})` }, yLabel + (log ? ' (log)' : '')));
    const parts = [];
    for (const s of series) {
      const pts = [];
      s.values.forEach((v, i) => {
        if (Number.isFinite(v) && (!log || v > 0)) pts.push(`${X(s.x ? s.x[i] : i).toFixed(1)},${Y(v).toFixed(1)}`);
      });
      if (pts.length) {
        plot.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dash }));
      }
      const last = s.values[s.values.length - 1];
      legend.append(el('span', { class: 'legend-item' }, el('span', { class: 'swatch', style: `background:${s.color}` }),
        `${s.name}: ${Number.isFinite(last) ? formatNumber(last) : '–'}`));
      parts.push(`${s.name} ${Number.isFinite(last) ? formatNumber(last) : 'none'}`);
    }
    summary.textContent = `${title}, latest: ${parts.join(', ')}`;
  }
  return { element, update };
}
