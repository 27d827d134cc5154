// The JS API outside the page: the generated TypeScript declarations
// (www/pkg/nn_playground.d.ts) type-check against tests/types/usage.ts, and
// the README's examples (docs/examples/*.mjs) run in Node against the built
// www/pkg. Needs `make build` first (make test-e2e does it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ROOT } from '../../scripts/lib/config.mjs';

const run = promisify(execFile);

function need(path) {
  assert.ok(existsSync(`${ROOT}/${path}`), `${path} is missing: run \`make build\` (and \`npm ci\`) first`);
}

test('nn_playground.d.ts is typed and type-checks against tests/types/usage.ts', async () => {
  need('www/pkg/nn_playground.d.ts');
  need('node_modules/typescript/bin/tsc');
  const dts = readFileSync(`${ROOT}/www/pkg/nn_playground.d.ts`, 'utf8');
  // The methods returning objects carry their interfaces, not `any`.
  for (const sig of ['step(): StepTrace;', 'toJSON(): NetworkState;', 'gradientCheck(): GradCheckEntry[];',
    'predict(text: string): Prediction;', 'exportModel(): ExportedModel;', 'export function parseLabelled(text: string): ParsedDataset;']) {
    assert.ok(dts.includes(sig), `d.ts lacks \`${sig}\``);
  }
  try {
    await run(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '--noEmit', '-p', `${ROOT}/tests/types`], { cwd: ROOT });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

for (const example of ['network', 'text-classifier']) {
  test(`docs/examples/${example}.mjs runs`, async () => {
    need('www/pkg/nn_playground_bg.wasm');
    let out;
    try {
      out = await run(process.execPath, [`${ROOT}/docs/examples/${example}.mjs`], { cwd: ROOT });
    } catch (e) {
      assert.fail(`${example}.mjs failed:\n${e.stdout}${e.stderr}`);
    }
    assert.match(out.stdout, new RegExp(`${example.replace('-', ' ')} example: ok`));
    assert.equal(out.stderr, '');
  });
}

test('the package README is its own, and every method it names exists', async () => {
  need('www/pkg/README.md');
  const readme = readFileSync(`${ROOT}/www/pkg/README.md`, 'utf8');
  assert.equal(readme, readFileSync(`${ROOT}/docs/package-README.md`, 'utf8'), 'scripts/build.sh copies docs/package-README.md');
  assert.doesNotMatch(readme, /\bmake\b|www\/pkg|\]\(docs\//, 'no repository commands or paths in the package');
  const pkg = await import(`${ROOT}/www/pkg/nn_playground.js`);
  pkg.initSync({ module: readFileSync(`${ROOT}/www/pkg/nn_playground_bg.wasm`) });
  const owners = { clf: pkg.TextClassifier.prototype, again: pkg.TextClassifier.prototype, net: pkg.Network.prototype, TextClassifier: pkg.TextClassifier, Network: pkg.Network };
  const named = [...readme.matchAll(/\b(clf|again|net|TextClassifier|Network)\.([a-zA-Z]+)\(/g)];
  assert.ok(named.length >= 10, `${named.length} calls found`);
  for (const [, owner, name] of named) assert.equal(typeof owners[owner][name], 'function', `${owner}.${name}`);
  for (const name of readme.match(/import .* from '\.\/nn_playground\.js'/g).flatMap((l) => l.match(/\{([^}]*)\}/)[1].split(',').map((s) => s.trim()))) {
    assert.equal(typeof pkg[name], 'function', `export ${name}`);
  }
});

test("free() behaves as the package README says: later calls throw wasm-bindgen's message; other objects are unaffected", async () => {
  need('www/pkg/nn_playground_bg.wasm');
  const pkg = await import(`${ROOT}/www/pkg/nn_playground.js`);
  pkg.initSync({ module: readFileSync(`${ROOT}/www/pkg/nn_playground_bg.wasm`) });
  const readme = readFileSync(`${ROOT}/docs/package-README.md`, 'utf8');
  const message = readme.match(/throws `([^`]+)`/)[1];
  const other = pkg.Network.preset('article');
  const net = pkg.Network.preset('article');
  net.free();
  assert.throws(() => net.loss(), { message });
  assert.throws(() => net.free(), { message });
  assert.equal(other.loss(), 2.5);
  const clf = new pkg.TextClassifier({ vocabSize: 50, maxLen: 5, embeddingDim: 4, filters: 4, kernelSize: 2 });
  const texts = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'good nice fine' : 'bad awful poor'));
  const labels = texts.map((_, i) => (i % 2 ? 'pos' : 'neg'));
  assert.throws(() => clf.fit(texts, labels, { epochs: 1, onBatch: () => { clf.free(); return true; } }), /^Error: onBatch threw: /);
  assert.equal(new pkg.TextClassifier({}).config().maxLen, 100);
  other.free();
});
