// Reads wasm-pack.toml (the project's one settings file) for Node scripts and
// tests. A TOML subset: [sections], key = "string" | integer | ["strings"].
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Parse the TOML subset used by wasm-pack.toml into {section: {key: value}}. */
export function parseConfig(text) {
  const out = {};
  let section = out;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#')) continue;
    const sec = line.match(/^\[([\w.-]+)\]$/);
    if (sec) { section = out[sec[1]] = {}; continue; }
    const kv = line.match(/^([\w-]+)\s*=\s*(.+?)\s*(#.*)?$/);
    if (!kv) throw new Error(`wasm-pack.toml: cannot read line: ${raw}`);
    section[kv[1]] = JSON.parse(kv[2]);
  }
  return out;
}

export function loadConfig() {
  return parseConfig(readFileSync(path.join(ROOT, 'wasm-pack.toml'), 'utf8'));
}
