// A rerun in the interpreter (the `reuse` input `orc rerun` starts runs with): calls that match
// a completed call of the source run are answered from its history and never scheduled — at
// the granularity of each call: for_each items, agent turns and their tool calls, <AUTO>
// answers, a sub-pipeline's own calls. The model is a local server speaking OpenAI's protocol
// through the real SDK; it counts the requests it gets, and each run's history shows what was
// scheduled.
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer, type SeenRequest } from '../providers/index.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker, type TestEngine } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

let openai: FakeProviderServer;
beforeAll(async () => {
  openai = await startOpenAIServer();
});
afterAll(async () => {
  await openai?.close();
});

/** Answers by what is asked: an <AUTO> question yes, an agent's first turn a tool call, else an echo. */
function answerByContent(seen: SeenRequest) {
  const last = seen.messages.at(-1)!;
  if (seen.jsonSchema) return reply({ text: '{"answer": true}', usage: { input: 20, output: 3 } });
  if (seen.tools.length > 0 && !seen.messages.some((message) => message.role === 'tool'))
    return reply({
      text: '',
      toolCalls: [{ id: 'c1', name: 'test__echo', arguments: { value: `tool for ${last.text}` } }],
      finish: 'tool_calls',
      usage: { input: 30, output: 4 },
    });
  return reply({ text: `answer to ${last.role === 'tool' ? 'the tool' : last.text}`, usage: { input: 10, output: 5 } });
}

const PIPELINE = `
id: granular
model: openai:gpt-4o-mini
parameters:
  items: {type: array, default: [1, 2, 3]}
steps:
  - {id: outline, action: generate, parameters: {prompt: "outline of {{ inputs.items | length }} parts"}}
  - id: sections
    for_each: "{{ inputs.items }}"
    steps:
      - {id: write, action: generate, parameters: {prompt: "part {{ item }} of {{ outline }}"}}
  - id: helper
    action: agent
    depends_on: [outline]
    parameters: {prompt: "check {{ outline }}", tools: [test.echo], max_turns: 3}
  - {id: maybe, tool: test, action: echo, if: "<AUTO>Is {{ outline }} fine?</AUTO>", parameters: {value: yes}}
  - id: child
    depends_on: [outline]
    pipeline: |
      id: inner
      model: openai:gpt-4o-mini
      parameters: {topic: {type: string}}
      steps:
        - {id: note, action: generate, parameters: {prompt: "note on {{ inputs.topic }}"}}
      outputs: {note: "{{ note }}"}
    inputs: {topic: "{{ outline }}"}
  - {id: save, tool: test, action: echo, parameters: {value: "{{ sections.each | length }} {{ helper }} {{ child.note }}"}}
outputs:
  saved: "{{ save }}"
`;

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${openai.url}/v1` },
});

/** `activity step_id` of every activity the run scheduled, its own history only. */
async function scheduled(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (!attributes) return [];
    return [attributes.activityType?.name ?? ''];
  });
}

async function rerun(
  engine: TestEngine,
  source: WorkflowHandle,
  liveSteps: string[],
  inputs: Record<string, unknown> = {},
): Promise<{ handle: WorkflowHandle; document: ResultDocument; requests: number }> {
  const before = openai.requests.length;
  const handle = await startPipeline(engine, compileTest(PIPELINE), inputs, {
    reuse: { workflow_id: source.workflowId, run_id: (await source.describe()).runId, live_steps: liveSteps },
  });
  const document = await documentOf(handle);
  return { handle, document, requests: openai.requests.length - before };
}

describe('a rerun reuses recorded calls', () => {
  it('answers every call of an unchanged run from the source: 0 requests, nothing scheduled but the read', async () => {
    openai.reset();
    openai.respondWith(answerByContent);
    await withWorker(
      async (engine) => {
        const source = await startPipeline(engine, compileTest(PIPELINE));
        const original = await documentOf(source);
        expect(original.status, JSON.stringify(original.error)).toBe('completed');
        // outline, 3 parts, 2 agent turns, the <AUTO> answer, the child's note.
        expect(openai.requests).toHaveLength(8);

        const again = await rerun(engine, source, []);
        expect(again.document.status).toBe('completed');
        expect(again.requests).toBe(0);
        expect(await scheduled(again.handle)).toEqual(['loadReusableResults']);
        expect(again.document.outputs).toEqual(original.outputs);
        for (const id of ['outline', 'sections', 'helper', 'maybe', 'save'])
          expect(again.document.steps[id]?.reused, id).toMatchObject({ run: source.workflowId, step: id });
        expect(again.document.steps.outline?.reused).toMatchObject({
          calls: 1,
          usage: { input_tokens: 10, output_tokens: 5 },
        });
        expect(again.document.steps.sections?.reused?.calls).toBe(3);
        // The agent's two turns and its tool call.
        expect(again.document.steps.helper?.reused?.calls).toBe(3);
        expect(again.document.steps.child?.reused?.calls).toBe(1);
        expect(again.document.usage).toEqual({ model_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
        expect(again.document.reuse).toMatchObject({ workflow_id: source.workflowId, live_calls: 0 });
        expect(again.document.reuse?.reused_calls).toBeGreaterThanOrEqual(9);
        // The Web UI's current details say where each reused step's result came from.
        const metadata = (await again.handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
        expect(metadata.currentDetails).toContain(`| outline | ✓ completed | 0 |`);
        expect(metadata.currentDetails).toMatch(
          new RegExp(`\\| outline \\|.*\\| reused from ${source.workflowId} \\|`),
        );
      },
      { models: models(), tools: { test: testTool(newRecorder()) } },
    );
  }, 90_000);

  it('runs live only the calls whose input changed: one new for_each item, and what reads the loop', async () => {
    openai.reset();
    openai.respondWith(answerByContent);
    await withWorker(
      async (engine) => {
        const source = await startPipeline(engine, compileTest(PIPELINE), { items: [1, 2, 3] });
        await documentOf(source);
        openai.reset();
        openai.respondWith(answerByContent);
        // The outline's prompt says how many parts there are: it changes, and with it every
        // step that reads it. Keep the count and change one item instead.
        const changed = await rerun(engine, source, [], { items: [1, 2, 9] });
        expect(changed.document.status).toBe('completed');
        expect(openai.requests.map((request) => request.seen?.messages.at(-1)?.text)).toEqual([
          expect.stringMatching(/^part 9 of /),
        ]);
        expect(changed.requests).toBe(1);
        expect(changed.document.steps.outline?.reused).toBeDefined();
        expect(changed.document.steps.sections?.reused).toBeUndefined();
        expect(changed.document.steps.sections?.reused_calls).toBe(2);
        expect(changed.document.steps.sections?.each?.[2]?.write?.reused).toBeUndefined();
        expect(changed.document.steps.sections?.each?.[0]?.write?.reused).toBeDefined();
        // `save` reads the loop only through its length: the same call, reused.
        expect(changed.document.steps.save?.reused).toBeDefined();
        expect(changed.document.usage.model_calls).toBe(1);
      },
      { models: models(), tools: { test: testTool(newRecorder()) } },
    );
  }, 90_000);

  it('runs a live step again though its calls are recorded, and reads a continued source from its first run', async () => {
    openai.reset();
    openai.respondWith(answerByContent);
    await withWorker(
      async (engine) => {
        // Continues as new after a handful of events: its calls are spread over several runs.
        const source = await startPipeline(engine, compileTest(PIPELINE), {}, { continue_as_new_after_events: 40 });
        await documentOf(source);
        const first = await engine.client.workflow.getHandle(source.workflowId, source.firstExecutionRunId).describe();
        expect(first.status.name).toBe('CONTINUED_AS_NEW');
        const again = await rerun(engine, source, ['helper']);
        expect(again.document.status).toBe('completed');
        // The agent's two turns, nothing else.
        expect(again.requests).toBe(2);
        expect(again.document.steps.helper?.reused).toBeUndefined();
        expect(again.document.steps.helper?.usage).toEqual({ input_tokens: 40, output_tokens: 9 });
        expect(again.document.steps.sections?.reused?.calls).toBe(3);
        expect(again.document.steps.child?.reused).toBeDefined();
      },
      { models: models(), tools: { test: testTool(newRecorder()) } },
    );
  }, 120_000);

  it('reuses a large result through the blob store: the source holds a claim, the rerun reads it back', async () => {
    const big = compileTest(`
id: big
steps:
  - {id: blob, tool: test, action: big, parameters: {megabytes: 1}}
  - {id: size, tool: test, action: echo, parameters: {value: "{{ blob.result | length }}"}}
`);
    await withWorker(
      async (engine) => {
        const source = await startPipeline(engine, big);
        expect((await documentOf(source)).steps.size?.result).toBe(1_048_576);
        const handle = await startPipeline(
          engine,
          big,
          {},
          {
            reuse: { workflow_id: source.workflowId, run_id: (await source.describe()).runId, live_steps: [] },
          },
        );
        const document = await documentOf(handle);
        expect(await scheduled(handle)).toEqual(['loadReusableResults']);
        expect(document.steps.blob?.reused).toBeDefined();
        expect((document.steps.blob?.result as string).length).toBe(1_048_576);
        expect(document.steps.size?.result).toBe(1_048_576);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  }, 90_000);
});
