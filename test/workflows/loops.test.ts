// Loops, sub-pipelines and waits on a real server.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineDocument } from '../support/run-document.js';
import { repoRoot, withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

describe('loops', () => {
  it('for_each never runs more than max_parallel iterations at once, and reports each', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
parameters: {items: [1, 2, 3, 4, 5, 6, 7]}
steps:
  - id: each
    for_each: "{{ items }}"
    as: n
    max_parallel: 3
    steps:
      - {id: work, tool: test, action: sleep, parameters: {ms: 300, label: "{{ n }}"}}
      - {id: double, tool: test, action: echo, parameters: {value: "{{ n * 2 + index * 0 }}"}}
  - {id: total, tool: test, action: echo, parameters: {value: "{{ each.result | sum }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(recorder.maxActive).toBe(3);
        expect(document.steps.each).toMatchObject({
          status: 'completed',
          iterations: 7,
          completed: true,
          result: [2, 4, 6, 8, 10, 12, 14],
        });
        expect(document.steps.each?.each?.[0]?.work?.result).toEqual({ label: 1, ms: 300 });
        expect(document.steps.total?.result).toBe(56);
      },
      { tools: { test: testTool(recorder) } },
    );
  });

  it('nested for_each loops multiply their max_parallel only up to the run-wide max_running_steps', async () => {
    const nested = (cap: string) =>
      compileTest(`
${cap}
steps:
  - id: outer
    for_each: "{{ range(6) | list }}"
    as: row
    max_parallel: 6
    steps:
      - id: inner
        for_each: "{{ range(6) | list }}"
        as: column
        max_parallel: 6
        steps:
          - {id: cell, tool: test, action: sleep, parameters: {ms: 400, label: "{{ row }}-{{ column }}"}}
  - {id: after, tool: test, action: echo, depends_on: [outer], parameters: {value: done}}
`);
    const capped = newRecorder();
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, nested('defaults: {max_running_steps: 5}'));
        expect(document.success).toBe(true);
        expect(capped.calls).toHaveLength(36);
        // Six times six iterations, but never more than five steps at once in the whole run.
        expect(capped.maxActive).toBe(5);
        expect(document.steps.after?.result).toBe('done');
      },
      { tools: { test: testTool(capped) } },
    );
    const uncapped = newRecorder();
    await withWorker(
      async (engine) => {
        expect((await runPipelineDocument(engine, nested(''))).success).toBe(true);
        expect(uncapped.maxActive).toBeGreaterThan(5);
      },
      { tools: { test: testTool(uncapped) } },
    );
  }, 90_000);

  it('for_each fails when an iteration fails, after the running ones finish', async () => {
    const ir = compileTest(`
steps:
  - id: each
    for_each: "[0, 1, 2, 3]"
    max_parallel: 1
    steps:
      - {id: check, tool: test, action: fail, if: "item == 1", retry: {max_attempts: 1}, parameters: {type: BadItem}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('failed');
        expect(document.steps.each).toMatchObject({ status: 'failed', iterations: 2, error: { type: 'BadItem' } });
        expect(document.steps.each?.error?.message).toContain('iteration 1, step "check"');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('while checks before each iteration, until after; max_iterations ends a loop with completed: false', async () => {
    const ir = compileTest(`
parameters: {limit: 3}
steps:
  - id: counting
    while: "counting.iteration < limit"
    steps:
      - {id: tick, tool: test, action: echo, parameters: {value: "{{ counting.iteration }}"}}
  - id: until_three
    until: "{{ step.result >= 3 }}"
    steps:
      - {id: step, tool: test, action: echo, parameters: {value: "{{ (step.result + 1) if step is defined else 1 }}"}}
  - id: bounded
    while: "true"
    max_iterations: "{{ limit + 1 }}"
    steps:
      - {id: spin, tool: test, action: echo, parameters: {value: x}}
  - id: never
    while: "false"
    steps:
      - {id: nothing, tool: test, action: echo, parameters: {value: x}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.counting).toMatchObject({ iterations: 3, completed: true, result: [0, 1, 2] });
        expect(document.steps.until_three).toMatchObject({ iterations: 3, completed: true, result: [1, 2, 3] });
        expect(document.steps.bounded).toMatchObject({ iterations: 4, completed: false });
        expect(document.steps.never).toMatchObject({ status: 'completed', iterations: 0, completed: true, result: [] });
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it("binds py-orc's $iteration in while/until conditions and bodies, counting from 0 (issue 16)", async () => {
    const ir = compileTest(`
steps:
  - id: counting
    while: "{{ $iteration < 3 }}"
    steps:
      - {id: tick, tool: test, action: echo, parameters: {value: "{{ $iteration }}"}}
  - id: until_two
    until: "$iteration >= 2"
    steps:
      - {id: tock, tool: test, action: echo, parameters: {value: "{{ $iteration }}={{ until_two.iteration }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.counting).toMatchObject({ iterations: 3, completed: true, result: [0, 1, 2] });
        expect(document.steps.until_two).toMatchObject({ iterations: 2, completed: true, result: ['0=0', '1=1'] });
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('runs nested loops with the inner loop variable shadowing the outer one', async () => {
    const ir = compileTest(`
steps:
  - id: outer
    for_each: "['a', 'b']"
    as: letter
    steps:
      - id: inner
        for_each: "[1, 2]"
        steps:
          - {id: pair, tool: test, action: echo, parameters: {value: "{{ letter }}{{ item }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.outer?.result).toEqual([
          ['a1', 'a2'],
          ['b1', 'b2'],
        ]);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('runs a sub-pipeline as a child workflow; its outputs are the step result', async () => {
    const ir = compileTest(
      `
steps:
  - id: child
    pipeline: pipelines/hello.yaml
    inputs: {name: child}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ child.result.greeting }}"}}
`,
      join(repoRoot, 'parent.yaml'),
    );
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.after?.result).toBe('Hello, child!');
        const children = [];
        for await (const execution of engine.client.workflow.list({
          query: `ParentWorkflowId = "${document.run.workflow_id}"`,
        }))
          children.push(execution.workflowId);
        expect(children.length === 0 || children[0] === `${document.run.workflow_id}/child`).toBe(true);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });

  it('waits durably with a timer', async () => {
    const ir = compileTest(`
steps:
  - {id: pause, wait: 1s}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ pause.result.waited_ms }}"}}
`);
    await withWorker(
      async (engine) => {
        const started = Date.now();
        const document = await runPipelineDocument(engine, ir);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
        expect(document.steps.after?.result).toBe(1000);
        const history = await engine.client.workflow.getHandle(document.run.workflow_id).fetchHistory();
        expect((history.events ?? []).some((event) => event.timerStartedEventAttributes)).toBe(true);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  });
});
