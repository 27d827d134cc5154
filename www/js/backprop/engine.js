// The one place that talks to the wasm `Network` class (src/wasm/network.rs).
// Every call creates the network from a state object, does its work, frees
// the wasm memory, and returns plain JS objects; errors come back as
// {ok: false, message} with the core's message (which names the field).
// One instance per view (it holds no state but the `core` module namespace).

function parse(x) {
  return typeof x === 'string' ? JSON.parse(x) : x;
}

function messageOf(e) {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  return String(e?.message ?? e);
}

/** True when every number reachable in `value` is finite. */
export function allFinite(value) {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

/** @param {object} core the wasm module namespace (with `Network`) */
export function createEngine(core) {
  const N = core.Network;
  const open = (state) => N.fromJSON(typeof state === 'string' ? state : JSON.stringify(state));
  const guard = (fn) => {
    try {
      return { ok: true, ...fn() };
    } catch (e) {
      return { ok: false, message: messageOf(e) };
    }
  };
  const withNet = (state, fn) => guard(() => {
    const net = open(state);
    try { return fn(net); } finally { net.free(); }
  });
  return {
    /** A preset's state: "article" or "xor". */
    preset: (name) => guard(() => {
      const net = N.preset(name);
      try { return { state: parse(net.toJSON()) }; } finally { net.free(); }
    }),
    /** Validate a state through the core; returns the core's normalised state. */
    validate: (state) => withNet(state, (net) => ({ state: parse(net.toJSON()) })),
    /** One step at the state's input/target: {trace, after}. */
    step: (state) => withNet(state, (net) => {
      const trace = parse(net.step());
      const after = parse(net.toJSON());
      if (!allFinite(trace) || !allFinite(after)) throw new Error('the step produced a number that is not finite (the network diverged): lower the learning rate or reset');
      return { trace, after };
    }),
    /**
     * `count` single-sample steps, the sample of each chosen by `sampleFor(state)`
     * (returns {input, target} or null to keep the state's own): {entries: [{state, trace}]}.
     * Stops at the first error and returns the entries made so far plus `message`.
     */
    steps(state, count, sampleFor) {
      const entries = [];
      let net;
      try {
        net = open(state);
        let cur = state;
        for (let s = 0; s < count; s++) {
          const sample = sampleFor?.(cur);
          if (sample) {
            net.free();
            net = open({ ...cur, input: sample.input, target: sample.target });
          }
          const trace = parse(net.step());
          cur = parse(net.toJSON());
          if (!allFinite(trace) || !allFinite(cur)) throw new Error(`step ${cur.step}: a number is not finite (the network diverged); lower the learning rate or reset`);
          entries.push({ state: cur, trace });
        }
        return { ok: true, entries };
      } catch (e) {
        return { ok: false, entries, message: messageOf(e) };
      } finally {
        net?.free();
      }
    },
    gradientCheck: (state) => withNet(state, (net) => ({ rows: parse(net.gradientCheck()) })),
    predict: (state, inputs) => withNet(state, (net) => ({ outputs: net.predictBatch(inputs) })),
    /** A live network for the toy trainer (the caller frees it). */
    open,
    messageOf,
  };
}
