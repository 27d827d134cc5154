// "5. Try a sentence": predict as you type (debounced) with the main
// thread's TextClassifier; probabilities as bars; the tokens highlighted by
// their contribution (explain()); an optional tokenizer view (ids, OOV words,
// padding) from tokenize().
import { el, setChildren, debounce, pct, fmt } from './dom.js';

const MAX_IDS_SHOWN = 400;
/** Tokens drawn at most (the last ones: 'pre' truncation cuts from the start). */
export const MAX_TOKENS_DRAWN = 5000;

/** The last MAX_TOKENS_DRAWN tokens, and a note on the earlier ones left out (or null). */
function drawnTokens(tokens) {
  if (tokens.length <= MAX_TOKENS_DRAWN) return { drawn: tokens, note: null };
  const left = tokens.slice(0, tokens.length - MAX_TOKENS_DRAWN);
  const cut = left.filter((t) => t.truncated).length;
  const n = left.length.toLocaleString('en');
  return {
    drawn: tokens.slice(-MAX_TOKENS_DRAWN),
    note: `… ${n} earlier tokens not drawn${cut === left.length ? ' (all cut by the max length)' : ` (${cut.toLocaleString('en')} of them cut by the max length)`} …`,
  };
}

/** Background colour for a contribution c, scaled by the largest |c| in the sentence. */
export function contributionColour(c, maxAbs) {
  if (!Number.isFinite(c) || maxAbs <= 0) return 'transparent';
  const a = Math.min(1, Math.abs(c) / maxAbs) * 0.75;
  return c >= 0 ? `rgba(224, 128, 31, ${a.toFixed(3)})` : `rgba(47, 111, 222, ${a.toFixed(3)})`;
}

export function createTrySentence({ getModel, signal }) {
  const input = el('input', { id: 'text-try', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. Congratulations! You won a free ticket, call now', 'aria-describedby': 'text-try-help' });
  const toggle = el('button', { type: 'button', id: 'text-tokenizer-toggle', 'aria-expanded': 'false', 'aria-controls': 'text-tokenizer-view' }, 'Show tokenizer view');
  // The prediction is announced as one short line (the token breakdown is
  // not: it would be read after every pause in typing).
  const out = el('div', { id: 'text-prediction' });
  const said = el('p', { class: 'visually-hidden', id: 'text-prediction-said', 'aria-live': 'polite' });
  const tokView = el('div', { id: 'text-tokenizer-view', hidden: true });
  const node = el('section', { class: 'panel try-panel', 'aria-labelledby': 'text-try-h' },
    el('h3', { id: 'text-try-h' }, '5. Try a sentence'),
    el('label', { for: 'text-try' }, 'Sentence to classify'),
    el('div', { class: 'try-row' }, input, toggle),
    el('p', { id: 'text-try-help', class: 'muted' }, 'Predicted as you type. Tokens are shaded by how much they pushed towards the predicted label (orange) or away from it (blue); a dashed grey token is not in the model’s vocabulary, and a struck-through one lies before the last max-length positions; the model sees neither.'),
    said, out, tokView);

  let showTokens = false;
  const update = () => {
    const clf = getModel();
    const text = input.value;
    if (!clf) {
      setChildren(out, el('p', { class: 'muted' }, 'Train a model (or import one) first.'));
      setChildren(tokView);
      return;
    }
    if (!text.trim()) {
      setChildren(out, el('p', { class: 'muted' }, 'Type a sentence to see what the model predicts.'));
      setChildren(tokView);
      return;
    }
    try {
      const ex = clf.explain(text);
      renderExplanation(out, ex);
      const top = ex.probabilities.find((p) => p.label === ex.label);
      said.textContent = `Predicted: ${ex.label}${top ? ` (${pct(top.p)})` : ''}`;
      if (showTokens) renderTokens(tokView, clf.tokenize(text));
    } catch (e) {
      setChildren(out, el('p', { class: 'error', role: 'alert' }, `The model could not classify this: ${e.message}`));
    }
  };
  const updateSoon = debounce(update, 150);
  signal.addEventListener('abort', () => updateSoon.cancel());
  input.addEventListener('input', updateSoon, { signal });
  toggle.addEventListener('click', () => {
    showTokens = !showTokens;
    tokView.hidden = !showTokens;
    toggle.setAttribute('aria-expanded', String(showTokens));
    toggle.textContent = showTokens ? 'Hide tokenizer view' : 'Show tokenizer view';
    update();
  }, { signal });

  return {
    node,
    /** Re-run the prediction now (after a new model arrives). */
    refresh() { updateSoon.cancel(); update(); },
    setText(text) { input.value = text; this.refresh(); },
  };
}

/** Class and hover text of an explained token: dropped, cut by the max length, out of vocabulary, or seen. */
function tokenLook(t) {
  if (t.id === null || t.id === undefined) return { cls: 'tok dropped', why: ' (dropped: not seen by the model)' };
  if (t.truncated) return { cls: 'tok cut', why: ' (cut by the max length: not seen by the model)' };
  return { cls: `tok${t.oov ? ' oov' : ''}`, why: t.oov ? ' (out of vocabulary)' : '' };
}

function renderExplanation(out, ex) {
  const probs = [...ex.probabilities].sort((a, b) => b.p - a.p);
  const cut = ex.tokens.filter((t) => t.truncated).length;
  const drawn = drawnTokens(ex.tokens);
  const maxAbs = Math.max(0, ...ex.tokens.map((t) => (Number.isFinite(t.contribution) ? Math.abs(t.contribution) : 0)));
  setChildren(out,
    el('p', { class: 'predicted' }, 'Predicted: ', el('strong', { id: 'text-predicted-label' }, ex.label),
      el('span', { class: 'muted num' }, ` (${pct(probs[0]?.label === ex.label ? probs[0].p : NaN)})`)),
    el('div', { class: 'prob-bars', id: 'text-probabilities' }, probs.map((p) => el('div', { class: `prob-row${p.label === ex.label ? ' top' : ''}` },
      el('span', { class: 'prob-label' }, p.label),
      el('span', { class: 'prob-track' }, el('span', { class: 'prob-fill', style: { width: `${Math.max(0, Math.min(1, p.p)) * 100}%` } })),
      el('span', { class: 'prob-value num' }, pct(p.p))))),
    el('p', { class: 'explained', id: 'text-explained' },
      ex.tokens.length
        ? [drawn.note ? [el('span', { class: 'muted', id: 'text-explained-not-drawn' }, drawn.note), ' '] : null, drawn.drawn.map((t) => {
          const look = tokenLook(t);
          return [el('span', {
            class: look.cls,
            style: { background: contributionColour(t.contribution, maxAbs) },
            title: `${t.text}${look.why}: contribution ${fmt(t.contribution)}`,
          }, t.text), ' '];
        })]
        : el('span', { class: 'muted' }, 'No tokens: the model sees only padding.')),
    cut
      ? el('p', { class: 'muted', id: 'text-explained-cut' }, `This text is longer than the max length: the first ${cut === 1 ? 'token' : `${cut.toLocaleString('en')} tokens`} (struck through) ${cut === 1 ? 'is' : 'are'} cut; the prediction uses only the tokens after them.`)
      : null);
}

function tokenNote(t) {
  if (t.truncated) return 'cut by the max length: not seen by the model';
  if (t.droppedByNumWords) return t.oov ? 'seen in training, but outside the vocabulary size: out of vocabulary' : 'outside the vocabulary size: dropped';
  if (t.id === null || t.id === undefined) return 'not in the vocabulary: dropped';
  return t.oov ? 'out of vocabulary' : '';
}

/** "What the model sees", with one id per position or two (the bigram channel). */
function seenNote(n, tk) {
  if ((tk.slots ?? 1) === 2) {
    return `What the model sees: ${n / 2} positions of two ids each (a character, then the pair of characters ending there, 0 if none), ${tk.padding} of them padding (0 0), out-of-vocabulary tokens marked${cutNote(tk)}.`;
  }
  return `What the model sees: ${n} ids, ${tk.padding} of them padding (0), out-of-vocabulary tokens marked${cutNote(tk)}.`;
}

/** The positions 'pre' truncation cut, if any. */
const cutNote = (tk) => (tk.truncated ? `; the text's first ${tk.truncated} position${tk.truncated === 1 ? ' was' : 's were'} cut by the max length` : '');

const idTitle = (i, slots) => (slots === 2 ? `position ${Math.floor(i / 2)}, ${i % 2 ? 'pair' : 'character'}` : `position ${i}`);

function renderTokens(node, tk) {
  const ids = Array.from(tk.ids ?? []);
  const shown = ids.slice(0, MAX_IDS_SHOWN);
  const oovIds = new Set(tk.tokens.filter((t) => t.oov && t.id !== null).map((t) => t.id));
  const rows = drawnTokens(tk.tokens);
  setChildren(node,
    el('h4', {}, 'Tokenizer view'),
    el('table', { class: 'token-table', id: 'text-token-table' },
      el('caption', {}, 'Tokens, in order'),
      el('thead', {}, el('tr', {}, ['token', 'id', 'note'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.note ? el('tr', {}, el('td', { colspan: 3, class: 'muted' }, rows.note)) : null, rows.drawn.map((t) => el('tr', { class: t.id === null || t.id === undefined ? 'dropped' : t.truncated ? 'cut' : t.oov ? 'oov' : '' },
        el('td', {}, el('code', {}, t.text)),
        el('td', { class: 'num' }, t.id === null || t.id === undefined ? '–' : String(t.id)),
        el('td', {}, tokenNote(t)))))),
    el('p', { class: 'muted' }, seenNote(ids.length, tk)),
    el('div', { class: 'id-strip num', id: 'text-id-strip' }, shown.map((id, i) => el('span', {
      class: `id${id === 0 ? ' pad' : ''}${oovIds.has(id) && id !== 0 ? ' oov' : ''}`, title: idTitle(i, tk.slots ?? 1),
    }, String(id)))),
    ids.length > shown.length ? el('p', { class: 'muted' }, `…and ${ids.length - shown.length} more.`) : null);
}
