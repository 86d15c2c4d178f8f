// A rerun whose worker is killed (SIGKILL) while a live step runs: a new worker takes the run
// over, and nothing is paid twice — the reused model calls are never made, the calls made
// before the kill are not made again, the source's calls are read once. Real `orc worker`
// processes; the model is a local server speaking OpenAI's protocol that counts requests.
import type { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { eventually } from '../support/cli-runs.js';
import { documentOf } from '../support/run-document.js';
import {
  connectTestClient,
  pipelineFile,
  startDetached,
  TestWorkers,
  workerEnvironment,
} from '../support/test-workers.js';

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
const workers = new TestWorkers();
beforeAll(async () => {
  openai = await startOpenAIServer();
  openai.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 1_000, output: 200 } }),
  );
  ({ connection, client } = await connectTestClient());
});
afterAll(async () => {
  await workers.killAll();
  await openai?.close();
  await connection?.close();
});

describe('a rerun whose worker is killed', () => {
  it('pays nothing twice: reused calls stay unmade, the source is read once, each live call is made once', async () => {
    const env = await workerEnvironment({
      label: 'rerun-kill',
      tools: 'test/operations/fixtures/slow-tool.ts',
      openai,
    });
    const worker = await workers.spawn(env);

    const sourceId = await startDetached(['run', await pipelineFile('rerun-kill', PIPELINE)], env);
    expect((await documentOf(client.workflow.getHandle(sourceId))).status).toBe('completed');

    const before = openai.requests.length;
    const handle = client.workflow.getHandle(await startDetached(['rerun', sourceId, '--from', 'pause'], env));
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
    await workers.kill(worker);
    await workers.spawn(env);

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
