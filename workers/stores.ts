// The blob store and the response cache, chosen once from the configuration: local folders
// (ORC_DATA_DIR/blobs, ORC_CACHE_DIR) by default, one S3-compatible bucket (ORC_BLOB_STORE)
// when workers span machines — values under `<prefix>/blobs/`, cache entries under
// `<prefix>/cache/`. A process keeps one S3 client per bucket setting.
import {
  localObjectStore,
  localResponseCache,
  responseCacheIn,
  s3ObjectStore,
  type ObjectStore,
  type ResponseCacheStore,
  type S3Settings,
} from '../activities/index.js';
import { blobFolder } from './blob-references.js';
import { ConfigError } from './config-error.js';

export type StorageSettings = { kind: 'local' } | { kind: 's3'; s3: S3Settings };

type S3Store = ReturnType<typeof s3ObjectStore>;
const opened = new WeakMap<S3Settings, { blobs: S3Store; cache: S3Store }>();

function bucketStores(settings: S3Settings): { blobs: S3Store; cache: S3Store } {
  let stores = opened.get(settings);
  if (!stores) {
    const under = (folder: string) =>
      s3ObjectStore({ ...settings, prefix: [settings.prefix, folder].filter(Boolean).join('/') });
    stores = { blobs: under('blobs'), cache: under('cache') };
    opened.set(settings, stores);
  }
  return stores;
}

export function blobStoreOf(dataDir: string, storage: StorageSettings): ObjectStore {
  return storage.kind === 's3' ? bucketStores(storage.s3).blobs : localObjectStore(blobFolder(dataDir));
}

export function responseCacheOf(cacheDir: string, storage: StorageSettings): ResponseCacheStore {
  return storage.kind === 's3' ? responseCacheIn(bucketStores(storage.s3).cache) : localResponseCache(cacheDir);
}

/**
 * A bucket that cannot be reached or used stops the worker (or the command) at start-up with a
 * ConfigError naming the variables, not at the first large value of some run.
 */
export async function checkStorage(storage: StorageSettings): Promise<void> {
  if (storage.kind !== 's3') return;
  try {
    await bucketStores(storage.s3).blobs.checkBucket();
  } catch (error) {
    const where = `s3://${storage.s3.bucket}${storage.s3.endpoint ? ` at ${storage.s3.endpoint}` : ` in ${storage.s3.region}`}`;
    throw new ConfigError(
      `ORC_BLOB_STORE names the bucket ${where}, which cannot be used: ${bucketProblem(error)}. Check ORC_BLOB_STORE, the endpoint (ORC_S3_ENDPOINT or AWS_ENDPOINT_URL), AWS_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)`,
    );
  }
}

function bucketProblem(error: unknown): string {
  const message = (error as Error).message;
  if (/HTTP 404/.test(message)) return 'no such bucket (HTTP 404)';
  if (/HTTP 403/.test(message)) return 'access denied (HTTP 403): the credentials may not use it';
  if (/HTTP 301/.test(message)) return 'the bucket is in another region (HTTP 301)';
  return message.replace(/^reaching the bucket in \S+ failed: /, '');
}
