// "Train a text classifier": mount(root, core) builds the panels, wires them to
// one controller (one state object per mounted view) and returns {unmount}.
import { el, setChildren } from './dom.js';
import { openStore } from '../lib/store.js';
import { createController } from './controller.js';
import { createDataPanel } from './data-panel.js';
import { createSettings } from './settings.js';
import { createProgress } from './progress.js';
import { createResults } from './results.js';
import { createTrySentence } from './try-sentence.js';
import { createExport } from './export.js';
import { createLengthHint } from './length-hint.js';

const STORE_NAME = 'nn-playground-text';

function createSavedLine(onClear) {
  const text = el('span', { id: 'text-saved-status' });
  const clear = el('button', { type: 'button', id: 'text-clear', class: 'link-button' }, 'Clear');
  // Clearing deletes the data, settings and model for good: it asks first, in place.
  const confirm = el('span', { id: 'text-clear-confirm', hidden: true },
    el('span', { id: 'text-clear-question' }, 'Delete your data, settings and model from this page and this browser?'), ' ',
    el('button', { type: 'button', id: 'text-clear-yes', class: 'link-button danger', onclick: () => { setConfirming(false, true); onClear(); } }, 'Yes, delete them'),
    ' · ',
    el('button', { type: 'button', id: 'text-clear-no', class: 'link-button', onclick: () => setConfirming(false, true) }, 'Keep them'));
  const setConfirming = (on, refocus = false) => {
    confirm.hidden = !on;
    clear.hidden = on;
    if (on) confirm.querySelector('#text-clear-no').focus();
    else if (refocus) clear.focus();
  };
  // Not a live region ("Saved at ..." after every edit would be read each
  // time); a failure to save is an alert.
  const node = el('p', { class: 'saved-line' },
    el('strong', {}, 'Saved in this browser: '),
    'your data, settings and last trained model are kept in this browser’s storage (IndexedDB) and survive a reload. ',
    text, ' ', clear, confirm);
  clear.addEventListener('click', () => setConfirming(true));
  // Escape answers "Keep them"; the question describes both buttons.
  confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); setConfirming(false, true); } });
  for (const b of confirm.querySelectorAll('button')) b.setAttribute('aria-describedby', 'text-clear-question');
  return {
    node,
    show(message, kind) {
      setChildren(text, message ? el('span', { class: kind ?? '', role: kind === 'error' ? 'alert' : null }, message) : '');
    },
  };
}

export function mount(root, core) {
  const abort = new AbortController();
  const { signal } = abort;
  const view = el('div', { class: 'text-view' });
  // The controller is created after the panels; the panels call it through this.
  let ctl = null;
  const ui = { root: view };
  ui.saved = createSavedLine(() => ctl.clearAll());
  ui.data = createDataPanel({
    parse: (text) => core.parseLabelled(text),
    onText: (text) => ctl.onText(text),
    onParsed: (parsed) => ctl?.onParsed(parsed),
    signal,
  });
  ui.hint = createLengthHint({ onApply: (value) => ui.settings.apply('maxLen', value) });
  ui.settings = createSettings({ onChange: (values) => ctl.onSettings(values), hint: ui.hint.node });
  ui.progress = createProgress({ onTrain: () => ctl.train(), onStop: () => ctl.stop(), onCrossValidate: () => ctl.crossValidate() });
  ui.results = createResults();
  ui.trySentence = createTrySentence({ getModel: () => ctl?.getModel() ?? null, signal });
  ui.exporter = createExport({ getModelFiles: () => ctl.getModelFiles(), onImport: (files) => ctl.importFiles(files), signal });
  ui.exporter.setHasModel(false);

  ctl = createController(core, ui, openStore(STORE_NAME), signal);

  view.append(
    el('div', { class: 'text-intro' },
      el('h2', {}, 'Train a text classifier'),
      el('p', {}, 'Paste labelled text, pick the settings and train a small Keras-style network (Embedding → Conv1D → global max pooling → Dense, with a bag-of-tokens path beside it) right here. Training runs in a Web Worker on the WebAssembly core.'),
      el('p', { class: 'privacy', id: 'text-privacy' },
        el('strong', {}, 'Private: '),
        'your text never leaves this browser. Parsing, training and prediction run on this machine, and the page makes no request beyond its own static files.'),
      ui.saved.node),
    el('div', { class: 'text-columns' },
      el('div', { class: 'col' }, ui.data.node, ui.settings.node),
      el('div', { class: 'col' }, ui.progress.node, ui.results.node, ui.trySentence.node, ui.exporter.node)),
  );
  root.append(view);
  window.addEventListener('pagehide', () => ctl.flushSaves({ pageGoing: true }), { signal });
  ui.trySentence.refresh();
  ctl.restore().finally(() => { if (!signal.aborted) view.dataset.ready = 'true'; });

  return {
    unmount() {
      abort.abort();
      ctl.unmount();
      view.remove();
    },
  };
}
