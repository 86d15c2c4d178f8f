// A rerun whose worker is killed (SIGKILL) while a live step runs: a new worker takes the run
// over, and nothing is paid twice — the reused model calls are never made, the calls made
// before the kill are not made again, the source's calls are read once. Real `orc worker`
// processes; the model is a local server speaking OpenAI's protocol that counts requests.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { eventually } from '../support/cli-runs.js';
import { documentOf } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';

// The slow step's heartbeat timeout is its 4 s timeout: a dead worker's attempt is retried then.
const PIPELINE = `id: rerun-kill
model: openai:gpt-4o-mini
steps:
  - {id: first, action: generate, parameters: {prompt: first}}
  - {id: second, action: generate, parameters: {prompt: "second after {{ first }}"}}
  - id: pause
    tool: slow
    action: wait
    depends_on: [second]
    timeout: 4s
    retry: {max_attempts: 5, initial_interval: 200ms}
    parameters: {ms: 3000, retry_ms: 300}
  - {id: last, action: generate, parameters: {prompt: "last after {{ pause.ms }}"}}
`;

const STARTED = protos.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

let openai: FakeProviderServer;
let connection: Connection;
let client: Client;
const workers: SpawnedWorker[] = [];
beforeAll(async () => {
  openai = await startOpenAIServer();
  openai.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 1_000, output: 200 } }),
  );
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
});
afterAll(async () => {
  for (const worker of workers) await worker.stop('SIGKILL').catch(() => {});
  await openai?.close();
  await connection?.close();
});

describe('a rerun whose worker is killed', () => {
  it('pays nothing twice: reused calls stay unmade, the source is read once, each live call is made once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-rerun-kill-'));
    const file = join(folder, 'pipeline.yaml');
    await writeFile(file, PIPELINE);
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-rerun-kill-workspace-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('rerun-kill'),
      ORC_TOOLS: 'test/operations/fixtures/slow-tool.ts',
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: `${openai.url}/v1`,
    };
    const spawn = async () => {
      const worker = await spawnWorker(env);
      workers.push(worker);
      return worker;
    };
    let worker = await spawn();

    const started = await runCli(['run', file, '--detach', '--json'], env, 90_000);
    expect(started.code, started.stderr).toBe(0);
    const sourceId = (JSON.parse(started.stdout) as { workflow_id: string }).workflow_id;
    expect((await documentOf(client.workflow.getHandle(sourceId))).status).toBe('completed');

    const before = openai.requests.length;
    const rerun = await runCli(['rerun', sourceId, '--from', 'pause', '--detach', '--json'], env, 90_000);
    expect(rerun.code, rerun.stderr).toBe(0);
    const handle = client.workflow.getHandle((JSON.parse(rerun.stdout) as { workflow_id: string }).workflow_id);
    // Killed while the live slow step runs: the reused steps are done, `last` has not begun.
    await eventually(
      async () =>
        (await handle.describe()).raw.pendingActivities?.some(
          (activity) => activity.activityType?.name === 'runTool' && activity.state === STARTED,
        )
          ? true
          : undefined,
      30_000,
      'the slow step to run',
    );
    await worker.stop('SIGKILL');
    worker = await spawn();

    const document: ResultDocument = await documentOf(handle);
    expect(document.status, JSON.stringify(document.error)).toBe('completed');
    expect(document.steps.first?.reused).toMatchObject({ run: sourceId, calls: 1 });
    expect(document.steps.second?.reused).toMatchObject({ run: sourceId, calls: 1 });
    // The killed attempt was retried on the new worker (its retry waits 300 ms).
    expect(document.steps.pause).toMatchObject({ status: 'completed', attempts: 2, result: { ms: 300 } });
    // One provider call in the whole rerun: `last`, after the kill.
    expect(openai.requests.slice(before).map((request) => request.seen?.messages.at(-1)?.text)).toEqual([
      'last after 300',
    ]);
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).flatMap(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
    );
    expect(scheduled).toEqual(['loadReusableResults', 'runTool', 'runModel']);
    expect(document.usage.model_calls).toBe(1);
  }, 240_000);
});
