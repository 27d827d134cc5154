// Tiny DOM helpers: build elements with attributes and children, never
// through innerHTML (text is always set with textContent / text nodes).

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, attrs) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'value') continue; // set after the children (select/textarea)
    else if (k === 'class') node.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k in node && !(node instanceof SVGElement) && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** el('button', {class: 'primary', onclick}, 'Next phase') */
export function el(tag, attrs, ...children) {
  const node = append(apply(document.createElement(tag), attrs), children);
  if (attrs && attrs.value !== undefined && attrs.value !== null) node.value = String(attrs.value);
  return node;
}

/** svg('circle', {cx: 1, cy: 2, r: 3}) */
export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** A <label> wrapping a control with its text: labelled('Learning rate', input). */
export function labelled(text, control, hint) {
  // The accessible name is exactly `text` (a wrapping label would also read a select's options).
  if (!control.hasAttribute('aria-label') && !control.hasAttribute('aria-labelledby')) control.setAttribute('aria-label', text);
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, text), control,
    hint ? el('span', { class: 'hint' }, hint) : null);
}

/** <select> with [value, text] options. */
export function select(options, value, attrs = {}) {
  const s = el('select', attrs, options.map(([v, t]) => el('option', { value: v }, t)));
  s.value = value;
  return s;
}

/** Offer `text` as a file download named `name`. */
export function download(name, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
