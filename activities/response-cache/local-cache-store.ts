// The response cache on disk: one JSON file per entry, `<folder>/responses/<ab>/<key>.json`,
// named by the request's key (content-addressed, like the blob store beside it). Written to a
// staging file and renamed, so a reader sees a whole entry or none; concurrent writers of one
// key write the same request's answer, and the last rename wins. `orc cache stats|clear` read
// the same folder.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export function localResponseCache(folder: string): ResponseCacheStore {
  const root = join(folder, 'responses');
  const pathOf = (key: string) => join(root, key.slice(0, 2), `${key}.json`);
  return {
    location: folder,
    async read(key) {
      if (!KEY.test(key)) return undefined;
      try {
        const entry = JSON.parse(await readFile(pathOf(key), 'utf8')) as ResponseCacheEntry;
        return entry.format === 1 && entry.key === key ? entry : undefined;
      } catch {
        // Missing, half-deleted or unreadable: a miss, and the live answer replaces it.
        return undefined;
      }
    },
    async write(entry) {
      const path = pathOf(entry.key);
      await mkdir(join(root, entry.key.slice(0, 2)), { recursive: true });
      const staging = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(staging, JSON.stringify(entry));
      await rename(staging, path);
    },
    async stats() {
      const stats: ResponseCacheStats = { location: folder, entries: 0, bytes: 0, hits: 0 };
      for (const file of await entryFiles(root)) {
        const entry = await readEntry(file.path);
        if (!entry) continue;
        stats.entries++;
        stats.bytes += file.bytes;
        stats.hits += entry.hits;
        if (!stats.oldest || entry.created_at < stats.oldest) stats.oldest = entry.created_at;
        if (!stats.newest || entry.created_at > stats.newest) stats.newest = entry.created_at;
      }
      return stats;
    },
    async clear(before) {
      let removed = 0;
      let bytes = 0;
      for (const file of await entryFiles(root)) {
        if (before) {
          const entry = await readEntry(file.path);
          // An unreadable file is no entry: only a full clear removes it.
          if (!entry || Date.parse(entry.created_at) >= before.getTime()) continue;
        }
        await rm(file.path, { force: true });
        removed++;
        bytes += file.bytes;
      }
      return { removed, bytes };
    },
  };
}

async function entryFiles(root: string): Promise<{ path: string; bytes: number }[]> {
  const files: { path: string; bytes: number }[] = [];
  for (const shard of await namesIn(root)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of await namesIn(join(root, shard))) {
      if (!name.endsWith('.json')) continue;
      const path = join(root, shard, name);
      const size = await stat(path).then(
        (info) => info.size,
        () => undefined,
      );
      if (size !== undefined) files.push({ path, bytes: size });
    }
  }
  return files;
}

async function namesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

async function readEntry(path: string): Promise<ResponseCacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(path, 'utf8')) as ResponseCacheEntry;
    return typeof entry.created_at === 'string' && typeof entry.hits === 'number' ? entry : undefined;
  } catch {
    return undefined;
  }
}
