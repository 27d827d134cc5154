// "4. Results": validation accuracy, macro F1, per-class precision / recall /
// F1, the confusion matrix and the misclassified validation examples, all
// drawn from validationReport(). User text goes in through textContent only.
import { el, setChildren, fmt, pct } from './dom.js';

const MAX_MISCLASSIFIED = 100;

/**
 * How precise the accuracy is: its 95 % Wilson interval, which with a few
 * hundred validation examples spans several points (another split, or
 * another seed, lands anywhere in it).
 */
function intervalNote(interval, n) {
  if (!Array.isArray(interval) || !interval.every(Number.isFinite)) return null;
  return el('span', { class: 'metric-note muted num', id: 'text-val-accuracy-interval',
    title: `95 % Wilson score interval for an accuracy measured on ${n.toLocaleString('en')} examples: another validation split of the same size could well land anywhere in it.` },
  `95 % interval ${pct(interval[0])} – ${pct(interval[1])}`);
}

/**
 * Validation examples the model saw as they are in training (duplicated
 * lines, or texts differing only in what the tokenizer drops) can be
 * memorised: say how many, and the accuracy on the others.
 */
function overlapNote(o, total) {
  if (!o || !Number.isFinite(o.seenInTraining)) return null;
  if (o.seenInTraining === 0) {
    return el('p', { class: 'muted overlap', id: 'text-overlap' }, 'None of the validation examples occurs in the training data.');
  }
  const n = (x) => x.toLocaleString('en');
  const one = o.seenInTraining === 1;
  const seen = `${n(o.seenInTraining)} of the ${n(total)} validation examples ${one ? 'gives' : 'give'} the model the same input as a training example (the same token ids: a repeated line, or texts that differ only in case, punctuation, words outside the vocabulary or the part cut by the max length), so the model may have memorised ${one ? 'it' : 'them'}.`;
  const rest = Number.isFinite(o.unseenAccuracy)
    ? ` On the other ${n(o.unseen)} the accuracy is ${pct(o.unseenAccuracy)}${Array.isArray(o.unseenInterval) ? ` (95 % interval ${pct(o.unseenInterval[0])} – ${pct(o.unseenInterval[1])})` : ''}.`
    : ' No validation example is new to the model, so the accuracy above says nothing about new texts.';
  return el('p', { class: 'overlap', id: 'text-overlap' }, seen, rest);
}

export function createResults() {
  const body = el('div', { id: 'text-results' });
  const node = el('section', { class: 'panel results-panel', 'aria-labelledby': 'text-results-h' },
    el('h3', { id: 'text-results-h' }, '4. Results on the validation examples'),
    body);

  function show(report, note) {
    if (!report) {
      setChildren(body, el('p', { class: 'muted' }, note ?? 'Train a model to see how well it does on the held-out validation examples.'));
      return;
    }
    const labels = report.labels;
    const total = report.confusion.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0);
    const maxCell = Math.max(1, ...report.confusion.flat());
    const parts = [];
    if (note) parts.push(el('p', { class: 'muted' }, note));
    parts.push(el('div', { class: 'headline' },
      el('div', { class: 'metric' }, el('span', { class: 'metric-label' }, 'Validation accuracy'),
        el('span', { class: 'metric-value num', id: 'text-val-accuracy' }, pct(report.accuracy)),
        intervalNote(report.accuracyInterval, total)),
      el('div', { class: 'metric' }, el('span', { class: 'metric-label' }, 'Macro F1'),
        el('span', { class: 'metric-value num', id: 'text-macro-f1' }, fmt(report.macroF1))),
      el('div', { class: 'metric' }, el('span', { class: 'metric-label' }, 'Validation examples'),
        el('span', { class: 'metric-value num' }, total.toLocaleString('en')))));
    parts.push(overlapNote(report.overlap, total));

    parts.push(el('div', { class: 'results-tables' },
      el('div', { class: 'table-wrap' }, el('table', { class: 'per-class', id: 'text-per-class' },
        el('caption', {}, 'Per class'),
        el('thead', {}, el('tr', {}, ['label', 'precision', 'recall', 'F1', 'support'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, report.perClass.map((c) => el('tr', {},
          el('th', { scope: 'row' }, c.label),
          el('td', { class: 'num' }, fmt(c.precision)),
          el('td', { class: 'num' }, fmt(c.recall)),
          el('td', { class: 'num' }, fmt(c.f1)),
          el('td', { class: 'num' }, c.support.toLocaleString('en'))))))),
      el('div', { class: 'table-wrap' }, el('table', { class: 'confusion', id: 'text-confusion' },
        el('caption', {}, 'Confusion matrix', el('span', { class: 'visually-hidden' }, ': rows are the true label, columns the predicted label')),
        el('thead', {},
          el('tr', {}, el('td', { class: 'corner' }), el('th', { scope: 'colgroup', colspan: labels.length, class: 'axis-head' }, 'predicted →')),
          el('tr', {}, el('th', { scope: 'col', class: 'corner' }, 'true ↓'), labels.map((l) => el('th', { scope: 'col' }, l)))),
        el('tbody', {}, report.confusion.map((row, i) => el('tr', {},
          el('th', { scope: 'row' }, labels[i]),
          row.map((v, j) => el('td', {
            class: `num ${i === j ? 'diag' : 'off'}`,
            style: { '--shade': (v / maxCell).toFixed(3) },
            title: `true ${labels[i]}, predicted ${labels[j]}: ${v.toLocaleString('en')}`,
          }, v.toLocaleString('en'))))))))));

    // The report lists at most a few hundred misclassified examples; the
    // count is misclassifiedCount (the confusion matrix's off-diagonal sum).
    const mis = report.misclassified ?? [];
    const count = report.misclassifiedCount ?? mis.length;
    const shown = mis.slice(0, MAX_MISCLASSIFIED);
    parts.push(el('details', { class: 'misclassified', id: 'text-misclassified', open: count > 0 && count <= 20 },
      el('summary', { dataset: { count: String(count) } }, count
        ? `${count.toLocaleString('en')} misclassified validation example${count === 1 ? '' : 's'}${count > shown.length ? ` (first ${shown.length} shown)` : ''}`
        : 'No misclassified validation examples.'),
      el('ul', {}, shown.map((m) => el('li', {},
        el('span', { class: 'mis-labels' },
          el('span', { class: 'tag true' }, m.label), ' predicted as ', el('span', { class: 'tag wrong' }, m.predicted),
          el('span', { class: 'muted num' }, ` (${pct(m.confidence)})`)),
        el('span', { class: 'mis-text' }, m.text))))));
    setChildren(body, parts);
  }
  show(null);
  return { node, show };
}
