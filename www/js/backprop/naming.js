// Names of the network's quantities, in the seed article's notation: inputs
// x1..xn, targets y1..ym, and the non-input units numbered 1, 2, ... across
// layers (a 2-3-2 net has hidden units 1-3 and output units 4-5). Weight w_ji
// goes from unit (or input) i to unit j: "w41" (with a comma when an index
// has two digits: "w12,3"). Layer indices `l` are 0-based over non-input layers.
// Pure; usable from node.

/** Global number of unit `j` of non-input layer `l` (1-based). */
export function unitNumber(sizes, l, j) {
  let n = 0;
  for (let k = 1; k <= l; k++) n += sizes[k];
  return n + j + 1;
}

/** Name of the i-th input into non-input layer l: "x2" or "a3". */
export function sourceName(sizes, l, i) {
  return l === 0 ? `x${i + 1}` : `a${unitNumber(sizes, l - 1, i)}`;
}

function pair(a, b) {
  return a > 9 || b > 9 ? `${a},${b}` : `${a}${b}`;
}

/** "w41": the weight from source i into unit j of layer l. */
export function weightName(sizes, l, j, i) {
  const src = l === 0 ? i + 1 : unitNumber(sizes, l - 1, i);
  return `w${pair(unitNumber(sizes, l, j), src)}`;
}

export function biasName(sizes, l, j) {
  return `b${unitNumber(sizes, l, j)}`;
}

/** "hidden layer 1" / "output layer" / "input layer" (l = -1). */
export function layerName(sizes, l) {
  if (l < 0) return 'input layer';
  return l === sizes.length - 2 ? 'output layer' : `hidden layer ${l + 1}`;
}

/** Symbol of a quantity of unit j of layer l: sym('z', ...) -> "z4". */
export function unitSymbol(kind, sizes, l, j) {
  const prefix = { z: 'z', a: 'a', delta: 'δ' }[kind] ?? kind;
  return `${prefix}${unitNumber(sizes, l, j)}`;
}
