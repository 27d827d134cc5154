// The teaching network from Node: `make build` (or scripts/build.sh), then
//   node docs/examples/network.mjs
// Run by `make test` (tests/e2e/types.test.mjs). In a browser, replace the
// initSync line with `await init();` (the default export).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { initSync, Network } from '../../www/pkg/nn_playground.js';

initSync({ module: readFileSync(new URL('../../www/pkg/nn_playground_bg.wasm', import.meta.url)) });

// The 2-3-2 worked example: every weight and bias 0.5, ReLU, 1/2 SSE, SGD.
const state = {
  version: 1,
  sizes: [2, 3, 2],
  activations: ['relu', 'relu'],
  loss: 'halfSse',
  weights: [
    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], // layer 0: 3 rows (to) x 2 columns (from)
    [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]],   // layer 1: 2 x 3
  ],
  biases: [[0.5, 0.5, 0.5], [0.5, 0.5]],
  input: [1, 0],
  target: [1, 0],
  learningRate: 0.1,
  optimizer: { kind: 'sgd' },
  // optimizerState and step may be left out for a fresh network
};
const net = Network.fromJSON(state); // or Network.fromJSON(JSON.stringify(state))

// Hidden: z = 0.5*1 + 0.5*0 + 0.5 = 1, a = 1. Output: z = 3*0.5 + 0.5 = 2, a = 2.
// L = 1/2((2-1)^2 + (2-0)^2) = 2.5
assert.equal(net.loss(), 2.5);

const t = net.step(); // one training step; the trace is taken before/after the update
assert.equal(t.step, 1);
assert.equal(t.loss, 2.5);
assert.deepEqual(t.lossGrad, [1, 2]);          // dL/da = a - y
const [hidden, output] = t.layers;
assert.deepEqual(output.z, [2, 2]);
assert.deepEqual(output.dActivation, [1, 1]);  // relu'(2)
assert.deepEqual(output.delta, [1, 2]);        // lossGrad * f'(z)
assert.deepEqual(output.weightGrad, [[1, 1, 1], [2, 2, 2]]); // delta_j * a_i
assert.deepEqual(hidden.delta, [1.5, 1.5, 1.5]);             // (0.5*1 + 0.5*2) * 1
assert.deepEqual(hidden.weightGrad, [[1.5, 0], [1.5, 0], [1.5, 0]]);
// SGD: w - 0.1 * grad
assert.deepEqual(output.weightsAfter.map((r) => r.map((w) => +w.toFixed(12))), [[0.4, 0.4, 0.4], [0.3, 0.3, 0.3]]);
assert.deepEqual(hidden.biasesAfter.map((b) => +b.toFixed(12)), [0.35, 0.35, 0.35]);

// The state round-trips (JSON.stringify calls toJSON()).
const saved = JSON.parse(JSON.stringify(net));
assert.equal(saved.step, 1);
assert.deepEqual(saved.optimizerState, { t: 1 });
assert.deepEqual(Network.fromJSON(saved).toJSON(), net.toJSON());

// Backprop against central finite differences, one entry per parameter.
const check = net.gradientCheck();
assert.equal(check.length, 3 * 2 + 3 + 2 * 3 + 2);
assert.ok(check.every((e) => e.relError < 1e-6), 'gradients agree');
console.log('gradientCheck: worst relError', Math.max(...check.map((e) => e.relError)).toExponential(1));

// A batch step (flat row-major Float64Arrays) gives mean gradients; predict a batch.
const inputs = new Float64Array([1, 0, 0, 1]);
const targets = new Float64Array([1, 0, 0, 1]);
const bt = net.stepBatch(inputs, targets);
assert.equal(bt.samples.length, 2);
assert.ok(Math.abs(bt.loss - (bt.samples[0].loss + bt.samples[1].loss) / 2) < 1e-12);
const out = net.predictBatch(inputs); // Float64Array [2 samples x 2 outputs]
assert.equal(out.length, 4);

// Bad input throws an Error whose message names the field; the network is unchanged.
assert.throws(() => Network.fromJSON({ ...state, weights: [state.weights[0], [[0.5, 0.5], [0.5, 0.5, 0.5]]] }),
  { message: 'weights[1][0]: expected 3 numbers, got 2' });
assert.throws(() => Network.fromJSON({ ...state, learningRate: 0 }), { message: 'learningRate: must be a finite number > 0' });
assert.throws(() => Network.fromJSON({ ...state, loss: 'hinge' }), /^Error: loss: unknown loss "hinge"/);
assert.throws(() => net.stepBatch(new Float64Array([1, 0, 0]), targets), /^Error: inputs: expected a non-empty multiple of 2/);

// Presets: 'article' (the state above) and 'xor' (2-4-1, tanh/sigmoid, bce, Adam).
const xor = Network.preset('xor');
const data = Network.xorDataset();
const losses = xor.trainSteps(new Float64Array(data.inputs), new Float64Array(data.targets), 4, 300, 1);
console.log(`xor: loss ${losses[0].toFixed(3)} -> ${losses[losses.length - 1].toFixed(3)}`);
assert.ok(losses[losses.length - 1] < losses[0]);
// The same with an L2 weight penalty (rate 0.01, as the Playground's Regularization).
const xorL2 = Network.preset('xor');
const lossesL2 = xorL2.trainSteps(new Float64Array(data.inputs), new Float64Array(data.targets), 4, 300, 1, 'l2', 0.01);
const sq = (n) => n.toJSON().weights.flat(2).reduce((s, w) => s + w * w, 0);
console.log(`xor with L2 0.01: loss ${lossesL2[0].toFixed(3)} -> ${lossesL2[lossesL2.length - 1].toFixed(3)}, sum of squared weights ${sq(xorL2).toFixed(2)} (without: ${sq(xor).toFixed(2)})`);
assert.ok(sq(xorL2) < sq(xor));
assert.throws(() => xorL2.trainSteps(new Float64Array(data.inputs), new Float64Array(data.targets), 4, 1, 1, 'l3', 0.1),
  { message: 'regularization: expected none, l1 or l2, got "l3"' });
net.free(); xor.free(); xorL2.free();
console.log('network example: ok');
