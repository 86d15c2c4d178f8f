// `orc cancel` while a run is inside each kind of step: a timer, an approval, a for_each, a
// while loop, a sub-pipeline, an agent's tool call, sandboxed code. Each run must end as
// cancelled within the command's wait (not when the timer fires), with the step that was
// running cancelled, the steps that never started cancelled (not pending), no approval left
// open and nothing left running on the worker.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { loadModelRegistry } from '../../activities/models/index.js';
import { pendingApprovalsQuery, progressQuery } from '../../workflows/messages.js';
import type { ResultDocument, StepReport } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { bubblewrapProblem } from '../sandbox/sandbox-pipelines.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { startPipeline } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { withWorker, type TestEngine } from '../support/temporal.js';
import { compileTest, newRecorder, testTool, type Recorder } from '../support/test-tools.js';

let openai: FakeProviderServer;
beforeAll(async () => {
  openai = await startOpenAIServer();
});
afterAll(async () => {
  await openai?.close();
});

interface Case {
  kind: string;
  yaml: string;
  /** True once the run is inside the step to interrupt. */
  inside: (
    steps: Record<string, StepReport>,
    engine: { recorder: Recorder; handle: WorkflowHandle },
  ) => Promise<boolean> | boolean;
  /** The statuses of the result document's steps once cancelled. */
  expected: Record<string, string>;
  needs?: 'bubblewrap';
}

const AFTER = `  - {id: after, tool: test, action: echo, depends_on: [STEP], parameters: {value: never}}`;
const sleeping = (recorder: Recorder, label: string) =>
  recorder.calls.some((call) => call.label === label && call.end === undefined);

const cases: Case[] = [
  {
    kind: 'wait',
    yaml: `id: cancel-wait\nsteps:\n  - {id: pause, wait: 10m}\n${AFTER.replace('STEP', 'pause')}`,
    inside: (steps) => steps.pause?.status === 'running',
    expected: { pause: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'approval',
    yaml: `id: cancel-approval\nsteps:\n  - {id: review, approval: {title: Ship it?, timeout: 7d}}\n${AFTER.replace('STEP', 'review')}`,
    inside: async (steps, { handle }) =>
      steps.review?.status === 'running' && (await handle.query(pendingApprovalsQuery)).length === 1,
    expected: { review: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'for_each',
    yaml: `id: cancel-for-each\nsteps:\n  - id: each\n    for_each: "{{ [1, 2, 3, 4, 5, 6] }}"\n    max_parallel: 2\n    steps:\n      - {id: nap, tool: test, action: sleep, parameters: {ms: 120000, label: "item-{{ item }}"}}\n${AFTER.replace('STEP', 'each')}`,
    inside: (_steps, { recorder }) => sleeping(recorder, 'item-1') && sleeping(recorder, 'item-2'),
    expected: { each: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'while',
    yaml: `id: cancel-while\nsteps:\n  - id: again\n    while: "{{ true }}"\n    max_iterations: 50\n    steps:\n      - {id: nap, tool: test, action: sleep, parameters: {ms: 120000, label: "turn-{{ again.iteration }}"}}\n${AFTER.replace('STEP', 'again')}`,
    inside: (_steps, { recorder }) => sleeping(recorder, 'turn-0'),
    expected: { again: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'sub-pipeline',
    yaml: `id: cancel-sub\nsteps:\n  - id: child\n    pipeline: |\n      id: inner\n      steps:\n        - {id: nap, tool: test, action: sleep, parameters: {ms: 120000, label: inner}}\n        - {id: later, wait: 1s, depends_on: [nap]}\n${AFTER.replace('STEP', 'child')}`,
    inside: (_steps, { recorder }) => sleeping(recorder, 'inner'),
    expected: { child: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'agent',
    yaml: `id: cancel-agent\nmodel: openai:gpt-4o-mini\nsteps:\n  - {id: researcher, action: agent, parameters: {prompt: Use the sleep tool, tools: [test.sleep]}}\n${AFTER.replace('STEP', 'researcher')}`,
    inside: (_steps, { recorder }) => sleeping(recorder, 'agent'),
    expected: { researcher: 'cancelled', after: 'cancelled' },
  },
  {
    kind: 'code',
    yaml: `id: cancel-code\nsteps:\n  - {id: crunch, tool: terminal, action: execute, parameters: {command: "echo started; sleep 123.456", timeout: 300}}\n${AFTER.replace('STEP', 'crunch')}`,
    inside: (steps) => steps.crunch?.status === 'running',
    expected: { crunch: 'cancelled', after: 'cancelled' },
    needs: 'bubblewrap',
  },
];

const sandboxProblem = bubblewrapProblem();

describe('orc cancel during every kind of step', () => {
  for (const testCase of cases) {
    const skip = testCase.needs === 'bubblewrap' && sandboxProblem !== undefined;
    it.skipIf(skip)(
      `ends a run cancelled promptly while it is in a ${testCase.kind} step, leaving nothing running`,
      async () => {
        const env = await cliEnvironment();
        const recorder = newRecorder();
        openai.reset();
        // The agent asks for one long tool call; no second turn is ever expected.
        openai.script(
          reply({
            text: '',
            toolCalls: [{ id: 'c1', name: 'test__sleep', arguments: { ms: 120_000, label: 'agent' } }],
            finish: 'tool_calls',
            usage: { input: 10, output: 2 },
          }),
        );
        await withWorker(
          async (engine: TestEngine) => {
            const handle = await startPipeline(engine, compileTest(testCase.yaml));
            try {
              await eventually(
                async () =>
                  (await testCase.inside((await handle.query(progressQuery)).steps, { recorder, handle }))
                    ? true
                    : undefined,
                30_000,
                `the run to be inside its ${testCase.kind} step`,
              );
              const cancelled = await runCli(['cancel', handle.workflowId], {
                ...env,
                ORC_TASK_QUEUE: engine.taskQueue,
              });
              expect(cancelled.code, cancelled.stderr).toBe(0);
              // The command waits up to 15 s for the end: the run must have ended by then.
              expect(cancelled.stdout).toContain('The run ended: cancelled');

              const result = await runCli(['result', handle.workflowId, '--json'], env);
              expect(result.code, result.stderr).toBe(1);
              const document = JSON.parse(result.stdout) as ResultDocument;
              expect(document.status).toBe('cancelled');
              expect(Object.fromEntries(Object.entries(document.steps).map(([id, step]) => [id, step.status]))).toEqual(
                testCase.expected,
              );

              // Nothing left running: no sandboxed process, every test-tool call has ended.
              expect(processesRunning('sleep\u0000123.456')).toEqual([]);
              expect(recorder.calls.filter((call) => call.end === undefined)).toEqual([]);
              expect(recorder.calls.every((call) => call.cancelled)).toBe(true);
              const description = await handle.describe();
              expect(description.status.name).toBe('CANCELLED');
              expect(description.raw.pendingActivities ?? []).toEqual([]);
              expect(description.raw.pendingChildren ?? []).toEqual([]);
              await expectNoWorkflowTaskFailures(handle);
            } finally {
              await handle.terminate('test over').catch(() => {});
            }
          },
          {
            tools: { test: testTool(recorder) },
            models: {
              registry: loadModelRegistry(),
              environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${openai.url}/v1` },
            },
            worker: { defaultHeartbeatThrottleInterval: '200ms' },
          },
        );
      },
      90_000,
    );
  }

  it('a cancelled for_each stops starting iterations: only the running ones ran', async () => {
    const env = await cliEnvironment();
    const recorder = newRecorder();
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, compileTest(cases[2]!.yaml));
        try {
          await eventually(
            async () => (sleeping(recorder, 'item-1') && sleeping(recorder, 'item-2') ? true : undefined),
            30_000,
            'two iterations to run',
          );
          expect((await runCli(['cancel', handle.workflowId], env)).stdout).toContain('The run ended: cancelled');
          expect(recorder.calls.map((call) => call.label).sort()).toEqual(['item-1', 'item-2']);
          const status = await runCli(['status', handle.workflowId, '--json'], env);
          const each = (JSON.parse(status.stdout) as { steps: Record<string, StepReport> }).steps.each!;
          expect(each.status).toBe('cancelled');
          expect(each.error?.type).toBe('Cancelled');
        } finally {
          await handle.terminate('test over').catch(() => {});
        }
      },
      { tools: { test: testTool(recorder) }, worker: { defaultHeartbeatThrottleInterval: '200ms' } },
    );
  }, 90_000);
});

/** Pids of this machine's processes whose command line contains `needle` (NUL-separated). */
function processesRunning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

/** The history holds no failed workflow task: cancelling never made the workflow's code throw. */
async function expectNoWorkflowTaskFailures(handle: WorkflowHandle): Promise<void> {
  const history = await handle.fetchHistory();
  const failures = (history.events ?? [])
    .filter((event) => event.workflowTaskFailedEventAttributes)
    .map((event) => event.workflowTaskFailedEventAttributes?.failure?.message);
  expect(failures).toEqual([]);
}
