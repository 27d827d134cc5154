// A small seeded pseudo-random number generator (SplitMix32 seeding into
// Mulberry32): the same seed always gives the same sequence, in every browser
// and in node. Not cryptographic. Used for initialisers and toy datasets.

/** @param {number} seed any integer (or number; it is truncated to 32 bits) */
export function createRng(seed = 1) {
  let s = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  let spare = null;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** Uniform in [0, 1). */
    uniform: next,
    /** Uniform in [lo, hi). */
    range: (lo, hi) => lo + (hi - lo) * next(),
    /** Standard normal (Box-Muller). */
    normal() {
      if (spare !== null) { const v = spare; spare = null; return v; }
      const u1 = 1 - next();
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    /** Integer in 0..n-1. */
    below: (n) => Math.floor(next() * n),
  };
}

/** Fisher-Yates shuffle in place with `rng`; returns the array. */
export function shuffle(array, rng) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}
