// "Backprop, step by step": mount(root, core) builds one view instance. All
// of its state lives in the controller and the `ui` object created here (no
// module globals); unmount() removes listeners and frees the toy network.
//
// Layout: mode switch (step by step / toy datasets), presets and the
// builder; then the phase controls, the diagram, the phase's formulas; the
// editable numbers, history, gradient check, and state import/export.
// The whole state (network, step, phase, examples) is mirrored in the URL
// hash: #backprop?s=<base64url JSON>.
import { el, select } from '../lib/dom.js';
import { encodeJson, decodeJson, parseHash, serializeHash, replaceHash } from '../lib/url-state.js';
import { createEngine } from './engine.js';
import { createController } from './controller.js';
import { createDiagram } from './diagram.js';
import { renderPhasePanel, renderInspector, patchPhasePanel } from './formula-panel.js';
import { createParamsView } from './params-view.js';
import { createHistoryView } from './history-view.js';
import { renderGradcheck } from './gradcheck-view.js';
import { renderStateIO } from './state-io.js';
import { renderArticleNote } from './article-note.js';
import { createBuilder } from './builder.js';
import { createToyView } from './toy-view.js';
import { xorExamples } from './model.js';

const PRESETS = [['article', 'Article example (2-3-2)'], ['xor', 'XOR (2-4-1, Adam)']];
const URL_DELAY = 250;
const SHORTCUTS = { ArrowLeft: 'prev', ArrowRight: 'next', j: 'prev', k: 'next', f: 'full', t: 'train', r: 'reset' };

export function mount(root, core) {
  const engine = createEngine(core);
  const ui = { editing: null, selected: null, io: {}, mode: 'step', ready: false };
  const ctl = createController({ engine, onChange: () => render() });

  // ---- static parts -------------------------------------------------------
  const presetSel = select([...PRESETS, ['custom', 'Custom (built or imported)']], 'article', { id: 'bp-preset' });
  const loadPreset = (name) => {
    const r = engine.preset(name);
    if (!r.ok) { ctl.setError(r.message); return; }
    ui.editing = null; ui.selected = null;
    ctl.load(r.state, { preset: name, examples: name === 'xor' ? xorExamples() : undefined });
    builder.setFromState(ctl.currentState());
  };
  presetSel.addEventListener('change', () => { if (presetSel.value !== 'custom') loadPreset(presetSel.value); });
  const builder = createBuilder({
    onBuild: (state) => { ui.editing = null; ui.selected = null; ctl.load(state, { preset: 'custom' }); },
    currentSample: () => { const s = ctl.currentState(); return { input: s.input, target: s.target }; },
  });

  const btn = (label, action, keys, cls) => el('button', { type: 'button', class: cls, 'aria-keyshortcuts': keys, onclick: action }, label);
  const prevBtn = btn('Previous phase', () => ctl.prevPhase(), 'ArrowLeft J');
  const nextBtn = btn('Next phase', () => ctl.nextPhase(), 'ArrowRight K', 'primary');
  const fullBtn = btn('Full step', () => ctl.fullStep(), 'F');
  const trainBtn = btn('Train 100 steps', () => ctl.train(100), 'T');
  const resetBtn = btn('Reset', () => { ui.editing = null; ctl.reset(); }, 'R');
  const digits = el('input', { type: 'checkbox', id: 'bp-digits' });
  digits.addEventListener('change', () => ctl.setDigits(digits.checked));
  const showAll = el('input', { type: 'checkbox', id: 'bp-showall' });
  showAll.addEventListener('change', () => ctl.setShowAll(showAll.checked));

  const presetField = el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Preset'), presetSel);
  const modeStep = el('button', { type: 'button', 'aria-pressed': 'true', onclick: () => setMode('step') }, 'Step by step');
  const modeToy = el('button', { type: 'button', 'aria-pressed': 'false', onclick: () => setMode('toy') }, 'Toy datasets');
  const errorBox = el('p', { class: 'bp-error error', role: 'alert' });
  const phaseList = el('ol', { class: 'bp-phases', 'aria-label': 'Phases of this step' });
  const diagram = createDiagram({ onSelect: (sel) => onSelect(sel), onResize: () => render() });
  const diagramBox = el('div', { class: 'bp-diagram-box' }, diagram.element);
  const side = el('div', { class: 'bp-side' });
  const paramsView = createParamsView(ctl, ui, () => render());
  const historyView = createHistoryView(ctl);
  const gcBox = el('div', { class: 'bp-part' });
  const ioBox = el('div', { class: 'bp-part' });
  const lower = el('div', { class: 'bp-lower' }, paramsView.element, historyView.element, gcBox, ioBox);
  const noteBox = el('div');
  // One persistent live region for the main action's outcome ("Step 1, phase
  // 4 of 10: ..."): the phase panel itself is rebuilt, and a live region
  // inserted together with its text is usually not read.
  const announcer = el('p', { class: 'visually-hidden', id: 'bp-announce', 'aria-live': 'polite' });
  const stepMode = el('div', { class: 'bp-step-mode' }, announcer,
    el('div', { class: 'bp-controls', role: 'toolbar', 'aria-label': 'Step controls' },
      prevBtn, nextBtn, fullBtn, trainBtn, resetBtn,
      el('span', { class: 'hint shortcuts' }, 'Keys: ← / j previous phase, → / k next phase, f full step, t train 100, r reset; in the diagram ↑ ↓ move between units, Enter opens one'),
      el('label', { class: 'check' }, digits, 'Show all digits'),
      el('label', { class: 'check' }, showAll, 'Open every formula')),
    errorBox,
    el('div', { class: 'bp-main' }, el('div', { class: 'bp-left' }, diagramBox, phaseList), side),
    noteBox, lower);
  const toy = createToyView({ engine, onChange: () => syncUrl() });
  const toyMode = el('div', { class: 'bp-toy-mode', hidden: true }, toy.element);
  const container = el('div', { class: 'bp' },
    el('div', { class: 'bp-top' },
      el('div', { class: 'bp-modes', role: 'group', 'aria-label': 'Mode' }, modeStep, modeToy),
      presetField,
      builder.element),
    stepMode, toyMode);
  root.append(container);

  function setMode(mode) {
    ui.mode = mode;
    modeStep.setAttribute('aria-pressed', String(mode === 'step'));
    modeToy.setAttribute('aria-pressed', String(mode === 'toy'));
    stepMode.hidden = mode !== 'step';
    presetField.hidden = mode !== 'step';
    builder.element.hidden = mode !== 'step';
    toyMode.hidden = mode !== 'toy';
    if (mode === 'toy') toy.start(); else toy.pause();
    syncUrl();
  }

  // ---- rendering ----------------------------------------------------------
  function onSelect(sel) {
    if (sel.kind === 'weight') {
      ui.editing = `w${sel.l}.${sel.j}.${sel.i}`;
      render();
      lower.querySelector('.editor')?.scrollIntoView({ block: 'nearest' });
    } else {
      ui.selected = { l: sel.l, j: sel.j };
      render();
    }
  }

  // The URL is written at most every URL_DELAY ms, after the view has
  // rendered: history.replaceState with a state of a few kB costs tens of ms
  // in Chromium, far too much for every step. The container carries
  // data-url-pending while a write is due (tests wait for it to go).
  let urlTimer = 0;
  function syncUrl() {
    if (!ui.ready) return;
    container.dataset.urlPending = 'true';
    if (!urlTimer) urlTimer = setTimeout(writeUrl, URL_DELAY);
  }
  function writeUrl() {
    urlTimer = 0;
    delete container.dataset.urlPending;
    const { app } = ctl;
    if (!app.entries.length) return;
    const payload = { v: 1, state: app.entries[app.k].state, phase: app.phase, preset: app.preset, mode: ui.mode };
    if (ui.mode === 'toy') payload.toy = toy.settings();
    if (app.examples.length > 1) payload.examples = app.examples;
    if (app.allDigits) payload.allDigits = true;
    replaceHash(serializeHash('backprop', { s: encodeJson(payload) }));
  }
  const flushUrl = () => { if (urlTimer) { clearTimeout(urlTimer); writeUrl(); } };
  window.addEventListener('pagehide', flushUrl);

  // Each part is rebuilt only when what it shows changed (`key`); the
  // diagram, the numbers and the history update their nodes in place.
  // A rebuilt part keeps the keyboard focus: on the same control in the new
  // content (same id, formula key, parameter or label), else on the part's
  // first heading, never dropped to <body>.
  const keys = new WeakMap();
  function part(box, key, build) {
    if (keys.get(box) === key) return;
    keys.set(box, key);
    const had = focusOf(box);
    box.replaceChildren(build());
    if (had) refocus(box, had);
  }
  function focusOf(box) {
    const a = document.activeElement;
    if (!(a instanceof HTMLElement) || !box.contains(a)) return null;
    return { id: a.id, key: a.closest('[data-key]')?.dataset.key, param: a.dataset.param, tag: a.tagName, text: a.textContent };
  }
  function refocus(box, had) {
    const same = (had.id && box.querySelector(`#${CSS.escape(had.id)}`))
      || (had.key && box.querySelector(`[data-key="${CSS.escape(had.key)}"] button`))
      || (had.param && box.querySelector(`[data-param="${CSS.escape(had.param)}"]`))
      || [...box.querySelectorAll(had.tag)].find((n) => n.textContent === had.text && !n.disabled);
    const target = same ?? box.querySelector('h2, h3');
    if (!target) return;
    if (!same && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }
  const ids = new WeakMap();
  let nextId = 1;
  const oid = (o) => {
    if (!o || typeof o !== 'object') return String(o);
    if (!ids.has(o)) ids.set(o, nextId++);
    return ids.get(o);
  };
  let phaseItems = { key: null, items: [] };
  let sideShapeKey = null;

  function render() {
    const { app } = ctl;
    if (!app.entries.length) return;
    const v = ctl.view();
    diagram.update(v, { allDigits: app.allDigits });
    errorBox.textContent = app.error ?? '';
    errorBox.hidden = !app.error;
    presetSel.value = app.preset;
    digits.checked = app.allDigits;
    showAll.checked = app.showAllFormulas;
    // "Previous phase" turns disabled at the first phase: focus moves to "Next phase".
    const prevHadFocus = document.activeElement === prevBtn;
    prevBtn.disabled = app.k === 0 && app.phase === 0;
    if (prevHadFocus && prevBtn.disabled) nextBtn.focus();
    const said = `Step ${v.before.step + 1}, phase ${v.phase + 1} of ${v.phases.length}: ${v.phases[v.phase].label}`;
    if (announcer.textContent !== said) announcer.textContent = said;
    const pkey = v.phases.map((p) => p.label).join('|');
    if (phaseItems.key !== pkey) {
      phaseItems = { key: pkey, items: v.phases.map((p, i) => el('li', {}, el('button', { type: 'button', class: 'link', onclick: () => ctl.goToPhase(i) }, p.label))) };
      phaseList.replaceChildren(...phaseItems.items);
    }
    phaseItems.items.forEach((li, i) => {
      const cls = i === v.phase ? 'current' : i < v.phase ? 'done' : '';
      if (li.className !== cls) li.className = cls;
      if (i === v.phase) li.setAttribute('aria-current', 'step'); else if (li.hasAttribute('aria-current')) li.removeAttribute('aria-current');
    });
    const sel = ui.selected && ui.selected.l < v.before.sizes.length - 1 && ui.selected.j < v.before.sizes[ui.selected.l + 1] ? ui.selected : null;
    const digitsKey = `${app.allDigits}|${app.showAllFormulas}|${[...app.openFormulas].join(',')}`;
    // Another step at the same phase (no unit inspected): the formulas are the same, only their numbers change.
    const sideShape = `${v.before.sizes.join('-')}|${v.phase}|${digitsKey}|${sel ? `${sel.l}.${sel.j}` : ''}`;
    const sideKey = `${oid(v.before)}|${oid(v.after)}|${sideShape}`;
    if (keys.get(side) !== sideKey && !sel && sideShapeKey === sideShape && side.firstElementChild && patchPhasePanel(side.firstElementChild, ctl)) keys.set(side, sideKey);
    sideShapeKey = sideShape;
    part(side, sideKey, () => {
      const f = document.createDocumentFragment();
      f.append(renderPhasePanel(ctl), sel ? renderInspector(ctl, sel, () => { ui.selected = null; render(); }) : el('p', { class: 'hint' }, 'Click a neuron in the diagram to see all its formulas; click a link to edit its weight.'));
      return f;
    });
    part(noteBox, app.preset === 'article' ? 'article' : app.examples.length > 1 ? `ex|${oid(ctl.currentState())}|${oid(app.examples)}|${app.examples.map((e) => `${e.input},${e.target}`).join(';')}` : 'none',
      () => (app.preset === 'article' ? renderArticleNote() : app.examples.length > 1 ? renderExamples() : document.createDocumentFragment()));
    paramsView.update();
    historyView.update();
    part(gcBox, `${oid(app.gradcheck)}|${app.allDigits}`, () => renderGradcheck(ctl));
    part(ioBox, `${oid(ui.io.exported)}|${ui.io.importMsg}|${ui.io.mdMsg}|${oid(ui.io.md)}|${ui.io.rev ?? 0}`, () => renderStateIO(ctl, ui, { load: (state) => { const ok = ctl.load(state, { preset: 'custom' }); if (ok) builder.setFromState(ctl.currentState()); return ok; }, rerender: () => { ui.io.rev = (ui.io.rev ?? 0) + 1; render(); }, ensureTrace }));
    if (ui.editing) {
      const ed = lower.querySelector('.editor input');
      if (ed && document.activeElement !== ed) ed.focus();
    }
    syncUrl();
  }

  function renderExamples() {
    const s = ctl.currentState();
    const ex = ctl.app.examples;
    const inputs = new Float64Array(ex.flatMap((e) => e.input));
    const r = engine.predict(s, inputs);
    const m = s.sizes[s.sizes.length - 1];
    return el('section', { class: 'bp-examples', 'aria-labelledby': 'bp-ex-h' },
      el('h2', { id: 'bp-ex-h' }, 'Training examples'),
      el('p', { class: 'hint' }, `Step n uses example n mod ${ex.length}; "Train 100 steps" cycles through them.`),
      r.ok ? el('table', { class: 'changes' },
        el('thead', {}, el('tr', {}, ['input', 'target', 'network output now'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ex.map((e, k) => el('tr', {}, el('td', { class: 'num' }, e.input.join(', ')), el('td', { class: 'num' }, e.target.join(', ')),
          el('td', { class: 'num', dataset: { output: String(k) } }, Array.from(r.outputs.subarray(k * m, (k + 1) * m), (x) => x.toFixed(3)).join(', ')))))) : el('p', { class: 'error' }, r.message));
  }

  function ensureTrace() {
    if (ctl.view().trace) return true;
    ctl.goToPhase(ctl.lastPhase());
    return !!ctl.view().trace;
  }

  // ---- keyboard -----------------------------------------------------------
  function onKey(e) {
    if (ui.mode !== 'step' || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.closest('input, textarea, select, [contenteditable="true"]'))) return;
    // Single keys act only from the page itself, the step toolbar or the
    // stepping area (diagram, phase list, formulas): not from another
    // button, link or summary (the lower panels, the navigation), where a
    // stray key (speech input, a screen reader's browse mode) must not step
    // or reset.
    if (t instanceof HTMLElement && t.closest('a, button, summary, [role="button"]') && !t.closest('.bp-controls, .bp-main')) return;
    const a = SHORTCUTS[e.key];
    if (!a) return;
    e.preventDefault();
    ({ prev: () => ctl.prevPhase(), next: () => ctl.nextPhase(), full: () => ctl.fullStep(), train: () => ctl.train(100), reset: () => ctl.reset() })[a]();
  }
  document.addEventListener('keydown', onKey);

  // ---- start: from the URL, else the article preset -----------------------
  const { params } = parseHash(location.hash);
  let started = false;
  if (params.s) {
    const d = decodeJson(params.s);
    const p = d.ok ? d.value : null;
    if (p && p.state && ctl.load(p.state, { preset: p.preset ?? 'custom', examples: p.examples, phase: 0 })) {
      if (p.allDigits) ctl.app.allDigits = true;
      if (p.phase > 0) ctl.goToPhase(Number(p.phase));
      builder.setFromState(ctl.currentState());
      started = true;
      if (p.mode === 'toy') {
        toy.applySettings(p.toy);
        queueMicrotask(() => setMode('toy'));
      }
    } else {
      const why = d.ok ? (ctl.app.error ?? 'no state in it') : d.message;
      loadPreset('article');
      ctl.setError(`The link's state could not be loaded (${why}); showing the article example instead.`);
      started = true;
    }
  }
  if (!started) loadPreset('article');
  ui.ready = true;
  syncUrl();

  return {
    unmount() {
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('pagehide', flushUrl);
      clearTimeout(urlTimer);
      toy.destroy();
      diagram.destroy();
      root.replaceChildren();
    },
    /** For the benchmark and tests. */
    _debug: { ctl, toy },
  };
}
