// Saving the text view's data, settings and model in this browser
// (IndexedDB, through state.store): an edit is written SAVE_DELAY_MS after
// the last change to its key; leaving the view or the page writes what is
// waiting at once. IndexedDB's writes may not finish while the page is being
// unloaded, so on `pagehide` the unsaved text and settings are also kept in
// sessionStorage, synchronously, and the next restore takes them back
// (takeUnsaved). The model is saved when a run ends, not on typing.
// Tabs of the page share one store: each save is announced on a
// BroadcastChannel, and a tab that hears another's says so (its own next
// save would overwrite that tab's, key by key).

const SAVE_DELAY_MS = 400;
const CHANNEL = 'nn-playground-text';
const UNSAVED_PREFIX = 'nn-playground-text:unsaved-';
const UNLOAD_COPIED = ['data', 'settings'];

/**
 * @param {{state: {store: object|null, unmounted: boolean}, ui: {saved: {show(text: string|null, kind?: string): void}}}} deps
 */
export function createSaver({ state, ui }) {
  let timers = {}; // key -> {value, timer}
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  // A write that lands after the view closed its channel announces nothing.
  const announce = (key) => { try { channel?.postMessage({ key }); } catch { /* closed */ } };
  channel?.addEventListener('message', (e) => {
    if (state.unmounted) return;
    const what = e.data?.key === 'cleared' ? 'cleared what this page saved' : `saved new ${e.data?.key === 'model' ? 'model' : e.data?.key ?? 'data'}`;
    ui.saved.show(`Another tab of this page ${what} in this browser: reload this tab to see it. A change made here will overwrite it.`, 'warning');
  });

  async function save(key, value) {
    delete timers[key];
    if (!state.store) return;
    try {
      await state.store.set(key, value);
      announce(key);
      if (!state.unmounted) ui.saved.show(state.store.persistent ? `Saved in this browser at ${new Date().toLocaleTimeString('en-GB')}.` : null);
    } catch (e) {
      ui.saved.show(`Could not save in this browser: ${e.message}`, 'error');
    }
  }

  function keepUnsaved(key, value) {
    try { sessionStorage.setItem(UNSAVED_PREFIX + key, JSON.stringify(value)); } catch { /* over its quota: IndexedDB may still make it */ }
  }

  return {
    save,
    saveLater(key, value) {
      clearTimeout(timers[key]?.timer);
      timers[key] = { value, timer: setTimeout(() => save(key, value), SAVE_DELAY_MS) };
    },
    /** Write what is waiting now; `pageGoing`: the page is being unloaded. */
    flushSaves({ pageGoing = false } = {}) {
      for (const [key, { value, timer }] of Object.entries(timers)) {
        clearTimeout(timer);
        if (pageGoing && UNLOAD_COPIED.includes(key)) keepUnsaved(key, value);
        save(key, value);
      }
    },
    /** Tell other tabs that this one cleared the store. */
    announceClear() { announce('cleared'); },
    /** Stop listening (the view is unmounted). */
    close() { channel?.close(); },
    /** Drop what is waiting (Clear). */
    cancelSaves() {
      for (const t of Object.values(timers)) clearTimeout(t.timer);
      timers = {};
    },
    /** The value of `key` ('data' or 'settings') kept at the last unload, or null (removed once read). */
    takeUnsaved(key) {
      try {
        const text = sessionStorage.getItem(UNSAVED_PREFIX + key);
        sessionStorage.removeItem(UNSAVED_PREFIX + key);
        return text === null ? null : JSON.parse(text);
      } catch { return null; }
    },
  };
}
