/**
 * One answer per key, shared for `ttlMs` on the caller's clock: a burst of requests costs one round trip, and
 * concurrent misses share the one in flight. A failed answer is not kept. Past `maxEntries` the expired entries go
 * first, then all.
 */
export type ShortLived<T> = (key: string, atMs: number, load: () => Promise<T>) => Promise<T>;

export function shortLived<T>(ttlMs: number, maxEntries = 1_000): ShortLived<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key, atMs, load) => {
    const hit = entries.get(key);
    // A clock that went back (a request that started earlier) is still inside the window.
    if (hit && atMs - hit.at < ttlMs) return hit.value;
    if (entries.size >= maxEntries) {
      for (const [k, e] of entries) if (atMs - e.at >= ttlMs) entries.delete(k);
      if (entries.size >= maxEntries) entries.clear();
    }
    const value = load();
    const entry = { at: atMs, value };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  };
}
