// Large values out of history: the SDK's external storage (claim check) with a driver that
// keeps payloads as files under ORC_DATA_DIR/blobs, named by the SHA-256 of their bytes, with
// a reference per run that stored them (blob-references.ts: what `orc gc` reads). Workers and
// clients on one machine share it; across machines, a shared volume (or, later, an
// S3-compatible driver) does. It holds values, never run state.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ExternalStorage,
  StorageDriverClaim,
  type DataConverter,
  type Payload,
  type StorageDriver,
} from '@temporalio/common';
import protos from '@temporalio/proto';

import { blobFolder, recordReference, referenceOf } from './blob-references.js';

const { temporal } = protos;
/** Payloads above this go to disk; the server's own limit for one payload is 2 MB. */
export const EXTERNAL_STORAGE_THRESHOLD_BYTES = 256 * 1024;

export function localDiskDriver(dataDir: string): StorageDriver {
  const folder = blobFolder(dataDir);
  return {
    name: 'orc-local-disk',
    type: 'orc.localdisk',
    async store(context, payloads: Payload[]) {
      await mkdir(folder, { recursive: true });
      const reference = referenceOf(context.target);
      return Promise.all(
        payloads.map(async (payload) => {
          const bytes = temporal.api.common.v1.Payload.encode(payload).finish();
          const digest = createHash('sha256').update(bytes).digest('hex');
          const file = join(folder, digest);
          if (reference) await recordReference(folder, digest, reference);
          if (!existsSync(file)) {
            const staging = `${file}.${process.pid}.tmp`;
            await writeFile(staging, bytes);
            await rename(staging, file);
          }
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
          try {
            return temporal.api.common.v1.Payload.decode(await readFile(join(folder, digest))) as Payload;
          } catch (error) {
            throw new Error(
              `a large value (${digest.slice(0, 12)}…) is missing from ${folder}: ${(error as Error).message}; workers and clients must share ORC_DATA_DIR`,
            );
          }
        }),
      );
    },
  };
}

/** The data converter every worker and client of orc uses. */
export function orcDataConverter(dataDir: string): DataConverter {
  return {
    externalStorage: new ExternalStorage({
      drivers: [localDiskDriver(dataDir)],
      payloadSizeThreshold: EXTERNAL_STORAGE_THRESHOLD_BYTES,
    }),
  };
}
