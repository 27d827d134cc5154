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

/** Text colour (black or white) readable on diverging(v, scale). */
export function textOn(v, scale = 1) {
  // Whichever of white and black contrasts more with the fill divergingRgb
  // gives. Black, not the page's #1d2330: with that, text on mid-strong blue
  // (v about -0.9) fell to 3.98:1 either way; with black every fill gives
  // at least 4.6:1, WCAG AA for the diagram's 13px numbers.
  const fill = luminance(divergingRgb(scale > 0 ? v / scale : 0));
  return (1.05) / (fill + 0.05) > (fill + 0.05) / 0.05 ? '#fff' : '#000';
}

/** WCAG relative luminance of an [r, g, b] colour (0-255). */
export function luminance([r, g, b]) {
  const lin = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Colour of a weight's sign: orange for >= 0, blue for < 0. */
export function signColor(w) {
  return w >= 0 ? `rgb(${POS.join(', ')})` : `rgb(${NEG.join(', ')})`;
}
