// Colours of the toy datasets mode, pure (no DOM; tested in Node): the class
// of a point, the decision-boundary tiles and the neuron heat maps, all on
// the diverging scale of lib/colors.js, so that a tile the network calls
// class 1 has the orange of the class-1 points and class 0 the blue.
import { divergingRgb } from '../lib/colors.js';

/** Point colour by label: 0 blue (--neg), 1 orange (--pos), the scale's two ends. */
export const CLASS_COLOR = ['#2f6fde', '#e0801f'];

/** How strong the boundary tiles get (1 would hide the points on them). */
export const BOUNDARY_STRENGTH = 0.8;

/**
 * The network's output on the scale [-1, 1]: sigmoid outputs (0..1, threshold
 * 0.5) as 2v - 1, tanh outputs (-1..1, threshold 0) as they are; the
 * threshold lands on 0, white.
 */
export function outputOnScale(v, tanh) {
  return tanh ? v : 2 * v - 1;
}

/** [r, g, b] of a decision-boundary tile where the network outputs `v`. */
export function boundaryRgb(v, tanh) {
  return divergingRgb(outputOnScale(v, tanh) * BOUNDARY_STRENGTH);
}

/**
 * [r, g, b] of a neuron heat-map cell. Hidden units share one fixed scale
 * (|v| >= 1 full colour, as in the TensorFlow Playground), so a unit whose
 * output is nearly 0 everywhere looks nearly white; an input feature (x up
 * to ±6, x² up to 36) is scaled by its own largest |value| `max`; the output
 * unit as the boundary, at full strength.
 * @param {number} v
 * @param {{output?: boolean, feature?: boolean, max?: number, tanh?: boolean}} unit
 */
export function unitRgb(v, { output = false, feature = false, max = 1, tanh = false }) {
  return divergingRgb(output ? outputOnScale(v, tanh) : feature ? v / max : v);
}
