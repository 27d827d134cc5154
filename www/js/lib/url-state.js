// The page state in the URL hash: "#view?key=value&..." with values as
// base64url-encoded JSON. Pure (no DOM access except the optional helpers
// that take `location`/`history` as arguments), usable from node.
//
//   const hash = serializeHash('backprop', { s: {sizes: [2, 3, 2]} });
//   // "#backprop?s=eyJzaXplcyI6WzIsMywyXX0"
//   parseHash(hash) // -> {view: 'backprop', params: {s: '...'}}
//   decodeJson(parseHash(hash).params.s) // -> {ok: true, value: {sizes: [2,3,2]}}

/** UTF-8 string -> base64url (no padding). */
export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url -> UTF-8 string; throws on malformed input. */
export function fromBase64Url(b64) {
  const std = b64.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** JSON value -> base64url text. */
export function encodeJson(value) {
  return toBase64Url(JSON.stringify(value));
}

/** base64url text -> {ok: true, value} or {ok: false, message}. */
export function decodeJson(text) {
  try {
    return { ok: true, value: JSON.parse(fromBase64Url(text)) };
  } catch (e) {
    return { ok: false, message: `the link's state is damaged (${e.message})` };
  }
}

/** "#view?a=1&b=2" -> {view, params}. */
export function parseHash(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  const q = h.indexOf('?');
  const view = q < 0 ? h : h.slice(0, q);
  const params = Object.fromEntries(new URLSearchParams(q < 0 ? '' : h.slice(q + 1)));
  return { view, params };
}

/** (view, {key: string}) -> "#view?key=value". Keys with null/undefined are left out. */
export function serializeHash(view, params = {}) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) sp.set(k, String(v));
  const qs = sp.toString();
  return `#${view}${qs ? `?${qs}` : ''}`;
}

/** Replace the hash without adding a history entry or firing hashchange. */
export function replaceHash(hash, win = globalThis) {
  const url = new URL(win.location.href);
  url.hash = hash;
  win.history.replaceState(win.history.state, '', url.href);
}
