// Number formatting for the page: a fixed number of significant digits by
// default, every digit (the shortest round-trip form) on demand.
//
//   formatNumber(0.35)                      -> "0.35"
//   formatNumber(1 / 3)                     -> "0.3333"
//   formatNumber(1, { minDecimals: 1 })     -> "1.0"   (results of a formula)
//   formatNumber(1234.75, { minDecimals: 1 }) -> "1235"  (no ".0": that would claim a digit)
//   formatNumber(-0.94998, { keepZeros: true }) -> "-0.9500" (its zeros are significant)
//   formatNumber(761131.2, { keepZeros: true }) -> "761131" (not "761100")
//   formatNumber(1 / 3, { all: true })      -> "0.3333333333333333"
//   formatNumber(NaN)                       -> "not a number" (never "NaN")
//
// Pure: no DOM, usable from node tests.

/** Default significant digits. */
export const DEFAULT_DIGITS = 4;

/**
 * @param {number} x
 * @param {{all?: boolean, digits?: number, minDecimals?: number, keepZeros?: boolean}} [opts]
 *   all: every digit (JS shortest round-trip); digits: significant digits
 *   (default 4); minDecimals: pad "1" to "1.0" when 1 (only for non-exponent
 *   forms, and only when the number is exactly what is shown); keepZeros: when
 *   rounding changed the number, keep its trailing zeros ("-0.9500" for
 *   -0.94998, so the shown digits state the precision; "0.35" stays "0.35").
 * @returns {string}
 */
export function formatNumber(x, opts = {}) {
  const { all = false, digits = DEFAULT_DIGITS, minDecimals = 0, keepZeros = false } = opts;
  if (typeof x !== 'number' || Number.isNaN(x)) return 'not a number';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (Object.is(x, -0)) x = 0;
  let s;
  if (all) {
    s = String(x);
  } else {
    const ax = Math.abs(x);
    if (ax !== 0 && (ax < 1e-4 || ax >= 1e6)) {
      s = x.toExponential(digits - 1);
      const short = s.replace(/\.?0+e/, 'e');
      if (!keepZeros || Number(short) === x) s = short;
    } else {
      s = x.toPrecision(digits);
      // 761131.2 at 4 digits is "7.611e+5": written out that is "761100",
      // whose zeros are not the number's; with keepZeros the integer part is
      // kept whole instead ("761131").
      if (s.includes('e')) s = keepZeros ? Math.round(x).toString() : Number(s).toString();
      const short = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
      if (!keepZeros || Number(short) === x) s = short;
    }
    if (s === '-0') s = '0';
  }
  if (minDecimals > 0 && !/[e]/.test(s) && Number(s) === x) {
    const dot = s.indexOf('.');
    const have = dot < 0 ? 0 : s.length - dot - 1;
    if (have < minDecimals) s = (dot < 0 ? s + '.' : s) + '0'.repeat(minDecimals - have);
  }
  return s;
}

/** A formatter bound to options: `const f = formatter({all}); f(x)`. */
export function formatter(opts = {}) {
  const f = (x, extra) => formatNumber(x, extra ? { ...opts, ...extra } : opts);
  return f;
}

/** Wrap negative operands in parentheses inside a formula: "0.5*(-1)". */
export function operand(x, opts = {}) {
  const s = formatNumber(x, opts);
  return s.startsWith('-') ? `(${s})` : s;
}

/**
 * Parse a number typed by a person. Accepts "1", "-0.5", "1e-3", " 2 ",
 * a decimal comma ("0,5"). Returns {ok: true, value} or {ok: false, message}.
 */
export function parseNumber(text, what = 'value') {
  const t = String(text ?? '').trim().replace(/^(-?\d*),(\d+)$/, '$1.$2');
  if (t === '') return { ok: false, message: `${what}: enter a number` };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    return { ok: false, message: `${what}: "${text}" is not a number (use digits, a point and an optional exponent, e.g. -0.25 or 1e-3)` };
  }
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `${what}: ${t} is too large (finite numbers only)` };
  return { ok: true, value };
}
