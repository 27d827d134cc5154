// Frame benchmark of "Backprop, step by step": how long a "Full step" on an
// 8-8-8-8 network takes to reach the screen, in headless Chromium (Debian's,
// through playwright-core, like the e2e tests).
//
//   node bench/backprop-frame.mjs [--steps 60] [--json]     (or `make bench-frame`)
//
// Each step is clicked at the start of a frame (inside a requestAnimationFrame
// callback, where input is handled) and three times are taken:
//   script:  the click handler (the core's step + the view's DOM updates);
//   busy:    click -> the end of that frame's rendering (style, layout, paint),
//            read by a message posted from the rAF callback, which runs once
//            the frame's rendering task is done;
//   frame:   click -> the next animation frame (the second rAF of the
//            double-rAF), i.e. when the browser could start the following
//            frame. With a 60 Hz frame source this is ~16.7 ms when the step
//            fitted in one frame and ~33.3 ms or more when it did not.
// Mean and p95 of each over all steps after a warm-up are printed, with the
// share of steps whose next frame came on time. No assertions: it prints.
import { pathToFileURL } from 'node:url';
import { launch, waitForCore } from '../tests/e2e/harness.mjs';

/** Build the 8-8-8-8 network through the page's builder. */
async function build8888(page) {
  await page.click('.bp-build summary');
  const b = page.locator('.bp-build');
  const pick = (label, v) => b.getByLabel(label, { exact: true }).selectOption(v);
  await pick('Inputs', '8');
  await pick('Hidden layers', '2');
  await pick('Hidden layer 1 units', '8');
  await pick('Hidden layer 2 units', '8');
  await pick('Outputs', '8');
  await pick('Initializer', 'glorot');
  await page.getByRole('button', { name: 'Build network', exact: true }).click();
  await page.click('.bp-build summary'); // close it again, as a user would
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  return { mean, p95, max: s[s.length - 1] };
}

/**
 * Run the benchmark. `env` is a harness launch() (one is made and closed if absent).
 * @returns {Promise<{steps: number, frameInterval: number, script, busy, frame, onTime: number, sizes: number[]}>}
 */
export async function benchFrame({ steps = 60, warmup = 5, env } = {}) {
  const own = !env;
  env ??= await launch();
  try {
    const page = await env.newPage();
    await page.goto(`${env.url}#backprop`);
    await waitForCore(page);
    await page.waitForSelector('svg.bp-diagram');
    await build8888(page);
    const r = await page.evaluate(async ({ steps, warmup }) => {
      const btn = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Full step');
      const raf = () => new Promise((res) => requestAnimationFrame(res));
      const afterFrame = () => new Promise((res) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => res(performance.now());
        ch.port2.postMessage(0);
      });
      // The frame source's interval: median of 20 rAF gaps.
      const gaps = [];
      let prev = await raf();
      for (let i = 0; i < 20; i++) { const t = await raf(); gaps.push(t - prev); prev = t; }
      gaps.sort((a, b) => a - b);
      const interval = gaps[10];
      const out = { script: [], busy: [], frame: [] };
      for (let k = 0; k < warmup + steps; k++) {
        await raf();
        // Now at the start of a frame: click, then wait for the rendering and the next frame.
        const m = await new Promise((res) => requestAnimationFrame(() => {
          const t0 = performance.now();
          btn.click();
          const t1 = performance.now();
          const busy = afterFrame();
          requestAnimationFrame(async () => {
            const t3 = performance.now();
            res({ script: t1 - t0, busy: (await busy) - t0, frame: t3 - t0 });
          });
        }));
        if (k >= warmup) for (const key of Object.keys(out)) out[key].push(m[key]);
      }
      const heading = document.querySelector('#bp-phase-h')?.textContent ?? '';
      return { interval, ...out, heading, error: document.querySelector('.bp-error:not([hidden])')?.textContent ?? '' };
    }, { steps, warmup });
    if (r.error) throw new Error(`the page showed an error: ${r.error}`);
    if (!/Step \d+, phase \d+ of \d+: Update/.test(r.heading)) throw new Error(`unexpected heading after the steps: ${r.heading}`);
    const sizes = await page.evaluate(() => [...document.querySelectorAll('svg.bp-diagram')][0]?.getAttribute('aria-label'));
    page.assertClean();
    await page.close();
    const onTime = r.frame.filter((t) => t < 1.5 * r.interval).length / r.frame.length;
    return { steps, frameInterval: r.interval, script: stats(r.script), busy: stats(r.busy), frame: stats(r.frame), onTime, diagram: sizes };
  } finally {
    if (own) await env.close();
  }
}

export function report(r) {
  const f = (s) => `mean ${s.mean.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
  return [
    `[bench-frame] Backprop view, "Full step" on an 8-8-8-8 network, ${r.steps} steps (${r.diagram})`,
    `[bench-frame] frame source interval ${r.frameInterval.toFixed(2)} ms`,
    `[bench-frame] script (step + DOM updates):     ${f(r.script)}`,
    `[bench-frame] busy (click -> frame rendered):  ${f(r.busy)}`,
    `[bench-frame] frame (click -> next rAF):       ${f(r.frame)}`,
    `[bench-frame] next frame on time (< 1.5 intervals) for ${(100 * r.onTime).toFixed(0)}% of steps`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--steps');
  const steps = i >= 0 ? Number(args[i + 1]) : 60;
  if (!Number.isInteger(steps) || steps < 1) {
    console.error('--steps: expected a whole number >= 1');
    process.exit(2);
  }
  const r = await benchFrame({ steps });
  console.log(args.includes('--json') ? JSON.stringify(r) : report(r));
}
