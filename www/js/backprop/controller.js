// The step-by-step view's state and its actions. One controller per mounted
// view (created in mount()); nothing lives in module globals. No DOM here:
// the views render from `ctl.app` and call the actions; `onChange` is called
// after every action.
//
// History: entries[k] = {state, trace}: the state after k steps and the trace
// of the step that made it (null for k = 0). The position is (k, phase): the
// step from entries[k] to entries[k+1], shown up to phase `phase` (0 = start,
// last = update). The step is computed (and kept) when first needed; it is
// deterministic, so going back and forth never changes it.
import { phaseList } from './phases.js';

/**
 * @param {{engine: object, onChange?: () => void}} deps
 */
export function createController({ engine, onChange = () => {} }) {
  const app = {
    entries: [],
    k: 0,
    phase: 0,
    examples: [],        // [{input, target}]: step s uses examples[s % n] (n > 1)
    preset: 'article',
    error: null,         // message from the core (or a check) to show
    notice: null,        // a short status message
    allDigits: false,
    showAllFormulas: false,
    openFormulas: new Set(),
    gradcheck: null,     // {rows, state} | {message}
  };

  const changed = () => onChange();
  const phases = () => phaseList(app.entries[app.k].state.sizes);
  const last = () => phases().length - 1;

  function withSample(state) {
    const n = app.examples.length;
    if (n <= 1) return state;
    const ex = app.examples[state.step % n];
    return { ...state, input: [...ex.input], target: [...ex.target] };
  }

  /** Compute entries[k+1] if missing; returns false (and sets the error) on failure. */
  function ensureNext() {
    if (app.entries[app.k + 1]) return true;
    const r = engine.step(app.entries[app.k].state);
    if (!r.ok) {
      app.error = `The step could not be computed: ${r.message}`;
      return false;
    }
    app.entries.push({ state: withSample(r.after), trace: r.trace });
    return true;
  }

  /** Index of the entry holding the state the page calls "current". */
  function currentIndex() {
    return app.phase === last() && app.entries[app.k + 1] ? app.k + 1 : app.k;
  }

  const api = {
    app,
    phases,
    lastPhase: last,
    currentIndex,
    /** The state the page shows as current (after the update once it is shown). */
    currentState: () => app.entries[currentIndex()].state,
    /** What the diagram and the formulas show: {before, after, trace, phases, phase}. */
    view() {
      const before = app.entries[app.k].state;
      const next = app.phase > 0 ? app.entries[app.k + 1] : null;
      return { before, after: next?.state ?? null, trace: next?.trace ?? null, phases: phases(), phase: app.phase };
    },

    /** Load a state (validated by the core) as a fresh history. */
    load(state, { examples, preset = 'custom', phase = 0 } = {}) {
      const r = engine.validate(state);
      if (!r.ok) {
        app.error = r.message;
        changed();
        return false;
      }
      app.examples = examples ?? [{ input: r.state.input, target: r.state.target }];
      app.entries = [{ state: withSample(r.state), trace: null }];
      app.k = 0;
      app.phase = 0;
      app.preset = preset;
      app.error = null;
      app.gradcheck = null;
      app.openFormulas.clear();
      if (phase > 0) {
        if (ensureNext()) app.phase = Math.min(phase, last());
      }
      changed();
      return true;
    },

    nextPhase() {
      app.error = null;
      if (app.phase < last()) {
        if (app.phase === 0 && !ensureNext()) return changed();
        app.phase += 1;
      } else {
        app.k += 1;
        app.phase = 0;
      }
      changed();
    },

    prevPhase() {
      app.error = null;
      if (app.phase > 0) app.phase -= 1;
      else if (app.k > 0) {
        app.k -= 1;
        app.phase = last();
      }
      changed();
    },

    /** Show the whole step (at its update); from an update, the next whole step. */
    fullStep() {
      app.error = null;
      if (app.phase === last()) {
        app.k += 1;
        app.phase = 0;
      }
      if (ensureNext()) app.phase = last();
      changed();
    },

    /** Go to phase `p` of the current step. */
    goToPhase(p) {
      app.error = null;
      if (p > 0 && !ensureNext()) return changed();
      app.phase = Math.max(0, Math.min(p, last()));
      changed();
    },

    /** `count` steps from the current state, every one kept in the history. */
    train(count = 100) {
      app.error = null;
      const start = currentIndex();
      app.entries.length = start + 1;
      const n = app.examples.length;
      const sampleFor = n > 1 ? (s) => app.examples[s.step % n] : null;
      const r = engine.steps(app.entries[start].state, count, sampleFor);
      for (const e of r.entries) app.entries.push({ state: withSample(e.state), trace: e.trace });
      if (!r.ok) app.error = `Training stopped after ${r.entries.length} steps: ${r.message}`;
      if (app.entries.length > start + 1) {
        app.k = app.entries.length - 2;
        app.phase = last();
      }
      app.notice = `Trained ${r.entries.length} steps`;
      changed();
    },

    reset() {
      app.error = null;
      app.entries.length = 1;
      app.k = 0;
      app.phase = 0;
      app.gradcheck = null;
      changed();
    },

    /** Jump to the state after `k` steps (the history slider). */
    scrub(k) {
      app.error = null;
      app.k = Math.max(0, Math.min(k, app.entries.length - 1));
      app.phase = 0;
      changed();
    },

    /**
     * Set one number of the current state: target is {kind: 'input'|'target', i}
     * or {kind: 'weight', l, j, i} or {kind: 'bias', l, j}. Validated by the core;
     * returns {ok, message}. Later history is dropped (it no longer follows).
     */
    edit(target, value) {
      if (!Number.isFinite(value)) return { ok: false, message: 'finite numbers only' };
      const idx = currentIndex();
      const s = structuredClone(app.entries[idx].state);
      if (target.kind === 'input') s.input[target.i] = value;
      else if (target.kind === 'target') s.target[target.i] = value;
      else if (target.kind === 'weight') s.weights[target.l][target.j][target.i] = value;
      else if (target.kind === 'bias') s.biases[target.l][target.j] = value;
      const r = engine.validate(s);
      if (!r.ok) return { ok: false, message: r.message };
      if ((target.kind === 'input' || target.kind === 'target') && app.examples.length > 1) {
        const ex = app.examples[s.step % app.examples.length];
        ex.input = [...s.input];
        ex.target = [...s.target];
      } else if (app.examples.length === 1) {
        app.examples = [{ input: [...s.input], target: [...s.target] }];
      }
      app.entries.length = idx + 1;
      app.entries[idx] = { ...app.entries[idx], state: r.state, edited: true };
      app.k = idx;
      app.phase = 0;
      app.error = null;
      app.gradcheck = null;
      changed();
      return { ok: true };
    },

    checkGradients() {
      const state = api.currentState();
      const r = engine.gradientCheck(state);
      app.gradcheck = r.ok ? { rows: r.rows, state } : { message: r.message };
      changed();
    },

    setDigits(all) { app.allDigits = all; changed(); },
    setShowAll(all) { app.showAllFormulas = all; changed(); },
    toggleFormula(key) {
      if (app.openFormulas.has(key)) app.openFormulas.delete(key); else app.openFormulas.add(key);
      changed();
    },
    openFormula(key) { app.openFormulas.add(key); changed(); },
    setError(message) { app.error = message; changed(); },
  };
  return api;
}
