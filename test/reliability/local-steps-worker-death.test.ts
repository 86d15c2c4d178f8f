// A worker killed with SIGKILL in the middle of a sequence of local steps: the run completes on
// the next worker, every step is recorded exactly once, and no step whose result was in history
// when the worker died runs again. Local results become history markers only when their
// workflow task completes (Core heartbeats a long one), so steps that finished after the last
// completed task run again on the next worker: at least once, as docs/decisions/0008 says.
// Their side effect — a line in a journal — shows what ran how often.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { BUILT_IN_TOOLS } from '../../workflows/lang/tools/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { within, type SpawnedWorker } from '../operations/spawn-worker.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { connectTestClient, TestWorkers, workerEnvironment } from '../support/test-workers.js';
import journalTool from './fixtures/journal-tool.js';

const TOOL_MODULE = 'test/reliability/fixtures/journal-tool.ts';
const STEPS = 80;
const STEP_MS = 150;

function pipeline(): PipelineIR {
  const lines = ['id: local_kill', 'steps:'];
  for (let index = 0; index < STEPS; index++)
    lines.push(
      `  - {id: s${index}, tool: journal, action: note, execution: local, ${index ? `depends_on: [s${index - 1}], ` : ''}parameters: {label: s${index}, ms: ${STEP_MS}}}`,
    );
  const { ir, diagnostics } = compilePipeline(`${lines.join('\n')}\n`, {
    file: 'local-kill.yaml',
    tools: { ...BUILT_IN_TOOLS, journal: journalTool.definition },
  });
  if (!ir) throw new Error(diagnostics.map((item) => item.message).join('\n'));
  return ir;
}

let connection: Connection;
let client: Client;
let workspaceRoot: string;
const workers = new TestWorkers();

beforeAll(async () => {
  workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-local-kill-'));
  ({ connection, client } = await connectTestClient());
});

afterAll(async () => {
  await workers.killAll();
  await connection?.close();
});

async function startWorker(taskQueue: string, graceSeconds = 10): Promise<SpawnedWorker> {
  const env = await workerEnvironment({
    label: 'local-kill',
    workspace: workspaceRoot,
    taskQueue,
    tools: TOOL_MODULE,
    extra: { ORC_LOG_FORMAT: 'text', ORC_SHUTDOWN_GRACE_SECONDS: String(graceSeconds) },
  });
  return workers.spawn(env);
}

/** The journal's labels, in order. */
const journal = async () =>
  (await readFile(join(workspaceRoot, 'journal.log'), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[0]!);

/**
 * The labels of the steps whose results history holds, in order: local results (markers) and
 * regular activities' (a stopping worker's step moves on to one; its failed local attempt
 * records no result).
 */
async function recordedLabels(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const labels: string[] = [];
  for (const event of events) {
    const marker = event.markerRecordedEventAttributes;
    const payload =
      marker?.markerName === 'core_local_activity'
        ? marker.details?.result?.payloads?.[0]
        : event.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    if (!payload?.data) continue;
    labels.push((JSON.parse(Buffer.from(payload.data).toString()) as { result: { label: string } }).result.label);
  }
  return labels;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until history holds some local results and the journal shows steps past them. */
async function midTask(handle: WorkflowHandle, worker: SpawnedWorker): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [recorded, journaled] = [await recordedLabels(handle), await journal()];
    if (recorded.length >= 3 && journaled.length >= recorded.length + 3) return;
    await pause(20);
  }
  throw new Error(`no workflow task recorded local results within 60 s; worker stderr:\n${worker.stderr()}`);
}

const counts = (labels: string[]) => {
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  return seen;
};

const ALL = Array.from({ length: STEPS }, (_, index) => `s${index}`);

/** Runs the pipeline on a worker, stops that worker with `signal` mid-task, finishes on another. */
async function stopMidRun(signal: 'SIGKILL' | 'SIGTERM') {
  const taskQueue = uniqueTaskQueue();
  await rm(join(workspaceRoot, 'journal.log'), { force: true });
  // A short grace time: a stopping worker must not run the rest of the chain before it exits.
  const first = await startWorker(taskQueue, 1);
  const handle = await startPipeline(
    { client, taskQueue, workspaceRoot },
    pipeline(),
    {},
    {},
    `local-kill-${taskQueue}`,
  );
  await midTask(handle, first);
  first.process.kill(signal);
  await within(first.exited, 30_000, () => `the worker did not exit within 30 s of ${signal}:\n${first.stderr()}`);
  const recordedAtStop = await recordedLabels(handle);
  const journaledAtStop = await journal();
  await startWorker(taskQueue);
  const document = await within(documentOf(handle), 120_000, () => 'the run did not finish after the restart');
  expect(document.status).toBe('completed');
  // Every step recorded exactly once, in order.
  expect(await recordedLabels(handle)).toEqual(ALL);
  return { document, recordedAtStop, journaledAtStop, ran: counts(await journal()) };
}

describe('a worker stopped during local steps', () => {
  it('SIGKILL: the run completes on the next worker; steps recorded before the kill never run again, none is recorded twice', async () => {
    const { document, recordedAtStop, journaledAtStop, ran } = await stopMidRun('SIGKILL');
    for (const label of ALL) expect(document.steps[label]).toMatchObject({ status: 'completed', execution: 'local' });
    for (const label of recordedAtStop) expect(ran.get(label), label).toBe(1);
    // The kill hit a workflow task whose local results were not in history yet: those ran
    // again (at least once); every other step ran once.
    const lost = journaledAtStop.filter((label) => !recordedAtStop.includes(label));
    expect(lost.length).toBeGreaterThan(0);
    for (const label of ALL) expect(ran.get(label), label).toBe(lost.includes(label) ? 2 : 1);
  }, 240_000);

  it('SIGTERM: the worker exits without running the rest of the chain, the next local step moves on to a regular activity, and no step runs twice', async () => {
    const { document, ran } = await stopMidRun('SIGTERM');
    for (const label of ALL) expect(ran.get(label), label).toBe(1);
    const movedOn = ALL.filter((label) => document.steps[label]?.execution === 'activity');
    expect(movedOn).toHaveLength(1);
    expect(document.steps[movedOn[0]!]).toMatchObject({
      status: 'completed',
      attempts: 1,
      local_fallback: 'its worker was shutting down',
    });
  }, 240_000);
});
