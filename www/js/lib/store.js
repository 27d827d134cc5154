// A small key-value store on IndexedDB: values are structured clones, so
// typed arrays (model weights) and plain objects go in as they are.
// Each caller names its own database, so two views never share a schema:
//   const store = await openStore('nn-playground-text');
//   await store.set('data', text); await store.get('data'); await store.clear();
// If IndexedDB is unavailable (private mode in some browsers), openStore
// resolves to a store that keeps nothing and says so in `.persistent`.

const OBJECTS = 'kv';

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** @returns {Promise<{persistent: boolean, get, set, delete, clear, close}>} */
export async function openStore(dbName) {
  let db;
  try {
    if (!globalThis.indexedDB) throw new Error('no IndexedDB');
    const open = indexedDB.open(dbName, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(OBJECTS);
    db = await request(open);
  } catch {
    return memoryStore();
  }
  const tx = (mode) => db.transaction(OBJECTS, mode).objectStore(OBJECTS);
  const done = (store) => new Promise((resolve, reject) => {
    store.transaction.oncomplete = () => resolve();
    store.transaction.onerror = () => reject(store.transaction.error);
    store.transaction.onabort = () => reject(store.transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
  return {
    persistent: true,
    get: (key) => request(tx('readonly').get(key)),
    async set(key, value) { const s = tx('readwrite'); s.put(value, key); await done(s); },
    async delete(key) { const s = tx('readwrite'); s.delete(key); await done(s); },
    async clear() { const s = tx('readwrite'); s.clear(); await done(s); },
    close() { db.close(); },
  };
}

function memoryStore() {
  const m = new Map();
  return {
    persistent: false,
    get: async (key) => m.get(key),
    set: async (key, value) => { m.set(key, value); },
    delete: async (key) => { m.delete(key); },
    clear: async () => { m.clear(); },
    close() {},
  };
}
