// A provider's rate limit shared by every run and worker: 5 runs of 20 parallel model steps,
// started at once with the spawned `orc run`, on two `orc worker` processes, against a local
// OpenAI-protocol server that answers 429 to more than SERVER_LIMIT requests in any second.
// The models file gives the provider `rate_limit: {requests_per_second: 8}`: its calls go to
// the provider's own task queue, which the Temporal server hands out at that rate to both
// workers together — so no run is lost and hardly a request is refused. `orc models` shows it.
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

const RUNS = 5;
const STEPS = 20;
const CONFIGURED_PER_SECOND = 5;
const SERVER_LIMIT = 20;
// "A few": the server's limiter may let a short burst through at the start.
const MOST_429S = 5;

const steps = Array.from(
  { length: STEPS },
  (_, index) => `  - {id: ask_${index}, action: generate, parameters: {prompt: "question ${index}"}}`,
);
const PIPELINE = `id: limited\nmodel: limited:house-model\nsteps:\n${steps.join('\n')}\n`;

let server: FakeProviderServer;
let connection: Connection;
let client: Client;
const workers: SpawnedWorker[] = [];
const answeredAtMs: number[] = [];
let refused = 0;
const askedAtMs: number[] = [];
beforeAll(async () => {
  server = await startOpenAIServer();
  // The provider's own limit: more than SERVER_LIMIT requests within a second are refused.
  server.respondWith((seen) => {
    const now = Date.now();
    askedAtMs.push(now);
    const recent = answeredAtMs.filter((time) => now - time < 1_000).length;
    if (recent >= SERVER_LIMIT) {
      refused++;
      return failure(429, { headers: { 'retry-after': '1' } });
    }
    answeredAtMs.push(now);
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

describe('a provider rate limit in the models file', () => {
  it('holds across 5 concurrent runs and 2 workers: no run lost, hardly a 429', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-rate-limit-'));
    const models = join(folder, 'models.yaml');
    await writeFile(
      models,
      [
        'providers:',
        `  limited: {kind: openai-compatible, base_url: "${server.url}/v1", needs_key: false, rate_limit: {requests_per_second: ${CONFIGURED_PER_SECOND}}}`,
        'models:',
        '  - {provider: limited, name: house-model, context: 32000, input_per_mtok: 0.1, output_per_mtok: 0.2}',
        '',
      ].join('\n'),
    );
    const file = join(folder, 'pipeline.yaml');
    await writeFile(file, PIPELINE);
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-rate-limit-workspace-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('rate-limit'),
      ORC_MODELS_FILE: models,
    };

    const listed = await runCli(['models', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const providers = (JSON.parse(listed.stdout) as { providers: { provider: string; rate_limit: unknown }[] })
      .providers;
    expect(providers.find((provider) => provider.provider === 'limited')?.rate_limit).toEqual({
      requests_per_second: CONFIGURED_PER_SECOND,
    });
    expect(providers.find((provider) => provider.provider === 'openai')?.rate_limit).toBeNull();

    workers.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
    expect(workers[0]!.stderr()).toContain(`rate-limited provider queues ${env.ORC_TASK_QUEUE}@limited`);
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
      `rate limit ${CONFIGURED_PER_SECOND}/s (provider refuses over ${SERVER_LIMIT}/s): ${completed} of ${RUNS} runs completed, ` +
        `${server.requests.length} requests for ${RUNS * STEPS} calls, ${refused} answered 429, ` +
        `requests each second ${Array.from(perSecond, (count) => count ?? 0).join(' ')}, ${seconds.toFixed(1)} s after the last start`,
    );
    const failedSteps = documents.flatMap((document) =>
      Object.entries(document.steps).flatMap(([id, step]) =>
        step.status === 'completed' ? [] : [`${id}: ${step.status} ${JSON.stringify(step.error ?? {})}`],
      ),
    );
    expect(completed, failedSteps.slice(0, 5).join('\n')).toBe(RUNS);
    expect(answeredAtMs).toHaveLength(RUNS * STEPS);
    expect(refused).toBeLessThanOrEqual(MOST_429S);
  }, 240_000);
});
