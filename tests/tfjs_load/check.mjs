// Load an exported model into TensorFlow.js and compare its predictions with
// ours.
//
//   node tests/tfjs_load/check.mjs <dir>
//
// <dir> holds model.json, the weight file(s) its manifest names, and
// inputs.json: {"ids": [[...maxLen ints], ...], "outputs": [[...units], ...]}
// where outputs are our model's outputs (sigmoid or softmax) for those ids.
// Uses tf.loadLayersModel through tf.io.fromMemory (no tfjs-node needed) and
// asserts every output agrees to 1e-5. Exit code 0 on success.

import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOL = 1e-5;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/tfjs_load/check.mjs <dir>');
  process.exit(2);
}
const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const { ids, outputs } = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));

const weightSpecs = [];
const buffers = [];
for (const group of modelJson.weightsManifest) {
  weightSpecs.push(...group.weights);
  for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
}
const all = Buffer.concat(buffers);
const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);

await tf.setBackend('cpu');
const model = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs,
    weightData,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
  }),
  { strict: true },
);

const kinds = model.layers.map((l) => l.getClassName());
const x = tf.tensor2d(ids, [ids.length, ids[0].length], 'int32');
const y = model.predict(x);
const got = y.arraySync();
let maxDiff = 0;
for (let i = 0; i < outputs.length; i++) {
  if (got[i].length !== outputs[i].length) {
    console.error(`row ${i}: tfjs gives ${got[i].length} outputs, ours ${outputs[i].length}`);
    process.exit(1);
  }
  for (let j = 0; j < outputs[i].length; j++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i][j] - outputs[i][j]));
  }
}
console.log(`tfjs layers: ${kinds.join(' -> ')}; ${outputs.length} rows; max |tfjs - ours| = ${maxDiff.toExponential(3)}`);
if (!(maxDiff <= TOL)) {
  console.error(`FAIL: predictions differ by ${maxDiff} > ${TOL}`);
  process.exit(1);
}
