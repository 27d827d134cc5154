// Feature detection before the wasm module is imported, so an old browser gets
// a clear message instead of a blank page.

// The smallest module using a v128 instruction: (func (result v128) v128.const 0).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
  2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);

/** @returns {{ok: boolean, reason?: string}} */
export function checkSupport(global = globalThis) {
  const wasm = global.WebAssembly;
  if (typeof wasm !== 'object' || typeof wasm.validate !== 'function') {
    return { ok: false, reason: 'This browser does not support WebAssembly, which nn-playground needs to run its neural-network core.' };
  }
  if (!wasm.validate(SIMD_PROBE)) {
    return { ok: false, reason: 'This browser supports WebAssembly but not WebAssembly SIMD (128-bit vectors), which nn-playground is built with. Chrome 91+, Firefox 89+, Safari 16.4+ and Edge 91+ support it.' };
  }
  return { ok: true };
}
