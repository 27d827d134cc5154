// An inline number editor: a labelled text box with Save / Cancel and a
// clear message for anything that is not a finite number (or that the core
// rejects). Enter saves, Escape cancels.
import { el } from '../lib/dom.js';
import { parseNumber, formatNumber } from '../lib/format.js';

/**
 * @param {{name: string, value: number, onSave: (v: number) => {ok: boolean, message?: string},
 *          onCancel: () => void}} o
 * @returns {HTMLFormElement}
 */
export function numberEditor({ name, value, onSave, onCancel }) {
  const id = `edit-${name.replace(/[^a-z0-9]/gi, '_')}`;
  const input = el('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: formatNumber(value, { all: true }), class: 'num', size: 10, 'aria-describedby': `${id}-msg` });
  const msg = el('p', { id: `${id}-msg`, class: 'edit-msg error', role: 'alert' });
  const form = el('form', { class: 'editor', 'data-editing': name },
    el('label', { for: id }, `New value of ${name}`), input,
    el('button', { type: 'submit', class: 'primary' }, 'Save'),
    el('button', { type: 'button', onclick: () => onCancel() }, 'Cancel'), msg);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = parseNumber(input.value, name);
    if (!p.ok) { msg.textContent = p.message; input.setAttribute('aria-invalid', 'true'); input.focus(); return; }
    const r = onSave(p.value);
    if (r && !r.ok) { msg.textContent = `${name}: ${r.message}`; input.setAttribute('aria-invalid', 'true'); input.focus(); }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); onCancel(); }
  });
  queueMicrotask(() => { input.focus(); input.select(); });
  return form;
}
