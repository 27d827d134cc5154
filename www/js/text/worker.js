// The training worker (a module worker): loads its own copy of the wasm core,
// trains one batch at a time and yields to its event loop between batches, so
// a 'stop' message is seen before the next batch starts. Protocol: worker-protocol.js.
import init, { TextClassifier, accuracyInterval } from '../../pkg/nn_playground.js';
import { PROGRESS_INTERVAL_MS, classifierOptions, fitOptions } from './worker-protocol.js';

const ready = init();
// One run at a time; this object is the worker's only state.
const run = { active: false, stopRequested: false, batches: 0 };

// Yield to the event loop without setTimeout's 4 ms clamp: a message on our
// own channel is queued behind any 'stop' the page has already sent.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });

const errorMessage = (e) => (e instanceof Error ? e.message : String(e));

/** Mark a run as started; returns its start time. */
function beginRun() {
  run.active = true;
  run.stopRequested = false;
  run.batches = 0;
  return performance.now();
}

/**
 * Train a prepared `clf` one batch at a time, yielding between batches, until
 * it is done, stopped or diverged; posts 'progress' messages. Returns the
 * outcome ('finished' | 'stoppedEarly' | 'stopped' | 'diverged') and the last
 * progress (null if no batch ran).
 */
async function trainToEnd(clf, start) {
  let lastPost = 0;
  let p = null;
  for (;;) {
    await yieldToEvents();
    if (run.stopRequested) return { outcome: 'stopped', p };
    p = clf.trainBatches(1);
    run.batches += 1;
    const now = performance.now();
    if (p.diverged) return { outcome: 'diverged', p };
    if (p.epochEnd || p.done || now - lastPost >= PROGRESS_INTERVAL_MS) {
      postMessage({ type: 'progress', progress: p, elapsedMs: now - start });
      lastPost = now;
    }
    if (p.done) return { outcome: p.stoppedEarly ? 'stoppedEarly' : 'finished', p };
  }
}

async function train({ texts, labels, settings }) {
  await ready;
  const start = beginRun();
  let clf = null;
  try {
    clf = new TextClassifier(classifierOptions(settings));
    const plan = clf.prepare(texts, labels, fitOptions(settings));
    postMessage({ type: 'plan', plan });
    const { outcome, p } = await trainToEnd(clf, start);
    if (outcome === 'stopped' || outcome === 'diverged') clf.finish();
    const history = clf.history();
    // A run stopped or diverged before its first epoch ended has no trained
    // weights to keep (the core restored the initial ones): the page keeps
    // its previous model.
    const keep = history.some((h) => Number.isFinite(h.valLoss ?? h.loss));
    let model = null;
    let report = null;
    if (keep && (p !== null)) {
      report = clf.validationReport();
      const files = clf.exportModel();
      model = { modelJson: files.modelJson, weightsBin: files.weightsBin, tokenizerJson: files.tokenizerJson };
    }
    const msg = { type: 'done', outcome, history, report, model, last: p, batchesTrained: run.batches, elapsedMs: performance.now() - start };
    postMessage(msg, model ? [model.weightsBin.buffer] : []);
  } catch (e) {
    postMessage({ type: 'error', message: errorMessage(e) });
  } finally {
    clf?.free?.();
    run.active = false;
  }
}

// Cross-validation: k runs of the same settings, fold 0..k-1 held out in
// turn, so every example is validated once; no model is kept. Stops between
// batches like train().
async function crossValidate({ texts, labels, settings, k }) {
  await ready;
  const start = beginRun();
  const folds = [];
  let outcome = 'finished';
  try {
    for (let index = 0; index < k && outcome === 'finished'; index++) {
      const clf = new TextClassifier(classifierOptions(settings));
      try {
        const plan = clf.prepare(texts, labels, { ...fitOptions(settings), fold: { k, index } });
        postMessage({ type: 'cvFold', index, k, plan });
        // Rate and time left are per fold: each fold counts its samples from 0.
        const ended = (await trainToEnd(clf, performance.now())).outcome;
        // Early stopping ends a fold normally (the best weights are restored).
        if (ended === 'stopped' || ended === 'diverged') outcome = ended;
        if (outcome === 'finished') {
          const r = clf.validationReport();
          const n = r.perClass.reduce((a, c) => a + c.support, 0);
          folds.push({ accuracy: r.accuracy, hits: n - r.misclassifiedCount, n, epochs: clf.history().length, seen: r.overlap?.seenInTraining ?? 0 });
        }
      } finally {
        clf.free();
      }
    }
    const hits = folds.reduce((a, f) => a + f.hits, 0);
    const n = folds.reduce((a, f) => a + f.n, 0);
    const interval = n ? Array.from(accuracyInterval(hits, n)) : null;
    postMessage({ type: 'cvDone', outcome, k, folds, hits, n, interval, elapsedMs: performance.now() - start });
  } catch (e) {
    postMessage({ type: 'error', message: errorMessage(e) });
  } finally {
    run.active = false;
  }
}

// Token counts for the max-length hint: one bulk call, no model.
async function lengths({ id, texts, options }) {
  let clf = null;
  try {
    await ready;
    clf = new TextClassifier(options);
    const out = clf.tokenLengths(texts);
    postMessage({ type: 'lengths', id, lengths: out, error: null }, [out.buffer]);
  } catch (e) {
    postMessage({ type: 'lengths', id, lengths: null, error: errorMessage(e) });
  } finally {
    clf?.free?.();
  }
}

self.onmessage = (ev) => {
  const msg = ev.data;
  if (msg?.type === 'stop') {
    if (run.active && !run.stopRequested) postMessage({ type: 'stopping', batchesTrained: run.batches });
    run.stopRequested = true;
    return;
  }
  if (msg?.type === 'lengths') {
    lengths(msg);
    return;
  }
  if (msg?.type === 'train' || msg?.type === 'crossValidate') {
    if (run.active) { postMessage({ type: 'error', message: 'A training run is already in progress.' }); return; }
    if (msg.type === 'train') train(msg); else crossValidate(msg);
  }
};

ready.catch((e) => postMessage({ type: 'error', message: `Loading the WebAssembly core in the worker failed: ${errorMessage(e)}` }));
