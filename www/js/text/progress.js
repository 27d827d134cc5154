// "3. Train": Train / Stop buttons, the progress bar (epoch, batch, samples
// per second, time left) and live loss and accuracy charts for training and
// validation. Draws from the worker's progress messages and the history.
import { el, setChildren, fmt, pct, duration } from './dom.js';
import { createLineChart } from '../lib/line-chart.js';
import { batchesDone } from './worker-protocol.js';

const SERIES = [
  { key: 'train', name: 'training', color: '#2f6fde' },
  { key: 'val', name: 'validation', color: '#e0801f', dash: '6 3', dots: true },
];

/** Folds of "Cross-validate". */
export const CV_FOLDS = 5;

export function createProgress({ onTrain, onStop, onCrossValidate }) {
  const trainButton = el('button', { type: 'button', class: 'primary', id: 'text-train' }, 'Train');
  const cvButton = el('button', { type: 'button', id: 'text-cross-validate', title: `Train ${CV_FOLDS} models with these settings, each holding out a different fifth of the examples, and report the accuracy over all of them. Keeps no model.` }, `Cross-validate (${CV_FOLDS} folds)`);
  const stopButton = el('button', { type: 'button', id: 'text-stop', disabled: true }, 'Stop');
  const bar = el('progress', { id: 'text-progress-bar', max: 1, value: 0, 'aria-labelledby': 'text-progress-label' });
  const label = el('p', { id: 'text-progress-label', class: 'progress-label num', 'aria-live': 'off' }, 'Not started.');
  const message = el('div', { id: 'text-train-message', role: 'status', 'aria-live': 'polite' });
  const loss = createLineChart({ title: 'Loss (cross-entropy)', xLabel: 'epoch', integerX: true, series: SERIES });
  const acc = createLineChart({ title: 'Accuracy', xLabel: 'epoch', integerX: true, yMin: 'fit', yMax: 1, series: SERIES });

  trainButton.addEventListener('click', () => onTrain());
  stopButton.addEventListener('click', () => onStop());
  cvButton.addEventListener('click', () => onCrossValidate());

  const node = el('section', { class: 'panel progress-panel', 'aria-labelledby': 'text-train-h' },
    el('h3', { id: 'text-train-h' }, '3. Train'),
    el('div', { class: 'train-actions' }, trainButton, stopButton, cvButton,
      el('span', { class: 'muted' }, `Training runs in a background worker, so the page stays responsive. Stop keeps the best model so far. Cross-validation trains ${CV_FOLDS} models to measure the accuracy on every example once, and keeps none.`)),
    message,
    el('div', { class: 'progress-row' }, bar, label),
    el('div', { class: 'charts' }, loss.node, acc.node));

  // Chart data for the current run: running training values per batch, validation per epoch.
  let series = { lossTrain: [], lossVal: [], accTrain: [], accVal: [] };
  let epochs = 1;
  let kept = null; // the epoch whose weights early stopping kept, when not the last
  const redraw = () => {
    const marker = kept ? { x: kept, label: `kept epoch ${kept}` } : undefined;
    loss.update({ train: series.lossTrain, val: series.lossVal }, { xMax: epochs, marker });
    acc.update({ train: series.accTrain, val: series.accVal }, { xMax: epochs, marker });
  };

  return {
    node,
    setRunning(running) {
      // The focused button turns disabled here: focus moves to Stop when a
      // run starts and back to Train when it ends, never to <body>.
      const focused = [trainButton, cvButton, stopButton].includes(document.activeElement);
      trainButton.disabled = running;
      cvButton.disabled = running;
      stopButton.disabled = !running;
      if (focused) (running ? stopButton : trainButton).focus();
      node.classList.toggle('running', running);
    },
    setMessage(text, kind = 'info') {
      setChildren(message, text ? el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : null }, text) : null);
    },
    start(plan) {
      series = { lossTrain: [], lossVal: [], accTrain: [], accVal: [] };
      epochs = plan.epochs;
      kept = null;
      bar.value = 0;
      setChildren(label, `Epoch 1 of ${plan.epochs} · ${plan.trainSize.toLocaleString('en')} training and ${plan.valSize.toLocaleString('en')} validation examples · vocabulary ${plan.vocabulary.toLocaleString('en')} tokens`);
      redraw();
    },
    /** `prefix`: e.g. "Fold 2 of 5 · " during a cross-validation. */
    progress(p, elapsedMs, plan, prefix = '') {
      const total = plan.batchesPerEpoch * plan.epochs;
      const done = Math.min(total, batchesDone(p));
      bar.value = total ? done / total : 0;
      const secs = elapsedMs / 1000;
      const rate = secs > 0 ? p.samplesSeen / secs : NaN;
      const left = done > 0 ? (secs * (total - done)) / done : NaN;
      setChildren(label,
        `${prefix}Epoch ${p.epoch} of ${plan.epochs} · batch ${p.batch} of ${p.batchesPerEpoch} · `,
        `${Number.isFinite(rate) ? Math.round(rate).toLocaleString('en') : '–'} samples/s · `,
        `${duration(left)} left · loss ${fmt(p.loss)} · accuracy ${pct(p.accuracy)}`);
      const x = p.epoch - 1 + p.batch / p.batchesPerEpoch;
      if (Number.isFinite(p.loss)) series.lossTrain.push({ x, y: p.loss });
      if (Number.isFinite(p.accuracy)) series.accTrain.push({ x, y: p.accuracy });
      if (p.epochEnd) {
        const e = p.epochEnd;
        series.lossVal.push({ x: e.epoch, y: e.valLoss });
        series.accVal.push({ x: e.epoch, y: e.valAccuracy });
      }
      redraw();
    },
    /**
     * Show a finished run (or a restored one) from its per-epoch history;
     * `keptEpoch`: the epoch whose weights were kept, marked on the charts.
     */
    showHistory(history, text, keptEpoch = null) {
      epochs = Math.max(1, history.length);
      kept = keptEpoch;
      series = {
        lossTrain: history.map((h) => ({ x: h.epoch, y: h.loss })),
        accTrain: history.map((h) => ({ x: h.epoch, y: h.accuracy })),
        lossVal: history.map((h) => ({ x: h.epoch, y: h.valLoss })),
        accVal: history.map((h) => ({ x: h.epoch, y: h.valAccuracy })),
      };
      redraw();
      if (text) setChildren(label, text);
    },
    finish(text, complete) {
      if (complete) bar.value = 1;
      setChildren(label, text);
      redraw();
    },
  };
}
