// A real S3-compatible server on loopback for the tests: moto's server (`python3 -m
// moto.server`, moto 5.2.1, which .ci/run installs; decisions/0016). Buckets live in its memory
// and vanish with it. Undefined, with the reason, only when moto cannot be started at all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../temporal-dev/index.js';

export interface S3TestServer {
  endpoint: string;
  /** The variables a worker or `orc` needs to use `bucket` (credentials moto accepts). */
  environment(bucket: string, prefix?: string): Record<string, string>;
  createBucket(bucket: string): Promise<void>;
  /** Every object name in the bucket, with its size. */
  objects(bucket: string): Promise<{ key: string; bytes: number }[]>;
  close(): Promise<void>;
}

const PYTHON = process.env.ORC_TEST_PYTHON ?? 'python3';
const READY_TIMEOUT_MS = 30_000;

/** Why moto cannot run here, or undefined when it can. */
export function s3ServerUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import moto.server'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0)
    return `moto's server is not installed for ${PYTHON} (pip install 'moto[server]==5.2.1'): ${probe.stderr.trim().split('\n').at(-1)}`;
  return undefined;
}

export async function startS3Server(): Promise<S3TestServer> {
  const port = await freePort();
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, child, () => output);
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'moto', secretAccessKey: 'moto-secret' },
  });
  return {
    endpoint,
    environment: (bucket, prefix = 'orc') => ({
      ORC_BLOB_STORE: `s3://${bucket}/${prefix}`,
      ORC_S3_ENDPOINT: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'moto',
      AWS_SECRET_ACCESS_KEY: 'moto-secret-never-printed',
    }),
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async objects(bucket) {
      const found: { key: string; bytes: number }[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const item of page.Contents ?? []) found.push({ key: item.Key!, bytes: item.Size ?? 0 });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found;
    },
    async close() {
      client.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto's server exited (${child.exitCode}):\n${output()}`);
    const answered = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`moto's server did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}
