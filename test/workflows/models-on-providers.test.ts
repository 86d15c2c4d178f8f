// Model steps end to end: the real worker activities, the real OpenAI SDK, a local server that
// speaks the OpenAI wire protocol (test/providers/), on the real Temporal server.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { startAnthropicServer } from '../providers/anthropic-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { failure, reply } from '../providers/plan.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { documentOf, runPipelineDocument, startPipeline } from '../support/run-document.js';
import { waitForApproval } from '../support/wait-for-approval.js';
import { compileFile, repoRoot, withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1` },
});

describe('model steps through a provider', () => {
  it('generates text and structured output, recording model, usage and cost', async () => {
    server.script(
      reply({ text: ['Otters ', 'hold hands.'], usage: { input: 20, output: 4 } }),
      reply({ text: '{"title": "Otters"}', usage: { input: 30, output: 6 } }),
    );
    const ir = compileTest(`
model: openai:gpt-4o-mini
steps:
  - {id: fact, action: generate, parameters: {prompt: "One fact about otters", max_tokens: 20}}
  - {id: title, action: generate_structured, parameters: {prompt: "Title for {{ fact }}", schema: {type: object, properties: {title: {type: string}}, required: [title]}}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.fact).toMatchObject({
          result: 'Otters hold hands.',
          model: 'openai:gpt-4o-mini',
          usage: { input_tokens: 20, output_tokens: 4 },
        });
        expect(document.steps.fact?.cost_usd).toBeCloseTo((20 * 0.15 + 4 * 0.6) / 1e6, 12);
        expect(document.steps.title?.result).toEqual({ title: 'Otters' });
        expect(document.usage).toMatchObject({ model_calls: 2, input_tokens: 50, output_tokens: 10 });
        expect(server.requests[1]?.body).toMatchObject({
          model: 'gpt-4o-mini',
          response_format: { type: 'json_schema' },
        });
      },
      { models: models() },
    );
  });

  it('waits what Retry-After says after a 429 before asking again, within the same attempt', async () => {
    server.script(failure(429, { headers: { 'retry-after': '2' } }), reply({ text: 'finally' }));
    const ir = compileTest(`
steps:
  - {id: slow, action: generate, model: openai:gpt-4o-mini, retry: {initial_interval: 100ms}, parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        // The activity waits out the 429 itself: the wait uses none of the step's attempts.
        expect(document.steps.slow).toMatchObject({ status: 'completed', result: 'finally', attempts: 1 });
        // initial_interval is 100 ms: only Retry-After can make the step last two seconds.
        expect(server.requests).toHaveLength(2);
        expect(document.steps.slow?.duration_ms).toBeGreaterThanOrEqual(2_000);
      },
      { models: models() },
    );
  });

  it('falls back to the next model on 500s (retries exhausted) and on a 400', async () => {
    server.script(
      failure(500),
      failure(500),
      reply({ text: 'from the second' }),
      failure(400),
      reply({ text: 'after a 400' }),
    );
    const ir = compileTest(`
steps:
  - {id: five_hundred, action: generate, model: [openai:gpt-4o, openai:gpt-4o-mini], retry: {max_attempts: 2, initial_interval: 100ms}, parameters: {prompt: a}}
  - {id: four_hundred, action: generate, model: [openai:gpt-4.1, openai:gpt-4.1-mini], depends_on: [five_hundred], parameters: {prompt: b}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.five_hundred).toMatchObject({
          result: 'from the second',
          model: 'openai:gpt-4o-mini',
          fallbacks: ['openai:gpt-4o: ProviderUnavailable'],
        });
        expect(document.steps.four_hundred).toMatchObject({
          result: 'after a 400',
          model: 'openai:gpt-4.1-mini',
          fallbacks: ['openai:gpt-4.1: InvalidRequest'],
        });
        expect(server.requests.map((request) => (request.body as { model: string }).model)).toEqual([
          'gpt-4o',
          'gpt-4o',
          'gpt-4o-mini',
          'gpt-4.1',
          'gpt-4.1-mini',
        ]);
      },
      { models: models() },
    );
  });

  it('answers a runtime <AUTO> tag with a typed value from a model, before the step runs', async () => {
    server.script(reply({ text: '{"answer": 4}', usage: { input: 15, output: 3 } }));
    const ir = compileTest(`
steps:
  - {id: plan, tool: test, action: echo, parameters: {value: {count: <AUTO type="integer" min="1" max="5">How many facts about otters?</AUTO>}}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.plan).toMatchObject({
          status: 'completed',
          result: { count: 4 },
          auto: { '/parameters/value/count': 4 },
        });
        // The cheapest OpenAI model with structured output was asked, with the type as a schema.
        expect(server.requests[0]?.body).toMatchObject({
          model: 'gpt-4.1-nano',
          response_format: { type: 'json_schema' },
        });
        expect(JSON.stringify(server.requests[0]?.body)).toContain('How many facts about otters?');
      },
      { tools: { test: testTool(newRecorder()) }, models: models() },
    );
  });

  it('fails an <AUTO> step clearly when no provider has credentials, before the tool runs', async () => {
    const recorder = newRecorder();
    const ir = compileTest(`
steps:
  - {id: plan, tool: test, action: sleep, parameters: {ms: 1, label: <AUTO>anything?</AUTO>}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.plan).toMatchObject({ status: 'failed', error: { type: 'NoModelAvailable' } });
        expect(document.steps.plan?.error?.message).toContain('no provider has credentials');
        expect(recorder.calls).toHaveLength(0);
      },
      { tools: { test: testTool(recorder) }, models: { registry: loadModelRegistry(), environment: {} } },
    );
  });
});

describe('the model pipelines in pipelines/', () => {
  it('extract-contact.yaml reads a message, extracts checked JSON and saves it', async () => {
    const contact = {
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      company: 'Analytical Engines',
      request: 'A quote for two engines.',
      urgent: true,
    };
    server.script(reply({ text: JSON.stringify(contact), usage: { input: 120, output: 40 } }));
    const ir = await compileFile(join(repoRoot, 'pipelines/extract-contact.yaml'));
    await withWorker(
      async (engine) => {
        await mkdir(join(engine.workspaceRoot, 'inbox'), { recursive: true });
        await writeFile(
          join(engine.workspaceRoot, 'inbox/hello.txt'),
          'Hi, Ada from Analytical Engines (ada@example.org). Could you quote two engines? Urgent!',
        );
        const document = await runPipelineDocument(engine, ir, { message: 'inbox/hello.txt' });
        expect(document.success).toBe(true);
        expect(document.outputs.contact).toEqual(contact);
        expect(JSON.parse(await readFile(join(engine.workspaceRoot, 'inbox/hello.txt.contact.json'), 'utf8'))).toEqual(
          contact,
        );
        expect(JSON.stringify(server.requests[0]?.body)).toContain('Could you quote two engines?');
      },
      { models: models() },
    );
  });

  it('summarise-and-review.yaml drafts with a model, waits for approval with an edit, and saves it', async () => {
    server.script(reply({ text: 'We agreed to ship on Friday.' }));
    const ir = await compileFile(join(repoRoot, 'pipelines/summarise-and-review.yaml'));
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'meeting.md'), '# Meeting\nLong discussion; decision: ship Friday.');
        const handle = await startPipeline(engine, ir, { notes: 'meeting.md' });
        await waitForApproval(handle, 'review');
        await handle.executeUpdate(answerApprovalUpdate, {
          args: [{ step: 'review', approved: true, content: 'We ship on Friday.' }],
        });
        const document = await documentOf(handle);
        expect(document.outputs).toEqual({
          approved: true,
          summary: 'We ship on Friday.',
          model: 'openai:gpt-4o-mini',
        });
        expect(await readFile(join(engine.workspaceRoot, 'meeting.md.summary.md'), 'utf8')).toBe('We ship on Friday.');
      },
      { models: models() },
    );
  });
});

describe('choosing by requires_model', () => {
  it('changes its choice when a provider loses its credentials', async () => {
    const anthropic = await startAnthropicServer();
    try {
      const ir = compileTest(`
steps:
  - {id: pick, action: generate, requires_model: {capabilities: [structured_output], expertise: high}, parameters: {prompt: hi}}
`);
      const environment = {
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: `${server.url}/v1`,
        ANTHROPIC_API_KEY: 'k',
        ANTHROPIC_BASE_URL: anthropic.url,
      };
      server.script(reply({ text: 'from openai' }));
      anthropic.script(reply({ text: 'from anthropic' }));
      await withWorker(
        async (engine) => {
          expect((await runPipelineDocument(engine, ir)).steps.pick).toMatchObject({
            model: 'openai:gpt-4.1',
            result: 'from openai',
          });
        },
        { models: { registry: loadModelRegistry(), environment } },
      );
      const { OPENAI_API_KEY: _removed, ...withoutOpenAI } = environment;
      await withWorker(
        async (engine) => {
          expect((await runPipelineDocument(engine, ir)).steps.pick).toMatchObject({
            model: 'anthropic:claude-sonnet-4-5',
            result: 'from anthropic',
          });
        },
        { models: { registry: loadModelRegistry(), environment: withoutOpenAI } },
      );
    } finally {
      await anthropic.close();
    }
  });
});
