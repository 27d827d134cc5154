// The benchmark page: the seed text model trained and run by our wasm package
// and by TensorFlow.js (wasm and cpu backends) on the same seeded synthetic
// token ids, the WASM SIMD multiply-add peak and the Conv1D GEMM rates.
// `?engine=peak|ours|tfjs-wasm|tfjs-cpu|memory` runs one part and leaves the
// result in `window.benchResult` (bench/run.mjs opens one page per part so
// that engines do not share a heap or background threads); without it, every
// part runs here and the results are printed on the page.
// Everything is loaded from this origin: no network request.

/** The seed model and the data shared by every engine. */
export const SEED = {
  vocabSize: 10000, maxLen: 100, embeddingDim: 16, filters: 128, kernelSize: 5,
  batchSize: 32, inferBatch: 128, samples: 1024, dataSeed: 1234, modelSeed: 42,
};

const TFJS_DIST = '/node_modules/@tensorflow/tfjs/dist/tf.min.js';
const TFJS_WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

const now = () => performance.now() / 1000;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

/** Seeded token ids in [1, vocab) (0 is padding) and labels in {0, 1} (SplitMix32-ish, mulberry32). */
export function syntheticData({ samples, maxLen, vocabSize, dataSeed }) {
  let a = dataSeed >>> 0;
  const rnd = () => { a = (a + 0x6D2B79F5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const ids = new Int32Array(samples * maxLen);
  for (let i = 0; i < ids.length; i++) ids[i] = 1 + Math.floor(rnd() * (vocabSize - 1));
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) labels[i] = rnd() < 0.5 ? 0 : 1;
  return { ids, labels };
}

/**
 * FLOPs per training sample of the seed model, counted from the shapes
 * (T = L-k+1; multiply and add count as 2 FLOPs; Adam ≈ 11 FLOPs per
 * parameter per step, shared by the B samples of a batch):
 * - executed by our core (sparse backward through the max-pool):
 *   2·T·k·E·F (conv fwd) + 2·F·U (dense fwd) + 4·F·U (dense bwd)
 *   + 4·F·k·E (sparse conv+embedding bwd, upper bound: every filter active)
 *   + 11·P/B (Adam over all P parameters, dense as in Keras)
 * - dense equivalent (what a framework with dense conv backprop does):
 *   3·2·T·k·E·F + 6·F·U + 11·P/B.
 */
export function trainingFlops({ vocabSize: V, maxLen: L, embeddingDim: E, filters: F, kernelSize: k, batchSize: B }) {
  const U = 1, T = L - k + 1;
  const P = V * E + k * E * F + F + F * U + U;
  const conv = 2 * T * k * E * F;
  const executed = conv + 2 * F * U + 4 * F * U + 4 * F * k * E + 11 * P / B;
  const dense = 3 * conv + 6 * F * U + 11 * P / B;
  return {
    params: P, convForward: conv, executed, denseEquivalent: dense, inference: conv + 2 * F * U,
    formula: 'executed = 2·T·k·E·F + 6·F·U + 4·F·k·E + 11·P/B; dense-equivalent = 3·2·T·k·E·F + 6·F·U + 11·P/B; inference = 2·T·k·E·F + 2·F·U',
  };
}

function jsHeap() {
  return performance.memory ? { usedJSHeapSize: performance.memory.usedJSHeapSize, totalJSHeapSize: performance.memory.totalJSHeapSize } : null;
}

/** performance.measureUserAgentSpecificMemory() (cross-origin isolated pages only), or null after `ms`. */
async function uaMemory(ms = 20000) {
  if (!crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
  const t0 = now();
  const r = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((res) => setTimeout(() => res(null), ms))]);
  return r ? { bytes: r.bytes, seconds: now() - t0 } : null;
}

let oursModule = null;
async function loadOurs() {
  if (!oursModule) {
    const nn = await import('/pkg/nn_playground.js');
    const exports = await nn.default();
    oursModule = { nn, exports };
  }
  return oursModule;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

// ---------------------------------------------------------------- peak, kernels

/** WASM SIMD mul+add peak (best of `reps`) and the Conv1D GEMMs of one sample. */
export async function benchPeak({ reps = 7, probeIters = 20_000_000, gemmReps = 3000 } = {}) {
  const { nn } = await loadOurs();
  if (!nn.simdEnabled()) throw new Error('the package was built without WASM SIMD');
  const fpi = nn.maddPeakFlopsPerIter();
  for (let i = 0; i < 6; i++) nn.maddPeakProbe(100_000 + i); // tier up (Liftoff -> TurboFan)
  const peak = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    nn.maddPeakProbe(probeIters + r);
    peak.push(probeIters * fpi / (now() - t0) / 1e9);
  }
  const T = SEED.maxLen - SEED.kernelSize + 1;
  const kb = new nn.KernelBench(T, SEED.filters, SEED.embeddingDim, SEED.kernelSize);
  const names = [`forward gemm_nn_lda ${T}x${SEED.filters}x${SEED.kernelSize * SEED.embeddingDim}`, `dW gemm_tn ${SEED.embeddingDim}x${SEED.filters}x${T}`, `dX gemm_nt ${T}x${SEED.embeddingDim}x${SEED.filters}`];
  const gemm = [];
  for (let shape = 0; shape < 3; shape++) {
    const flops = kb.flopsPerCall(shape);
    for (let i = 0; i < 6; i++) kb.run(shape, 20);
    const g = [];
    for (let r = 0; r < reps; r++) {
      const t0 = now();
      kb.run(shape, gemmReps);
      g.push(gemmReps * flops / (now() - t0) / 1e9);
    }
    gemm.push({ shape: names[shape], flopsPerCall: flops, gflops: stats(g) });
  }
  kb.free();
  return { engine: 'peak', flopsPerIter: fpi, peakGflops: { best: Math.max(...peak), ...stats(peak) }, gemm };
}

// ---------------------------------------------------------------- ours

/** `bag`: with the bag-of-tokens branch (the text classifier's default model). */
export async function benchOurs({ reps = 5, trainBatches = 60, inferBatches = 30, warmBatches = 12, bag = false } = {}) {
  const { nn } = await loadOurs();
  const { ids, labels } = syntheticData(SEED);
  const m = new nn.SeedModelBench(SEED.vocabSize, SEED.maxLen, SEED.embeddingDim, SEED.filters, SEED.kernelSize, SEED.batchSize, SEED.inferBatch, SEED.modelSeed, bag);
  m.setData(ids, labels);
  for (let i = 0; i < warmBatches; i++) m.trainBatches(1);
  const train = [];
  let loss = NaN;
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    loss = m.trainBatches(trainBatches);
    train.push(trainBatches * SEED.batchSize / (now() - t0));
  }
  for (let i = 0; i < 4; i++) m.predictBatches(1);
  const infer = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    m.predictBatches(inferBatches);
    infer.push(inferBatches * SEED.inferBatch / (now() - t0));
  }
  const params = m.paramCount();
  const memory = { wasmMemoryBytes: nn.wasmMemoryBytes(), jsHeap: jsHeap(), uaSpecific: await uaMemory() };
  m.free();
  return { engine: 'ours', bag, simd: nn.simdEnabled(), params, lastLoss: loss, trainSamplesPerSec: stats(train), inferSamplesPerSec: stats(infer), memory };
}

// ---------------------------------------------------------------- TensorFlow.js

/**
 * The cpu fallback the wasm backend lacks: for every kernel registered for
 * 'cpu' but not for 'wasm' (4.22: Conv2DBackpropFilter and
 * UnsortedSegmentSum among them, the Conv1D weight gradient and the
 * embedding gradient), register a 'wasm' kernel that copies the inputs out
 * of the wasm heap (`readSync`) into the cpu backend (`write`), runs the cpu
 * kernel, and copies the outputs back into new wasm tensors (`makeOutput`
 * with values). Returns the names of the shimmed kernels.
 */
export function registerWasmCpuFallback(tf) {
  const have = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  const missing = tf.getKernelsForBackend('cpu').filter((k) => !have.has(k.kernelName));
  const cpu = tf.findBackend('cpu');
  if (!cpu) throw new Error('the cpu backend is not available for the wasm fallback');
  for (const { kernelName, kernelFunc } of missing) {
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const cpuInputs = {};
        const written = [];
        for (const [name, t] of Object.entries(inputs)) {
          if (t == null) continue;
          const dataId = cpu.write(backend.readSync(t.dataId), t.shape, t.dtype);
          written.push(dataId);
          cpuInputs[name] = { dataId, shape: t.shape, dtype: t.dtype };
        }
        const out = kernelFunc({ inputs: cpuInputs, attrs, backend: cpu });
        const outs = Array.isArray(out) ? out : [out];
        const wasmOuts = outs.map((o) => backend.makeOutput(o.shape, o.dtype, undefined, cpu.readSync(o.dataId)));
        for (const id of new Set([...written, ...outs.map((o) => o.dataId)])) cpu.disposeData(id, true);
        return Array.isArray(out) ? wasmOuts : wasmOuts[0];
      },
    });
  }
  return missing.map((k) => k.kernelName);
}

/**
 * The seed model in TF.js; with `bag` the bag-of-tokens branch as our
 * export writes it: a second Embedding(V, 1) averaged over the ids
 * (GlobalAveragePooling1D) and added to a linear Dense before the sigmoid.
 */
function seedModel(tf, bag) {
  const embedding = () => tf.layers.embedding({ inputDim: SEED.vocabSize, outputDim: SEED.embeddingDim, inputLength: SEED.maxLen });
  const conv = () => tf.layers.conv1d({ filters: SEED.filters, kernelSize: SEED.kernelSize, activation: 'relu' });
  if (!bag) {
    const model = tf.sequential();
    model.add(embedding());
    model.add(conv());
    model.add(tf.layers.globalMaxPooling1d());
    model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
    return model;
  }
  const ids = tf.input({ shape: [SEED.maxLen] });
  const cnn = tf.layers.dense({ units: 1 }).apply(tf.layers.globalMaxPooling1d().apply(conv().apply(embedding().apply(ids))));
  const mean = tf.layers.globalAveragePooling1d().apply(tf.layers.embedding({ inputDim: SEED.vocabSize, outputDim: 1 }).apply(ids));
  const out = tf.layers.activation({ activation: 'sigmoid' }).apply(tf.layers.add().apply([cnn, mean]));
  return tf.model({ inputs: ids, outputs: out });
}

// TensorFlow.js training is slow here (~1 min per batch of 32 on the cpu backend), hence few batches.
// `train: false` measures inference only; `bag`: see seedModel.
export async function benchTfjs(backend, options = {}) {
  const { reps = 2, trainBatches = 1, warmBatches = 1, inferReps = 5, train: doTrain = true, bag = false } = options;
  await loadScript(TFJS_DIST);
  const tf = window.tf;
  if (backend === 'wasm') {
    await loadScript(TFJS_WASM_DIR + 'tf-backend-wasm.min.js');
    tf.wasm.setWasmPaths(TFJS_WASM_DIR);
  }
  const fallback = backend === 'wasm' && options.cpuFallback !== false ? registerWasmCpuFallback(tf) : null;
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  const info = { engine: `tfjs-${backend}`, bag, version: tf.version.tfjs, backend: tf.getBackend() };
  if (fallback) info.cpuFallbackKernels = fallback;
  if (backend === 'wasm') {
    info.threads = tf.wasm.getThreadsCount();
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  tf.setSeed?.(SEED.modelSeed);
  const model = seedModel(tf, bag);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
  info.params = model.countParams();
  const { ids, labels } = syntheticData(SEED);
  const { batchSize: B, maxLen: L, inferBatch: IB } = SEED;
  const nb = Math.floor(SEED.samples / B);
  const xs = [], ys = [];
  for (let b = 0; b < nb; b++) {
    xs.push(tf.tensor2d(ids.subarray(b * B * L, (b + 1) * B * L), [B, L], 'int32'));
    ys.push(tf.tensor2d(Float32Array.from(labels.subarray(b * B, (b + 1) * B)), [B, 1], 'float32'));
  }
  let peakTensorBytes = tf.memory().numBytes;
  const track = () => { peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes); };
  let next = 0;
  // Inference first: training leaves a large JS heap of garbage (the cpu
  // backward kernels) whose collection would otherwise slow inference down.
  const xi = tf.tensor2d(ids.subarray(0, IB * L), [IB, L], 'int32');
  const infer = [];
  for (let i = 0; i < 2; i++) { const p = model.predict(xi); await p.data(); p.dispose(); }
  for (let r = 0; r < inferReps; r++) {
    const t0 = now();
    const p = model.predict(xi);
    await p.data();
    infer.push(IB / (now() - t0));
    track();
    p.dispose();
  }
  info.inferSamplesPerSec = stats(infer);
  const step = async () => { const l = await model.trainOnBatch(xs[next], ys[next]); next = (next + 1) % nb; track(); return l; };
  const train = [];
  let loss = NaN;
  if (doTrain) try {
    for (let i = 0; i < warmBatches; i++) await step();
    for (let r = 0; r < reps; r++) {
      const t0 = now();
      for (let i = 0; i < trainBatches; i++) loss = await step();
      train.push(trainBatches * B / (now() - t0));
    }
    info.trainSamplesPerSec = stats(train);
    info.lastLoss = loss;
  } catch (e) {
    info.trainError = String(e && e.message || e);
  }
  const memory = { peakTensorBytes, jsHeap: jsHeap() };
  if (backend === 'wasm') {
    const heap = tf.backend().wasm?.HEAPU8;
    if (heap) memory.wasmMemoryBytes = heap.buffer.byteLength;
  }
  memory.uaSpecific = await uaMemory();
  info.memory = memory;
  return info;
}

// ---------------------------------------------------------------- memory across epochs

/** Train the page's TextClassifier on a labelled file for `epochs` and record memory after each epoch. */
export async function benchMemory({ text, epochs = 5 } = {}) {
  const { nn } = await loadOurs();
  const data = nn.parseLabelled(text);
  const clf = new nn.TextClassifier({});
  const plan = clf.prepare(data.texts, data.labels, { epochs, batchSize: 32, validationSplit: 0.2, seed: 42 });
  const rows = [{ epoch: 0, wasmMemoryBytes: nn.wasmMemoryBytes(), jsHeap: jsHeap() }];
  let p;
  const t0 = now();
  do {
    p = clf.trainBatches(50);
    if (p.epochEnd) rows.push({ epoch: p.epochEnd.epoch, loss: p.epochEnd.loss, valAccuracy: p.epochEnd.valAccuracy, seconds: now() - t0, wasmMemoryBytes: nn.wasmMemoryBytes(), jsHeap: jsHeap() });
  } while (!p.done);
  clf.free();
  return { engine: 'memory', samples: data.texts.length, trainSize: plan.trainSize, valSize: plan.valSize, epochs: rows };
}

// ---------------------------------------------------------------- page

export const ENGINES = {
  peak: (o) => benchPeak(o),
  ours: (o) => benchOurs(o),
  'tfjs-wasm': (o) => benchTfjs('wasm', o),
  'tfjs-cpu': (o) => benchTfjs('cpu', o),
  memory: (o) => benchMemory(o),
};

window.runBench = async (engine, options = {}) => {
  const f = ENGINES[engine];
  if (!f) throw new Error(`unknown engine "${engine}"; one of ${Object.keys(ENGINES).join(', ')}`);
  return f(options);
};
window.benchFlops = () => trainingFlops(SEED);
window.benchSeed = SEED;
window.benchReady = true;

const engine = new URLSearchParams(location.search).get('engine');
const status = document.getElementById('status');
const out = document.getElementById('out');
if (engine !== 'none') {
  (async () => {
    const list = engine ? [engine] : ['peak', 'ours', 'tfjs-wasm', 'tfjs-cpu'];
    const results = {};
    try {
      for (const e of list) {
        status.textContent = `running ${e}…`;
        results[e] = await window.runBench(e);
        out.textContent = JSON.stringify({ flops: trainingFlops(SEED), ...results }, null, 2);
      }
      status.textContent = 'done';
    } catch (e) {
      status.textContent = `failed: ${e.message}`;
      console.error(e);
    }
  })();
} else {
  status.textContent = 'idle (driven by bench/run.mjs)';
}
