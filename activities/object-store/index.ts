// Where the response cache and large values are kept: a local folder or an S3-compatible bucket.
export type { ObjectStore, StoredObject } from './object-store.js';
export { localObjectStore } from './local-object-store.js';
export { s3ObjectStore, type S3Settings } from './s3-object-store.js';
export { isRetryableStoreError, storeFailure } from './s3-failures.js';
