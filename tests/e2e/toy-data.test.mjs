// The toy datasets (www/js/backprop/toy-data.js), pure functions: seeded and
// reproducible (seed 0 is a seed of its own), labels as each dataset defines
// them, the train/test cut, and the Playground's input features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDataset, toArrays, featurize, DATASETS } from '../../www/js/backprop/toy-data.js';

const all = (d) => [...d.train, ...d.test];

test('the same seed gives the same points; seeds 0, 1 and 2 give different ones', () => {
  for (const [kind] of DATASETS) {
    const a = makeDataset({ kind, noise: 0.2, seed: 0 });
    assert.deepEqual(makeDataset({ kind, noise: 0.2, seed: 0 }), a);
    const b = makeDataset({ kind, noise: 0.2, seed: 1 });
    const c = makeDataset({ kind, noise: 0.2, seed: 2 });
    assert.notDeepEqual(a.train, b.train, `${kind}: seed 0 vs 1`);
    assert.notDeepEqual(b.train, c.train, `${kind}: seed 1 vs 2`);
  }
});

test('labels follow each dataset\'s rule, half of the points per class, inside the domain', () => {
  for (const noise of [0, 0.3]) {
    const xor = all(makeDataset({ kind: 'xor', noise, seed: 3 }));
    for (const p of xor) assert.equal(p.label, p.x * p.y >= 0 ? 1 : 0);
    const circle = all(makeDataset({ kind: 'circle', noise, seed: 3 }));
    for (const p of circle) assert.equal(p.label, Math.hypot(p.x, p.y) < 2.5 ? 1 : 0);
  }
  for (const [kind] of DATASETS) {
    const pts = all(makeDataset({ kind, n: 400, noise: 0, seed: 5 }));
    assert.equal(pts.length, 400);
    if (kind !== 'circle' && kind !== 'xor') assert.equal(pts.filter((p) => p.label === 1).length, 200, kind);
    for (const p of pts) assert.ok(Math.abs(p.x) <= 6 && Math.abs(p.y) <= 6, `${kind}: ${p.x}, ${p.y}`);
  }
  // Noise-free XOR keeps a gap of 0.3 around both axes.
  for (const p of all(makeDataset({ kind: 'xor', noise: 0, seed: 9 }))) assert.ok(Math.abs(p.x) >= 0.3 && Math.abs(p.y) >= 0.3);
});

test('train fraction cuts the shuffled points, keeping at least one on each side', () => {
  const d = makeDataset({ kind: 'gaussian', n: 400, trainFraction: 0.3, seed: 1 });
  assert.deepEqual([d.train.length, d.test.length], [120, 280]);
  const one = makeDataset({ kind: 'gaussian', n: 400, trainFraction: 0, seed: 1 });
  assert.deepEqual([one.train.length, one.test.length], [1, 399]);
  // Shuffled: the training half holds both classes.
  assert.ok(new Set(d.train.map((p) => p.label)).size === 2);
  assert.throws(() => makeDataset({ kind: 'moons' }), /unknown kind "moons"/);
});

test('toArrays and featurize: flat inputs, targets 0/1 or -1/1, the Playground features', () => {
  const pts = [{ x: 2, y: -3, label: 1 }, { x: 0.5, y: 4, label: 0 }];
  const { inputs, targets } = toArrays(pts, -1);
  assert.deepEqual([...inputs], [2, -3, 0.5, 4]);
  assert.deepEqual([...targets], [1, -1]);
  assert.deepEqual([...toArrays(pts).targets], [1, 0]);
  const f = featurize(inputs, ['x1x2', 'x2sq', 'sinx1', 'x1']);
  assert.deepEqual([...f], [-6, 9, Math.sin(2), 2, 2, 16, Math.sin(0.5), 0.5]);
  assert.throws(() => featurize(inputs, ['x3']), /unknown feature "x3"/);
});

test('the toy view\'s losses (losses.js), worked by hand: squared error, clipped BCE, the mean from an offset', async () => {
  const { sampleLoss, meanLoss } = await import('../../www/js/backprop/losses.js');
  const near = (a, b) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
  near(sampleLoss('mse', [0.5], [-1]), 2.25); // (0.5 + 1)^2
  near(sampleLoss('mse', [0.5, 0], [-1, 1]), (2.25 + 1) / 2);
  near(sampleLoss('halfSse', [1, 0], [0, 0]), 0.5);
  near(sampleLoss('bce', [0.8], [1]), 0.2231435513142097); // -ln(0.8)
  near(sampleLoss('bce', [0.25], [0]), 0.2876820724517809); // -ln(0.75)
  near(sampleLoss('bce', [1], [0]), 16.11809565095832); // -ln(1e-7): the output is clipped to 1 - 1e-7
  // Outputs [grid..., train...]: the train points start at the offset.
  near(meanLoss('mse', [9, 9, 0.5, 0], [-1, 0], 1, 2), 1.125); // (2.25 + 0)/2
});
