// `orc gc`'s collection: a large value (ORC_DATA_DIR/blobs/<sha256>) is removed when every run
// that refers to it is gone from Temporal — its history deleted or past retention, so nothing
// can read its claim again. A value with no references (stored before references existed) and
// one touched within --older-than are kept: the first cannot be traced, the second may belong
// to a run being started right now.
import { readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BLOB_NAME,
  blobFolder,
  readReferences,
  referencesFolder,
  type BlobReference,
  type ReadReference,
} from '../workers/index.js';

export interface CollectOptions {
  dataDir: string;
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
  const folder = blobFolder(options.dataDir);
  const report: CollectReport = { folder, removed: { count: 0, bytes: 0 }, inUse: 0, recent: 0, untraced: 0 };
  const cutoffMs = options.nowMs - options.olderThanMs;
  for (const digest of await blobNames(folder)) {
    const file = join(folder, digest);
    const stats = await stat(file).catch(() => undefined);
    if (!stats) continue;
    const references = await readReferences(folder, digest);
    if (references === undefined) {
      report.untraced++;
      continue;
    }
    if (stats.mtimeMs > cutoffMs || references.some(({ reference }) => reference.writtenAtMs > cutoffMs)) {
      report.recent++;
      continue;
    }
    if (!(await allGone(references, options))) {
      report.inUse++;
      continue;
    }
    if (!options.dryRun && !(await removeValue(folder, digest, references))) {
      report.inUse++;
      continue;
    }
    report.removed.count++;
    report.removed.bytes += stats.size;
  }
  return report;
}

async function blobNames(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => BLOB_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function allGone(references: { reference: ReadReference }[], options: CollectOptions): Promise<boolean> {
  for (const { reference } of references) if (!(await options.isGone(reference))) return false;
  return true;
}

/**
 * Removes the references, then the value — unless a run stored the same value meanwhile: its
 * reference re-creates the folder (so rmdir fails, or the folder is back after the value was
 * set aside, and the value is put back). False when the value was kept.
 */
async function removeValue(folder: string, digest: string, references: { file: string }[]): Promise<boolean> {
  await Promise.all(references.map(({ file }) => unlink(file).catch(ignoreMissing)));
  const referenceFolder = referencesFolder(folder, digest);
  try {
    await rmdir(referenceFolder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    if (code !== 'ENOENT') throw error;
  }
  const value = join(folder, digest);
  const setAside = `${value}.${process.pid}.gc`;
  await rename(value, setAside);
  if (await exists(referenceFolder)) {
    await rename(setAside, value);
    return false;
  }
  await unlink(setAside);
  return true;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
