// ORC_BLOB_STORE and the S3 variables, read by config.ts from the environment it is given:
// where large values and the response cache live. Unset: local folders. `s3://bucket/prefix`:
// an S3-compatible bucket, with the endpoint, region and credentials of the standard AWS
// variables. A mistake stops the process at start-up with a message naming the variable; a
// secret's value is never part of a message.
import type { S3Settings } from '../activities/index.js';
import { ConfigError } from './config-error.js';
import type { StorageSettings } from './stores.js';

type Environment = Readonly<Record<string, string | undefined>>;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENDPOINT_VARIABLES = ['ORC_S3_ENDPOINT', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const;

export function storageFromEnv(env: Environment): StorageSettings {
  const text = env.ORC_BLOB_STORE?.trim();
  if (!text) return { kind: 'local' };
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
  if (!match)
    throw new ConfigError(
      `ORC_BLOB_STORE must be an S3 address such as s3://my-bucket/orc (or unset for the local folder ORC_DATA_DIR/blobs), not "${text}"`,
    );
  const bucket = match[1]!;
  if (!BUCKET.test(bucket))
    throw new ConfigError(
      `ORC_BLOB_STORE names the bucket "${bucket}", which is not a valid bucket name (3 to 63 lowercase letters, digits, "." and "-")`,
    );
  const prefix = match[2]!.replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '' || part === '.' || part === '..'))
    throw new ConfigError(
      `ORC_BLOB_STORE's prefix "${prefix}" has an empty, "." or ".." part: write s3://${bucket}/folder/sub`,
    );
  const endpoint = endpointFromEnv(env);
  return {
    kind: 's3',
    s3: {
      bucket,
      prefix,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: pathStyle(env, endpoint !== undefined),
      credentials: credentialsFromEnv(env, text),
    },
  };
}

function endpointFromEnv(env: Environment): string | undefined {
  const name = ENDPOINT_VARIABLES.find((variable) => env[variable]);
  if (!name) return undefined;
  const url = env[name]!.trim();
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new ConfigError(`${name} must be an http:// or https:// URL such as http://minio:9000, not "${url}"`);
  return url.replace(/\/+$/, '');
}

/** Path-style addressing (http://host/bucket/key): what MinIO and most S3-compatible servers need. */
function pathStyle(env: Environment, customEndpoint: boolean): boolean {
  const text = env.ORC_S3_FORCE_PATH_STYLE;
  if (text === undefined || text === '') return customEndpoint;
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new ConfigError(`ORC_S3_FORCE_PATH_STYLE must be 1 or 0 (true or false), not "${text}"`);
}

function credentialsFromEnv(env: Environment, address: string): S3Settings['credentials'] {
  const missing = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigError(
      `ORC_BLOB_STORE is ${address}, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set: give the bucket's access key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)`,
    );
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID!,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}
