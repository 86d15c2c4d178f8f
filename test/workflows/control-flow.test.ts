// The interpreter's scheduling on a real server: parallelism, skipping, routing, continuing,
// handlers, retries and timeouts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

describe('scheduling', () => {
  it('runs independent steps at the same time (their execution overlaps)', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
steps:
  - {id: a, tool: test, action: sleep, parameters: {ms: 700, label: a}}
  - {id: b, tool: test, action: sleep, parameters: {ms: 700, label: b}}
  - {id: c, tool: test, action: echo, parameters: {value: "{{ a.result.label }}{{ b.result.label }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.c?.result).toBe('ab');
        const [a, b] = recorder.calls;
        expect(a!.start < b!.end! && b!.start < a!.end!).toBe(true);
        expect(recorder.maxActive).toBe(2);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('skips a step whose condition is false without failing, and its dependents still run', async () => {
    const ir = compileTest(`
parameters: {go: false}
steps:
  - {id: maybe, tool: test, action: echo, if: "go", parameters: {value: ran}}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ maybe.status }} {{ maybe.result }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.maybe).toMatchObject({
          status: 'skipped',
          success: true,
          skipped_by: 'condition',
          result: null,
        });
        expect(document.steps.after?.result).toBe('skipped None');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it.each([
    ['the long branch (default input)', {}, 'long', ['handle_short', 'mark_short']],
    ['the short branch (content=hi)', { content: 'hi' }, 'short', ['check_size', 'handle_long']],
  ])("runs py-orc's 04_conditions.yaml down %s", async (_what, inputs, branch, skipped) => {
    const ir = await compileFile(join(compatRoot, '04_conditions.yaml'));
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir, inputs);
      expect(document.success).toBe(true);
      expect(document.outputs.taken_branch).toBe(branch);
      for (const id of skipped) expect(document.steps[id]?.status, id).toBe('skipped');
      expect(document.steps.summarise?.status).toBe('completed');
    });
  });

  it('jumps forward on failure (on_failure: <step>), skipping what it passes over; the run is not successful', async () => {
    const ir = compileTest(`
steps:
  - {id: risky, tool: test, action: fail, max_retries: 1, on_failure: recover, parameters: {type: Boom}}
  - {id: normal, tool: test, action: echo, depends_on: [risky], parameters: {value: normal}}
  - {id: recover, tool: test, action: echo, parameters: {value: "recovered from {{ risky.error.type }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.success).toBe(false);
        expect(document.steps.normal).toMatchObject({ status: 'skipped', skipped_by: 'jump from risky' });
        expect(document.steps.recover?.result).toBe('recovered from Boom');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('continues past a failed step under on_failure: continue; the run completes unsuccessfully', async () => {
    const ir = compileTest(`
steps:
  - {id: flaky, tool: test, action: fail, max_retries: 2, on_failure: continue, parameters: {type: Flaky}}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ flaky.success }}"}}
`);
    const recorder = newRecorder();
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.success).toBe(false);
        expect(document.steps.flaky).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'Flaky' } });
        expect(document.steps.after?.result).toBe(false);
        expect(recorder.attempts.get('default')).toBe(2);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('runs on_error handlers with the error in scope; handled failures keep the run successful', async () => {
    const ir = compileTest(`
steps:
  - id: fetch
    tool: test
    action: fail
    retry: {max_attempts: 1}
    parameters: {type: Unavailable}
    on_error:
      - {id: note, tool: test, action: echo, parameters: {value: "{{ error.step }}: {{ error.type }}"}}
  - {id: next, tool: test, action: echo, parameters: {value: "{{ fetch.handled }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.fetch).toMatchObject({ status: 'failed', handled: true, success: true });
        expect(document.steps.note?.result).toBe('fetch: Unavailable');
        expect(document.steps.next?.result).toBe(true);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('jumps on error (py-orc on_error: <step>): the failure counts as handled', async () => {
    const ir = compileTest(`
steps:
  - {id: compile, tool: test, action: fail, retry: {max_attempts: 1}, on_error: debug, parameters: {type: CompileError}}
  - {id: publish, tool: test, action: echo, depends_on: [compile], parameters: {value: published}}
  - {id: debug, tool: test, action: echo, parameters: {value: "debugging {{ compile.error.type }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.compile).toMatchObject({ status: 'failed', handled: true });
        expect(document.steps.publish).toMatchObject({ status: 'skipped', skipped_by: 'jump from compile' });
        expect(document.steps.debug?.result).toBe('debugging CompileError');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('fails the run when the on_error handlers fail too', async () => {
    const ir = compileTest(`
steps:
  - id: fetch
    tool: test
    action: fail
    retry: {max_attempts: 1}
    parameters: {type: Unavailable, key: first}
    on_error:
      - {id: handler, tool: test, action: fail, retry: {max_attempts: 1}, parameters: {type: AlsoBroken, key: second}}
  - {id: next, tool: test, action: echo, depends_on: [fetch], parameters: {value: never}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('failed');
        expect(document.error).toMatchObject({ step: 'fetch', type: 'Unavailable' });
        expect(document.steps.next?.status).toBe('cancelled');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('retries as the retry policy says, and stops on non_retryable types', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
steps:
  - {id: eventually, tool: test, action: fail, retry: {max_attempts: 4, initial_interval: 100ms}, parameters: {times: 2, key: a}}
  - {id: fatal, tool: test, action: fail, on_failure: continue, retry: {max_attempts: 5, initial_interval: 100ms, non_retryable: [Fatal]}, parameters: {type: Fatal, key: b}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.eventually).toMatchObject({ status: 'completed', attempts: 3 });
        expect(document.steps.fatal).toMatchObject({ status: 'failed', attempts: 1, error: { type: 'Fatal' } });
        expect(recorder.attempts.get('b')).toBe(1);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('times out a step per attempt and retries it', async () => {
    const ir = compileTest(`
steps:
  - {id: slow, tool: test, action: sleep, timeout: 500ms, retry: {max_attempts: 2, initial_interval: 100ms}, on_failure: continue, parameters: {ms: 5000}}
`);
    const recorder = newRecorder();
    await withWorker(
      async (engine) => {
        const started = Date.now();
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.slow).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'Timeout' } });
        // Without the per-attempt timeout the two attempts would sleep 10 s; the bound is loose
        // because the suite shares two cores with the dev server (a slow machine is no failure).
        expect(Date.now() - started).toBeLessThan(9_000);
        expect(recorder.calls.filter((call) => call.action === 'sleep')).toHaveLength(2);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('routes a step to the workers of its task_queue', async () => {
    const main = newRecorder();
    const special = newRecorder();
    await withWorker(
      async (engine) => {
        await withWorker(
          async (specialEngine) => {
            const ir = compileTest(`
steps:
  - {id: here, tool: test, action: sleep, parameters: {ms: 10, label: main}}
  - {id: there, tool: test, action: sleep, task_queue: ${specialEngine.taskQueue}, parameters: {ms: 10, label: special}}
`);
            const document = await runPipelineDocument(engine, ir);
            expect(document.success).toBe(true);
            expect(main.calls.map((call) => call.label)).toEqual(['main']);
            expect(special.calls.map((call) => call.label)).toEqual(['special']);
          },
          { tools: { test: testTool(special) } },
        );
      },
      { tools: { test: testTool(main) } },
    );
  });
});
