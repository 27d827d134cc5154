// `make bench` / `node bench/run.mjs [--quick] [--memory FILE.tsv [--epochs N]]`
//
// Serves bench/index.html, the benchmark's package (`scripts/build.sh --bench`:
// the page's build plus the `bench` feature's bindings, served as /pkg) and
// the two TensorFlow.js dist folders from this checkout (nothing else; no network request: the run fails on any
// request outside the page's origin), drives Debian's Chromium through
// playwright-core with the flags in wasm-pack.toml, and runs each part of the
// benchmark in a fresh page: peak (WASM SIMD mul+add peak, Conv1D GEMMs),
// ours, tfjs-wasm, tfjs-cpu, then the peak again. Prints a table and writes
// bench/results/latest.json (git-ignored).
//
// --memory FILE: instead, train the page's TextClassifier on FILE (e.g.
// sms_spam_en.tsv) for --epochs (default 6) and print the wasm memory and
// JS heap after each epoch (skipped with a message when FILE is absent).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer } from '../scripts/serve.mjs';
import { loadConfig, ROOT } from '../scripts/lib/config.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, dflt) => { const i = args.indexOf(name); return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt; };
const quick = flag('--quick');
const memoryFile = option('--memory', null);
const epochs = Number(option('--epochs', '6'));
const log = (...a) => console.log('[bench]', ...a);

// The page's and the library's package, whose size the report states.
const WASM = path.join(ROOT, 'www/pkg/nn_playground_bg.wasm');
// The benchmark's package (the same build plus the `bench` feature).
const BENCH_PKG = path.join(ROOT, loadConfig().build.bench_out_dir);
for (const [file, how] of [[WASM, 'scripts/build.sh'], [path.join(BENCH_PKG, 'nn_playground_bg.wasm'), 'scripts/build.sh --bench']]) {
  if (!existsSync(file)) {
    console.error(`[bench] ${path.relative(ROOT, file)} is missing: run ${how} (make bench does both)`);
    process.exit(1);
  }
}
if (memoryFile && !existsSync(memoryFile)) {
  log(`--memory: ${memoryFile} does not exist; skipping the memory-across-epochs run`);
  process.exit(0);
}

// Serve only what the page needs: a temporary root of symlinks.
const site = mkdtempSync(path.join(tmpdir(), 'nnp-bench-site-'));
const link = (rel, from = path.join(ROOT, rel)) => {
  const to = path.join(site, rel);
  mkdirSync(path.dirname(to), { recursive: true });
  symlinkSync(from, to);
};
for (const rel of ['bench/index.html', 'bench/bench.js', 'node_modules/@tensorflow/tfjs/dist', 'node_modules/@tensorflow/tfjs-backend-wasm/dist']) link(rel);
link('pkg', BENCH_PKG);

const cfg = loadConfig().browser;
const { server, url } = await startServer({ port: 0, root: site });
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: cfg.executable,
  headless: true,
  // --enable-precise-memory-info: performance.memory without bucketing.
  args: [...cfg.args.filter((a) => !a.startsWith('--headless') && !a.startsWith('--user-data-dir')), '--enable-precise-memory-info'],
});
const browserVersion = browser.version();

/** Run one part in a fresh page; fails on console errors and foreign requests. */
async function runPart(engine, options = {}) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request outside the page's origin: ${u}`);
  });
  page.setDefaultTimeout(600_000);
  await page.goto(`${url}bench/index.html?engine=none`);
  await page.waitForFunction(() => window.benchReady === true);
  const t0 = Date.now();
  const result = await page.evaluate(([e, o]) => window.runBench(e, o), [engine, options]);
  result.wallSeconds = (Date.now() - t0) / 1000;
  result.crossOriginIsolated = await page.evaluate(() => crossOriginIsolated);
  const extra = { flops: await page.evaluate(() => window.benchFlops()), seed: await page.evaluate(() => window.benchSeed) };
  await ctx.close();
  if (problems.length) throw new Error(`${engine}: page problems:\n  ${problems.join('\n  ')}`);
  return { result, ...extra };
}

const fmt = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const mib = (b) => (b == null ? 'n/a' : `${(b / 1048576).toFixed(1)} MiB`);
const range = (s, d = 0) => (s ? `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})` : 'n/a');

let exitCode = 0;
try {
  if (memoryFile) {
    const text = readFileSync(memoryFile, 'utf8');
    log(`memory across ${epochs} epochs: TextClassifier (page defaults) on ${memoryFile}`);
    const { result } = await runPart('memory', { text, epochs });
    log(`${result.samples} samples (${result.trainSize} train, ${result.valSize} validation)`);
    log('epoch  seconds  loss     val acc  wasm memory   JS heap used');
    for (const r of result.epochs) {
      log(`${String(r.epoch).padStart(5)}  ${fmt(r.seconds, 1).padStart(7)}  ${r.loss == null ? '   -   ' : r.loss.toFixed(4)}   ${r.valAccuracy == null ? '   -  ' : r.valAccuracy.toFixed(4)}   ${mib(r.wasmMemoryBytes).padStart(10)}   ${mib(r.jsHeap?.usedJSHeapSize).padStart(10)}`);
    }
    const after1 = result.epochs.filter((r) => r.epoch >= 1).map((r) => r.wasmMemoryBytes);
    const flat = after1.every((b) => b === after1[0]);
    log(`wasm memory after epoch 1..${epochs}: ${flat ? 'flat' : 'NOT flat'} (${[...new Set(after1)].map(mib).join(', ')})`);
    result.flat = flat;
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench/results/memory.json'), JSON.stringify({ browser: browserVersion, file: memoryFile, ...result }, null, 2));
    log('wrote bench/results/memory.json');
  } else {
    const o = quick
      ? { peak: { reps: 3 }, ours: { reps: 3, trainBatches: 20, inferBatches: 10 }, tfjs: { reps: 1, inferReps: 3, warmBatches: 1 } }
      : { peak: {}, ours: {}, tfjs: {} };
    log(`Chromium ${browserVersion}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); ${quick ? 'quick' : 'full'} run`);
    log('peak: WASM SIMD multiply-add loop and the Conv1D GEMMs…');
    const peak1 = await runPart('peak', o.peak);
    log('ours: wasm package, Trainer on pre-tokenized ids…');
    const ours = await runPart('ours', o.ours);
    log('tfjs-wasm: TensorFlow.js, wasm backend…');
    const tfw = await runPart('tfjs-wasm', o.tfjs);
    log('tfjs-cpu: TensorFlow.js, cpu backend…');
    const tfc = await runPart('tfjs-cpu', o.tfjs);
    log('ours and tfjs-wasm (inference) with the bag-of-tokens branch, the text classifier\'s default model…');
    const oursBag = await runPart('ours', { ...o.ours, bag: true });
    const tfwBag = await runPart('tfjs-wasm', { ...o.tfjs, bag: true, train: false });
    log('peak again (after the engines)…');
    const peak2 = await runPart('peak', o.peak);

    const flops = ours.flops;
    const P = Math.max(peak1.result.peakGflops.best, peak2.result.peakGflops.best);
    const O = ours.result, W = tfw.result, C = tfc.result;
    const tfjsTrain = [W, C].filter((r) => r.trainSamplesPerSec).sort((a, b) => b.trainSamplesPerSec.median - a.trainSamplesPerSec.median)[0];
    const tfjsInfer = [W, C].sort((a, b) => b.inferSamplesPerSec.median - a.inferSamplesPerSec.median)[0];
    const trainRatio = tfjsTrain ? O.trainSamplesPerSec.median / tfjsTrain.trainSamplesPerSec.median : null;
    const inferRatioBest = O.inferSamplesPerSec.median / tfjsInfer.inferSamplesPerSec.median;
    const inferRatioWasm = O.inferSamplesPerSec.median / W.inferSamplesPerSec.median;
    const trainGflops = { median: O.trainSamplesPerSec.median * flops.executed / 1e9, min: O.trainSamplesPerSec.min * flops.executed / 1e9, max: O.trainSamplesPerSec.max * flops.executed / 1e9 };
    const trainGflopsDense = O.trainSamplesPerSec.median * flops.denseEquivalent / 1e9;
    const inferGflops = O.inferSamplesPerSec.median * flops.inference / 1e9;
    const OB = oursBag.result, WB = tfwBag.result;
    const bagInferVsTfjsWasm = OB.inferSamplesPerSec.median / WB.inferSamplesPerSec.median;
    const wasmBytes = readFileSync(WASM);
    const size = { raw: wasmBytes.length, gzip9: gzipSync(wasmBytes, { level: 9 }).length };

    const rows = [
      ['engine', 'train samples/s', 'infer samples/s', 'peak memory'],
      ['ours (wasm SIMD)', range(O.trainSamplesPerSec), range(O.inferSamplesPerSec), `${mib(O.memory.wasmMemoryBytes)} wasm memory; JS heap ${mib(O.memory.jsHeap?.usedJSHeapSize)}${O.memory.uaSpecific ? `; page ${mib(O.memory.uaSpecific.bytes)}` : ''}`],
      [`tfjs ${W.version} wasm (${W.threads} thr)${W.cpuFallbackKernels ? ' + cpu fallback' : ''}`, W.trainSamplesPerSec ? range(W.trainSamplesPerSec, 1) : `fails: ${W.trainError}`, range(W.inferSamplesPerSec), `${mib(W.memory.peakTensorBytes)} tensors; ${mib(W.memory.wasmMemoryBytes)} wasm memory; JS heap ${mib(W.memory.jsHeap?.usedJSHeapSize)}${W.memory.uaSpecific ? `; page ${mib(W.memory.uaSpecific.bytes)}` : ''}`],
      [`tfjs ${C.version} cpu`, C.trainSamplesPerSec ? range(C.trainSamplesPerSec, 1) : `fails: ${C.trainError}`, range(C.inferSamplesPerSec), `${mib(C.memory.peakTensorBytes)} tensors; JS heap ${mib(C.memory.jsHeap?.usedJSHeapSize)}${C.memory.uaSpecific ? `; page ${mib(C.memory.uaSpecific.bytes)}` : ''}`],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log('');
    for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(widths[i])).join('  |  '));
    console.log('');
    const pct = (x) => `${(100 * x / P).toFixed(0)}%`;
    const lines = [
      `median (min–max) over repeats; batch ${ours.seed.batchSize} training, batch ${ours.seed.inferBatch} inference; ${ours.seed.samples} seeded synthetic samples, maxLen ${ours.seed.maxLen}, vocab ${ours.seed.vocabSize}`,
      `training vs best tfjs backend (${tfjsTrain ? tfjsTrain.engine : 'none trains'}): ${trainRatio ? trainRatio.toFixed(0) + 'x' : 'n/a'}   (target >= 50x)`,
      `inference vs tfjs-wasm: ${inferRatioWasm.toFixed(2)}x (target >= 1.5x); vs best tfjs backend (${tfjsInfer.engine}): ${inferRatioBest.toFixed(2)}x`,
      `WASM SIMD mul+add peak: ${fmt(P, 1)} GFLOP/s (best of the runs before: ${fmt(peak1.result.peakGflops.best, 1)} and after: ${fmt(peak2.result.peakGflops.best, 1)}; ${peak1.result.flopsPerIter} FLOPs/iteration)`,
      ...peak1.result.gemm.map((g, i) => `Conv1D ${g.shape}: ${range(g.gflops, 1)} GFLOP/s = ${pct(g.gflops.median)} of peak (after: ${fmt(peak2.result.gemm[i].gflops.median, 1)})`),
      `training FLOPs/sample: executed ${fmt(flops.executed)}, dense-equivalent ${fmt(flops.denseEquivalent)}  [${flops.formula}; T=L-k+1, U=1, P=${flops.params} params, B=${ours.seed.batchSize}]`,
      `training: ${fmt(trainGflops.median, 1)} GFLOP/s executed (${fmt(trainGflops.min, 1)}–${fmt(trainGflops.max, 1)}) = ${pct(trainGflops.median)} of peak (target >= 50%); dense-equivalent ${fmt(trainGflopsDense, 1)} GFLOP/s = ${pct(trainGflopsDense)}`,
      `inference: ${fmt(inferGflops, 1)} GFLOP/s = ${pct(inferGflops)} of peak`,
      `with the bag-of-tokens branch (${fmt(OB.params)} params): ours train ${range(OB.trainSamplesPerSec)} samples/s = ${(100 * OB.trainSamplesPerSec.median / O.trainSamplesPerSec.median).toFixed(0)}% of the seed model's, infer ${range(OB.inferSamplesPerSec)} = ${bagInferVsTfjsWasm.toFixed(2)}x tfjs-wasm's ${range(WB.inferSamplesPerSec)} (its functional model; training not timed)`,
      `release wasm www/pkg/nn_playground_bg.wasm: ${fmt(size.raw)} bytes, ${fmt(size.gzip9)} gzipped (-9)`,
      `memory: ours = WebAssembly.Memory size (grows only, so the peak) + performance.memory.usedJSHeapSize at the end; tfjs = peak tf.memory().numBytes, the wasm backend's heap size, usedJSHeapSize; "page" = performance.measureUserAgentSpecificMemory() when it answered (crossOriginIsolated: ${O.crossOriginIsolated})`,
    ];
    for (const l of lines) log(l);
    const out = {
      date: new Date().toISOString(), browser: `Chromium ${browserVersion} (headless)`, cpus: cpus().length, cpuModel: cpus()[0]?.model, quick,
      seed: ours.seed, flops, peakGflops: P, peak: [peak1.result, peak2.result], ours: O, tfjsWasm: W, tfjsCpu: C,
      bag: { ours: OB, tfjsWasm: WB, inferVsTfjsWasm: bagInferVsTfjsWasm },
      ratios: { trainVsBestTfjs: trainRatio, bestTfjsTrain: tfjsTrain?.engine ?? null, inferVsTfjsWasm: inferRatioWasm, inferVsBestTfjs: inferRatioBest, bestTfjsInfer: tfjsInfer.engine },
      gflops: { train: trainGflops, trainDenseEquivalent: trainGflopsDense, inference: inferGflops, trainPctOfPeak: trainGflops.median / P, gemmPctOfPeak: peak1.result.gemm.map((g) => g.gflops.median / P) },
      wasmSize: size,
      targets: { train50x: trainRatio != null && trainRatio >= 50, trainGflopsHalfPeak: trainGflops.median >= 0.5 * P, infer1_5xTfjsWasm: inferRatioWasm >= 1.5 },
    };
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(out, null, 2));
    log('wrote bench/results/latest.json');
  }
} catch (e) {
  console.error(`[bench] FAILED: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  await new Promise((r) => server.close(r));
  rmSync(site, { recursive: true, force: true });
}
process.exit(exitCode);
