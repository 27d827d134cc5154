// The static server behind `make run`: MIME types, headers, port handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../../scripts/lib/config.mjs';

test('serves .wasm as application/wasm, with isolation headers, and 404s outside www/', async () => {
  const { server, url } = await startServer({ port: 0 });
  try {
    const wasm = await fetch(new URL('pkg/nn_playground_bg.wasm', url));
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(wasm.headers.get('cross-origin-embedder-policy'), 'require-corp');
    const index = await fetch(url);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    const js = await fetch(new URL('js/main.js', url));
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.equal((await fetch(new URL('../Cargo.toml', url))).status, 404);
    assert.equal((await fetch(new URL('%2e%2e/Cargo.toml', url))).status, 404);
  } finally {
    server.close();
  }
});

test('a busy port is a clear error naming the port and the fix', async () => {
  const { server, url } = await startServer({ port: 0 });
  const port = new URL(url).port;
  try {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs')], {
      env: { ...process.env, PORT: port }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 1);
    assert.match(err, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is busy`));
    assert.match(err, /PORT=\d+ make run/);
  } finally {
    server.close();
  }
});

test('PORT= overrides the port and the URL is printed', async () => {
  const probe = await startServer({ port: 0 });
  const port = new URL(probe.url).port;
  await new Promise((r) => probe.server.close(r));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs')], {
    env: { ...process.env, PORT: port }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out); });
      child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
    });
    assert.match(line, new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
  } finally {
    child.kill('SIGINT');
  }
});

test('a PORT that is not a number is rejected', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs')], {
    env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  assert.equal(await new Promise((r) => child.on('exit', r)), 2);
  assert.match(err, /PORT must be a number/);
});
