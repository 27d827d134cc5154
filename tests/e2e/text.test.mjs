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
  await page.fill('#text-try', text);
  await page.waitForFunction(() => document.querySelector('#text-explained .tok'));
  return prediction(page);
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
    const acc = await page.textContent('#text-val-accuracy');
    assert.match(acc, /^\d+\.\d %$/);
    // 450 of 1,300 are spam: always answering "ham" scores 65 %. TF-IDF + logistic
    // regression reaches 98.6 % on the full collection (/work/shared/data/README.md);
    // a trained model must be well clear of the majority class.
    assert.ok(parseFloat(acc) > 90, `validation accuracy ${acc} should be above 90 %`);
    const header = await page.$$eval('#text-confusion thead tr:last-child th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(header, ['true ↓', 'ham', 'spam']);
    const perClass = await page.$$eval('#text-per-class tbody th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(perClass, ['ham', 'spam']);
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
    await page.setInputFiles('#text-import-files', Object.values(got));
    await page.waitForFunction(() => /Imported/.test(document.querySelector('#text-export-status').textContent));
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

  test('Clear removes the data, settings and model', async () => {
    await page.click('#text-clear');
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
  await setSettings(page, { ...SMALL, epochs: '200' });
  await page.click('#text-train');
  // Wait for the first epoch to end so a best model exists, then stop.
  await page.waitForFunction(() => /Epoch [2-9]\d* of 200/.test(document.querySelector('#text-progress-label').textContent), null, { timeout: 60000 });
  await page.click('#text-stop');
  await page.waitForSelector('.text-view[data-train-outcome="stopped"]', { timeout: 30000 });
  // The worker saw 'stop' between batches (or during one) and trained at most that one more.
  const after = Number(await page.getAttribute('.text-view', 'data-batches-after-stop'));
  assert.ok(after <= 1, `the worker trained ${after} batches after it received stop`);
  const msg = await page.textContent('#text-train-message');
  assert.match(msg, /Stopped at epoch \d+, batch \d+ of \d+/);
  assert.match(msg, /Kept the best model so far \(epoch \d+/);
  assert.ok(!(await page.isDisabled('#text-train')), 'Train is available again');
  assert.ok(await page.isDisabled('#text-stop'));
  assert.match(await page.textContent('#text-val-accuracy'), /^\d+\.\d %$/);
  const p = await trySentence(page, SPAM);
  assert.ok(['ham', 'spam'].includes(p.label));
  await screenshot(page, 'text-7-stopped');
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
  // User text is shown as text, never parsed as HTML.
  await page.waitForFunction(() => document.querySelectorAll('#text-label-counts tbody tr').length === 3);
  assert.equal(await page.$('#text-label-counts img'), null);
  assert.match(await page.textContent('#text-label-counts'), /<img src=x onerror=alert\(1\)>/);
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
  await page.click('#text-train');
  await page.waitForFunction(() => /Epoch \d+ of 200/.test(document.querySelector('#text-progress-label').textContent));
  await page.goto(`${env.url}#backprop`);
  await page.goto(`${env.url}#text`);
  await page.waitForSelector('.text-view[data-ready="true"]');
  // The example text was saved before leaving; Train is available (no run survives the view).
  assert.match(await page.inputValue('#text-data'), /^(ham|spam)\t/);
  assert.ok(!(await page.isDisabled('#text-train')));
  page.assertClean();
});
