// A real `orc worker` with OTEL_EXPORTER_OTLP_ENDPOINT exports a span per activity over
// OTLP/HTTP to a local collector started by the test (no network beyond loopback).
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { spawnWorker } from './spawn-worker.js';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('orc worker tracing', () => {
  it('exports a span for each activity to the OTLP endpoint, flushed when the worker stops', async () => {
    const posts: { url: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      void readBody(request).then((body) => {
        posts.push({ url: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-tracing-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('tracing'),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'orc-test-worker',
    };
    const worker = await spawnWorker(env);
    try {
      const run = await runCli(['run', 'pipelines/hello.yaml', '--json'], env, 90_000);
      expect(run.code, run.stderr).toBe(0);
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0);
      await new Promise((resolve) => collector.close(resolve));
    }
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((post) => post.url === '/v1/traces')).toBe(true);
    const text = posts.map((post) => post.body).join('\n');
    expect(text).toContain('orc-test-worker');
    expect(text).toContain('RunActivity:runTool');
  });

  it('refuses an endpoint that is not an http(s) URL at start-up', async () => {
    const result = await runCli(
      ['worker'],
      {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        ORC_DATA_DIR: inject('dataDir'),
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      },
      60_000,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL');
  });
});
