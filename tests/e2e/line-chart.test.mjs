// The shared chart's axis ticks (www/js/lib/line-chart.js), pure functions:
// round values inside the range; on a log axis, powers of ten where the
// range spans decades.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceTicks, logTicks } from '../../www/js/lib/line-chart.js';

test('niceTicks: round steps inside the range', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(0.9, 1), [0.9, 0.925, 0.95, 0.975, 1]);
  assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0.13, 0.71), [0.2, 0.4, 0.6]);
});

test('logTicks: powers of ten over decades, 1-2-5 within fewer, linear within a step', () => {
  assert.deepEqual(logTicks(1e-5, 2), [1e-5, 1e-4, 0.001, 0.01, 0.1, 1]);
  // 13 decades: every other power of ten, twice.
  assert.deepEqual(logTicks(1e-9, 1e3), [1e-9, 1e-5, 0.1, 1000]);
  assert.deepEqual(logTicks(0.03, 0.7), [0.05, 0.1, 0.2, 0.5]);
  assert.deepEqual(logTicks(0.01, 0.99), [0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
  // 1-2-5 would give 8 ticks: 1 and 5 only.
  assert.deepEqual(logTicks(0.0012, 0.7), [0.005, 0.01, 0.05, 0.1, 0.5]);
  // No 1-2-5 value inside: linear round values.
  assert.deepEqual(logTicks(0.62, 0.69), [0.625, 0.65, 0.675]);
  for (const [lo, hi] of [[1e-300, 1e300], [0.3, 0.31], [2.5, 40], [1e-3, 1.7e-3], [0.999, 1.001]]) {
    const t = logTicks(lo, hi);
    assert.ok(t.length >= 1 && t.length <= 6, `${lo}..${hi}: ${t}`);
    assert.ok(t.every((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)), `${lo}..${hi}: ${t}`);
    assert.deepEqual([...t].sort((a, b) => a - b), t);
  }
});
