// The blob store and the response cache in an S3-compatible bucket (ORC_BLOB_STORE), as workers
// on several machines use them: a real S3 server on loopback (moto, decisions/0016), the
// suite's dev server, real workers, the spawned `orc`. Each worker has a data folder of its
// own, so what one finds it can only have found in the bucket. The provider server counts the
// calls it gets: "0 calls" is counted, not assumed.
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ObjectStore } from '../../activities/index.js';
import { workerConfigFromEnv } from '../../workers/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { s3ServerUnavailable, startS3Server, type S3TestServer } from '../support/s3-server.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

const unavailable = s3ServerUnavailable();
if (unavailable) console.log(`test/cli/s3-blob-store.test.ts skipped: ${unavailable}`);

let s3: S3TestServer;
let openai: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  if (unavailable) return;
  [s3, openai] = await Promise.all([startS3Server(), startOpenAIServer()]);
  openai.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 100, output: 20 } }),
  );
  folder = await mkdtemp(join(tmpdir(), 'orc-s3-'));
}, 60_000);
afterAll(async () => {
  await Promise.all([s3?.close(), openai?.close()]);
});

/** One machine's worth of `orc`: its own data folder, cache folder, workspace and task queue. */
async function machine(bucket: string): Promise<Record<string, string>> {
  return {
    ...(await cliEnvironment()),
    ...s3.environment(bucket),
    ORC_DATA_DIR: await mkdtemp(join(tmpdir(), 'orc-s3-data-')),
    ORC_CACHE_DIR: await mkdtemp(join(tmpdir(), 'orc-s3-cache-')),
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: `${openai.url}/v1`,
  };
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

const CACHED = `id: shared-cache
model: openai:gpt-4o-mini
cache: true
steps:
  - {id: outline, action: generate, parameters: {prompt: "Outline a note on otters"}}
  - {id: title, action: generate, parameters: {prompt: "Title it"}}
`;

describe.skipIf(unavailable)('an S3 bucket shared by workers on two machines', () => {
  it("answers the second machine from the first machine's cache entries (0 provider calls); orc cache stats|clear work on the bucket", async () => {
    await s3.createBucket('shared-cache');
    const [first, second] = [await machine('shared-cache'), await machine('shared-cache')];
    const file = join(folder, 'cached.yaml');
    await writeFile(file, CACHED);

    const before = openai.requests.length;
    const one = await runCli(['run', file, '--json'], first, 120_000);
    expect(one.code, one.stderr).toBe(0);
    expect(openai.requests.length - before).toBe(2);
    const entries = (await s3.objects('shared-cache')).filter((object) =>
      object.key.startsWith('orc/cache/responses/'),
    );
    expect(entries).toHaveLength(2);

    const middle = openai.requests.length;
    const two = await runCli(['run', file, '--json'], second, 120_000);
    expect(two.code, two.stderr).toBe(0);
    expect(openai.requests.length - middle).toBe(0);
    const document = JSON.parse(two.stdout) as ResultDocument;
    expect(document.steps.outline?.cached).toMatchObject({ calls: 1 });
    expect(document.steps.outline?.result).toBe('answer to Outline a note on otters');
    expect(document.usage.model_calls).toBe(0);
    // Neither machine kept anything in its local cache folder.
    expect(await filesUnder(first.ORC_CACHE_DIR!)).toEqual([]);
    expect(await filesUnder(second.ORC_CACHE_DIR!)).toEqual([]);

    const stats = await runCli(['cache', 'stats', '--json'], second);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ location: 's3://shared-cache/orc/cache', entries: 2, hits: 2 });
    expect((await runCli(['cache', 'stats'], first)).stdout).toMatch(
      /Response cache s3:\/\/shared-cache\/orc\/cache\n +entries +2/,
    );
    const cleared = await runCli(['cache', 'clear', '--json'], first);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ location: 's3://shared-cache/orc/cache', removed: 2 });
    expect((await s3.objects('shared-cache')).filter((object) => object.key.startsWith('orc/cache/'))).toEqual([]);
  }, 240_000);

  it('keeps a 10 MB step output in the bucket: orc result and orc status read it on another machine, orc gc deletes it once the run is gone', async () => {
    await s3.createBucket('large-values');
    const workerMachine = await machine('large-values');
    const readerMachine = await machine('large-values');
    const storage = workerConfigFromEnv(workerMachine).storage;
    expect(storage.kind).toBe('s3');
    await withWorker(
      async (engine) => {
        const ir = compileTest(`
steps:
  - {id: big, tool: test, action: big, parameters: {megabytes: 10}}
outputs:
  size: "{{ big.result | length }}"
`);
        const handle = await startPipeline(engine, ir);
        expect((await documentOf(handle)).success).toBe(true);
        const values = (await s3.objects('large-values')).filter((object) =>
          /^orc\/blobs\/[0-9a-f]{64}$/.test(object.key),
        );
        expect(values.some((object) => object.bytes > 10 * 1024 * 1024)).toBe(true);
        expect(await filesUnder(workerMachine.ORC_DATA_DIR!)).toEqual([]);

        const result = await runCli(['result', handle.workflowId, '--json'], readerMachine, 120_000);
        expect(result.code, result.stderr).toBe(0);
        const read = JSON.parse(result.stdout) as ResultDocument;
        expect(read.outputs.size).toBe(10 * 1024 * 1024);
        expect(String(read.steps.big?.result).length).toBe(10 * 1024 * 1024);
        const status = await runCli(['status', handle.workflowId], readerMachine, 120_000);
        expect(status.code, status.stderr).toBe(0);
        expect(status.stdout).toMatch(/big +completed/);

        await engine.client.workflowService.deleteWorkflowExecution({
          namespace: 'default',
          workflowExecution: { workflowId: handle.workflowId },
        });
        await eventually(
          () =>
            handle.describe().then(
              () => undefined,
              (error: unknown) => (error instanceof WorkflowNotFoundError ? true : undefined),
            ),
          90_000,
          'the deleted run to be gone',
        );
        const collected = await runCli(['gc', '--older-than', '0s', '--json'], readerMachine);
        expect(collected.code, collected.stderr).toBe(0);
        const report = JSON.parse(collected.stdout) as { folder: string; removed: { count: number; bytes: number } };
        expect(report.folder).toBe('s3://large-values/orc/blobs');
        expect(report.removed.count).toBe(values.length);
        expect(report.removed.bytes).toBeGreaterThan(10 * 1024 * 1024);
        expect(await s3.objects('large-values')).toEqual([]);
      },
      { tools: { test: testTool(newRecorder()) }, dataDir: workerMachine.ORC_DATA_DIR!, storage },
    );
  }, 240_000);

  it('stops orc worker and orc cache at start-up with a message naming the variable, never a stack or a secret', async () => {
    const base = await machine('shared-cache');
    const cases: [Record<string, string | undefined>, RegExp][] = [
      [
        { ORC_BLOB_STORE: 'bucket/prefix' },
        /ORC_BLOB_STORE must be an S3 address such as s3:\/\/my-bucket\/orc .*not "bucket\/prefix"/,
      ],
      [
        { ORC_BLOB_STORE: 's3://No_Such/x' },
        /ORC_BLOB_STORE names the bucket "No_Such", which is not a valid bucket name/,
      ],
      [
        { AWS_SECRET_ACCESS_KEY: undefined },
        /ORC_BLOB_STORE is s3:\/\/shared-cache\/orc, but AWS_SECRET_ACCESS_KEY is not set/,
      ],
      [
        { ORC_S3_ENDPOINT: 'localhost:9000' },
        /ORC_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL .*not "localhost:9000"/,
      ],
      [
        { ORC_BLOB_STORE: 's3://no-such-bucket/orc' },
        /ORC_BLOB_STORE names the bucket s3:\/\/no-such-bucket at http:\/\/127\.0\.0\.1:\d+, which cannot be used: no such bucket \(HTTP 404\)/,
      ],
      [{ ORC_S3_ENDPOINT: 'http://127.0.0.1:1' }, /which cannot be used: .*ECONNREFUSED/],
    ];
    // The variables are read by one module for every command; the bucket is asked by the worker
    // and by each command that reads or deletes values: both kinds are run where the bucket is asked.
    for (const [change, message] of cases) {
      const commands =
        change.ORC_BLOB_STORE?.startsWith('s3://no-such') || change.ORC_S3_ENDPOINT?.startsWith('http')
          ? [['worker'], ['cache', 'stats']]
          : [['worker']];
      for (const command of commands) {
        const run = await runCli(command, { ...base, ...change }, 60_000);
        expect(run.code, `${command.join(' ')} ${JSON.stringify(change)}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stderr).not.toContain(base.AWS_SECRET_ACCESS_KEY);
      }
    }
  }, 180_000);

  it('maps S3 errors to failures Temporal retries or not: throttling and 5xx retried, 403 and a missing bucket not', async () => {
    // moto answers as S3 does for a missing bucket; a server that must refuse or throttle is a
    // plain HTTP server answering S3's error documents (moto never throttles).
    let answer = { status: 503, code: 'SlowDown' };
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(answer.status, { 'content-type': 'application/xml' });
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${answer.code}</Code><Message>${answer.code} here</Message></Error>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const credentials = { accessKeyId: 'moto', secretAccessKey: 'moto-secret' };
    const storeAt = (endpoint: string, bucket: string) =>
      s3ObjectStore({ bucket, prefix: 'orc', region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    const failureOf = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error as { type?: string; nonRetryable?: boolean; message: string },
      );
    try {
      const canned = storeAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'any-bucket');
      const seen: [string, string | undefined, boolean | undefined][] = [];
      for (const next of [
        { status: 503, code: 'SlowDown' },
        { status: 500, code: 'InternalError' },
        { status: 429, code: 'TooManyRequests' },
        { status: 403, code: 'AccessDenied' },
        { status: 400, code: 'InvalidRequest' },
      ]) {
        answer = next;
        const failure = await failureOf(canned.put('a', 'x'));
        seen.push([next.code, failure?.type, failure?.nonRetryable]);
        expect(failure?.message).toContain('writing a in s3://any-bucket/orc failed');
      }
      expect(seen).toEqual([
        ['SlowDown', 'BlobStoreUnavailable', false],
        ['InternalError', 'BlobStoreUnavailable', false],
        ['TooManyRequests', 'BlobStoreUnavailable', false],
        ['AccessDenied', 'BlobStoreRefused', true],
        ['InvalidRequest', 'BlobStoreRefused', true],
      ]);
      const missingBucket = await failureOf(storeAt(s3.endpoint, 'never-made').get('a'));
      expect(missingBucket).toMatchObject({ type: 'BlobStoreRefused', nonRetryable: true });
      expect(missingBucket?.message).toContain('NoSuchBucket');
      const closed = await failureOf(storeAt('http://127.0.0.1:1', 'any-bucket').get('a'));
      expect(closed).toMatchObject({ type: 'BlobStoreUnavailable', nonRetryable: false });
    } finally {
      server.close();
    }
  });

  it('fails a step whose large output the bucket refuses at once, and retries one the bucket throttles', async () => {
    // The server counts the requests: each attempt stops at its first (the SDK's retries are off).
    let answer = { status: 503, code: 'SlowDown' };
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      request.resume();
      response.writeHead(answer.status, { 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${answer.code}</Code></Error>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const storage = workerConfigFromEnv({ ...s3.environment('any-bucket'), ORC_S3_ENDPOINT: endpoint }).storage;
    const ir = compileTest(`
steps:
  - {id: big, tool: test, action: big, retry: {max_attempts: 3, initial_interval: 100ms}, parameters: {megabytes: 0.5}}
`);
    try {
      await withWorker(
        async (engine) => {
          const throttled = await documentOf(await startPipeline(engine, ir));
          expect(throttled.steps.big?.error?.type).toBe('BlobStoreUnavailable');
          expect(requests).toBe(3);
          answer = { status: 403, code: 'AccessDenied' };
          const refused = await documentOf(await startPipeline(engine, ir));
          expect(refused.steps.big?.error).toMatchObject({ type: 'BlobStoreRefused' });
          expect(refused.steps.big?.error?.message).toContain('AccessDenied');
          expect(requests).toBe(4);
        },
        { tools: { test: testTool(newRecorder()) }, storage },
      );
    } finally {
      server.close();
    }
  }, 120_000);
});
