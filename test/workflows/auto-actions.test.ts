// Natural-language actions (`action: "<AUTO>…</AUTO>"`) through a real pipeline on the real
// server, the models answered by the local OpenAI-protocol server: a plain step's answer saved
// at its location, an agent step that writes its location with its tool, and one that does not.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import type { SeenRequest } from '../providers/seen-request.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());

const PIPELINE = `
id: auto_actions
parameters:
  topic: {type: string}
steps:
  - id: notes
    action: "<AUTO>write three notes about {{ topic }}</AUTO>"
    produces: "<AUTO>a markdown list</AUTO>"
    location: "notes/{{ topic }}/"
    requires_model: {expertise: medium}
  - id: filed
    action: "<AUTO>file these notes: {{ notes.result }}</AUTO>"
    tool: filesystem
    location: "filed/{{ topic }}.md"
    requires_model: {expertise: medium}
  - id: lazy
    action: <AUTO>do nothing at all</AUTO>
    tool: filesystem
    location: missing.md
    model: openai:gpt-4.1-mini
    on_failure: continue
`;

const text = (seen: SeenRequest) => seen.messages.map((message) => message.text).join('\n');

function respond(seen: SeenRequest) {
  const asked = text(seen);
  if (asked.includes('write three notes'))
    return reply({ text: '- one\n- two\n- three', usage: { input: 20, output: 9 } });
  if (asked.includes('do nothing at all')) return reply({ text: 'Nothing done.', usage: { input: 20, output: 3 } });
  if (seen.messages.some((message) => message.role === 'tool'))
    return reply({ text: 'Filed.', usage: { input: 40, output: 2 } });
  return reply({
    toolCalls: [
      { id: 'call-1', name: 'filesystem__write', arguments: { path: 'filed/temporal.md', content: 'filed' } },
    ],
    usage: { input: 30, output: 12 },
  });
}

describe('natural-language actions', () => {
  it('answer as model or agent steps, with produces and location in the instruction and the location checked', async () => {
    server.reset();
    server.respondWith(respond);
    const { ir, diagnostics } = compilePipeline(PIPELINE, { file: 'auto-actions.yaml' });
    if (!ir) throw new Error(diagnostics.map((item) => `${item.code} ${item.message}`).join('\n'));
    expect(ir.steps.map((step) => [step.id, step.kind, step.kind === 'model' && step.action])).toEqual([
      ['notes', 'model', 'generate'],
      ['filed', 'model', 'agent'],
      ['lazy', 'model', 'agent'],
    ]);
    expect(ir.steps[1]!.depends_on).toEqual(['notes']);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { topic: 'temporal' });
        // A plain step: its answer is the product, saved at its location (a folder: <id>.md).
        expect(document.steps.notes, JSON.stringify(document.steps)).toMatchObject({ status: 'completed' });
        expect(await readFile(join(engine.workspaceRoot, 'notes/temporal/notes.md'), 'utf8')).toBe(
          '- one\n- two\n- three',
        );
        const first = server.requests.find((request) => text(request.seen!).includes('write three notes'))!.seen!;
        expect(text(first)).toContain('What to produce: a markdown list.');
        expect(text(first)).toContain('Your answer is saved as the file notes/temporal/');
        // requires_model chose the model, recorded on the step.
        expect(document.steps.notes?.model).toBe(`openai:${first.model}`);
        // An agent step: the filesystem tool wrote the location; every turn recorded.
        expect(await readFile(join(engine.workspaceRoot, 'filed/temporal.md'), 'utf8')).toBe('filed');
        expect(document.steps.filed).toMatchObject({ status: 'completed', result: 'Filed.' });
        expect(document.steps.filed?.transcript).toHaveLength(2);
        // An agent that did not write its location fails the step, saying so.
        expect(document.steps.lazy?.error).toEqual({
          type: 'ProductMissing',
          message: 'step "lazy": the agent finished without writing missing.md, its location',
        });
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      },
    );
  });
});

const READS_OUTPUTS = `
id: read_outputs
model: openai:gpt-4.1-mini
parameters:
  topic: {type: string}
steps:
  - id: save
    tool: filesystem
    action: write
    parameters: {path: "{{ outputs.folder }}/{{ outputs.name }}", content: "{{ topic }}"}
  - id: later
    tool: filesystem
    action: write
    parameters: {path: "{{ outputs.copy }}", content: "{{ outputs.name }}"}
outputs:
  name: "<AUTO>a file name for notes about {{ topic }}</AUTO>"
  folder: "notes/{{ topic }}"
  copy: "{{ outputs.folder }}/copy-{{ save.status }}.txt"
  summary: "<AUTO>one line about {{ later.result.path }}</AUTO>"
`;

describe('outputs the file reads', () => {
  it('asks an <AUTO> output once, before what reads it, and renders the others where they are read', async () => {
    server.reset();
    server.respondWith((seen) =>
      text(seen).includes('a file name for notes')
        ? reply({ text: ' tides.md\n', usage: { input: 9, output: 2 } })
        : text(seen).includes('one line about notes/tides/copy-completed.txt')
          ? reply({ text: 'A copy.', usage: { input: 9, output: 2 } })
          : undefined,
    );
    const { ir, diagnostics } = compilePipeline(READS_OUTPUTS, { file: 'read-outputs.yaml' });
    if (!ir) throw new Error(diagnostics.map((item) => `${item.code} ${item.message}`).join('\n'));
    // The answer is a step of its own; `later` waits for `save` because the output it reads reads `save`.
    expect(ir.steps.map((step) => [step.id, step.depends_on])).toEqual([
      ['outputs.name', []],
      ['outputs.summary', ['later']],
      ['save', ['outputs.name']],
      ['later', ['save', 'outputs.name']],
    ]);
    // An <AUTO> output nothing reads is asked too, after the step its question reads.
    expect(ir.steps.find((step) => step.id === 'outputs.summary')?.depends_on).toEqual(['later']);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { topic: 'tides' });
        expect(document.status, JSON.stringify(document.steps)).toBe('completed');
        expect(server.requests).toHaveLength(2);
        expect(document.outputs).toEqual({
          name: 'tides.md',
          folder: 'notes/tides',
          copy: 'notes/tides/copy-completed.txt',
          summary: 'A copy.',
        });
        expect(await readFile(join(engine.workspaceRoot, 'notes/tides/tides.md'), 'utf8')).toBe('tides');
        expect(await readFile(join(engine.workspaceRoot, 'notes/tides/copy-completed.txt'), 'utf8')).toBe('tides.md');
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      },
    );
  });
});
