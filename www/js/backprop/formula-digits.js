// How many digits a formula's filled-in operands get: results have 4
// significant digits, and the operands as many as it takes for the
// filled-in arithmetic, done with a calculator, to give the result shown
// (arith.js evaluates it). Usually that is 4; a sum that cancels needs more.
// Only where even every digit does not reproduce it (float rounding on a
// digit boundary) the result is written with "≈" instead of "=".
// Used by formulas.js; pure, usable from node.
import { formatNumber, operand, DEFAULT_DIGITS } from '../lib/format.js';
import { evaluate } from './arith.js';

/** Result options: 4 significant digits (or all), zeros that are significant kept, "1.0" for 1. */
function resultOpts(all) {
  return { all, keepZeros: true, minDecimals: 1 };
}

export function fmts(ctx) {
  const all = !!ctx.all || ctx.operandDigits === 'all';
  const digits = typeof ctx.operandDigits === 'number' ? ctx.operandDigits : DEFAULT_DIGITS;
  // At 4 digits trailing zeros are kept (-0.9500: rounded there). A widened
  // operand drops them (0.05, not 0.05000000000): the same number, so the
  // line still adds up, and its extra digits are there only where they count.
  const o = { all, digits, keepZeros: digits <= DEFAULT_DIGITS };
  return {
    /** an operand, negatives in parentheses: "(-0.5)" */
    v: (x) => operand(x, o),
    /** an operand that is a function's whole argument: "-0.5" */
    n: (x) => formatNumber(x, o),
    /** a result */
    r: (x) => formatNumber(x, resultOpts(!!ctx.all)),
  };
}

/** Whether the number `e` computed from the shown operands is shown as `shown`. */
function showsAs(e, shown, all) {
  if (!Number.isFinite(e)) return false;
  const r = Number(shown);
  if (all) return Math.abs(e - r) <= 1e-9 * Math.max(Math.abs(e), Math.abs(r)) || Math.abs(e - r) <= 1e-15;
  return formatNumber(e, resultOpts(false)) === shown || Math.abs(e - r) <= 1e-15;
}

/**
 * For each clause ("; "-separated) of a formula text: whether every
 * filled-in part (one that is plain arithmetic) gives the clause's result
 * at the precision shown.
 * @returns {boolean[]} one per clause
 */
export function clausesAddUp(text, all) {
  return text.split('; ').map((clause) => {
    const parts = clause.split(/ = | ← | ≈ /);
    const shown = parts[parts.length - 1];
    if (!Number.isFinite(Number(shown))) return true;
    return parts.slice(1, -1).every((p) => {
      const e = evaluate(p);
      return e === null || showsAs(e, shown, all);
    });
  });
}

/** Write "≈" before the result of every clause whose arithmetic does not give it. */
function markApprox(f, all) {
  const ok = clausesAddUp(f.text, all);
  if (ok.every(Boolean)) return f;
  const text = f.text.split('; ').map((c, k) => {
    if (ok[k]) return c;
    const at = c.lastIndexOf(' = ');
    return at < 0 ? c : `${c.slice(0, at)} ≈ ${c.slice(at + 3)}`;
  }).join('; ');
  return { ...f, text, approximate: true };
}

const OPERAND_DIGITS = [DEFAULT_DIGITS, 5, 6, 7, 8, 10, 12, 'all'];

/**
 * A formula builder whose operands get the fewest digits (4 at least) with
 * which its arithmetic gives the results shown. The text is worked out when
 * first read: a closed formula (most of them, on a big network) costs one
 * plain build, as the phase panel shows only its symbol and value.
 */
export function checked(build) {
  return (ctx, ...args) => {
    const first = build(ctx.all ? ctx : { ...ctx, operandDigits: DEFAULT_DIGITS }, ...args);
    let done = null;
    const resolve = () => {
      if (done) return done;
      if (ctx.all) done = markApprox(first, true);
      else if (clausesAddUp(first.text, false).every(Boolean)) done = first;
      else {
        for (const d of OPERAND_DIGITS.slice(1)) {
          const f = build({ ...ctx, operandDigits: d }, ...args);
          if (clausesAddUp(f.text, false).every(Boolean)) { done = f; break; }
        }
        done ??= markApprox(first, false);
      }
      return done;
    };
    return {
      key: first.key,
      symbol: first.symbol,
      value: first.value,
      get text() { return resolve().text; },
      get approximate() { return Boolean(resolve().approximate); },
    };
  };
}
