// Which runs a large value belongs to. Values are stored once per content (`<sha256>` in the
// blob store), so one value may serve several runs; each run that stores it leaves a small
// reference, `refs/<sha256>/<run>.json`, naming its workflow (and run, when the SDK knows it).
// `orc gc` deletes a value only when every run that refers to it is gone from Temporal
// (client/blob-gc.ts). The same layout serves the local folder and an S3 bucket.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { StorageDriverTargetInfo } from '@temporalio/common';
import type { ObjectStore } from '../activities/index.js';

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

/** The local blob store's folder: ORC_DATA_DIR/blobs. */
export function blobFolder(dataDir: string): string {
  return join(dataDir, 'blobs');
}

export function referencesPrefix(digest: string): string {
  return `refs/${digest}/`;
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
export async function recordReference(store: ObjectStore, digest: string, reference: BlobReference): Promise<void> {
  const key = createHash('sha256')
    .update(`${reference.namespace}\0${reference.workflowId}\0${reference.runId ?? ''}`)
    .digest('hex')
    .slice(0, 32);
  await store.put(`${referencesPrefix(digest)}${key}.json`, JSON.stringify(reference));
}

/** The references of one value; undefined when it has none (stored before references existed). */
export async function readReferences(
  store: ObjectStore,
  digest: string,
): Promise<{ key: string; reference: ReadReference }[] | undefined> {
  const objects = (await store.list(referencesPrefix(digest))).filter((object) => object.key.endsWith('.json'));
  if (objects.length === 0) return undefined;
  const read = await Promise.all(
    objects.map(async (object) => {
      const bytes = await store.get(object.key);
      // Removed since the listing: no longer a reference.
      if (!bytes) return undefined;
      try {
        const reference = JSON.parse(Buffer.from(bytes).toString('utf8')) as BlobReference;
        return { key: object.key, reference: { ...reference, writtenAtMs: object.modifiedMs } };
      } catch (error) {
        throw new Error(
          `the large-value reference ${object.key} in ${store.location} cannot be read: ${(error as Error).message}`,
        );
      }
    }),
  );
  return read.filter((entry) => entry !== undefined);
}
