// A run's life on a real server: cancelled while an activity runs, the run timeout, and a
// long loop that continues as new with its state carried exactly.
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure, TimeoutFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

describe('run lifecycle', () => {
  it('cancelling a run cancels its running activity', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
steps:
  - {id: long, tool: test, action: sleep, timeout: 1m, parameters: {ms: 30000}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        for (let attempt = 0; attempt < 100 && recorder.calls.length === 0; attempt++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        await handle.cancel();
        const error = await handle.result().catch((failure: unknown) => failure);
        expect(error).toBeInstanceOf(WorkflowFailedError);
        expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
        for (let attempt = 0; attempt < 50 && recorder.calls[0]?.cancelled !== true; attempt++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(recorder.calls[0]?.cancelled).toBe(true);
        expect(recorder.calls[0]!.end! - recorder.calls[0]!.start).toBeLessThan(10_000);
        const description = await handle.describe();
        expect(description.status.name).toBe('CANCELLED');
        expect(description.searchAttributes.OrcStatus).toEqual(['cancelled']);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('ends a run that exceeds its timeout as timed out', async () => {
    const ir = compileTest(`
timeout: 2s
steps:
  - {id: long, tool: test, action: sleep, parameters: {ms: 20000}}
`);
    await withWorker(
      async (engine) => {
        const handle = await engine.client.workflow.start('runPipeline', {
          taskQueue: engine.taskQueue,
          workflowId: `timeout-${engine.taskQueue}`,
          args: [{ ir, inputs: {} }],
          workflowExecutionTimeout: ir.timeout_ms,
        });
        const error = await handle.result().catch((failure: unknown) => failure);
        expect((error as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  // The benchmark runs 20,000 iterations (docs/performance.md); CI proves the mechanism with
  // 200 and a low event bound, so the run continues as new a dozen times (each iteration is a
  // regular activity, about 50 ms on the dev server: 2,000 took 100 s of the suite, 600 30 s).
  it('runs a long loop through continue-as-new, carrying the state exactly', async () => {
    const ir = compileTest(`
steps:
  - {id: before, tool: test, action: echo, parameters: {value: start}}
  - id: counting
    while: "counting.iteration < 200"
    max_iterations: 5000
    steps:
      - {id: total, tool: test, action: echo, parameters: {value: "{{ (total.result + counting.iteration) if total is defined else 0 }}"}}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ before.result }} {{ counting.iterations }} {{ counting.result | last }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir, {}, { continue_as_new_after_events: 100 });
        const document = await documentOf(handle);
        expect(document.success).toBe(true);
        expect(document.steps.counting).toMatchObject({ iterations: 200, completed: true });
        // 0 + 1 + … + 199, summed one iteration at a time across every continue-as-new.
        expect((document.steps.counting?.result as number[]).at(-1)).toBe((199 * 200) / 2);
        expect(document.steps.after?.result).toBe(`start 200 ${(199 * 200) / 2}`);
        expect(document.run.run_id).not.toBe(handle.firstExecutionRunId);
        const history = await engine.client.workflow.getHandle(handle.workflowId).fetchHistory();
        expect((history.events ?? []).length).toBeLessThan(200);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  }, 400_000);
});
