// Messages between the page (controller.js) and the training worker (worker.js).
//
// page -> worker
//   { type: 'train', texts: string[], labels: string[], settings }   start one run
//   { type: 'crossValidate', texts, labels, settings, k }   k runs, fold 0..k-1 held out in turn
//   { type: 'stop' }                       end the run after the current batch
//   { type: 'lengths', id, texts: string[], options: {vocabSize, tokenization} }
//                                          token counts of texts (for the max-length hint)
// worker -> page
//   { type: 'plan', plan }                 prepare() done: {labels, trainSize, valSize, batchesPerEpoch, epochs, vocabulary}
//   { type: 'progress', progress, elapsedMs }   at most every PROGRESS_INTERVAL_MS, and at each epoch end
//                                          (progress is trainBatches()'s object; epochEnd set at epoch ends)
//   { type: 'stopping', batchesTrained }  'stop' received; batchesTrained so far in this run
//   { type: 'done', outcome, history, report, model, last, batchesTrained, elapsedMs }
//        last: the last trainBatches() progress (null if no batch ran)
//        outcome: 'finished' | 'stopped' | 'stoppedEarly' | 'diverged'
//        model: { modelJson, weightsBin: Uint8Array, tokenizerJson } (exportModel()), or null
//        report: validationReport(), or null
//   { type: 'cvFold', index, k, plan }     a cross-validation fold starts (then 'progress' as above)
//   { type: 'cvDone', outcome, k, folds: [{accuracy, hits, n, epochs}], hits, n, interval, elapsedMs }
//        folds: the folds that finished; interval: accuracyInterval(hits, n), or null
//        outcome: 'finished' | 'stopped' | 'diverged'; no model is kept
//   { type: 'error', message }             the run failed (bad settings, bad data, ...)
//   { type: 'lengths', id, lengths: Uint32Array | null, error: string | null }
//        TextClassifier.tokenLengths(texts): tokens per text as a model trained on them sees them
//
// The trained model goes to the page as exported files and is imported there
// into its own TextClassifier, so "Try a sentence" answers on the main thread
// without a round trip, the worker can end after training (its memory goes),
// and a model restored from IndexedDB or imported from files takes the same path.

export const PROGRESS_INTERVAL_MS = 50;

/** Constructor options of TextClassifier from the settings form's values. */
export function classifierOptions(s) {
  return {
    vocabSize: s.vocabSize, maxLen: s.maxLen, embeddingDim: s.embeddingDim, filters: s.filters,
    kernelSize: s.kernelSize, dropout: 0, tokenization: s.tokenization, learningRate: s.learningRate,
    seed: s.seed, bagOfTokens: s.bagOfTokens,
  };
}

/** prepare() options from the settings form's values; patience 0 turns early stopping off. */
export function fitOptions(s) {
  return {
    epochs: s.epochs, batchSize: s.batchSize, validationSplit: s.validationSplit, seed: s.seed,
    earlyStopping: s.patience > 0 ? { patience: s.patience } : null,
  };
}

/** Batches done so far over the whole run, from a progress object (epoch and batch count from 1). */
export function batchesDone(p) {
  if (!p) return 0;
  return Math.max(0, (p.epoch - 1) * p.batchesPerEpoch + p.batch);
}
