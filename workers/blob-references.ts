// Which runs a large value belongs to. Values are stored once per content (blobs/<sha256>), so
// one file may serve several runs; each run that stores it leaves a small reference file in
// blobs/refs/<sha256>/ naming its workflow (and run, when the SDK knows it). `orc gc` deletes
// a value only when every run that refers to it is gone from Temporal (client/blob-gc.ts).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageDriverTargetInfo } from '@temporalio/common';

export interface BlobReference {
  namespace: string;
  workflowId: string;
  /** Absent when the value was stored before the run existed (its start) or by a query, signal or continue-as-new. */
  runId?: string;
}

export interface ReadReference extends BlobReference {
  /** When the reference was last written: a run that stores the value again refreshes it. */
  writtenAtMs: number;
}

export const BLOB_NAME = /^[0-9a-f]{64}$/;

export function blobFolder(dataDir: string): string {
  return join(dataDir, 'blobs');
}

export function referencesFolder(folder: string, digest: string): string {
  return join(folder, 'refs', digest);
}

/** The reference a store call leaves, or undefined when the SDK names no workflow. */
export function referenceOf(target: StorageDriverTargetInfo | undefined): BlobReference | undefined {
  if (target?.kind !== 'workflow' || !target.id) return undefined;
  return { namespace: target.namespace, workflowId: target.id, ...(target.runId ? { runId: target.runId } : {}) };
}

/**
 * Writes the reference before the caller looks for the value, so a collection racing with this
 * store either sees the reference (and keeps the value) or has already removed the value (and
 * the caller writes it again).
 */
export async function recordReference(folder: string, digest: string, reference: BlobReference): Promise<void> {
  const key = createHash('sha256')
    .update(`${reference.namespace}\0${reference.workflowId}\0${reference.runId ?? ''}`)
    .digest('hex')
    .slice(0, 32);
  const references = referencesFolder(folder, digest);
  const text = JSON.stringify(reference);
  // A collection may remove the emptied folder between our mkdir and write: make it again.
  for (let attempt = 1; ; attempt++) {
    await mkdir(references, { recursive: true });
    try {
      await writeFile(join(references, `${key}.json`), text);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
    }
  }
}

/** The references of one value; undefined when it has none (stored before references existed). */
export async function readReferences(
  folder: string,
  digest: string,
): Promise<{ file: string; reference: ReadReference }[] | undefined> {
  const references = referencesFolder(folder, digest);
  let names: string[];
  try {
    names = await readdir(references);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const read = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => {
        const file = join(references, name);
        try {
          const [text, stats] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
          return { file, reference: { ...(JSON.parse(text) as BlobReference), writtenAtMs: stats.mtimeMs } };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw new Error(`the large-value reference ${file} cannot be read: ${(error as Error).message}`);
        }
      }),
  );
  return read.filter((entry) => entry !== undefined);
}
