// Local steps on a real server and worker: cheap built-in actions run as local activities (a
// marker in history, no activity task), `execution:` overrides the default, and a local step
// that fails or runs past its local budget moves on to a regular activity with the attempts it
// has left — visible in the result document and in history, with its summary for the Web UI.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { ToolImplementation } from '../../activities/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runPipelineDocument, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

interface HistoryShape {
  /** Summaries of regular activities, then of local ones (their markers), in history order. */
  activitySummaries: string[];
  localSummaries: string[];
  patches: string[];
}

async function historyShape(client: Client, workflowId: string): Promise<HistoryShape> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const summary = (data: Uint8Array | null | undefined) => JSON.parse(Buffer.from(data ?? []).toString()) as string;
  const shape: HistoryShape = { activitySummaries: [], localSummaries: [], patches: [] };
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes)
      shape.activitySummaries.push(summary(event.userMetadata?.summary?.data));
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity')
      shape.localSummaries.push(summary(event.userMetadata?.summary?.data));
    if (marker?.markerName === 'core_patch') {
      const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
      shape.patches.push((JSON.parse(Buffer.from(data ?? []).toString()) as { id: string }).id);
    }
  }
  return shape;
}

async function runWith(
  ir: PipelineIR,
  tools: Record<string, ToolImplementation>,
  check: (document: ResultDocument, shape: HistoryShape, workspaceRoot: string) => Promise<void> | void,
): Promise<void> {
  await withWorker(
    async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      await check(document, await historyShape(engine.client, document.run.workflow_id), engine.workspaceRoot);
    },
    { tools },
  );
}

describe('local steps', () => {
  it('runs filesystem steps as local activities by default, each with its summary, and regular ones on request', async () => {
    const ir = compileTest(`
id: local_default
steps:
  - {id: write, tool: filesystem, action: write, parameters: {path: local/a.txt, content: "one"}}
  - {id: read, tool: filesystem, action: read, parameters: {path: "{{ write.result.path }}"}}
  - {id: grow, tool: filesystem, action: append, depends_on: [read], parameters: {path: local/a.txt, content: " two"}}
  - id: check
    tool: filesystem
    action: exists
    execution: activity
    depends_on: [grow]
    parameters: {path: local/a.txt}
  - {id: echo, tool: test, action: echo, parameters: {value: "{{ read.result.content }} {{ read.execution }}"}}
`);
    // append is not local by default: run twice after a crash, it would append twice.
    expect(ir.steps.map((step) => (step.kind === 'tool' ? (step.execution ?? 'activity') : step.kind))).toEqual([
      'local',
      'local',
      'activity',
      'activity',
      'activity',
    ]);
    await runWith(ir, { test: testTool(newRecorder()) }, async (document, shape, workspaceRoot) => {
      expect(document.status).toBe('completed');
      expect(document.steps.write).toMatchObject({ status: 'completed', execution: 'local', attempts: 1 });
      expect(document.steps.read).toMatchObject({ status: 'completed', execution: 'local' });
      expect(document.steps.grow).toMatchObject({ status: 'completed', execution: 'activity' });
      expect(document.steps.check).toMatchObject({ status: 'completed', execution: 'activity' });
      // Templates read how a step ran, as the result document says it.
      expect(document.steps.echo).toMatchObject({ result: 'one local', execution: 'activity' });
      expect(await readFile(join(workspaceRoot, 'local/a.txt'), 'utf8')).toBe('one two');
      expect(shape.localSummaries).toEqual([
        'write · filesystem.write local/a.txt',
        'read · filesystem.read local/a.txt',
      ]);
      expect([...shape.activitySummaries].sort()).toEqual([
        'check · filesystem.exists local/a.txt',
        'echo · test.echo',
        'grow · filesystem.append local/a.txt',
      ]);
      expect(shape.patches).toContain('orc-local-steps');
    });
  });

  it('moves a failing local step to a regular activity once its local attempts are used, with the attempts it has left', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
id: local_fallback_attempts
steps:
  - id: flaky
    tool: test
    action: fail
    execution: local
    retry: {max_attempts: 5, initial_interval: 100ms, backoff: 1}
    parameters: {times: 3, key: flaky}
`);
    await runWith(ir, { test: testTool(recorder) }, (document, shape) => {
      expect(document.steps.flaky).toMatchObject({
        status: 'completed',
        execution: 'activity',
        attempts: 4,
        local_fallback: '3 local attempts failed and the step has more',
      });
      expect(recorder.attempts.get('flaky')).toBe(4);
      expect(shape.localSummaries).toEqual(['flaky · test.fail']);
      expect(shape.activitySummaries).toEqual(['flaky · test.fail']);
    });
  });

  it('fails a local step whose local attempts are all the step has, without a regular activity', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
id: local_exhausted
steps:
  - id: broken
    tool: test
    action: fail
    execution: local
    retry: {max_attempts: 2, initial_interval: 100ms}
    parameters: {key: broken, type: Broken}
`);
    await runWith(ir, { test: testTool(recorder) }, (document, shape) => {
      expect(document.steps.broken).toMatchObject({
        status: 'failed',
        execution: 'local',
        attempts: 2,
        error: { type: 'Broken' },
      });
      expect(document.steps.broken?.local_fallback).toBeUndefined();
      expect(recorder.attempts.get('broken')).toBe(2);
      expect(shape.activitySummaries).toEqual([]);
    });
  });

  it('fails a local step at once on a non-retryable failure', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
id: local_non_retryable
steps:
  - id: refused
    tool: test
    action: fail
    execution: local
    parameters: {key: refused, type: Refused, retryable: false}
`);
    await runWith(ir, { test: testTool(recorder) }, (document, shape) => {
      expect(document.steps.refused).toMatchObject({
        status: 'failed',
        execution: 'local',
        error: { type: 'Refused' },
      });
      expect(recorder.attempts.get('refused')).toBe(1);
      expect(shape.activitySummaries).toEqual([]);
    });
  });

  it('moves a local step that runs past its local budget to a regular activity, even with one attempt allowed', async () => {
    const slowWhenLocal: ToolImplementation = {
      async echo(parameters) {
        const context = Context.current();
        // Locally it outlasts the budget (and notices the cancellation); as an activity it answers at once.
        if (context.info.isLocal) await context.sleep(30_000);
        return parameters.value;
      },
    };
    const ir = compileTest(`
id: local_fallback_budget
steps:
  - {id: slow, tool: test, action: echo, execution: local, retry: {max_attempts: 1}, parameters: {value: done}}
`);
    await runWith(ir, { test: slowWhenLocal }, (document, shape) => {
      expect(document.steps.slow).toMatchObject({
        status: 'completed',
        result: 'done',
        execution: 'activity',
        local_fallback: 'its local attempts ran past 5000 ms',
        // The local attempt was cut by the budget, not failed: the step's one attempt is still the activity's.
        attempts: 2,
      });
      expect(shape.localSummaries).toEqual(['slow · test.echo']);
      expect(shape.activitySummaries).toEqual(['slow · test.echo']);
    });
  }, 60_000);

  it('fails a local step whose every attempt runs into its own timeout, below the budget, without a regular activity', async () => {
    const calls: boolean[] = [];
    const hangs: ToolImplementation = {
      async echo() {
        const context = Context.current();
        calls.push(context.info.isLocal);
        await context.sleep(30_000);
        return null;
      },
    };
    const ir = compileTest(`
id: local_own_timeout
steps:
  - id: stuck
    tool: test
    action: echo
    execution: local
    timeout: 1s
    retry: {max_attempts: 2, initial_interval: 100ms}
    parameters: {value: never}
`);
    await runWith(ir, { test: hangs }, (document, shape) => {
      expect(document.steps.stuck).toMatchObject({ status: 'failed', execution: 'local', error: { type: 'Timeout' } });
      expect(document.steps.stuck?.local_fallback).toBeUndefined();
      expect(calls).toEqual([true, true]);
      expect(shape.activitySummaries).toEqual([]);
    });
  }, 60_000);

  it('keeps large local results out of history: twelve 1 MB results in a row fit the workflow tasks that record them', async () => {
    // Markers of one workflow task travel in one completion (the server takes 4 MB at most):
    // results above the external-storage threshold must leave as claims, as activity results do.
    const steps = Array.from(
      { length: 12 },
      (_, index) =>
        `  - {id: b${index}, tool: test, action: big, execution: local, ${index ? `depends_on: [b${index - 1}], ` : ''}parameters: {megabytes: 1}}`,
    );
    const ir = compileTest(`id: local_big\nsteps:\n${steps.join('\n')}\n`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.steps.b11).toMatchObject({ status: 'completed', execution: 'local' });
        const events = (await engine.client.workflow.getHandle(document.run.workflow_id).fetchHistory()).events ?? [];
        const markerBytes = events
          .map((event) => event.markerRecordedEventAttributes)
          .filter((marker) => marker?.markerName === 'core_local_activity')
          .map((marker) =>
            Object.values(marker!.details ?? {}).reduce(
              (sum, value) =>
                sum + (value.payloads ?? []).reduce((size, payload) => size + (payload.data?.length ?? 0), 0),
              0,
            ),
          );
        expect(markerBytes).toHaveLength(12);
        expect(Math.max(...markerBytes)).toBeLessThan(64 * 1024);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  }, 120_000);

  it('splits a fan-out of local steps into workflow tasks of at most 250 local results, 8 running at once', async () => {
    // One workflow task held a whole fan-out before: past the 10 s task timeout it timed out,
    // and its retry replayed everything and timed out again (local-window.ts).
    const ir = compileTest(`
id: local_fan_out
steps:
  - id: each
    for_each: "{{ range(600) }}"
    max_parallel: 100
    steps:
      - {id: work, tool: test, action: echo, execution: local, parameters: {value: "{{ item }}"}}
`);
    const recorder = newRecorder();
    const tool = testTool(recorder);
    let running = 0;
    let most = 0;
    const counted: ToolImplementation = {
      async echo(parameters, context) {
        most = Math.max(most, ++running);
        try {
          return await tool.echo!(parameters, context);
        } finally {
          running--;
        }
      },
    };
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.steps.each).toMatchObject({ status: 'completed', iterations: 600 });
        const events = (await engine.client.workflow.getHandle(document.run.workflow_id).fetchHistory()).events ?? [];
        const perTask: number[] = [0];
        for (const event of events) {
          if (event.workflowTaskCompletedEventAttributes) perTask.push(0);
          if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') perTask[perTask.length - 1]!++;
        }
        expect(events.filter((event) => event.workflowTaskTimedOutEventAttributes)).toEqual([]);
        expect(perTask.reduce((sum, count) => sum + count, 0)).toBe(600);
        expect(Math.max(...perTask)).toBeLessThanOrEqual(250);
        expect(events.filter((event) => event.timerStartedEventAttributes).length).toBeGreaterThanOrEqual(2);
        expect(most).toBeLessThanOrEqual(8);
      },
      { tools: { test: counted } },
    );
  }, 180_000);

  it('cancels a fan-out of local steps once its workflow task ends: the steps running then end cancelled, the rest never start', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
id: local_fan_out_cancelled
steps:
  - id: each
    for_each: "{{ range(40) }}"
    max_parallel: 40
    steps:
      - {id: nap, tool: test, action: sleep, execution: local, parameters: {ms: 4000, label: "{{ item }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        for (let attempt = 0; attempt < 200 && recorder.calls.length < 8; attempt++)
          await new Promise((resolve) => setTimeout(resolve, 50));
        const cancelledAt = Date.now();
        await handle.cancel();
        const error = await Promise.race([
          handle.result().catch((failure: unknown) => failure),
          new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000)),
        ]);
        expect(error).toBeInstanceOf(WorkflowFailedError);
        expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
        // The request reaches the run when the task holding its local steps ends (Core
        // heartbeats it within 8 s): steps running then end cancelled, none starts after.
        expect(Date.now() - cancelledAt).toBeLessThan(20_000);
        expect(recorder.calls.length).toBeLessThan(40);
        expect(recorder.calls.at(-1)?.cancelled).toBe(true);
      },
      { tools: { test: testTool(recorder) } },
    );
  }, 90_000);
});
