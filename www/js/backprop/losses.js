// The contract's losses (docs/network-state.md), for a dataset's mean loss
// computed from predictions (the toy view's train/test curves). Pure.
const EPS = 1e-7;

/** Loss of one sample with outputs a and targets y (arrays of equal length). */
export function sampleLoss(kind, a, y) {
  const n = a.length;
  let s = 0;
  for (let j = 0; j < n; j++) {
    if (kind === 'halfSse' || kind === 'mse') s += (a[j] - y[j]) ** 2;
    else if (kind === 'bce') {
      const p = Math.min(1 - EPS, Math.max(EPS, a[j]));
      s -= y[j] * Math.log(p) + (1 - y[j]) * Math.log(1 - p);
    } else if (kind === 'cce') s -= y[j] * Math.log(Math.min(1 - EPS, Math.max(EPS, a[j])));
  }
  if (kind === 'halfSse') return s / 2;
  if (kind === 'mse' || kind === 'bce') return s / n;
  return s;
}

/** Mean loss over samples: outputs flat [n, m] from `offset`, targets flat [n, m]. */
export function meanLoss(kind, outputs, targets, m, offset = 0) {
  const n = targets.length / m;
  if (!n) return NaN;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const a = Array.from({ length: m }, (_, j) => outputs[offset + k * m + j]);
    const y = Array.from({ length: m }, (_, j) => targets[k * m + j]);
    s += sampleLoss(kind, a, y);
  }
  return s / n;
}
