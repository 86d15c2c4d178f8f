// The object store as an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, moto …): a key is an
// object name under the configured prefix. The SDK is loaded on first use, so a worker on local
// folders never loads it. Its own retries are off (Temporal is the only retrier) and every call
// is bounded in time; failures become ApplicationFailures (s3-failures.ts).
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, StoredObject } from './object-store.js';
import { storeFailure } from './s3-failures.js';

export interface S3Settings {
  bucket: string;
  /** Object names start with this (no leading or trailing `/`; empty for the bucket's root). */
  prefix: string;
  region: string;
  /** A non-AWS server's URL (MinIO, moto …); absent for AWS itself. */
  endpoint?: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 120_000;

type S3Module = typeof S3Sdk;

export function s3ObjectStore(settings: S3Settings): ObjectStore & { checkBucket(): Promise<void> } {
  const base = settings.prefix ? `${settings.prefix}/` : '';
  const location = `s3://${settings.bucket}/${settings.prefix}`;
  let opened: Promise<{ client: S3Client; sdk: S3Module }> | undefined;
  const open = () => (opened ??= openClient(settings));
  const call = async <T>(operation: string, body: (client: S3Client, sdk: S3Module) => Promise<T>): Promise<T> => {
    const { client, sdk } = await open();
    try {
      return await body(client, sdk);
    } catch (error) {
      throw storeFailure(error, operation, location);
    }
  };
  const objectOf = (key: string, size?: number, modified?: Date): StoredObject => ({
    key,
    bytes: size ?? 0,
    modifiedMs: modified?.getTime() ?? 0,
  });
  return {
    location,
    async checkBucket() {
      await call('reaching the bucket', (client, sdk) =>
        client.send(new sdk.HeadBucketCommand({ Bucket: settings.bucket })),
      );
    },
    async get(key) {
      return call(`reading ${key}`, async (client, sdk) => {
        try {
          const answer = await client.send(new sdk.GetObjectCommand({ Bucket: settings.bucket, Key: base + key }));
          return await answer.Body!.transformToByteArray();
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      });
    },
    async put(key, bytes) {
      await call(`writing ${key}`, (client, sdk) =>
        client.send(new sdk.PutObjectCommand({ Bucket: settings.bucket, Key: base + key, Body: bytes })),
      );
    },
    async head(key) {
      return call(`looking for ${key}`, async (client, sdk) => {
        try {
          const answer = await client.send(new sdk.HeadObjectCommand({ Bucket: settings.bucket, Key: base + key }));
          return objectOf(key, answer.ContentLength, answer.LastModified);
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      });
    },
    async list(prefix) {
      return call(`listing ${prefix || 'the store'}`, async (client, sdk) => {
        const found: StoredObject[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new sdk.ListObjectsV2Command({ Bucket: settings.bucket, Prefix: base + prefix, ContinuationToken: token }),
          );
          for (const item of page.Contents ?? [])
            if (item.Key) found.push(objectOf(item.Key.slice(base.length), item.Size, item.LastModified));
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return found;
      });
    },
    async delete(key) {
      await call(`deleting ${key}`, (client, sdk) =>
        client.send(new sdk.DeleteObjectCommand({ Bucket: settings.bucket, Key: base + key })),
      );
    },
    async move(from, to) {
      await call(`moving ${from}`, async (client, sdk) => {
        const source = `${settings.bucket}/${(base + from).split('/').map(encodeURIComponent).join('/')}`;
        await client.send(new sdk.CopyObjectCommand({ Bucket: settings.bucket, Key: base + to, CopySource: source }));
        await client.send(new sdk.DeleteObjectCommand({ Bucket: settings.bucket, Key: base + from }));
      });
    },
  };
}

async function openClient(settings: S3Settings): Promise<{ client: S3Client; sdk: S3Module }> {
  const [sdk, { NodeHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@smithy/node-http-handler'),
  ]);
  const client = new sdk.S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    maxAttempts: 1,
    // Checksums only where S3 requires them: not every S3-compatible server knows the newer ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }),
  });
  return { client, sdk };
}

function isNotFound(error: unknown): boolean {
  const shape = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    shape.name === 'NoSuchKey' ||
    shape.name === 'NotFound' ||
    (shape.$metadata?.httpStatusCode === 404 && shape.name !== 'NoSuchBucket')
  );
}
