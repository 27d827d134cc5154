// Colour scales shared by the diagram and the heat maps. Diverging: negative
// values blue, positive orange, 0 white (like the TensorFlow Playground).

const NEG = [47, 111, 222];   // --neg
const POS = [224, 128, 31];   // --pos
const MID = [245, 246, 248];

/** RGB triple for `v` in [-1, 1] (clamped). */
export function divergingRgb(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const end = t < 0 ? NEG : POS;
  const k = Math.abs(t);
  return MID.map((m, i) => Math.round(m + (end[i] - m) * k));
}

/** CSS colour for `v` scaled by `scale` (|v| >= scale is full colour). */
export function diverging(v, scale = 1) {
  const [r, g, b] = divergingRgb(scale > 0 ? v / scale : 0);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Text colour (dark or white) readable on diverging(v, scale). */
export function textOn(v, scale = 1) {
  return Math.abs(scale > 0 ? v / scale : 0) > 0.6 ? '#fff' : '#1d2330';
}

/** Colour of a weight's sign: orange for >= 0, blue for < 0. */
export function signColor(w) {
  return w >= 0 ? `rgb(${POS.join(', ')})` : `rgb(${NEG.join(', ')})`;
}
