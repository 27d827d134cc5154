// Shared set-up for the page's end-to-end tests: serve www/ on a free port,
// launch Debian's Chromium through playwright-core with the flags in
// wasm-pack.toml, and record every console error, page error, failed request
// and request that leaves the page's own origin. `assertClean()` fails the
// test on any of them.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { loadConfig, ROOT } from '../../scripts/lib/config.mjs';

export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** Start server + browser. Returns {url, browser, newPage, close}. */
export async function launch() {
  const cfg = loadConfig().browser;
  const { server, url } = await startServer({ port: 0 });
  const profile = mkdtempSync(path.join(tmpdir(), 'nnp-e2e-'));
  const browser = await chromium.launch({
    executablePath: cfg.executable,
    headless: true,
    // playwright-core refuses --user-data-dir in launch(); it makes its own temporary profile.
    args: cfg.args.filter((a) => !a.startsWith('--headless') && !a.startsWith('--user-data-dir')),
  });
  const origin = new URL(url).origin;
  const pages = [];
  async function newPage({ viewport = { width: 1280, height: 720 }, context } = {}) {
    const ctx = context ?? await browser.newContext({ viewport, acceptDownloads: true });
    const page = await ctx.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request outside the page's origin: ${u}`);
    });
    page.problems = problems;
    page.assertClean = () => {
      if (problems.length) throw new Error(`page problems:\n  ${problems.join('\n  ')}`);
    };
    pages.push(page);
    return page;
  }
  async function close() {
    await browser.close();
    await new Promise((r) => server.close(r));
    rmSync(profile, { recursive: true, force: true });
  }
  return { url, browser, newPage, close };
}

/** Wait until the core has loaded (the status line says it is live). */
export async function waitForCore(page) {
  await page.waitForSelector('#core-status[data-ready="true"]', { timeout: 20000 });
}

/** Save a screenshot under screenshots/ (git-ignored) for a human to look at. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
