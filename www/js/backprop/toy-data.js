// Toy 2-D datasets like the TensorFlow Playground's (circle, XOR, gaussian,
// spiral), generated with the seeded PRNG of lib/prng.js: points in
// [-6, 6]², label 1 or 0, `noise` in [0, 0.5]. Pure; usable from node.
import { createRng, shuffle } from '../lib/prng.js';

export const DATASETS = [['circle', 'Circle'], ['xor', 'XOR'], ['gaussian', 'Gaussian'], ['spiral', 'Spiral']];
export const DOMAIN = { x: [-6, 6], y: [-6, 6] };

function circle(n, noise, rng) {
  const R = 5;
  const pts = [];
  const label = (x, y) => (Math.hypot(x, y) < R * 0.5 ? 1 : 0);
  for (let k = 0; k < n; k++) {
    const inside = k < n / 2;
    const r = inside ? rng.range(0, R * 0.5) : rng.range(R * 0.7, R);
    const t = rng.range(0, 2 * Math.PI);
    const x = r * Math.sin(t); const y = r * Math.cos(t);
    const nx = rng.range(-R, R) * noise; const ny = rng.range(-R, R) * noise;
    pts.push({ x: x + nx, y: y + ny, label: label(x + nx, y + ny) });
  }
  return pts;
}

function xor(n, noise, rng) {
  const pts = [];
  for (let k = 0; k < n; k++) {
    let x = rng.range(-5, 5); x += x > 0 ? 0.3 : -0.3;
    let y = rng.range(-5, 5); y += y > 0 ? 0.3 : -0.3;
    const nx = rng.range(-5, 5) * noise; const ny = rng.range(-5, 5) * noise;
    pts.push({ x: x + nx, y: y + ny, label: (x + nx) * (y + ny) >= 0 ? 1 : 0 });
  }
  return pts;
}

function gaussian(n, noise, rng) {
  const variance = 0.5 + noise * 7; // the playground's scale: 0.5 .. 4
  const sd = Math.sqrt(variance);
  const pts = [];
  for (let k = 0; k < n; k++) {
    const pos = k < n / 2;
    const c = pos ? 2 : -2;
    pts.push({ x: c + rng.normal() * sd, y: c + rng.normal() * sd, label: pos ? 1 : 0 });
  }
  return pts;
}

function spiral(n, noise, rng) {
  const pts = [];
  const half = Math.floor(n / 2);
  for (const [delta, label] of [[0, 1], [Math.PI, 0]]) {
    for (let i = 0; i < half; i++) {
      const r = (i / half) * 5;
      const t = (1.75 * i / half) * 2 * Math.PI + delta;
      pts.push({ x: r * Math.sin(t) + rng.range(-1, 1) * noise, y: r * Math.cos(t) + rng.range(-1, 1) * noise, label });
    }
  }
  return pts;
}

const GEN = { circle, xor, gaussian, spiral };

/**
 * @param {{kind: string, n?: number, noise?: number, trainFraction?: number, seed?: number}} o
 * @returns {{train: {x,y,label}[], test: {x,y,label}[]}}
 */
export function makeDataset({ kind, n = 400, noise = 0, trainFraction = 0.5, seed = 1 }) {
  const gen = GEN[kind];
  if (!gen) throw new Error(`dataset: unknown kind "${kind}" (expected circle, xor, gaussian or spiral)`);
  const rng = createRng(seed);
  const pts = shuffle(gen(n, noise, rng), rng);
  const cut = Math.max(1, Math.min(pts.length - 1, Math.round(pts.length * trainFraction)));
  return { train: pts.slice(0, cut), test: pts.slice(cut) };
}

/** Flat Float64Arrays for the core: inputs [n, 2], targets [n, 1]. */
export function toArrays(points, negative = 0) {
  const inputs = new Float64Array(points.length * 2);
  const targets = new Float64Array(points.length);
  points.forEach((p, k) => { inputs[2 * k] = p.x; inputs[2 * k + 1] = p.y; targets[k] = p.label ? 1 : negative; });
  return { inputs, targets };
}

/**
 * The TensorFlow Playground's input features of a point (x, y) = (X1, X2):
 * [key, label, f(x, y)].
 */
export const FEATURES = [
  ['x1', 'X₁', (x) => x],
  ['x2', 'X₂', (x, y) => y],
  ['x1sq', 'X₁²', (x) => x * x],
  ['x2sq', 'X₂²', (x, y) => y * y],
  ['x1x2', 'X₁X₂', (x, y) => x * y],
  ['sinx1', 'sin(X₁)', (x) => Math.sin(x)],
  ['sinx2', 'sin(X₂)', (x, y) => Math.sin(y)],
];

/**
 * Points as network inputs: `xy` flat [n, 2] -> flat [n, keys.length], one
 * column per feature key (in the order given). Throws on an unknown key.
 */
export function featurize(xy, keys) {
  const fns = keys.map((k) => {
    const f = FEATURES.find((e) => e[0] === k);
    if (!f) throw new Error(`features: unknown feature "${k}" (expected one of ${FEATURES.map((e) => e[0]).join(', ')})`);
    return f[2];
  });
  const n = xy.length / 2;
  const m = fns.length;
  const out = new Float64Array(n * m);
  for (let k = 0; k < n; k++) {
    const x = xy[2 * k];
    const y = xy[2 * k + 1];
    for (let j = 0; j < m; j++) out[k * m + j] = fns[j](x, y);
  }
  return out;
}
