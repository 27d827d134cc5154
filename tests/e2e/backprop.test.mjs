// "Backprop, step by step" end to end. Expected numbers: the seed article's
// 2-3-2 worked by hand in fixtures/article-trace.mjs (independent of the core),
// and, for imported states, a step computed by the core directly in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, waitForCore, screenshot as pageShot } from './harness.mjs';
import { articleTrace, articleBefore } from './fixtures/article-trace.mjs';
import { encodeJson, decodeJson } from '../../www/js/lib/url-state.js';
import { benchFrame, report } from '../../bench/backprop-frame.mjs';

let env;
// The lower sections use content-visibility: auto (skipped while off screen),
// which a full-page capture would leave blank: render everything for the shot.
const styled = new WeakSet();
async function screenshot(page, name) {
  if (!styled.has(page)) styled.add(page) && await page.addStyleTag({ content: '.bp-lower section { content-visibility: visible !important; }' });
  await pageShot(page, name);
}
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function open(page, hash = '#backprop') {
  await page.goto(env.url + hash);
  await waitForCore(page);
  await page.waitForSelector('svg.bp-diagram');
}
const heading = (page) => page.textContent('#bp-phase-h');
const panel = (page) => page.textContent('.bp-phase');
const click = (page, name) => page.getByRole('button', { name, exact: true }).click();
/** The short labels "z1 = 1" of the phase panel, as {symbol: number}. */
async function shown(page) {
  const items = await page.$$eval('.bp-phase .formula-toggle', (bs) => bs.map((b) => b.textContent));
  return Object.fromEntries(items.map((t) => { const [k, v] = t.split(' = '); return [k, Number(v)]; }));
}

test('article preset: every phase shows the hand-worked numbers', async () => {
  const page = await env.newPage();
  await open(page);
  assert.match(await heading(page), /phase 1 of 10: Start/);
  await screenshot(page, 'backprop-phase-01-start');
  const hidden = articleTrace.layers[0];
  const out = articleTrace.layers[1];
  const expect = [
    ['weighted sums z', { z1: hidden.z[0], z2: 1, z3: 1 }],
    ['activations a', { a1: 1, a2: 1, a3: 1 }],
    ['weighted sums z', { z4: out.z[0], z5: 2 }],
    ['activations a', { a4: 2, a5: 2 }],
    ['Loss', { L: 2.5 }],
    ['output deltas', { δ4: 1, δ5: 2 }],
    ['deltas δ', { δ1: 1.5, δ2: 1.5, δ3: 1.5 }],
    ['Gradients', { '∂L/∂w11': 1.5, '∂L/∂w12': 0, '∂L/∂b1': 1.5, '∂L/∂w41': 1, '∂L/∂w51': 2, '∂L/∂b5': 2 }],
    ['Update', { w11: 0.35, w12: 0.5, b1: 0.35, w41: 0.4, w43: 0.4, w51: 0.3, w53: 0.3, b4: 0.4, b5: 0.3 }],
  ];
  for (const [i, [label, values]] of expect.entries()) {
    await click(page, 'Next phase');
    assert.match(await heading(page), new RegExp(`phase ${i + 2} of 10: .*${label}`));
    const got = await shown(page);
    for (const [k, v] of Object.entries(values)) assert.equal(got[k], v, `${k} in phase ${i + 2}`);
    await screenshot(page, `backprop-phase-${String(i + 2).padStart(2, '0')}`);
  }
  // The parameter tables now hold the state after the step.
  assert.equal((await page.textContent('[data-param="w41"]')).trim(), '0.4');
  assert.equal((await page.textContent('[data-param="w51"]')).trim(), '0.3');
  assert.equal((await page.textContent('[data-param="w11"]')).trim(), '0.35');
  assert.equal((await page.textContent('[data-param="w12"]')).trim(), '0.5');
  // The diagram highlights the update: links are not dimmed, and show old -> new.
  assert.match(await page.getAttribute('[data-weight="w41"]', 'aria-label'), /w41: 0\.5 → 0\.4/);
  // The next full step updates the same panel in place: its numbers are the
  // state after step 2 (as in the tables), the same as a panel built afresh.
  await click(page, 'Full step');
  assert.match(await heading(page), /Step 2, phase 10 of 10/);
  const patched = await shown(page);
  assert.equal(String(patched.w41), (await page.textContent('[data-param="w41"]')).trim());
  assert.equal(String(patched.b5), (await page.textContent('[data-param="b5"]')).trim());
  assert.notEqual(patched.w41, 0.4);
  await page.check('#bp-digits');
  await page.uncheck('#bp-digits'); // a different shape: the panel is rebuilt
  assert.deepEqual(await shown(page), patched);
  page.assertClean();
});

test('the diagram\'s δ, target and loss labels are the panel\'s numbers, and the loss label overlaps nothing', async () => {
  const page = await env.newPage();
  await open(page);
  await page.selectOption('#bp-preset', 'xor');
  await click(page, 'Train 100 steps'); // non-round weights and loss
  const panelText = async () => Object.fromEntries((await page.$$eval('.bp-phase .formula-toggle', (bs) => bs.map((b) => b.textContent)))
    .map((t) => t.split(' = ')));
  for (let i = 0; i < 10 && !/: Loss/.test(await heading(page)); i++) await click(page, 'Next phase');
  assert.match(await heading(page), /Step 101, phase 6 of 10: Loss/);
  const lossText = (await panelText(page)).L;
  assert.ok(lossText && !/e|NaN/.test(lossText), lossText);
  assert.equal(await page.textContent('svg.bp-diagram text.loss'), `L = ${lossText}`);
  await click(page, 'Next phase');
  assert.match(await heading(page), /output deltas/);
  const deltas = await panelText(page);
  const labels = await page.$$eval('svg.bp-diagram g.unit', (gs) => gs.map((g) => [g.dataset.unit, g.querySelector('text.udelta')?.textContent ?? '']));
  const out = labels.filter(([, t]) => t);
  assert.equal(out.length, 1, 'one output unit with its δ shown');
  for (const [n, t] of out) assert.equal(t, `δ ${deltas[`δ${n}`]}`, `unit ${n}`);
  // Four significant digits where the value has them (not the circle's 3).
  assert.match(out[0][1], /^δ −?\d*\.?\d{3,}/);
  // The loss label lies inside the drawing and clear of every unit and label.
  const boxes = await page.$eval('svg.bp-diagram', (svgEl) => {
    const vb = svgEl.viewBox.baseVal;
    const box = (e) => { const b = e.getBBox(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
    return { vb: { w: vb.width, h: vb.height }, loss: box(svgEl.querySelector('text.loss')),
      others: [...svgEl.querySelectorAll('g.unit circle, text.uname, text.udelta, text.utarget')].filter((e) => e.textContent !== '' || e.tagName === 'circle').map(box) };
  });
  const { loss, vb, others } = boxes;
  assert.ok(loss.w > 0 && loss.x >= 0 && loss.y >= 0 && loss.x + loss.w <= vb.w && loss.y + loss.h <= vb.h, JSON.stringify(boxes.loss));
  const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  assert.deepEqual(others.filter((o) => overlap(o, loss)), []);
  page.assertClean();
});

test('a number opens into its formula with the values filled in', async () => {
  const page = await env.newPage();
  await open(page);
  await click(page, 'Next phase');
  await page.getByRole('button', { name: 'z1 = 1', exact: true }).click();
  assert.equal((await page.textContent('[data-key="z0.0"] .formula-text')).trim(), 'z1 = w11*x1 + w12*x2 + b1 = 0.5*1 + 0.5*0 + 0.5 = 1.0');
  await page.keyboard.press('ArrowRight'); // a
  await page.keyboard.press('ArrowRight'); // z of the output layer
  await page.getByRole('button', { name: 'z4 = 2', exact: true }).click();
  assert.match(await page.textContent('[data-key="z1.0"] .formula-text'), /^z4 = w41\*a1 \+ w42\*a2 \+ w43\*a3 \+ b4 = 0\.5\*1 \+ 0\.5\*1 \+ 0\.5\*1 \+ 0\.5 = 2\.0$/);
  await click(page, 'Full step');
  await page.check('#bp-showall');
  const texts = await page.$$eval('.bp-phase .formula-text', (cs) => cs.map((c) => c.textContent));
  assert.ok(texts.includes('w41 ← w41 - η*∂L/∂w41 = 0.5 - 0.1*1 = 0.4'), texts.join('\n'));
  assert.ok(texts.includes('w12 ← w12 - η*∂L/∂w12 = 0.5 - 0.1*0 = 0.5'));
  // Deltas: hidden (sum of w*delta times f'), output (lossGrad * f').
  await page.getByRole('button', { name: /Backward, hidden layer 1/ }).click();
  assert.ok((await panel(page)).includes('δ1 = (w41*δ4 + w51*δ5) * relu\'(z1) = (0.5*1 + 0.5*2) * 1 = 1.5'));
  await page.getByRole('button', { name: /Backward: output deltas/ }).click();
  assert.ok((await panel(page)).includes('δ5 = ∂L/∂a5 * f\'(z5) = (a5 - y2) * relu\'(z5) = (2 - 0) * 1 = 2.0'));
  // A neuron in the diagram opens all of its formulas.
  await page.click('[data-unit="1"]');
  assert.match(await page.textContent('.bp-inspector'), /a1 = relu\(z1\) = max\(0, 1\) = 1\.0/);
  // All digits on demand.
  await page.uncheck('#bp-showall');
  await page.check('#bp-digits');
  assert.equal(await page.locator('body').textContent().then((t) => t.includes('NaN')), false);
  page.assertClean();
});

test('keyboard shortcuts move through the phases', async () => {
  const page = await env.newPage();
  await open(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('k');
  assert.match(await heading(page), /phase 3 of 10/);
  await page.keyboard.press('ArrowLeft');
  assert.match(await heading(page), /phase 2 of 10/);
  await page.keyboard.press('j');
  assert.match(await heading(page), /phase 1 of 10/);
  await page.keyboard.press('f');
  assert.match(await heading(page), /Step 1, phase 10 of 10: Update/);
  await page.keyboard.press('ArrowRight');
  assert.match(await heading(page), /Step 2, phase 1 of 10/);
  assert.match(await page.textContent('.bp-controls'), /← \/ j previous phase, → \/ k next phase/);
  // The outcome is announced in one persistent live region.
  assert.equal(await page.textContent('#bp-announce'), 'Step 2, phase 1 of 10: Start: inputs, targets and parameters');
  // From another button (here "Check gradients") a single key does nothing: no stray reset.
  await page.focus('.bp-gradcheck button');
  await page.keyboard.press('r');
  await page.keyboard.press('k');
  assert.match(await heading(page), /Step 2, phase 1 of 10/);
  // The diagram is one tab stop: ↓ moves between its units, Enter opens one.
  assert.equal(await page.$$eval('.bp-diagram [tabindex="0"]', (n) => n.length), 1);
  await page.focus('.bp-diagram [data-unit="1"]');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.unit), '2');
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('.bp-inspector h2'), /Unit 2/);
  await page.click('.bp-inspector .close');
  // A formula opened from the keyboard keeps the focus on its (rebuilt) button.
  await page.focus('.bp-controls button:nth-child(2)');
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await page.focus('.bp-phase .formula-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'num formula-toggle');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), 'true');
  page.assertClean();
});

test('editing a weight validates the number and recomputes', async () => {
  const page = await env.newPage();
  await open(page);
  await page.click('[data-param="w11"]');
  const input = page.getByLabel('New value of w11');
  await input.fill('abc');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.match(await page.textContent('.edit-msg'), /w11: "abc" is not a number/);
  await input.fill('1e999');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.match(await page.textContent('.edit-msg'), /finite numbers only/);
  await input.fill('0.25');
  await page.keyboard.press('Enter');
  assert.equal((await page.textContent('[data-param="w11"]')).trim(), '0.25');
  await click(page, 'Next phase');
  assert.equal((await shown(page)).z1, 0.75); // 0.25*1 + 0.5*0 + 0.5
  // Inputs too; clicking a link in the diagram opens the same editor.
  await page.click('[data-weight="w41"]');
  await page.getByLabel('New value of w41').fill('-1');
  await page.keyboard.press('Enter');
  assert.equal((await page.textContent('[data-param="w41"]')).trim(), '-1');
  await screenshot(page, 'backprop-edited');
  page.assertClean();
});

const CUSTOM = {
  version: 1, sizes: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'bce',
  weights: [[[0.3, -0.2], [0.1, 0.4]], [[0.7, -0.5]]], biases: [[0.1, -0.1], [0.05]],
  input: [0.5, -1], target: [1], learningRate: 0.2, optimizer: { kind: 'momentum', momentum: 0.9 },
  optimizerState: { t: 0 }, step: 0,
};

test('import a state, step, export it: the same as the core stepping it directly', async () => {
  const page = await env.newPage();
  await open(page);
  await page.fill('#bp-import-text', JSON.stringify({ ...CUSTOM, weights: [[[0.3], [0.1, 0.4]], [[0.7, -0.5]]] }));
  await click(page, 'Import state');
  assert.match(await page.textContent('.import-msg'), /Import failed: weights\[0\]\[0\]/);
  await page.fill('#bp-import-text', JSON.stringify(CUSTOM));
  await click(page, 'Import state');
  assert.match(await page.textContent('.import-msg'), /Imported/);
  await click(page, 'Full step');
  const download = page.waitForEvent('download');
  await click(page, 'Export state');
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(JSON.parse(await page.inputValue('.export-out')), exported);
  const direct = await page.evaluate(async (s) => {
    const core = await import('/pkg/nn_playground.js');
    const net = core.Network.fromJSON(s);
    net.step();
    const out = net.toJSON();
    net.free();
    return out;
  }, CUSTOM);
  assert.deepEqual(exported, direct);
  assert.equal(exported.step, 1);
  // The fused sigmoid + BCE delta and the momentum update are shown as such.
  await page.check('#bp-showall');
  assert.match(await panel(page), /v = m\*v - η\*∂L\/∂w31 = 0\.9\*0 - 0\.2\*/);
  await page.getByRole('button', { name: /Backward: output deltas/ }).click();
  assert.match(await panel(page), /δ3 = a3 - y1 \(fused sigmoid \+ binary cross-entropy\)/);
  page.assertClean();
});

test('diagram labels and the history table of an imported state: targets, δ with their zeros, a signed change', async () => {
  // The article's 2-3-2 with targets (3, -0.94998): the outputs are 2 and 2, so
  // δ4 = 2 - 3 = -1, δ5 = 2 + 0.94998 = 2.94998 (4 digits: 2.950, its zero kept),
  // and w41 = 0.5 - 0.1*δ4*a1 = 0.5 + 0.1 = 0.6: a change of +0.1.
  const page = await env.newPage();
  await open(page);
  const state = { ...structuredClone(articleBefore), target: [3, -0.94998] };
  await page.fill('#bp-import-text', JSON.stringify(state));
  await click(page, 'Import state');
  assert.match(await page.textContent('.import-msg'), /Imported/);
  const targets = () => page.$$eval('svg.bp-diagram text.utarget', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(await targets(), ['y1 = 3', 'y2 = -0.9500']);
  for (let i = 0; i < 10 && !/output deltas/.test(await heading(page)); i++) await click(page, 'Next phase');
  const deltas = await page.$$eval('svg.bp-diagram g.unit', (gs) => gs.map((g) => [g.dataset.unit, g.querySelector('text.udelta')?.textContent ?? '']).filter(([, t]) => t));
  assert.deepEqual(deltas, [['4', 'δ -1'], ['5', 'δ 2.950']]);
  await click(page, 'Full step');
  await page.click('.bp-changes summary');
  await page.waitForSelector('table.changes tbody tr');
  const rows = await page.$$eval('table.changes tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  assert.deepEqual(rows.find((r) => r[0] === 'w41'), ['w41', '0.5', '0.6', '+0.1']);
  // w51 = 0.5 - 0.1*2.94998*1 = 0.205002: rounded, so its zero is kept, in
  // the table as in the parameter table and the update formula ("0.2050").
  assert.deepEqual(rows.find((r) => r[0] === 'w51'), ['w51', '0.5', '0.2050', '-0.2950']);
  assert.equal(await page.textContent('[data-param="w51"]'), '0.2050');
  // A state edited by hand is no step: the table of changes goes away.
  await page.click('[data-param="w11"]');
  await page.getByLabel('New value of w11').fill('0.25');
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('.bp-history'), /The current state was edited by hand/);
  assert.equal(await page.isHidden('.bp-changes'), true);
  page.assertClean();
});

test('the state in the URL: base64url round trip with the characters that differ from base64 ("-" and "_")', () => {
  // "~~~" is "fn5+" and "???" is "Pz8/" in base64: base64url writes them "fn5-" and "Pz8_".
  for (const value of [{ s: '~~~???' }, { s: '>>>???~~~', n: [0.1, -2e-7] }, { t: 'é ü 中文 ~?' }]) {
    const text = encodeJson(value);
    assert.equal(text, Buffer.from(JSON.stringify(value)).toString('base64url'));
    assert.deepEqual(decodeJson(text), { ok: true, value });
  }
  assert.match(encodeJson({ s: '~~~???' }), /-.*_/);
});

test('gradient check: a gradient that is exactly 0 is not called a disagreement over rounding noise', async () => {
  // The article's symmetric weights with tanh + softmax + CCE: some gradients
  // are exactly 0 and their finite differences ~1e-11 (relative error 1).
  const page = await env.newPage();
  await open(page);
  const h = (v) => [v, v, v];
  const state = {
    version: 1, sizes: [2, 3, 2], activations: ['tanh', 'softmax'], loss: 'cce',
    weights: [h([0.5, 0.5]), [h(0.5), h(0.5)]], biases: [h(0.5), [0.5, 0.5]],
    input: [1, 0], target: [1, 0], learningRate: 0.1, optimizer: { kind: 'sgd' }, optimizerState: { t: 0 }, step: 0,
  };
  await page.fill('#bp-import-text', JSON.stringify(state));
  await click(page, 'Import state');
  await click(page, 'Check gradients');
  const status = await page.textContent('.bp-gradcheck [role="status"]');
  assert.match(status, /backprop agrees with finite differences/);
  assert.match(status, /gradients are 0 or nearly, where the finite difference is rounding noise/);
  const notes = await page.$$eval('table.gradcheck tbody tr', (rs) => rs.map((r) => r.children[4].textContent));
  assert.ok(notes.some((n) => n === 'both ≈ 0: rounding noise'), notes.join('|'));
  page.assertClean();
});

test('the URL reproduces the network, the step and the phase', async () => {
  const page = await env.newPage();
  await open(page);
  await click(page, 'Full step');
  await click(page, 'Full step');
  await click(page, 'Previous phase');
  await click(page, 'Previous phase');
  // The URL is written shortly after the view renders (not on every step).
  await page.waitForSelector('.bp:not([data-url-pending])');
  const url = page.url();
  assert.match(url, /#backprop\?s=/);
  const h = await heading(page);
  const numbers = await shown(page);
  assert.match(h, /Step 2, phase 8 of 10/);
  const other = await env.newPage();
  await open(other, new URL(url).hash);
  assert.equal(await heading(other), h);
  assert.deepEqual(await shown(other), numbers);
  assert.equal(await other.textContent('.bp-params'), await page.textContent('.bp-params'));
  // A damaged link says so and falls back to the article example.
  const bad = await env.newPage();
  await open(bad, '#backprop?s=not-base64!');
  assert.match(await bad.textContent('.bp-error'), /could not be loaded/);
  // A shared link pasted into a tab that already shows the page applies at once.
  await bad.evaluate((hash) => { location.hash = hash; }, new URL(url).hash);
  await bad.waitForFunction((want) => document.querySelector('#bp-phase-h')?.textContent === want, h);
  assert.deepEqual(await shown(bad), numbers);
  // The loaded state's history starts at its step, and says so.
  assert.equal(await other.textContent('.bp-history output'), 'state after step 1; history from step 1 (loaded) to 1');
  assert.match(await other.textContent('.bp-history'), /This state was loaded at step 1, so the steps before it are not here/);
  page.assertClean(); other.assertClean(); bad.assertClean();
});

test('history, gradient check and Markdown', async () => {
  const page = await env.newPage();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await click(page, 'Train 100 steps');
  assert.equal(await page.getAttribute('#bp-history', 'max'), '100');
  assert.match(await heading(page), /Step 100, phase 10/);
  // The history shows the last completed step, its table built when opened.
  await page.fill('#bp-history', '1');
  assert.match(await heading(page), /Step 2, phase 1/);
  assert.match(await page.textContent('.bp-history'), /Last completed step: 1 /);
  // The slider reads what its output says.
  assert.equal(await page.getAttribute('#bp-history', 'aria-valuetext'), await page.textContent('.bp-history output'));
  assert.equal(await page.locator('table.changes').count(), 0);
  await page.click('.bp-changes summary');
  await page.waitForSelector('table.changes tbody tr'); // built on the toggle event
  const rows = await page.$$eval('table.changes tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  assert.deepEqual(rows.find((r) => r[0] === 'w41'), ['w41', '0.5', '0.4', '-0.1']);
  assert.deepEqual(rows.find((r) => r[0] === 'w12'), ['w12', '0.5', '0.5', '0']);
  await page.fill('#bp-history', '0');
  assert.match(await heading(page), /Step 1, phase 1/);
  assert.match(await page.textContent('.bp-history'), /No step completed yet/);
  await click(page, 'Check gradients');
  const gc = await page.$$eval('table.gradcheck tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  assert.equal(gc.length, 17);
  const w41 = gc.find((r) => r[0] === 'w41');
  assert.equal(Number(w41[1]), 1);
  assert.ok(Math.abs(Number(w41[2]) - 1) < 1e-6);
  assert.match(await page.textContent('.bp-gradcheck [role="status"]'), /backprop agrees/);
  // A dead ReLU: b1 = -2 makes z1 = 0.5 - 2 < 0.
  await page.click('[data-param="b1"]');
  await page.getByLabel('New value of b1').fill('-2');
  await page.keyboard.press('Enter');
  await click(page, 'Check gradients');
  assert.match(await page.textContent('.bp-gradcheck'), /dead ReLU/);
  // At the kink: b1 = -0.5 makes z1 = 0 exactly; w11 ± h and b1 ± h move z1 to
  // either side, so their differences are shown but not judged.
  await page.click('[data-param="b1"]');
  await page.getByLabel('New value of b1').fill('-0.5');
  await page.keyboard.press('Enter');
  await click(page, 'Check gradients');
  const status = await page.textContent('.bp-gradcheck [role="status"]');
  assert.match(status, /backprop agrees with finite differences/);
  assert.match(status, /2 parameters left out: w ± h puts a ReLU unit on both sides of z = 0/);
  const kinked = await page.$$eval('table.gradcheck tbody tr', (rs) => rs.map((r) => [r.children[0].textContent, r.children[4].textContent]));
  assert.deepEqual(kinked.filter((r) => r[1].includes('kink')).map((r) => r[0]), ['w11', 'b1']);
  assert.equal(kinked.find((r) => r[0] === 'w12')[1], 'dead ReLU');
  await click(page, 'Copy this step as Markdown');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /^# Backprop, step 1/);
  assert.ok(md.includes('- `z2 = w21*x1 + w22*x2 + b2 = 0.5*1 + 0.5*0 + 0.5 = 1.0`'));
  assert.ok(md.includes('## Update: old → new parameters'));
  await screenshot(page, 'backprop-history-gradcheck');
  page.assertClean();
});

test('XOR preset learns; divergence shows a message, never NaN', async () => {
  const page = await env.newPage();
  await open(page);
  await page.selectOption('#bp-preset', 'xor');
  for (let k = 0; k < 10; k++) await click(page, 'Train 100 steps');
  const outs = await page.$$eval('[data-output]', (cs) => cs.map((c) => Number(c.textContent)));
  assert.equal(outs.length, 4);
  // targets 0, 1, 1, 0
  assert.ok(outs[0] < 0.2 && outs[3] < 0.2 && outs[1] > 0.8 && outs[2] > 0.8, `outputs ${outs}`);
  await screenshot(page, 'backprop-xor');
  // Linear net with a huge learning rate diverges.
  await page.click('.bp-build summary');
  const b = page.locator('.bp-build');
  await b.getByLabel('Hidden layer 1 activation', { exact: true }).selectOption('linear');
  await b.getByLabel('Output activation', { exact: true }).selectOption('linear');
  await b.getByLabel('Loss', { exact: true }).selectOption('halfSse');
  await b.getByLabel('Optimizer', { exact: true }).selectOption('sgd');
  await b.getByLabel('Learning rate', { exact: true }).fill('1e6');
  await click(page, 'Build network');
  await click(page, 'Train 100 steps');
  assert.match(await page.textContent('.bp-error'), /Training stopped after \d+ steps: .*diverg/i);
  assert.equal((await page.textContent('body')).includes('NaN'), false);
  page.assertClean();
});

/** A fresh page in the Toy datasets mode, its network built (step 0). */
async function openToy() {
  const page = await env.newPage();
  await open(page);
  await click(page, 'Toy datasets');
  await page.waitForSelector('.toy-status[data-step="0"]');
  return { page, toy: page.locator('.bp-toy') };
}

async function trainToy(page, dataset) {
  const toy = page.locator('.bp-toy');
  await toy.getByLabel('Dataset', { exact: true }).selectOption(dataset);
  await toy.getByLabel('Steps per frame', { exact: true }).fill('20');
  const first = Number(await page.getAttribute('.toy-status', 'data-test-loss'));
  await click(page, 'Play');
  await page.waitForFunction(() => Number(document.querySelector('.toy-status')?.dataset.step) >= 600, null, { timeout: 30000 });
  await click(page, 'Pause');
  const last = Number(await page.getAttribute('.toy-status', 'data-test-loss'));
  return { first, last };
}

test('toy datasets: XOR and circle train and the test loss drops', async () => {
  const { page } = await openToy();
  for (const ds of ['xor', 'circle']) {
    const { first, last } = await trainToy(page, ds);
    assert.ok(last < first * 0.6, `${ds}: test loss ${first} -> ${last}`);
    await screenshot(page, `backprop-toy-${ds}`);
  }
  assert.equal(await page.locator('canvas.toy-neuron').count(), 2 + 4 + 4 + 1); // features X1, X2; 4-4 hidden; output
  // The loss chart (the shared line chart, log y axis): both curves drawn,
  // the latest values in its name, and the title follows the loss.
  const chart = page.locator('.bp-toy svg.line-chart');
  assert.equal(await chart.locator('path.series-train').count(), 1);
  assert.equal(await chart.locator('path.series-test').count(), 1);
  const d = await page.$eval('.toy-status', (e) => ({ ...e.dataset }));
  const name = await chart.getAttribute('aria-label');
  assert.equal(name, `Loss (mean binary cross-entropy); latest: train ${Number(Number(d.trainLoss).toPrecision(4))}, test ${Number(Number(d.testLoss).toPrecision(4))}`);
  const ticks = (await chart.locator('text.y-tick').allTextContents()).map(Number);
  assert.ok(ticks.length >= 2 && ticks.every((t) => t > 0), `log-axis ticks ${ticks}`);
  assert.match(await chart.textContent(), /loss \(log scale\)/);
  await page.locator('.bp-toy').getByLabel('Output and loss', { exact: true }).selectOption('tanh-mse');
  await page.waitForFunction(() => document.querySelector('.bp-toy svg.line-chart')?.getAttribute('aria-label')?.startsWith('Loss (mean squared error)'));
  page.assertClean();
});

async function playUntil(page, step) {
  await click(page, 'Play');
  await page.waitForFunction((n) => Number(document.querySelector('.toy-status')?.dataset.step) >= n, step, { timeout: 60000 });
  await click(page, 'Pause');
  return page.$eval('.toy-status', (e) => ({ ...e.dataset }));
}

test('toy datasets: the input features set the input size, and the net trains on them', async () => {
  const { page, toy } = await openToy();
  assert.equal(await page.getAttribute('.toy-status', 'data-inputs'), '2');
  assert.equal(await page.locator('canvas.toy-feature').count(), 2);
  // X1 X2 and X1² X2² X1X2: five inputs (one heat map each); the net still trains.
  for (const name of ['X₁²', 'X₂²', 'X₁X₂']) await toy.getByRole('checkbox', { name, exact: true }).check();
  assert.equal(await page.getAttribute('.toy-status', 'data-inputs'), '5');
  assert.equal(await page.locator('canvas.toy-feature').count(), 5);
  await toy.getByLabel('Dataset', { exact: true }).selectOption('circle');
  await toy.getByLabel('Steps per frame', { exact: true }).fill('20');
  const first = Number(await page.getAttribute('.toy-status', 'data-test-loss'));
  const d = await playUntil(page, 400);
  assert.ok(Number(d.testLoss) < first * 0.5, `circle with squares: test loss ${first} -> ${d.testLoss}`);
  assert.ok(Number(d.epoch) > 0 && /Epoch \d+\.\d · step \d+/.test(await page.textContent('.toy-status')));
  // Only X1² left: one input; the network is rebuilt (step 0).
  for (const name of ['X₁', 'X₂', 'X₂²', 'X₁X₂']) await toy.getByRole('checkbox', { name, exact: true }).uncheck();
  assert.equal(await page.getAttribute('.toy-status', 'data-inputs'), '1');
  assert.equal(await page.getAttribute('.toy-status', 'data-step'), '0');
  // None: a message naming the field, nothing trains.
  await toy.getByRole('checkbox', { name: 'X₁²', exact: true }).uncheck();
  assert.match(await toy.textContent(), /input features: pick at least one/);
  // ...and the old numbers and picture are withdrawn, not left as if current.
  assert.equal(await page.textContent('.toy-status'), 'No network with these settings: fix the setting named below.');
  assert.ok(await page.$('.bp-toy.toy-stale'), 'the old picture is greyed out');
  // tanh output + mean squared error on labels -1/+1 (the Playground's loss).
  for (const name of ['X₁', 'X₂', 'X₁²', 'X₂²']) await toy.getByRole('checkbox', { name, exact: true }).check();
  await toy.getByLabel('Output and loss', { exact: true }).selectOption('tanh-mse');
  assert.match(await toy.textContent(), /Loss \(mean squared error\)/);
  const firstMse = Number(await page.getAttribute('.toy-status', 'data-test-loss'));
  const m = await playUntil(page, 400);
  assert.ok(Number(m.testLoss) < firstMse * 0.5 && Number(m.testAccuracy) > 0.9, `tanh + mse: ${firstMse} -> ${JSON.stringify(m)}`);
  await screenshot(page, 'backprop-toy-features');
  page.assertClean();
});

test('toy datasets: L2 regularization holds the weights back, and applies live', async () => {
  const { page, toy } = await openToy();
  const setPenalty = async (kind, rate) => {
    await toy.getByLabel('Regularization', { exact: true }).selectOption(kind);
    await toy.getByLabel('Regularization rate', { exact: true }).selectOption(rate);
  };
  await toy.getByLabel('Dataset', { exact: true }).selectOption('circle');
  await toy.getByLabel('Steps per frame', { exact: true }).fill('20');
  // Same seed, 600+ steps each: no penalty fits the circle almost exactly ...
  const plain = await playUntil(page, 600);
  assert.ok(Number(plain.trainLoss) < 0.02, `no penalty: ${JSON.stringify(plain)}`);
  // ... L2 at rate 0.03 still separates it but keeps the weights, and so the
  // confidence, smaller: a clearly higher data loss ...
  await setPenalty('l2', '0.03');
  await click(page, 'Reset network');
  const held = await playUntil(page, 600);
  assert.ok(Number(held.trainLoss) > 3 * Number(plain.trainLoss) && Number(held.trainLoss) < 0.3 && Number(held.testAccuracy) > 0.9,
    `L2 0.03: ${JSON.stringify(held)} vs ${JSON.stringify(plain)}`);
  await screenshot(page, 'backprop-toy-regularization');
  // ... switching it off mid-run keeps the network (no reset) and lets the loss fall ...
  await setPenalty('none', '0.03');
  assert.equal(await page.getAttribute('.toy-status', 'data-step'), held.step, 'changing the penalty keeps the network');
  const freed = await playUntil(page, Number(held.step) + 600);
  assert.ok(Number(freed.trainLoss) < 0.5 * Number(held.trainLoss), `after switching off: ${JSON.stringify(freed)}`);
  // ... and a rate of 1 shrinks every weight towards 0: the output stays near
  // 0.5 everywhere, the loss near ln 2 = 0.693.
  await setPenalty('l2', '1');
  await click(page, 'Reset network');
  const collapsed = await playUntil(page, 600);
  assert.ok(Math.abs(Number(collapsed.trainLoss) - Math.LN2) < 0.01, `L2 1: ${JSON.stringify(collapsed)}`);
  assert.equal((await page.textContent('body')).includes('NaN'), false);
  page.assertClean();
});

test('toy datasets: the spiral is learnt with sin features', async () => {
  const { page, toy } = await openToy();
  await toy.getByLabel('Dataset', { exact: true }).selectOption('spiral');
  for (const name of ['sin(X₁)', 'sin(X₂)']) await toy.getByRole('checkbox', { name, exact: true }).check();
  await toy.getByLabel('Hidden layers (units, comma separated)', { exact: true }).fill('8, 8');
  await toy.getByLabel('Hidden layers (units, comma separated)', { exact: true }).press('Tab');
  await toy.getByLabel('Steps per frame', { exact: true }).fill('50');
  assert.equal(await page.getAttribute('.toy-status', 'data-inputs'), '4');
  const d = await playUntil(page, 3000);
  assert.ok(Number(d.testAccuracy) >= 0.9 && Number(d.testLoss) < 0.3, `spiral: ${JSON.stringify(d)}`);
  await screenshot(page, 'backprop-toy-spiral');
  // Keyboard: Play is reachable and works with the keyboard.
  await page.focus('.toy-play');
  await page.keyboard.press('Enter');
  assert.equal((await page.textContent('.toy-play')).trim(), 'Pause');
  await page.keyboard.press('Space');
  assert.equal((await page.textContent('.toy-play')).trim(), 'Play');
  page.assertClean();
});

test('toy datasets: the settings travel in the address bar; a bad value from a link is named, not used', async () => {
  const { page, toy } = await openToy();
  await toy.getByLabel('Dataset', { exact: true }).selectOption('spiral');
  await toy.getByRole('checkbox', { name: 'sin(X₁)', exact: true }).check();
  await toy.getByLabel('Output and loss', { exact: true }).selectOption('tanh-mse');
  await toy.getByLabel('Hidden layers (units, comma separated)', { exact: true }).fill('6, 3');
  await toy.getByLabel('Hidden layers (units, comma separated)', { exact: true }).press('Tab');
  await page.waitForSelector('.bp:not([data-url-pending])');
  const hash = new URL(page.url()).hash;
  // Toy mode hides the diagram: wait for the core, not for open()'s diagram.
  const goto = async (pg, h) => { await pg.goto(env.url + h); await waitForCore(pg); };
  const other = await env.newPage();
  await goto(other, hash);
  const otherToy = other.locator('.bp-toy');
  await other.waitForSelector('.toy-status[data-step="0"]');
  assert.equal(await otherToy.getByLabel('Dataset', { exact: true }).inputValue(), 'spiral');
  assert.equal(await otherToy.getByLabel('Output and loss', { exact: true }).inputValue(), 'tanh-mse');
  assert.equal(await otherToy.getByLabel('Hidden layers (units, comma separated)', { exact: true }).inputValue(), '6, 3');
  assert.ok(await otherToy.getByRole('checkbox', { name: 'sin(X₁)', exact: true }).isChecked());
  assert.equal(await other.getAttribute('.toy-status', 'data-inputs'), '3');
  // A link whose hidden layers say "99" (and whose dataset is unknown) shows
  // the field's message, keeps the default dataset and trains nothing.
  const d = decodeJson(new URLSearchParams(hash.split('?')[1]).get('s'));
  assert.ok(d.ok, d.message);
  const bad = await env.newPage();
  await goto(bad, `#backprop?s=${encodeJson({ ...d.value, toy: { ...d.value.toy, hidden: '99', dataset: '<img src=x>' } })}`);
  const badToy = bad.locator('.bp-toy');
  await bad.waitForFunction(() => /hidden layers: up to 4 numbers from 1 to 8/.test(document.querySelector('.bp-toy')?.textContent ?? ''));
  assert.equal(await badToy.getByLabel('Dataset', { exact: true }).inputValue(), 'circle');
  assert.equal(await bad.textContent('.toy-status'), 'No network with these settings: fix the setting named below.');
  other.assertClean();
  bad.assertClean();
  page.assertClean();
});

test('readable on a phone-width screen (390px)', async () => {
  const page = await env.newPage({ viewport: { width: 390, height: 844 } });
  await open(page);
  await click(page, 'Next phase');
  await click(page, 'Next phase');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await screenshot(page, 'backprop-phone');
  // The diagram's text is drawn at its CSS size (the drawing follows the box's width).
  const fontPx = await page.$eval('svg.bp-diagram .uval', (t) => t.getBoundingClientRect().height);
  assert.ok(fontPx >= 11, `diagram values are ${fontPx}px tall`);
  await click(page, 'Full step');
  await screenshot(page, 'backprop-phone-update');
  await click(page, 'Toy datasets');
  await page.waitForSelector('.toy-status[data-step="0"]');
  const overflowToy = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflowToy <= 1, `toy mode is ${overflowToy}px wider than the screen`);
  await screenshot(page, 'backprop-phone-toy');
  page.assertClean();
});

test('the frame benchmark (bench/backprop-frame.mjs) runs on 8-8-8-8 (prints its figures; no timing assertions)', async () => {
  const r = await benchFrame({ steps: 8, warmup: 2, env });
  console.log(report(r));
  assert.match(r.diagram, /8-8-8-8/);
  for (const k of ['script', 'busy', 'frame']) {
    assert.ok(Number.isFinite(r[k].mean) && r[k].mean > 0 && r[k].max >= r[k].p95, `${k}: ${JSON.stringify(r[k])}`);
  }
  // The frame after the click comes after the click's own work.
  assert.ok(r.frame.max >= r.script.max, JSON.stringify(r));
});
