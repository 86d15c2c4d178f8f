// Large values out of history: the SDK's external storage (claim check) with a driver that
// keeps payloads in the blob store — a folder under ORC_DATA_DIR/blobs, or the S3-compatible
// bucket of ORC_BLOB_STORE when workers span machines — named by the SHA-256 of their bytes,
// with a reference per run that stored them (blob-references.ts: what `orc gc` reads). It holds
// values, never run state.
import { createHash } from 'node:crypto';
import {
  ExternalStorage,
  StorageDriverClaim,
  type DataConverter,
  type Payload,
  type StorageDriver,
} from '@temporalio/common';
import protos from '@temporalio/proto';
import { localObjectStore, type ObjectStore } from '../activities/index.js';
import { blobFolder, recordReference, referenceOf } from './blob-references.js';
import { blobStoreOf, type StorageSettings } from './stores.js';

const { temporal } = protos;
/** Payloads above this go to the blob store; the server's own limit for one payload is 2 MB. */
export const EXTERNAL_STORAGE_THRESHOLD_BYTES = 256 * 1024;

/**
 * The claim names the driver that wrote it: runs from before a move to S3 keep reading their
 * values from the local folder, so both drivers are registered and new values go to the one
 * configured.
 */
const DRIVER_NAMES = {
  local: { name: 'orc-local-disk', type: 'orc.localdisk' },
  s3: { name: 'orc-s3', type: 'orc.s3' },
};

export function blobStoreDriver(store: ObjectStore, kind: 'local' | 's3'): StorageDriver {
  return {
    ...DRIVER_NAMES[kind],
    async store(context, payloads: Payload[]) {
      const reference = referenceOf(context.target);
      return Promise.all(
        payloads.map(async (payload) => {
          const bytes = temporal.api.common.v1.Payload.encode(payload).finish();
          const digest = createHash('sha256').update(bytes).digest('hex');
          if (reference) await recordReference(store, digest, reference);
          if (!(await store.head(digest))) await store.put(digest, bytes);
          return new StorageDriverClaim({ sha256: digest, bytes: String(bytes.length) });
        }),
      );
    },
    async retrieve(_context, claims: StorageDriverClaim[]) {
      return Promise.all(
        claims.map(async (claim) => {
          const digest = claim.claimData.sha256 ?? '';
          if (!/^[0-9a-f]{64}$/.test(digest))
            throw new Error(`a stored value's claim is malformed: ${JSON.stringify(claim.claimData)}`);
          const bytes = await store.get(digest);
          if (!bytes)
            throw new Error(
              `a large value (${digest.slice(0, 12)}…) is missing from ${store.location}; workers and clients must share ${kind === 's3' ? 'ORC_BLOB_STORE' : 'ORC_DATA_DIR (or set ORC_BLOB_STORE)'}`,
            );
          return temporal.api.common.v1.Payload.decode(bytes) as Payload;
        }),
      );
    },
  };
}

/** The local driver alone (ORC_DATA_DIR/blobs). */
export function localDiskDriver(dataDir: string): StorageDriver {
  return blobStoreDriver(localObjectStore(blobFolder(dataDir)), 'local');
}

/** The data converter every worker and client of orc uses: the local folder unless `storage` names a bucket. */
export function orcDataConverter(dataDir: string, storage: StorageSettings = { kind: 'local' }): DataConverter {
  const local = localDiskDriver(dataDir);
  if (storage.kind === 'local')
    return {
      externalStorage: new ExternalStorage({
        drivers: [local],
        payloadSizeThreshold: EXTERNAL_STORAGE_THRESHOLD_BYTES,
      }),
    };
  const bucket = blobStoreDriver(blobStoreOf(dataDir, storage), 's3');
  return {
    externalStorage: new ExternalStorage({
      drivers: [bucket, local],
      driverSelector: () => bucket,
      payloadSizeThreshold: EXTERNAL_STORAGE_THRESHOLD_BYTES,
    }),
  };
}
