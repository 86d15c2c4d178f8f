// Agent steps on the real server: the model (a local server speaking each provider's protocol,
// through the real SDK) calls built-in tools in a loop; every turn and every tool call is its
// own activity; the transcript is in the result.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import {
  reply,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
  type FakeProviderServer,
} from '../providers/index.js';
import { runPipelineDocument, startPipeline, documentOf } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

const protocols = [
  {
    name: 'openai',
    start: startOpenAIServer,
    model: 'openai:gpt-4o-mini',
    environment: (url: string) => ({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${url}/v1` }),
  },
  {
    name: 'anthropic',
    start: startAnthropicServer,
    model: 'anthropic:claude-haiku-4-5',
    environment: (url: string) => ({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: url }),
  },
  {
    name: 'google',
    start: startGoogleServer,
    model: 'google:gemini-2.5-flash',
    environment: (url: string) => ({ GEMINI_API_KEY: 'k', GOOGLE_GEMINI_BASE_URL: url }),
  },
] as const;

const servers = new Map<string, FakeProviderServer>();
beforeAll(async () => {
  for (const protocol of protocols) servers.set(protocol.name, await protocol.start());
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

const pipeline = (model: string, extra = '') =>
  compileTest(`
model: ${model}
steps:
  - id: researcher
    action: agent
    parameters:
      prompt: Read notes.txt and write a one-line summary to out/summary.txt.
      system: You are careful.
      tools: [filesystem.read, {tool: filesystem, action: write}]
${extra}
`);

describe.each(protocols)('an agent step over the $name protocol', (protocol) => {
  it('calls two tools (one failing), feeds their answers back, and ends with the final answer and its transcript', async () => {
    const server = servers.get(protocol.name)!;
    server.reset();
    server.script(
      reply({
        text: 'Reading.',
        toolCalls: [
          { id: 'call-1', geminiSendsId: true, name: 'filesystem__read', arguments: { path: 'notes.txt' } },
          { id: 'call-2', geminiSendsId: true, name: 'filesystem__read', arguments: { path: 'missing.txt' } },
        ],
        finish: 'tool_calls',
        usage: { input: 50, output: 10 },
      }),
      reply({
        text: '',
        toolCalls: [
          {
            id: 'call-3',
            geminiSendsId: true,
            name: 'filesystem__write',
            arguments: { path: 'out/summary.txt', content: 'Otters hold hands.' },
          },
        ],
        finish: 'tool_calls',
        usage: { input: 80, output: 12 },
      }),
      reply({ text: 'Done: the summary is in out/summary.txt.', usage: { input: 90, output: 9 } }),
    );
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'notes.txt'), 'Sea otters hold hands while they sleep.');
        const handle = await startPipeline(engine, pipeline(protocol.model));
        const document = await documentOf(handle);
        expect(document.status).toBe('completed');
        const step = document.steps.researcher!;
        expect(step.result).toBe('Done: the summary is in out/summary.txt.');
        expect(step.turns).toBe(3);
        expect(step.usage).toEqual({ input_tokens: 220, output_tokens: 31 });
        expect(step.transcript?.[0]?.tool_calls).toMatchObject([
          { name: 'filesystem__read', result: { content: 'Sea otters hold hands while they sleep.' } },
          { name: 'filesystem__read', error: { type: 'FileNotFound' } },
        ]);
        expect(await readFile(join(engine.workspaceRoot, 'out/summary.txt'), 'utf8')).toBe('Otters hold hands.');
        // The model saw the tools' answers, the error among them, on the next turn.
        const second = server.requests[1]!.seen!;
        expect(second.tools.map((tool) => tool.name)).toEqual(['filesystem__read', 'filesystem__write']);
        const answers = second.messages
          .filter((message) => message.toolResult)
          .map((message) => JSON.stringify(message.toolResult?.content));
        expect(answers[0]).toContain('Sea otters hold hands');
        expect(answers[1]).toContain('FileNotFound');
        // Each turn and each tool call was its own activity.
        const history = await handle.fetchHistory();
        const scheduled = (history.events ?? [])
          .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)
          .filter(Boolean);
        expect(scheduled).toEqual(['runModel', 'runTool', 'runTool', 'runModel', 'runTool', 'runModel']);
      },
      { models: { registry: loadModelRegistry(), environment: protocol.environment(server.url) } },
    );
  });
});

describe('agent step limits', () => {
  const openai = () => servers.get('openai')!;
  const models = () => ({
    registry: loadModelRegistry(),
    environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${openai().url}/v1` },
  });

  it('fails with AgentMaxTurns, keeping the transcript, when the model never stops calling tools', async () => {
    openai().reset();
    const again = () =>
      reply({
        text: '',
        toolCalls: [{ id: 'c', name: 'filesystem__read', arguments: { path: 'notes.txt' } }],
        finish: 'tool_calls',
        usage: { input: 10, output: 2 },
      });
    openai().script(again(), again());
    await withWorker(
      async (engine) => {
        await mkdir(engine.workspaceRoot, { recursive: true });
        await writeFile(join(engine.workspaceRoot, 'notes.txt'), 'n');
        const document = await runPipelineDocument(engine, pipeline('openai:gpt-4o-mini', '      max_turns: 2'));
        expect(document.status).toBe('failed');
        expect(document.steps.researcher).toMatchObject({
          status: 'failed',
          error: { type: 'AgentMaxTurns' },
          turns: 2,
        });
        expect(document.steps.researcher?.transcript).toHaveLength(2);
        expect(openai().requests).toHaveLength(2);
      },
      { models: models() },
    );
  });

  it('offers a custom tool to the model, resolved by the compiler, and runs it on the worker', async () => {
    openai().reset();
    openai().script(
      reply({
        text: '',
        toolCalls: [{ id: 'c1', name: 'test__echo', arguments: { value: 'from the custom tool' } }],
        finish: 'tool_calls',
        usage: { input: 10, output: 2 },
      }),
      reply({ text: 'It said: from the custom tool', usage: { input: 20, output: 5 } }),
    );
    const ir = compileTest(`
model: openai:gpt-4o-mini
steps:
  - {id: researcher, action: agent, parameters: {prompt: Use the echo tool, tools: [test.echo]}}
`);
    expect(ir.steps[0]).toMatchObject({
      agent_tools: [
        { name: 'test__echo', tool: 'test', action: 'echo', parameters: { type: 'object', required: ['value'] } },
      ],
    });
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.researcher).toMatchObject({
          status: 'completed',
          result: 'It said: from the custom tool',
          transcript: [{ tool_calls: [{ name: 'test__echo', result: 'from the custom tool' }] }, {}],
        });
        expect(openai().requests[0]?.seen?.tools.map((tool) => tool.name)).toEqual(['test__echo']);
      },
      { models: models(), tools: { test: testTool(newRecorder()) } },
    );
  });

  it('an unknown tool in a literal list is a compile error; in a list from a template, the step fails before calling the model', async () => {
    const compiled = compilePipeline(
      `
model: openai:gpt-4o-mini
steps:
  - {id: researcher, action: agent, parameters: {prompt: hi, tools: [telepathy]}}
`,
      { file: 'agent.yaml' },
    );
    expect(compiled.diagnostics.map((item) => [item.code, item.range.line])).toEqual([['E_UNKNOWN_TOOL', 4]]);
    expect(compiled.diagnostics[0]?.message).toContain('"telepathy" is not a tool of this engine');
    openai().reset();
    const ir = compileTest(`
model: openai:gpt-4o-mini
parameters: {wanted: {type: array, default: [telepathy]}}
steps:
  - {id: researcher, action: agent, parameters: {prompt: hi, tools: "{{ wanted }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.researcher).toMatchObject({ status: 'failed', error: { type: 'InvalidRequest' } });
        expect(document.steps.researcher?.error?.message).toContain('"telepathy" is not a tool of this engine');
        expect(openai().requests).toHaveLength(0);
      },
      { models: models() },
    );
  });
});
