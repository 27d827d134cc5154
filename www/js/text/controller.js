// The text view's controller: one state object per mounted view, the
// training worker's lifecycle, the main thread's TextClassifier (for "Try a
// sentence"), and restoring from IndexedDB (saving: saving.js).
import { duration, fmt, pct } from './dom.js';
import { lengthAdvice, sampleTexts, unspacedShare } from './length-hint.js';
import { CV_FOLDS } from './progress.js';
import { createSaver } from './saving.js';
import { fewExamplesAdvice } from './settings.js';

/** sessionStorage: the kind of run that leaving the view ended. */
const LEFT_MID_RUN_KEY = 'nn-playground-text:left-mid-run';

/** How long Stop waits for the batch in progress before ending the worker. */
const STOP_GRACE_MS = 8000;

/**
 * @param {object} core  the wasm module namespace (TextClassifier, parseLabelled)
 * @param {object} ui    the panels built by view.js
 * @param {Promise<object>} storePromise  openStore(...) result
 * @param {AbortSignal} signal  aborted on unmount
 */
export function createController(core, ui, storePromise, signal) {
  const state = {
    store: null,
    worker: null,
    running: false,
    stopRequested: false,
    stopAt: null, // batches trained when the worker got 'stop'
    plan: null,
    lastProgress: null,
    parsed: null,
    model: null, // { clf, files: {modelJson, weightsBin, tokenizerJson}, report, history, outcome, savedAt }
    stopTimer: null, // set by stop(): ends a worker stuck in a long batch
    unmounted: false,
    // The max-length hint: token counts of the parsed data for one vocabulary
    // size and tokenization, asked of the worker (one request in flight counts).
    hint: { parsed: null, texts: null, unspaced: 0, key: null, lengths: null, seq: 0 },
    runSettings: null,
  };
  const saver = createSaver({ state, ui });
  const { saveLater, flushSaves, save, takeUnsaved, cancelSaves } = saver;

  // ---- the model on the main thread -----------------------------------------
  function installModel(files, extra = {}) {
    const clf = core.TextClassifier.importModel(files.modelJson, files.weightsBin, files.tokenizerJson);
    state.model?.clf?.free?.();
    state.model = { clf, files, report: extra.report ?? null, history: extra.history ?? [], keptEpoch: extra.keptEpoch ?? null, outcome: extra.outcome ?? 'imported', savedAt: Date.now(), source: extra.source ?? 'trained' };
    ui.exporter.setHasModel(true);
    ui.results.show(state.model.report, state.model.report ? null : 'This model was imported from files: there is no validation report for it. Try a sentence below.');
    ui.trySentence.refresh();
    return state.model;
  }
  function dropModel() {
    state.model?.clf?.free?.();
    state.model = null;
    ui.exporter.setHasModel(false);
    ui.results.show(null);
    ui.trySentence.refresh();
  }
  const storedModel = (m) => ({ files: m.files, report: m.report, history: m.history, keptEpoch: m.keptEpoch, outcome: m.outcome, savedAt: m.savedAt, source: m.source });

  // ---- training -------------------------------------------------------------
  function setRunning(running) {
    state.running = running;
    ui.progress.setRunning(running);
    ui.settings.setDisabled(running);
    ui.data.setDisabled(running);
    ui.exporter.setDisabled(running);
  }

  function ensureWorker() {
    if (state.worker) return state.worker;
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (ev) => onWorkerMessage(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault?.();
      failRun(`The training worker failed: ${ev.message || 'it could not be started'}.`);
      w.terminate();
      if (state.worker === w) state.worker = null;
    };
    state.worker = w;
    return w;
  }

  function failRun(message) {
    clearTimeout(state.stopTimer);
    setRunning(false);
    ui.progress.setMessage(message, 'error');
  }

  /** The settings and parsed data for a run, or null after saying what is wrong. */
  function runInput(crossValidating) {
    if (state.running) return null;
    ui.progress.setMessage('');
    const v = ui.settings.validate();
    if (v.firstInvalid) {
      ui.progress.setMessage(`Please fix the settings first: ${Object.values(v.errors).join(' ')}`, 'error');
      v.firstInvalid.focus();
      return null;
    }
    const parsed = ui.data.parseNow();
    if (!parsed) { ui.progress.setMessage('There is no training data yet: paste labelled examples, open a file or load the example.', 'error'); return null; }
    const n = parsed.texts.length;
    const labels = parsed.labelCounts ?? [];
    if (n === 0) { ui.progress.setMessage('No labelled examples found in the training data: each line needs a label and a text.', 'error'); return null; }
    if (labels.length < 2) { ui.progress.setMessage(`Only one label (“${labels[0]?.label ?? ''}”) found: a classifier needs examples of at least two labels.`, 'error'); return null; }
    if (crossValidating) {
      if (n < 2 * CV_FOLDS) {
        ui.progress.setMessage(`Too few examples (${n}) for ${CV_FOLDS}-fold cross-validation: it needs at least ${2 * CV_FOLDS}.`, 'error');
        return null;
      }
      return { parsed, settings: v.settings };
    }
    const split = v.settings.validationSplit;
    const valSize = Math.floor(n * split);
    if (valSize < 1 || n - valSize < 1) {
      ui.progress.setMessage(`Too few examples (${n}) for a validation split of ${split}: both the training and the validation part need at least one example. ${fewExamplesAdvice(n, split)}`, 'error');
      return null;
    }
    return { parsed, settings: v.settings };
  }

  function startRun(settings) {
    state.plan = null;
    state.runSettings = settings;
    state.fold = null; // set by the cvFold messages of a cross-validation
    state.lastProgress = null;
    state.stopRequested = false;
    state.stopAt = null;
    delete ui.root.dataset.batchesAfterStop;
    delete ui.root.dataset.trainOutcome;
    delete ui.root.dataset.cvOutcome;
    setRunning(true);
  }

  function crossValidate() {
    const input = runInput(true);
    if (!input) return;
    startRun(input.settings);
    ui.progress.setMessage(`Cross-validation: preparing fold 1 of ${CV_FOLDS}…`);
    ensureWorker().postMessage({ type: 'crossValidate', texts: input.parsed.texts, labels: input.parsed.labels, settings: input.settings, k: CV_FOLDS });
  }

  function onCvDone(msg) {
    clearTimeout(state.stopTimer);
    setRunning(false);
    const folds = msg.folds.map((f) => pct(f.accuracy)).join(', ');
    const seen = msg.folds.reduce((a, f) => a + (f.seen ?? 0), 0);
    const seenNote = seen ? ` (though ${seen.toLocaleString('en')} of them ${seen === 1 ? 'has' : 'have'} the same tokens as a text that model trained on: repeated texts)` : '';
    const took = duration(msg.elapsedMs / 1000);
    const pooled = msg.n ? `accuracy ${pct(msg.hits / msg.n)} over ${msg.n.toLocaleString('en')} examples${msg.interval ? ` (95 % interval ${pct(msg.interval[0])} – ${pct(msg.interval[1])})` : ''}` : '';
    const texts = {
      finished: `${msg.k}-fold cross-validation: ${pooled}, every example validated once by a model that did not train on it${seenNote}. Folds: ${folds}. Took ${took}. ${state.model ? 'No model was kept from it; the trained model below is unchanged.' : 'No model was kept: Train makes one.'}`,
      stopped: `Cross-validation stopped after ${msg.folds.length} of ${msg.k} folds${msg.folds.length ? `: so far ${pooled}; folds ${folds}` : ''}.`,
      diverged: `Cross-validation stopped: fold ${msg.folds.length + 1} diverged (the loss became infinite or not a number). Try a smaller learning rate.`,
    };
    ui.progress.setMessage(texts[msg.outcome] ?? `Cross-validation ended (${msg.outcome}).`, msg.outcome === 'finished' ? 'ok' : msg.outcome === 'diverged' ? 'error' : 'warning');
    // The charts go back to the kept model's training (or empty): the folds' models are gone.
    ui.progress.showHistory(state.model?.history ?? [], null, state.model?.keptEpoch ?? null);
    const charts = state.model?.history?.length ? ' The charts show the kept model’s training again.' : '';
    ui.progress.finish(`${msg.outcome === 'finished' ? `Cross-validation: ${msg.k} folds in ${took}.` : `Cross-validation ${msg.outcome}.`}${charts}`, msg.outcome === 'finished');
    ui.root.dataset.cvOutcome = msg.outcome;
  }

  function train() {
    const input = runInput(false);
    if (!input) return;
    const { parsed, settings } = input;
    startRun(settings);
    ui.progress.setMessage('Preparing: building the vocabulary and the model…');
    ensureWorker().postMessage({ type: 'train', texts: parsed.texts, labels: parsed.labels, settings });
  }

  function stop() {
    if (!state.running || !state.worker) return;
    state.stopRequested = true;
    state.worker.postMessage({ type: 'stop' });
    ui.progress.setMessage('Stopping after the current batch…');
    clearTimeout(state.stopTimer);
    state.stopTimer = setTimeout(endWorker, STOP_GRACE_MS);
  }

  // A batch can take minutes with very large settings, and the worker only
  // sees 'stop' between batches: after STOP_GRACE_MS the worker is ended.
  // The run's model goes with it; the model kept on the page does not.
  function endWorker() {
    if (!state.running || !state.stopRequested) return;
    state.worker?.terminate();
    state.worker = null;
    state.hint.key = null; // a length request in flight died with the worker
    setRunning(false);
    ui.progress.setMessage(`Stopped: the batch in progress was still running ${STOP_GRACE_MS / 1000} s after Stop, so the training worker was ended and this run’s model with it. ${state.model ? 'The model trained before is kept.' : 'No model was kept.'} Smaller batches, max length, filters, kernel size or embedding size make each batch faster.`, 'warning');
    ui.progress.finish('Stopped: the training worker was ended mid-batch.', false);
    ui.root.dataset.trainOutcome = 'ended';
  }

  function onWorkerMessage(msg) {
    if (state.unmounted) return;
    switch (msg?.type) {
      case 'plan':
        state.plan = msg.plan;
        ui.progress.start(msg.plan);
        ui.progress.setMessage(`Training on ${msg.plan.trainSize.toLocaleString('en')} examples, validating on ${msg.plan.valSize.toLocaleString('en')}; labels: ${msg.plan.labels.join(', ')}.`);
        break;
      case 'progress':
        state.lastProgress = msg.progress;
        if (state.plan) ui.progress.progress(msg.progress, msg.elapsedMs, state.plan, state.fold ? `Fold ${state.fold.index + 1} of ${state.fold.k} · ` : '');
        break;
      case 'stopping':
        state.stopAt = msg.batchesTrained;
        break;
      case 'done':
        onDone(msg);
        break;
      case 'cvFold':
        state.plan = msg.plan;
        state.fold = { index: msg.index, k: msg.k };
        ui.progress.start(msg.plan);
        ui.progress.setMessage(`Cross-validation: fold ${msg.index + 1} of ${msg.k}, training on ${msg.plan.trainSize.toLocaleString('en')} examples and validating on the other ${msg.plan.valSize.toLocaleString('en')}.`);
        break;
      case 'cvDone':
        onCvDone(msg);
        break;
      case 'error':
        failRun(`Training failed: ${msg.message}`);
        break;
      case 'lengths':
        onLengths(msg);
        break;
      default:
        break;
    }
  }

  function onDone(msg) {
    clearTimeout(state.stopTimer);
    setRunning(false);
    const p = msg.last ?? state.lastProgress;
    // Batches the worker trained after it received 'stop': 0, or 1 if the
    // message arrived during a batch (shown for tests as data-batches-after-stop).
    if (msg.outcome === 'stopped' && state.stopAt !== null) ui.root.dataset.batchesAfterStop = String(msg.batchesTrained - state.stopAt);
    const epochs = msg.history.length;
    const took = duration(msg.elapsedMs / 1000);
    const where = p ? `epoch ${p.epoch}, batch ${p.batch} of ${p.batchesPerEpoch}` : 'before the first batch';
    // The epoch the core calls best: the lowest validation loss (training
    // loss without a validation split), the first of equals.
    const monitored = (h) => (Number.isFinite(h.valLoss) ? h.valLoss : h.loss);
    const lowest = msg.history.some((h) => Number.isFinite(h.valLoss)) ? 'lowest validation loss' : 'lowest training loss';
    const best = msg.history.reduce((b, h) => (Number.isFinite(monitored(h)) && (!b || monitored(h) < monitored(b)) ? h : b), null);
    const last = msg.history[msg.history.length - 1];
    const patience = state.runSettings?.patience ?? 0;
    // The core restores the best epoch's weights at the end of a run with
    // early stopping on, and of any run that was stopped or diverged.
    const restored = patience > 0 || msg.outcome === 'stopped' || msg.outcome === 'diverged';
    const keptBest = restored && best && last && best.epoch !== last.epoch;
    const kept = keptBest ? ` The weights of epoch ${best.epoch} (${lowest}) were kept.` : '';
    const texts = {
      finished: `Training finished: ${epochs} epoch${epochs === 1 ? '' : 's'} in ${took}.${kept}`,
      stoppedEarly: `Training stopped early after ${epochs} epochs in ${took}: the validation loss had not improved for ${patience} epoch${patience === 1 ? '' : 's'}.${kept || ' The best weights were kept.'}`,
      stopped: `Stopped at ${where} after ${took}. ${best ? `Kept the best model so far (epoch ${best.epoch}, ${lowest}).` : `No epoch had finished, so no model was trained${state.model ? '; the previous model is kept' : ''}.`}`,
      diverged: `Training diverged at ${where}: the loss became infinite or not a number. Try a smaller learning rate (this run used ${state.runSettings?.learningRate ?? '?'}; the default is 0.001). ${best ? `Kept the best model from before (epoch ${best.epoch}).` : 'No usable model was kept.'}`,
    };
    const text = texts[msg.outcome] ?? `Training ended (${msg.outcome}).`;
    const kind = msg.outcome === 'diverged' ? 'error' : msg.outcome === 'stopped' ? 'warning' : 'ok';
    ui.progress.setMessage(text, kind);
    ui.progress.showHistory(msg.history, null, keptBest ? best.epoch : null);
    const summary = last
      ? `${epochs} epoch${epochs === 1 ? '' : 's'} in ${took} · last epoch: loss ${fmt(last.loss)}, accuracy ${pct(last.accuracy)}, validation loss ${fmt(last.valLoss)}, validation accuracy ${pct(last.valAccuracy)}${keptBest ? ` · kept epoch ${best.epoch}: validation loss ${fmt(best.valLoss)}, validation accuracy ${pct(best.valAccuracy)}` : ''}`
      : `No epoch finished (${took}).`;
    ui.progress.finish(summary, msg.outcome === 'finished' || msg.outcome === 'stoppedEarly');
    ui.root.dataset.trainOutcome = msg.outcome;
    if (!msg.model) return;
    try {
      const m = installModel(msg.model, { report: msg.report, history: msg.history, outcome: msg.outcome, source: 'trained', keptEpoch: keptBest ? best.epoch : null });
      save('model', storedModel(m));
    } catch (e) {
      ui.progress.setMessage(`The trained model could not be loaded on the page: ${e.message}`, 'error');
    }
  }

  // ---- the max-length hint --------------------------------------------------
  const hintKey = (values) => `${values.vocabSize}|${values.tokenization}`;
  function onParsed(parsed) {
    const h = state.hint;
    h.parsed = parsed;
    h.texts = parsed?.texts?.length ? sampleTexts(parsed.texts) : null;
    h.unspaced = h.texts ? unspacedShare(h.texts) : 0;
    h.key = null;
    h.lengths = null;
    requestLengths(ui.settings.values());
  }
  function requestLengths(values) {
    const h = state.hint;
    const vocabSize = Number(values.vocabSize);
    if (!h.texts || !Number.isInteger(vocabSize) || vocabSize < 2) { h.key = null; h.lengths = null; h.seq += 1; ui.hint.hide(); return; }
    const key = hintKey(values);
    if (key === h.key) { renderHint(values); return; }
    h.key = key;
    h.lengths = null;
    h.seq += 1;
    ensureWorker().postMessage({ type: 'lengths', id: h.seq, texts: h.texts, options: { vocabSize, tokenization: values.tokenization } });
  }
  function renderHint(values = ui.settings.values()) {
    const h = state.hint;
    const maxLen = Number(values.maxLen);
    if (!h.lengths || !Number.isInteger(maxLen) || maxLen < 1) { ui.hint.hide(); return; }
    ui.hint.show(lengthAdvice(h.lengths, maxLen), { unspaced: h.unspaced, maxLen, tokenization: values.tokenization });
  }
  function onLengths(msg) {
    const h = state.hint;
    if (msg.id !== h.seq) return; // an older request
    if (!msg.lengths) { h.key = null; ui.hint.hide(); return; }
    h.lengths = msg.lengths;
    ui.root.dataset.lengthsCounted = String(msg.lengths.length);
    renderHint();
  }

  // ---- import ---------------------------------------------------------------
  async function importFiles(files) {
    const m = installModel(files, { source: 'imported', outcome: 'imported' });
    // The form shows the imported model's own settings (the max-length hint
    // and the next training then start from them).
    const c = m.clf.config();
    ui.settings.applyAll({ vocabSize: c.vocabSize, maxLen: c.maxLen, embeddingDim: c.embeddingDim, filters: c.filters, kernelSize: c.kernelSize, tokenization: c.tokenization, bagOfTokens: c.bagOfTokens });
    ui.progress.showHistory([], 'Imported model: the settings below are now its own.');
    await save('model', storedModel(m));
  }

  // ---- restore and clear -----------------------------------------------------
  /** The kind of run that leaving the view ended, if any (removed once read). */
  function takeLeftMidRun() {
    try {
      const kind = sessionStorage.getItem(LEFT_MID_RUN_KEY);
      sessionStorage.removeItem(LEFT_MID_RUN_KEY);
      return kind;
    } catch { return null; }
  }

  async function restore() {
    const left = takeLeftMidRun();
    if (left) ui.progress.setMessage(`The ${left} ended when you left this view; ${left === 'training run' ? 'its model was not kept' : 'nothing of it was kept'}. Train again to continue.`, 'warning');
    let store;
    try { store = await storePromise; } catch { store = null; }
    if (state.unmounted) { store?.close(); return; }
    state.store = store;
    if (!store?.persistent) {
      ui.saved.show('This browser does not let the page save anything: your data and model will be gone after a reload.', 'warning');
      return;
    }
    try {
      const [stored, storedSettings, model] = await Promise.all([store.get('data'), store.get('settings'), store.get('model')]);
      if (state.unmounted) return;
      const unsaved = takeUnsaved('data');
      const text = unsaved ?? stored;
      if (unsaved !== null && unsaved !== stored) save('data', unsaved);
      const unsavedSettings = takeUnsaved('settings');
      if (unsavedSettings) save('settings', unsavedSettings);
      const settings = unsavedSettings ?? storedSettings;
      if (settings) ui.settings.set(settings);
      if (typeof text === 'string' && text && !ui.data.text()) ui.data.setText(text, { now: true, silent: true });
      if (model?.files && !state.model) {
        try {
          installModel(model.files, model);
          ui.progress.showHistory(model.history ?? [], `Restored the model saved ${new Date(model.savedAt).toLocaleString('en-GB')}.`, model.keptEpoch ?? null);
          ui.root.dataset.restored = 'model';
        } catch (e) {
          ui.saved.show(`The saved model could not be loaded (${e.message}); train again or clear.`, 'error');
          return;
        }
      }
      ui.saved.show(text || settings || model ? 'Restored from this browser.' : null);
    } catch (e) {
      ui.saved.show(`Could not read what was saved in this browser: ${e.message}`, 'error');
    }
  }

  async function clearAll() {
    if (state.running) stop();
    cancelSaves();
    takeUnsaved('data');
    takeUnsaved('settings');
    try { await state.store?.clear(); } catch (e) { ui.saved.show(`Could not clear: ${e.message}`, 'error'); return; }
    saver.announceClear();
    ui.data.setText('', { now: true, silent: true });
    ui.settings.reset();
    dropModel();
    ui.progress.showHistory([], 'Not started.');
    ui.progress.setMessage('');
    ui.saved.show('Cleared: nothing of yours is stored in this browser now.');
  }

  // The raw text and settings are saved as they are edited.
  const onText = (text) => saveLater('data', text);
  const onSettings = (values) => { saveLater('settings', values); requestLengths(values); };

  return {
    state,
    train, crossValidate, stop, importFiles, restore, clearAll, onText, onSettings, onParsed,
    getModel: () => state.model?.clf ?? null,
    getModelFiles: () => state.model?.files ?? null,
    parse: (text) => core.parseLabelled(text),
    flushSaves,
    unmount() {
      // A run cut short by leaving the view is said on the way back.
      if (state.running) { try { sessionStorage.setItem(LEFT_MID_RUN_KEY, state.fold ? 'cross-validation' : 'training run'); } catch { /* nothing to say then */ } }
      state.unmounted = true;
      saver.close();
      clearTimeout(state.stopTimer);
      flushSaves();
      state.worker?.terminate();
      state.worker = null;
      state.model?.clf?.free?.();
      state.model = null;
      // IndexedDB finishes the writes just queued before the connection closes.
      state.store?.close();
    },
  };
}
