// `orc gc`'s collection: a large value (`<sha256>` in the blob store: ORC_DATA_DIR/blobs or the
// ORC_BLOB_STORE bucket) is removed when every run that refers to it is gone from Temporal —
// its history deleted or past retention, so nothing can read its claim again. A value with no
// references (stored before references existed) and one touched within --older-than are kept:
// the first cannot be traced, the second may belong to a run being started right now.
import {
  BLOB_NAME,
  readReferences,
  referencesPrefix,
  type BlobReference,
  type ReadReference,
} from '../workers/index.js';
import type { ObjectStore } from '../activities/index.js';

export interface CollectOptions {
  store: ObjectStore;
  /** Only values and references last written before now − this are considered. */
  olderThanMs: number;
  dryRun: boolean;
  nowMs: number;
  /** True when Temporal no longer has the run's history; must throw rather than guess. */
  isGone(reference: BlobReference): Promise<boolean>;
}

export interface CollectReport {
  folder: string;
  removed: { count: number; bytes: number };
  /** Values some run Temporal still has refers to. */
  inUse: number;
  /** Values written within --older-than. */
  recent: number;
  /** Values without references: written before `orc gc` existed. */
  untraced: number;
}

export async function collectLargeValues(options: CollectOptions): Promise<CollectReport> {
  const { store } = options;
  const report: CollectReport = {
    folder: store.location,
    removed: { count: 0, bytes: 0 },
    inUse: 0,
    recent: 0,
    untraced: 0,
  };
  const cutoffMs = options.nowMs - options.olderThanMs;
  const values = (await store.list('')).filter((object) => BLOB_NAME.test(object.key));
  values.sort((a, b) => a.key.localeCompare(b.key));
  for (const value of values) {
    const references = await readReferences(store, value.key);
    if (references === undefined) {
      report.untraced++;
      continue;
    }
    if (value.modifiedMs > cutoffMs || references.some(({ reference }) => reference.writtenAtMs > cutoffMs)) {
      report.recent++;
      continue;
    }
    if (!(await allGone(references, options))) {
      report.inUse++;
      continue;
    }
    if (!options.dryRun && !(await removeValue(store, value.key, references))) {
      report.inUse++;
      continue;
    }
    report.removed.count++;
    report.removed.bytes += value.bytes;
  }
  return report;
}

async function allGone(references: { reference: ReadReference }[], options: CollectOptions): Promise<boolean> {
  for (const { reference } of references) if (!(await options.isGone(reference))) return false;
  return true;
}

/**
 * Removes the references, then the value — unless a run stored the same value meanwhile: its
 * reference appears (before the value is set aside, or after, and the value is put back).
 * A storing run writes its reference before it looks for the value, so it either finds the
 * value in place or writes it again. False when the value was kept.
 */
async function removeValue(store: ObjectStore, digest: string, references: { key: string }[]): Promise<boolean> {
  await Promise.all(references.map(({ key }) => store.delete(key)));
  const referenced = async () => (await store.list(referencesPrefix(digest))).length > 0;
  if (await referenced()) return false;
  const setAside = `gc/${digest}.${process.pid}.${Date.now()}`;
  await store.move(digest, setAside);
  if (await referenced()) {
    await store.move(setAside, digest);
    return false;
  }
  await store.delete(setAside);
  return true;
}
