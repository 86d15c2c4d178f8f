// The response cache in an object store (a local folder by default, an S3-compatible bucket
// when workers span machines): one JSON object per entry, `responses/<ab>/<key>.json`, named by
// the request's key (content-addressed, like the large values). The store writes an entry
// whole or not at all; concurrent writers of one key write the same request's answer, and the
// last write wins. `orc cache stats|clear` read the same store.
import { localObjectStore, type ObjectStore } from '../object-store/index.js';

/** What a call returned, as the workflow got it (secrets already redacted). */
export interface CachedOutput {
  result: unknown;
  model: string;
  usage?: { input_tokens?: number; output_tokens?: number };
  cost_usd?: number;
}

export interface ResponseCacheEntry {
  format: 1;
  key: string;
  created_at: string;
  action: string;
  output: CachedOutput;
  /** Requests answered from this entry (best effort: two hits at the same moment may count once). */
  hits: number;
  last_hit_at?: string;
}

export interface ResponseCacheStats {
  location: string;
  entries: number;
  bytes: number;
  hits: number;
  oldest?: string;
  newest?: string;
}

export interface ResponseCacheStore {
  readonly location: string;
  read(key: string): Promise<ResponseCacheEntry | undefined>;
  write(entry: ResponseCacheEntry): Promise<void>;
  stats(): Promise<ResponseCacheStats>;
  /** Removes every entry, or those created before `before`; says how many and how large. */
  clear(before?: Date): Promise<{ removed: number; bytes: number }>;
}

const KEY = /^[0-9a-f]{64}$/;
const ENTRY_NAME = /^responses\/[0-9a-f]{2}\/[0-9a-f]{64}\.json$/;

/** The response cache in a folder (ORC_CACHE_DIR). */
export function localResponseCache(folder: string): ResponseCacheStore {
  return responseCacheIn(localObjectStore(folder));
}

export function responseCacheIn(objects: ObjectStore): ResponseCacheStore {
  const nameOf = (key: string) => `responses/${key.slice(0, 2)}/${key}.json`;
  const entries = async () => (await objects.list('responses/')).filter((object) => ENTRY_NAME.test(object.key));
  return {
    location: objects.location,
    async read(key) {
      if (!KEY.test(key)) return undefined;
      const entry = await readEntry(objects, nameOf(key));
      return entry?.format === 1 && entry.key === key ? entry : undefined;
    },
    async write(entry) {
      await objects.put(nameOf(entry.key), JSON.stringify(entry));
    },
    async stats() {
      const stats: ResponseCacheStats = { location: objects.location, entries: 0, bytes: 0, hits: 0 };
      for (const object of await entries()) {
        const entry = await readEntry(objects, object.key);
        if (!entry) continue;
        stats.entries++;
        stats.bytes += object.bytes;
        stats.hits += entry.hits;
        if (!stats.oldest || entry.created_at < stats.oldest) stats.oldest = entry.created_at;
        if (!stats.newest || entry.created_at > stats.newest) stats.newest = entry.created_at;
      }
      return stats;
    },
    async clear(before) {
      let removed = 0;
      let bytes = 0;
      for (const object of await entries()) {
        if (before) {
          const entry = await readEntry(objects, object.key);
          // An unreadable object is no entry: only a full clear removes it.
          if (!entry || Date.parse(entry.created_at) >= before.getTime()) continue;
        }
        await objects.delete(object.key);
        removed++;
        bytes += object.bytes;
      }
      return { removed, bytes };
    },
  };
}

/**
 * An entry, or undefined when it is missing, half-deleted or unreadable: a miss, and the live
 * answer replaces it. A store that cannot be reached throws (the caller decides).
 */
async function readEntry(objects: ObjectStore, name: string): Promise<ResponseCacheEntry | undefined> {
  const bytes = await objects.get(name);
  if (!bytes) return undefined;
  try {
    const entry = JSON.parse(Buffer.from(bytes).toString('utf8')) as ResponseCacheEntry;
    return typeof entry.created_at === 'string' && typeof entry.hits === 'number' ? entry : undefined;
  } catch {
    return undefined;
  }
}
