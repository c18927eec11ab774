/**
 * In-process wake-up for subscriptions: every store instance of this process appending to a file
 * tells the subscriptions on that same file right after its commit, so they need not wait for the
 * next poll. Appends from other processes cannot reach this map; subscriptions poll for those.
 * The key is the file's real path (or a per-instance symbol for ':memory:', which is private to
 * its connection).
 */
export type NotifierKey = string | symbol;
type Listener = () => void;

const listeners = new Map<NotifierKey, Set<Listener>>();

export function onAppend(key: NotifierKey, listener: Listener): () => void {
  const set = listeners.get(key) ?? new Set<Listener>();
  set.add(listener);
  listeners.set(key, set);
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(key) === set) listeners.delete(key);
  };
}

export function notifyAppend(key: NotifierKey): void {
  // Copy: a listener may unsubscribe while we iterate.
  for (const listener of [...(listeners.get(key) ?? [])]) listener();
}
