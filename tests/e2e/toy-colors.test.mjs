// Colours of the toy datasets mode and the shared diverging scale
// (www/js/backprop/toy-colors.js, www/js/lib/colors.js), pure functions: a
// tile the network assigns to class 1 must lean to the class-1 points'
// orange, class 0 to their blue, the threshold must be white, and text on
// any fill must stay readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLASS_COLOR, BOUNDARY_STRENGTH, boundaryRgb, unitRgb, outputOnScale } from '../../www/js/backprop/toy-colors.js';
import { divergingRgb, textOn, luminance } from '../../www/js/lib/colors.js';

const rgbOfHex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const dist = (a, b) => Math.hypot(...a.map((x, i) => x - b[i]));
const WHITE = divergingRgb(0);
const [BLUE, ORANGE] = CLASS_COLOR.map(rgbOfHex);

test('the class colours are the ends of the diverging scale and the page\'s --neg / --pos', () => {
  assert.deepEqual(divergingRgb(-1), BLUE);
  assert.deepEqual(divergingRgb(1), ORANGE);
  const css = readFileSync(new URL('../../www/style.css', import.meta.url), 'utf8');
  assert.equal(css.match(/--neg:\s*(#[0-9a-f]{6})/i)[1].toLowerCase(), CLASS_COLOR[0]);
  assert.equal(css.match(/--pos:\s*(#[0-9a-f]{6})/i)[1].toLowerCase(), CLASS_COLOR[1]);
  // Clamped beyond ±1; a non-number is white, never NaN in a colour.
  assert.deepEqual(divergingRgb(7), ORANGE);
  assert.deepEqual(divergingRgb(-Infinity), WHITE);
  assert.deepEqual(divergingRgb(NaN), WHITE);
  assert.ok(WHITE.every((c) => c > 240));
});

test('boundary tiles: white at the threshold, toward the predicted class\'s colour on each side, never full colour', () => {
  for (const tanh of [false, true]) {
    const threshold = tanh ? 0 : 0.5;
    const [lo, hi] = tanh ? [-1, 1] : [0, 1];
    assert.deepEqual(boundaryRgb(threshold, tanh), WHITE, `tanh ${tanh}`);
    let prev = 0;
    for (let k = 1; k <= 10; k++) {
      const above = threshold + (hi - threshold) * k / 10;
      const below = threshold - (threshold - lo) * k / 10;
      const up = boundaryRgb(above, tanh);
      const down = boundaryRgb(below, tanh);
      assert.ok(dist(up, ORANGE) < dist(up, BLUE), `${above} reads class 1 (orange)`);
      assert.ok(dist(down, BLUE) < dist(down, ORANGE), `${below} reads class 0 (blue)`);
      // Stronger the surer the network is, by the same amount on both sides.
      const d = dist(up, WHITE);
      assert.ok(d > prev, `stronger at ${above}`);
      prev = d;
      assert.ok(Math.abs(dist(down, WHITE) / dist(BLUE, WHITE) - d / dist(ORANGE, WHITE)) < 0.01);
    }
    // At the surest output the tile is BOUNDARY_STRENGTH of the way: points stay visible on it.
    const full = boundaryRgb(hi, tanh);
    assert.ok(Math.abs(dist(full, WHITE) / dist(ORANGE, WHITE) - BOUNDARY_STRENGTH) < 0.01);
    assert.notDeepEqual(full, ORANGE);
  }
  assert.equal(outputOnScale(0.75, false), 0.5);
  assert.equal(outputOnScale(-0.25, true), -0.25);
});

test('neuron heat maps: hidden units on one fixed scale, input features by their own largest value', () => {
  const half = (end) => WHITE.map((m, i) => Math.round(m + (end[i] - m) * 0.5));
  // Hidden: 0 white, ±0.5 half, |v| >= 1 full.
  assert.deepEqual(unitRgb(0, {}), WHITE);
  assert.deepEqual(unitRgb(0.5, {}), half(ORANGE));
  assert.deepEqual(unitRgb(-0.5, {}), half(BLUE));
  assert.deepEqual(unitRgb(3, {}), ORANGE);
  // A feature such as X1² (up to 36): its largest value is full colour, half of it half.
  assert.deepEqual(unitRgb(36, { feature: true, max: 36 }), ORANGE);
  assert.deepEqual(unitRgb(18, { feature: true, max: 36 }), half(ORANGE));
  assert.deepEqual(unitRgb(-3, { feature: true, max: 6 }), half(BLUE));
  // The output unit: the threshold white, the surest output full colour.
  assert.deepEqual(unitRgb(0.5, { output: true }), WHITE);
  assert.deepEqual(unitRgb(1, { output: true }), ORANGE);
  assert.deepEqual(unitRgb(0, { output: true }), BLUE);
  assert.deepEqual(unitRgb(-1, { output: true, tanh: true }), BLUE);
  assert.deepEqual(unitRgb(0, { output: true, tanh: true }), WHITE);
});

test('text on any diverging fill has WCAG AA contrast (4.5:1; with the page\'s #1d2330 as the dark text it fell to 3.98:1 near -0.9)', () => {
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  for (let k = -1000; k <= 1000; k++) {
    const v = k / 1000;
    const fill = divergingRgb(v);
    const text = { '#fff': [255, 255, 255], '#000': [0, 0, 0] }[textOn(v)];
    assert.ok(contrast(fill, text) >= 4.5, `v ${v}: ${textOn(v)} on rgb(${fill}) is ${contrast(fill, text).toFixed(2)}:1`);
  }
  // WCAG's own reference points.
  assert.ok(Math.abs(luminance([255, 255, 255]) - 1) < 1e-12);
  assert.equal(luminance([0, 0, 0]), 0);
});
