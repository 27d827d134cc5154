// A small static server for www/: correct MIME types (.wasm as
// application/wasm), cross-origin isolation headers, no caching, loopback only.
// `node scripts/serve.mjs` serves until Ctrl-C; PORT=... overrides the port.
// Tests import startServer() and use port 0 (any free port).
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadConfig } from './lib/config.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.tsv': 'text/tab-separated-values; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8',
};

/** Start serving `root` on host:port; resolves to {server, url}. */
export function startServer({ host, port, root } = {}) {
  const cfg = loadConfig().serve;
  host ??= cfg.host;
  port ??= cfg.port;
  const base = path.resolve(ROOT, root ?? cfg.root);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = null; }
    const file = rel && path.resolve(base, '.' + (rel.endsWith('/') ? rel + 'index.html' : rel));
    let st = null;
    if (file && (file === base || file.startsWith(base + path.sep))) {
      try { st = statSync(file); } catch { st = null; }
    }
    if (!st || !st.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end(); else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE') {
        reject(new Error(`port ${port} on ${host} is busy: stop what uses it, or pick another, e.g. PORT=${Number(port) + 1} make run`));
      } else reject(e);
    });
    server.listen(Number(port), host, () => {
      const a = server.address();
      resolve({ server, url: `http://${host}:${a.port}/` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = process.env.PORT ?? undefined;
  if (port !== undefined && !/^\d+$/.test(port)) {
    console.error(`[serve] PORT must be a number, got "${port}"`);
    process.exit(2);
  }
  try {
    const { url } = await startServer({ port });
    console.log(`[serve] nn-playground is at ${url}  (Ctrl-C stops)`);
  } catch (e) {
    console.error(`[serve] ${e.message}`);
    process.exit(1);
  }
  process.on('SIGINT', () => { console.log('\n[serve] stopped'); process.exit(0); });
}
