// lru-cache does the caching (expiry, the size bound, one shared lookup per key, a failed
// lookup not kept); this file remains because lru-cache cannot hold `undefined` ("nobody
// has that id" is an answer worth remembering) and takes its loader per call here.
import { LRUCache } from 'lru-cache';

/**
 * Remembers results for a short time so card actions stay fast, and shares one lookup
 * among callers asking for the same key at once. A failed lookup is not remembered.
 */
export class TtlCache<V> {
  private readonly cache: LRUCache<string, { value: V }, () => Promise<V>>;

  constructor(ttlMs: number, now: () => number = Date.now, maxEntries = 10_000) {
    this.cache = new LRUCache<string, { value: V }, () => Promise<V>>({
      max: maxEntries,
      ttl: ttlMs,
      // Read the clock on every check (the default caches it for 1 ms), so an injected
      // clock is obeyed exactly.
      perf: { now },
      ttlResolution: 0,
      fetchMethod: async (_key, _stale, { context: load }) => ({ value: await load() }),
    });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = await this.cache.fetch(key, { context: load });
    // fetch() answers undefined only when its lookup is aborted, which this cache never does.
    if (!entry) throw new Error('A directory lookup was abandoned.');
    return entry.value;
  }

  clear(): void {
    this.cache.clear();
  }
}
