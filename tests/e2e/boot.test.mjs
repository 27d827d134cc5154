// The page loads the wasm core and shows a value computed in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, waitForCore, screenshot } from './harness.mjs';
import { ROOT } from '../../scripts/lib/config.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('page loads the wasm core and shows a value computed in wasm', async () => {
  const page = await env.newPage();
  const wasmResponse = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto(env.url);
  await waitForCore(page);
  const status = await page.textContent('#core-status');
  const version = JSON.parse(readFileSync(`${ROOT}/www/pkg/package.json`, 'utf8')).version;
  assert.match(status, new RegExp(`Core v${version.replace(/\./g, '\\.')} live`));
  assert.match(status, /WASM SIMD on/);
  // 1*4 + 2*5 + 3*6 = 32, computed by the wasm dot kernel.
  assert.match(status, /dot\(\[1,2,3\],\[4,5,6\]\) = 32 /);
  assert.equal((await wasmResponse).headers()['content-type'], 'application/wasm');
  // The default view (#backprop) mounts on the live core.
  await page.getByRole('button', { name: 'Next phase' }).waitFor();
  await screenshot(page, 'boot');
  // Choosing the other view from the navigation puts the focus on its heading.
  await page.focus('#nav-text');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Train a text classifier' && document.activeElement.tagName === 'H2');
  page.assertClean();
});

test('a browser without WebAssembly SIMD gets a clear message, not a blank page', async () => {
  const page = await env.newPage();
  await page.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    WebAssembly.validate = (bytes) => (bytes.length < 64 ? false : validate(bytes));
  });
  await page.goto(env.url);
  await page.waitForSelector('.unsupported[role="alert"]');
  assert.match(await page.textContent('.unsupported'), /not WebAssembly SIMD/);
  page.assertClean();
});
