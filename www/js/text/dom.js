// Tiny DOM helpers for the text view. Text always goes in through
// textContent (never innerHTML), so user data cannot become markup.

/**
 * el('div', {class: 'x', id: 'y', onclick: fn, dataset: {...}}, child, 'text', ...)
 * Attributes whose value is false/null/undefined are skipped; `on*` functions
 * become event listeners; strings and numbers become text nodes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replace all children of `node`. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** SVG element with attributes. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

/** A debounced function with .cancel(). */
export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => { t = null; fn(...args); }, ms);
  };
  d.cancel = () => { clearTimeout(t); t = null; };
  d.flush = (...args) => { d.cancel(); fn(...args); };
  return d;
}

/** Format a number for display; never shows NaN or Infinity. */
export function fmt(x, digits = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  // A diverging loss (1e19) would otherwise print twenty digits.
  if (Math.abs(x) >= 1e6) return x.toExponential(2);
  return x.toFixed(digits);
}

/** Percent with one decimal; '–' for non-finite. */
export function pct(x, digits = 1) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)} %`;
}

/** "1 min 05 s" / "12 s". */
export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 0.05) return 'under 0.1 s';
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
