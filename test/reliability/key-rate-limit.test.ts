// A request rate shared by two provider entries that use one key (decisions/0018): the entries
// `house-a` and `house-b` name the same key variable and address, each with its own
// `requests_per_second`; a provider counts requests per key, so together they must stay under the
// smaller rate. Steps alternate between them, 3 runs started at once with the spawned `orc run`
// on two `orc worker` processes, against a local OpenAI-protocol server that refuses more than
// PER_KEY_LIMIT requests of one key in any second. Before, each entry had a queue of its own and
// the two rates added up (9/s against a limit of 10/s, with the start-up burst of decisions/0015).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { failure, reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { documentOf } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';

const RUNS = 3;
const STEPS = 12;
const PER_KEY_LIMIT = 10;
const KEY = 'sk-shared-house-key';
// "A few": the server's limiter may let a short burst through while the queue starts.
const MOST_429S = 5;

const steps = Array.from(
  { length: STEPS },
  (_, index) =>
    `  - {id: ask_${index}, action: generate, model: house-${index % 2 ? 'b' : 'a'}:house-model, parameters: {prompt: "question ${index}"}}`,
);
const PIPELINE = `id: one-key\nsteps:\n${steps.join('\n')}\n`;

let server: FakeProviderServer;
let connection: Connection;
let client: Client;
const workers: SpawnedWorker[] = [];
const answeredAtMs = new Map<string, number[]>();
let refused = 0;
const askedAtMs: number[] = [];
beforeAll(async () => {
  server = await startOpenAIServer();
  server.respondWith((seen) => {
    const now = Date.now();
    askedAtMs.push(now);
    const key = seen.apiKey ?? '';
    const answered = answeredAtMs.get(key) ?? [];
    answeredAtMs.set(key, answered);
    if (answered.filter((time) => now - time < 1_000).length >= PER_KEY_LIMIT) {
      refused++;
      return failure(429, { headers: { 'retry-after': '1' } });
    }
    answered.push(now);
    return reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 5, output: 3 } });
  });
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
});
afterAll(async () => {
  for (const worker of workers) await worker.stop('SIGKILL').catch(() => {});
  await server?.close();
  await connection?.close();
});

describe('two provider entries with one key', () => {
  it('share one request rate across runs and workers: no run lost, hardly a 429', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-key-rate-'));
    const models = join(folder, 'models.yaml');
    const entry = `kind: openai-compatible, base_url: "${server.url}/v1", api_key_env: [ORC_TEST_HOUSE_KEY]`;
    await writeFile(
      models,
      [
        'providers:',
        `  house-a: {${entry}, rate_limit: {requests_per_second: 3}}`,
        `  house-b: {${entry}, rate_limit: {requests_per_second: 6}}`,
        'models:',
        '  - {provider: house-a, name: house-model, context: 32000, input_per_mtok: 0.1, output_per_mtok: 0.2}',
        '  - {provider: house-b, name: house-model, context: 32000, input_per_mtok: 0.1, output_per_mtok: 0.2}',
        '',
      ].join('\n'),
    );
    const file = join(folder, 'pipeline.yaml');
    await writeFile(file, PIPELINE);
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-key-rate-workspace-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('key-rate'),
      ORC_MODELS_FILE: models,
      ORC_TEST_HOUSE_KEY: KEY,
    };

    const listed = await runCli(['models', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const providers = (JSON.parse(listed.stdout) as { providers: { provider: string; shared_rate: unknown }[] })
      .providers;
    const shared = providers.find((provider) => provider.provider === 'house-a')?.shared_rate as { queue: string };
    expect(shared).toEqual({
      queue: expect.stringMatching(/^key-[0-9a-f]{12}$/),
      requests_per_second: 3,
      with: ['house-b'],
    });
    expect(providers.find((provider) => provider.provider === 'house-b')?.shared_rate).toEqual({
      queue: shared.queue,
      requests_per_second: 3,
      with: ['house-a'],
    });
    const table = await runCli(['models'], env);
    expect(table.stdout).toMatch(/house-a .* 3\/s \(shared: key-[0-9a-f]{12} 3\/s with house-b\)/);

    workers.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
    expect(workers[0]!.stderr()).toContain(`rate-limited provider queues ${env.ORC_TASK_QUEUE}@${shared.queue}`);
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
    const firstAskedMs = Math.min(...askedAtMs);
    const perSecond: number[] = [];
    for (const time of askedAtMs) {
      const second = Math.floor((time - firstAskedMs) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    const completed = documents.filter((document) => document.status === 'completed').length;
    console.log(
      `two entries, one key, shared 3/s (provider refuses over ${PER_KEY_LIMIT}/s per key): ${completed} of ${RUNS} runs completed, ` +
        `${server.requests.length} requests for ${RUNS * STEPS} calls, ${refused} answered 429, ` +
        `requests each second ${Array.from(perSecond, (count) => count ?? 0).join(' ')}, ${seconds.toFixed(1)} s after the last start`,
    );
    const failedSteps = documents.flatMap((document) =>
      Object.entries(document.steps).flatMap(([id, step]) =>
        step.status === 'completed' ? [] : [`${id}: ${step.status} ${JSON.stringify(step.error ?? {})}`],
      ),
    );
    expect(completed, failedSteps.slice(0, 5).join('\n')).toBe(RUNS);
    expect([...answeredAtMs.keys()]).toEqual([KEY]);
    expect(answeredAtMs.get(KEY)).toHaveLength(RUNS * STEPS);
    expect(refused).toBeLessThanOrEqual(MOST_429S);
  }, 180_000);
});
