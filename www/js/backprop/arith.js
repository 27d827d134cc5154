// Evaluates the filled-in arithmetic of a formula ("0.5*1 + (-0.25)*0 + 0.5",
// "1/(1 + exp(-(-0.6)))", "max(0, 1.2)", "(1 - 0.76^2)") exactly as a reader
// with a calculator would, so the page can check that the numbers it shows
// give the result it shows. Grammar: numbers (with exponents), + - * / ^
// (right-associative, above unary minus), parentheses, and the functions
// ln, exp, tanh, sqrt, max(a, b). Anything else (a symbol such as "a4" or
// "∂L/∂w11") makes the text not arithmetic: evaluate() returns null. (Real
// arithmetic can still give NaN or ±Infinity: "0*ln(0)".)
// No eval(): a small recursive-descent parser. Pure; usable from node.

const FUNCS = { ln: Math.log, exp: Math.exp, tanh: Math.tanh, sqrt: Math.sqrt, max: Math.max };
const ARITY = { ln: 1, exp: 1, tanh: 1, sqrt: 1, max: 2 };

class NotArithmetic extends Error {}

function tokenize(text) {
  const re = /\s*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z]+)|([-+*/^(),]))/gy;
  const out = [];
  let m;
  re.lastIndex = 0;
  while (re.lastIndex < text.length) {
    const at = re.lastIndex;
    m = re.exec(text);
    if (!m || m.index !== at) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new NotArithmetic();
    }
    if (m[1] !== undefined) out.push({ num: Number(m[1]) });
    else if (m[2] !== undefined) {
      if (!(m[2] in FUNCS)) throw new NotArithmetic();
      out.push({ fn: m[2] });
    } else out.push({ op: m[3] });
  }
  return out;
}

/**
 * @param {string} text
 * @returns {number|null} the value, or null when `text` is not plain arithmetic
 */
export function evaluate(text) {
  let toks;
  try { toks = tokenize(text); } catch { return null; }
  let k = 0;
  const peek = (op) => toks[k]?.op === op;
  const expect = (op) => { if (!peek(op)) throw new NotArithmetic(); k++; };
  function sum() {
    let v = product();
    while (peek('+') || peek('-')) v = toks[k++].op === '+' ? v + product() : v - product();
    return v;
  }
  function product() {
    let v = unary();
    while (peek('*') || peek('/')) v = toks[k++].op === '*' ? v * unary() : v / unary();
    return v;
  }
  function unary() {
    if (peek('-')) { k++; return -unary(); }
    if (peek('+')) { k++; return unary(); }
    return power();
  }
  function power() {
    const base = atom();
    if (peek('^')) { k++; return base ** unary(); }
    return base;
  }
  function atom() {
    const t = toks[k++];
    if (!t) throw new NotArithmetic();
    if (t.num !== undefined) return t.num;
    if (t.op === '(') { const v = sum(); expect(')'); return v; }
    if (t.fn) {
      expect('(');
      const args = [sum()];
      while (peek(',')) { k++; args.push(sum()); }
      expect(')');
      if (args.length !== ARITY[t.fn]) throw new NotArithmetic();
      return FUNCS[t.fn](...args);
    }
    throw new NotArithmetic();
  }
  try {
    const v = sum();
    return k === toks.length ? v : null;
  } catch (e) {
    if (e instanceof NotArithmetic) return null;
    throw e;
  }
}
