// Boot: check support, load the wasm core, then route between the two views.
// Each view module exports `mount(root, core)` returning `{ unmount() }` and
// keeps its own state; nothing app-wide lives in module globals here.
import { checkSupport } from './support.js';

const VIEWS = {
  backprop: { title: 'Backprop, step by step', load: () => import('./backprop/view.js') },
  text: { title: 'Train a text classifier', load: () => import('./text/view.js') },
};

function showFatal(status, root, message) {
  status.textContent = 'The neural-network core could not start.';
  status.classList.add('error');
  root.replaceChildren();
  const box = document.createElement('div');
  box.className = 'unsupported';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h2');
  h.textContent = 'nn-playground cannot run here';
  const p = document.createElement('p');
  p.textContent = message;
  box.append(h, p);
  root.append(box);
}

async function boot() {
  const status = document.getElementById('core-status');
  const root = document.getElementById('view');
  const support = checkSupport();
  if (!support.ok) return showFatal(status, root, support.reason);

  let core;
  try {
    core = await import('../pkg/nn_playground.js');
    await core.default();
  } catch (e) {
    return showFatal(status, root, `Loading the WebAssembly module failed: ${e.message}`);
  }
  // A value computed in wasm, through the same dot kernel the layers use.
  const check = core.dot(new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6]));
  status.dataset.ready = 'true';
  status.textContent = `Core v${core.version()} live · WASM SIMD ${core.simdEnabled() ? 'on' : 'off'} · check: dot([1,2,3],[4,5,6]) = ${check} (computed in wasm)`;
  document.body.dataset.coreVersion = core.version();

  let current = null;
  let currentKey = null;
  let seq = 0;
  // The hash is "#view" or "#view?state". A change of view remounts; so does
  // a new "#view?state" for the same view (a shared link pasted into this
  // tab). The views write their own state with history.replaceState, which
  // fires no hashchange, so that never remounts.
  const route = async (ev) => {
    const name = location.hash.replace(/^#/, '').split('?')[0] || 'backprop';
    const key = VIEWS[name] ? name : 'backprop';
    const newState = ev?.type === 'hashchange' && location.hash.includes('?');
    if (key === currentKey && !newState) return;
    currentKey = key;
    const view = VIEWS[key];
    for (const [k] of Object.entries(VIEWS)) {
      const a = document.getElementById(`nav-${k}`);
      if (k === key) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const mySeq = ++seq;
    current?.unmount?.();
    current = null;
    root.replaceChildren();
    document.title = `${view.title} · nn-playground`;
    try {
      const mod = await view.load();
      if (mySeq !== seq) return;
      current = await mod.mount(root, core);
      // A view chosen from the navigation takes the focus (its first heading),
      // so keyboard and screen-reader users land in it; not on first load.
      if (ev?.type === 'hashchange') {
        const h = root.querySelector('h2');
        if (h) { h.setAttribute('tabindex', '-1'); h.focus({ preventScroll: true }); }
      }
    } catch (e) {
      console.error(e);
      showFatal(status, root, `The view "${view.title}" failed to load: ${e.message}`);
    }
  };
  window.addEventListener('hashchange', route);
  await route();
}

boot();
