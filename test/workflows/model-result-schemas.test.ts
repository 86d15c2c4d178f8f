// Every model action's declared result (MODEL_RESULTS in workflows/lang/model-results.ts, what
// the compiler checks `{{ step.field }}` against) is what a real run returns: one pipeline with
// each kind, run by the real worker against the local OpenAI server on the dev server, and each
// step's result compared with its declaration.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { MODEL_RESULTS, modelResultFields, modelResultShape } from '../../workflows/lang/model-results.js';
import type { ModelActionIR, ModelStepIR, StepIR } from '../../workflows/lang/ir.js';
import { reply, startOpenAIServer, wavAudio } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());

const PIPELINE = `
model: openai:gpt-4o-mini
steps:
  - {id: text, action: generate, parameters: {prompt: "One fact about otters"}}
  - {id: analysed, action: analyze_text, parameters: {text: "Otters hold hands.", analysis_type: summary}}
  - {id: analysed_json, action: analyze_text, parameters: {text: "Otters hold hands.", prompt: "Answer in JSON"}}
  - id: structured
    action: generate_structured
    parameters: {prompt: "Title", schema: {type: object, properties: {title: {type: string}, words: {type: integer}}, required: [title, words]}}
  - {id: helper, action: agent, parameters: {prompt: "Read notes.txt", tools: [filesystem.read]}}
  - {id: natural, action: "<AUTO>Write one line about otters</AUTO>"}
  - {id: pictures, action: generate_image, parameters: {prompt: "A lighthouse"}}
  - {id: transcript, action: transcribe_audio, parameters: {audio: talk.wav}}
  - {id: voice, action: generate_speech, model: openai:tts-1, parameters: {text: "Hello"}}
`;

/** Chat answers by what is asked: the agent reads a file first; structured answers its schema. */
function answer(seen: Parameters<Parameters<FakeProviderServer['respondWith']>[0]>[0]) {
  if (seen.endpoint === 'transcriptions') return reply({ text: 'Hello from the recording.' });
  if (seen.endpoint) return reply({});
  if (seen.jsonSchema) return reply({ text: '{"title": "Otters", "words": 2}' });
  if (seen.tools.length > 0 && !seen.messages.some((message) => message.role === 'tool'))
    return reply({ toolCalls: [{ id: 'call-1', name: 'filesystem__read', arguments: { path: 'notes.txt' } }] });
  if (seen.messages[0]?.text.includes('JSON')) return reply({ text: '{"summary": "otters", "tone": "warm"}' });
  return reply({ text: 'Otters hold hands.' });
}

describe('model step results against their declarations', { timeout: 120_000 }, () => {
  it('each model action returns exactly the fields the compiler checks reads against', async () => {
    server.respondWith(answer);
    const ir = compileTest(PIPELINE);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'talk.wav'), wavAudio(1.5));
        await writeFile(join(engine.workspaceRoot, 'notes.txt'), 'Otters hold hands.');
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        const steps = ir.steps as StepIR[];
        const checked = new Set<ModelActionIR>();
        for (const step of steps) {
          const model = step as ModelStepIR;
          const result = document.steps[step.id]?.result;
          const declared = modelResultFields(model.action, model.parameters, []);
          checked.add(model.action);
          if (declared === undefined) {
            // Open-ended: analyze_text asked for JSON answers parsed JSON.
            expect(step.id).toBe('analysed_json');
            expect(result).toEqual({ summary: 'otters', tone: 'warm' });
          } else if (declared.length === 0) {
            expect(typeof result, step.id).toBe('string');
          } else {
            expect(Object.keys(result as object).sort(), step.id).toEqual([...declared].sort());
          }
        }
        expect([...checked].sort()).toEqual(Object.keys(MODEL_RESULTS).sort());
        // Below the first level: each image file has the fields its declared shape lists.
        const imageShape = modelResultShape('generate_image', {})?.properties?.images?.items?.properties;
        const images = (document.steps.pictures?.result as { images: object[] }).images;
        expect(Object.keys(images[0]!).sort()).toEqual(Object.keys(imageShape ?? {}).sort());
        // An agent's turns and transcript are step fields beside its text result.
        expect(document.steps.helper).toMatchObject({ turns: 2, result: 'Otters hold hands.' });
        expect(document.steps.helper?.transcript).toHaveLength(2);
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      },
    );
  });
});
