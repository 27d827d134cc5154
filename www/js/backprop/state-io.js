// "Export state" (download + show the JSON), "Import state" (paste or file;
// the core's message names the bad field) and "Copy this step as Markdown".
import { el, download } from '../lib/dom.js';
import { stepMarkdown } from './markdown.js';
import { formulaContext } from './formula-panel.js';

/**
 * @param {object} ctl controller
 * @param {{io: {exported: string|null, importMsg: string|null, mdMsg: string|null, md: string|null}}} ui
 * @param {{load: (state: object) => boolean, rerender: () => void, ensureTrace: () => boolean}} hooks
 */
export function renderStateIO(ctl, ui, hooks) {
  const io = ui.io;
  const exportBtn = el('button', { type: 'button', onclick: () => {
    const s = ctl.currentState();
    io.exported = JSON.stringify(s, null, 2);
    download(`network-step-${s.step}.json`, io.exported);
    hooks.rerender();
  } }, 'Export state');

  const text = el('textarea', { id: 'bp-import-text', rows: 4, spellcheck: 'false', class: 'num', placeholder: '{"version": 1, "sizes": [2, 3, 2], ...}' });
  text.value = io.importText ?? '';
  text.addEventListener('input', () => { io.importText = text.value; });
  const file = el('input', { id: 'bp-import-file', type: 'file', accept: '.json,application/json' });
  const doImport = (src) => {
    let state;
    try {
      state = JSON.parse(src);
    } catch (e) {
      io.importMsg = `Import failed: that is not JSON (${e.message})`;
      hooks.rerender();
      return;
    }
    const ok = hooks.load(state);
    io.importMsg = ok ? 'Imported.' : `Import failed: ${ctl.app.error}`;
    if (!ok) ctl.app.error = null;
    if (ok) io.importText = '';
    hooks.rerender();
  };
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) doImport(await f.text());
  });
  const importBtn = el('button', { type: 'button', onclick: () => doImport(text.value) }, 'Import state');

  const mdBtn = el('button', { type: 'button', onclick: async () => {
    if (!hooks.ensureTrace()) return;
    const ctx = formulaContext(ctl);
    const md = stepMarkdown(ctx, ctl.view().phases);
    io.md = md;
    try {
      await navigator.clipboard.writeText(md);
      io.mdMsg = `Copied step ${ctx.trace.step} as Markdown (${md.split('\n').length} lines).`;
    } catch {
      io.mdMsg = 'The browser did not allow copying: select the Markdown below and copy it.';
    }
    hooks.rerender();
  } }, 'Copy this step as Markdown');

  const box = el('section', { class: 'bp-io', 'aria-labelledby': 'bp-io-h' },
    el('h2', { id: 'bp-io-h' }, 'Save, share, import'),
    el('p', {}, 'The address bar always holds the whole state (network, step and phase): copy it to share this exact view.'),
    el('div', { class: 'row' }, exportBtn, mdBtn),
    io.mdMsg ? el('p', { role: 'status' }, io.mdMsg) : null,
    io.md ? el('label', { class: 'block' }, 'This step as Markdown', el('textarea', { readonly: true, rows: 6, class: 'num md-out', value: io.md })) : null,
    io.exported ? el('label', { class: 'block' }, 'Exported state (JSON)', el('textarea', { readonly: true, rows: 8, class: 'num export-out', value: io.exported })) : null,
    el('label', { for: 'bp-import-text', class: 'block' }, 'State JSON to import'), text,
    el('div', { class: 'row' }, importBtn, el('label', { for: 'bp-import-file' }, 'or import from a file'), file),
    io.importMsg ? el('p', { role: 'alert', class: io.importMsg.startsWith('Import failed') ? 'error import-msg' : 'ok import-msg' }, io.importMsg) : null);
  return box;
}
