// The phases of one training step, in the order the page walks through them,
// and what each phase has revealed so far. Pure; usable from node.
//
// For L non-input layers: start; for each layer forward z then a; loss;
// output deltas; hidden deltas layer by layer from the back; gradients;
// update (old -> new).
import { layerName } from './naming.js';

/**
 * @param {number[]} sizes units per layer, input first
 * @returns {{id: string, kind: string, layer: number|null, label: string}[]}
 */
export function phaseList(sizes) {
  const L = sizes.length - 1;
  const list = [{ kind: 'start', layer: null, label: 'Start: inputs, targets and parameters' }];
  for (let l = 0; l < L; l++) {
    list.push({ kind: 'z', layer: l, label: `Forward, ${layerName(sizes, l)}: weighted sums z` });
    list.push({ kind: 'a', layer: l, label: `Forward, ${layerName(sizes, l)}: activations a` });
  }
  list.push({ kind: 'loss', layer: null, label: 'Loss' });
  list.push({ kind: 'delta', layer: L - 1, label: 'Backward: output deltas δ = ∂L/∂z' });
  for (let l = L - 2; l >= 0; l--) {
    list.push({ kind: 'delta', layer: l, label: `Backward, ${layerName(sizes, l)}: deltas δ` });
  }
  list.push({ kind: 'gradients', layer: null, label: 'Gradients ∂L/∂w = δ·a and ∂L/∂b = δ' });
  list.push({ kind: 'update', layer: null, label: 'Update: old → new parameters' });
  return list.map((p, i) => ({ ...p, index: i, id: p.layer === null ? p.kind : `${p.kind}${p.layer}` }));
}

/**
 * What is visible at phase index `p`: {z: Set, a: Set, delta: Set (layers),
 * loss, gradients, update (booleans)}.
 */
export function revealed(phases, p) {
  const r = { z: new Set(), a: new Set(), delta: new Set(), loss: false, gradients: false, update: false };
  for (const ph of phases.slice(0, p + 1)) {
    if (ph.kind === 'z' || ph.kind === 'a' || ph.kind === 'delta') r[ph.kind].add(ph.layer);
    else if (ph.kind !== 'start') r[ph.kind] = true;
  }
  return r;
}

/** Index of the phase with id `id` (e.g. "z1", "loss"), or -1. */
export function phaseIndex(phases, id) {
  return phases.findIndex((p) => p.id === id);
}
