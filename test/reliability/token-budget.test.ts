// Token budgets shared by every run and worker: 5 runs of 20 parallel model steps, started at
// once with the spawned `orc run`, on two `orc worker` processes, against a local OpenAI-protocol
// server that enforces a tokens-per-window limit (a "minute" shortened to WINDOW_MS) and reports
// what is left in OpenAI's `x-ratelimit-*` headers on every answer. Each worker reads the
// headers and holds a call that would not fit until the window resets, so no run is lost and
// hardly a request is refused. Without the budgets (the fix undone) 146 of 246 requests were 429s.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { documentOf } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';

const RUNS = 5;
const STEPS = 20;
const MAX_TOKENS = 40;
const TOKENS_PER_WINDOW = 1_000;
const WINDOW_MS = 3_000;
// "A few": at a window's end each worker may send one call the other has already used the room for
// (measured: 4 of 104 over five windows).
const MOST_429S = 8;

const steps = Array.from(
  { length: STEPS },
  (_, index) =>
    `  - {id: ask_${index}, action: generate, parameters: {prompt: "question ${index}", max_tokens: ${MAX_TOKENS}}}`,
);
const PIPELINE = `id: budgeted\nmodel: metered:house-model\nsteps:\n${steps.join('\n')}\n`;

let server: FakeProviderServer;
let connection: Connection;
let client: Client;
const workers: SpawnedWorker[] = [];
beforeAll(async () => {
  server = await startOpenAIServer();
  server.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 5, output: 3 } }),
  );
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
});
afterAll(async () => {
  for (const worker of workers) await worker.stop('SIGKILL').catch(() => {});
  await server?.close();
  await connection?.close();
});

describe('a provider token budget learned from its rate-limit headers', () => {
  it('holds across 5 concurrent runs and 2 workers: no run lost, hardly a 429', async () => {
    const limit = server.limitTokens({ tokensPerWindow: TOKENS_PER_WINDOW, windowMs: WINDOW_MS });
    const folder = await mkdtemp(join(tmpdir(), 'orc-token-budget-'));
    const models = join(folder, 'models.yaml');
    await writeFile(
      models,
      [
        'providers:',
        `  metered: {kind: openai-compatible, base_url: "${server.url}/v1", needs_key: false, rate_limit: {tokens_per_minute: 90000}}`,
        'models:',
        '  - {provider: metered, name: house-model, context: 32000, input_per_mtok: 0.1, output_per_mtok: 0.2}',
        '',
      ].join('\n'),
    );
    const file = join(folder, 'pipeline.yaml');
    await writeFile(file, PIPELINE);
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-token-budget-workspace-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('token-budget'),
      ORC_MODELS_FILE: models,
    };

    const listed = await runCli(['models'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^metered\s+yes\s+90000 tokens\/min\s/m);

    workers.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
    const started = await Promise.all(
      Array.from({ length: RUNS }, () => runCli(['run', file, '--detach', '--json'], env, 90_000)),
    );
    const startedAtMs = Date.now();
    const documents = await Promise.all(
      started.map((result) => {
        expect(result.code, result.stderr).toBe(0);
        const id = (JSON.parse(result.stdout) as { workflow_id: string }).workflow_id;
        return documentOf(client.workflow.getHandle(id));
      }),
    );
    const seconds = (Date.now() - startedAtMs) / 1000;
    const completed = documents.filter((document) => document.status === 'completed').length;
    console.log(
      `token budget ${TOKENS_PER_WINDOW} tokens per ${WINDOW_MS / 1000} s window: ${completed} of ${RUNS} runs completed, ` +
        `${server.requests.length} requests for ${RUNS * STEPS} calls, ${limit.refused} answered 429, ` +
        `tokens charged each window ${limit.chargedPerWindow.join(' ')}, ${seconds.toFixed(1)} s after the last start`,
    );
    const failedSteps = documents.flatMap((document) =>
      Object.entries(document.steps).flatMap(([id, step]) =>
        step.status === 'completed' ? [] : [`${id}: ${step.status} ${JSON.stringify(step.error ?? {})}`],
      ),
    );
    expect(completed, failedSteps.slice(0, 5).join('\n')).toBe(RUNS);
    expect(limit.admitted).toBe(RUNS * STEPS);
    expect(limit.refused).toBeLessThanOrEqual(MOST_429S);
  }, 240_000);
});
