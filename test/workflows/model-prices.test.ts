// Every model that runs has a price, on a real server with the real model activities and a local
// OpenAI-protocol server: a templated reference to a model the worker's registry does not price
// fails for good before any call, and an unlisted model of a provider with any_model_price (the
// built-in ollama, local and free) runs and is priced.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

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
  environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1`, OLLAMA_HOST: server.url },
});

describe('model prices at run time', () => {
  it('fails a templated model the registry does not price with ModelNotFound, calling nothing', async () => {
    const ir = compileTest(`
parameters: {which: {type: string, default: "openai:gpt-4o-mini-2024-07-18"}}
steps:
  - {id: draft, action: generate, model: "{{ parameters.which }}", retry: {max_attempts: 3, initial_interval: 100ms}, parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.draft).toMatchObject({ status: 'failed', attempts: 1, error: { type: 'ModelNotFound' } });
        expect(document.steps.draft?.error?.message).toContain(
          "is not in this worker's model registry: its price is unknown",
        );
        expect(server.requests).toHaveLength(0);
      },
      { models: models() },
    );
  });

  it('runs an unlisted ollama model at its provider’s any_model_price', async () => {
    server.script(reply({ text: 'local answer', usage: { input: 8, output: 3 } }));
    const ir = compileTest(`
steps:
  - {id: local, action: generate, model: ollama:mistral, parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.local).toMatchObject({
          status: 'completed',
          result: 'local answer',
          model: 'ollama:mistral',
          cost_usd: 0,
        });
        expect(server.requests[0]?.body).toMatchObject({ model: 'mistral' });
      },
      { models: models() },
    );
  });
});
