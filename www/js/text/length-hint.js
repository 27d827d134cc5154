// The max-length hint in "2. Settings": when more than a tenth of the
// examples are longer than the max length (so they would be cut, keeping only
// their last tokens), say how many, and offer a max length that keeps 90 %
// whole. The token counts come from one TextClassifier.tokenLengths() call in
// the worker (controller.js); this module holds the arithmetic and the box.
import { el, setChildren } from './dom.js';

/** At most this many texts are counted (a spread-out sample beyond that). */
export const MAX_TEXTS_COUNTED = 20000;
/** The max length field's upper bound (settings.js). */
const MAX_LEN_LIMIT = 2000;

/** Every k-th text so that at most `max` remain (all of them if fewer). */
export function sampleTexts(texts, max = MAX_TEXTS_COUNTED) {
  if (texts.length <= max) return texts;
  const out = new Array(max);
  for (let i = 0; i < max; i++) out[i] = texts[Math.floor((i * texts.length) / max)];
  return out;
}

/** Round up to 10s below 100, 50s below 1000, 100s above: 37 -> 40, 241 -> 250, 1210 -> 1300. */
export function niceCeil(x) {
  const step = x <= 100 ? 10 : x <= 1000 ? 50 : 100;
  return Math.max(step, Math.ceil(x / step) * step);
}

/** Nearest-rank percentile of a sorted array (q in (0, 1]). */
export function percentile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/gu;
const LETTER = /\p{L}/gu;

/** Share of letters (in a sample of texts) from scripts written without spaces (Chinese, Japanese, Korean, Thai...). */
export function unspacedShare(texts, max = 2000) {
  let unspaced = 0;
  let letters = 0;
  for (const t of sampleTexts(texts, max)) {
    letters += t.match(LETTER)?.length ?? 0;
    unspaced += t.match(UNSPACED)?.length ?? 0;
  }
  return letters ? unspaced / letters : 0;
}

/**
 * What the hint says for token counts `lengths` (one per example) and the
 * current max length: { show, n, cut (share longer than maxLen), p90,
 * suggested, keeps (share that fits the suggestion whole) }.
 */
export function lengthAdvice(lengths, maxLen) {
  const n = lengths.length;
  if (!n || !(maxLen > 0)) return { show: false, n };
  const sorted = Float64Array.from(lengths).sort();
  const p90 = percentile(sorted, 0.9);
  let over = 0;
  for (const x of sorted) if (x > maxLen) over += 1;
  const suggested = Math.min(MAX_LEN_LIMIT, niceCeil(p90));
  let fit = 0;
  for (const x of sorted) if (x <= suggested) fit += 1;
  return { show: maxLen < p90 && suggested > maxLen, n, cut: over / n, p90, suggested, keeps: fit / n };
}

const percent = (x) => `${Math.round(x * 100)} %`;

/** The hint box. `onApply(value)` sets the max length. */
export function createLengthHint({ onApply }) {
  const node = el('div', { id: 'text-maxlen-hint', class: 'maxlen-hint', role: 'status', 'aria-live': 'polite', hidden: true });
  return {
    node,
    /**
     * advice: lengthAdvice(...); unspaced: share of CJK/Thai letters; maxLen:
     * the current setting; tokenization: 'auto' pairs each character with the
     * pair of characters ending there, 'chars' does not.
     */
    show(advice, { unspaced = 0, maxLen, tokenization = 'auto' } = {}) {
      if (!advice?.show) { node.hidden = true; setChildren(node); return; }
      const a = advice;
      // A position is a character in CJK/Thai text (the bigram channel), a token otherwise.
      const unit = unspaced > 0.5 ? 'characters' : 'tokens';
      const button = el('button', { type: 'button', id: 'text-maxlen-apply' }, `Use max length ${a.suggested}`);
      button.addEventListener('click', () => {
        onApply(a.suggested);
        node.hidden = false;
        setChildren(node, el('p', { class: 'ok', id: 'text-maxlen-applied' },
          `Max length is now ${a.suggested}: ${percent(a.keeps)} of the examples fit whole.`));
      });
      setChildren(node,
        el('p', {},
          el('strong', {}, `${a.cut > 0.5 ? 'Most' : 'Many'} examples are longer than the max length: ${percent(a.cut)} would be cut`),
          ` (the model sees only the last ${maxLen} ${unit} of each).`),
        unspaced > 0.5
          ? el('p', {}, tokenization === 'auto'
            ? 'In Chinese, Japanese, Korean and Thai text each character is one position: the model sees it together with the pair of characters ending there.'
            : 'In Chinese, Japanese, Korean and Thai text each character is one position.')
          : null,
        el('p', {}, `Max length ${a.suggested} keeps ${percent(a.keeps)} of these ${a.n.toLocaleString('en')} examples whole (90 % are at most ${a.p90.toLocaleString('en')} ${unit}); training then takes about ${(a.suggested / maxLen).toFixed(1)}× as long. Whether seeing more of each text raises the validation accuracy depends on the data: train with both and compare.`),
        button);
      node.hidden = false;
    },
    hide() { node.hidden = true; setChildren(node); },
  };
}
