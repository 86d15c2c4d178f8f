// Azure OpenAI and AWS Bedrock model steps on the real dev server: the worker's activities, the
// real SDKs (AzureOpenAI, @aws-sdk/client-bedrock-runtime) and local servers speaking their
// protocols. A Bedrock 429 ThrottlingException becomes the RateLimited ApplicationFailure and its
// Retry-After decides the next attempt, as for every provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { failure, reply, startBedrockServer, startOpenAIServer } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

let azure: FakeProviderServer;
let bedrock: FakeProviderServer;
beforeAll(async () => {
  azure = await startOpenAIServer({ chatPath: /^\/openai\/deployments\/[^/]+\/chat\/completions$/ });
  bedrock = await startBedrockServer();
});
afterAll(async () => {
  await azure?.close();
  await bedrock?.close();
});

const models = () => ({
  registry: loadModelRegistry(),
  environment: {
    AZURE_OPENAI_API_KEY: 'azure-key',
    AZURE_OPENAI_ENDPOINT: azure.url,
    OPENAI_API_VERSION: '2025-01-01-preview',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFORTESTS0003',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'eu-central-1',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
  },
});

describe('Azure OpenAI and Bedrock model steps', () => {
  it('runs a step on an Azure deployment and one on Bedrock after a 429, priced from the registry', async () => {
    azure.script(reply({ text: 'From Azure.', usage: { input: 100, output: 10 } }));
    bedrock.script(
      failure(429, { headers: { 'retry-after': '2' } }),
      reply({ text: 'From Bedrock.', usage: { input: 200, output: 20 } }),
    );
    const ir = compileTest(`
steps:
  - {id: on_azure, action: generate, model: azure:gpt-4o-mini, parameters: {prompt: hi}}
  - {id: on_bedrock, action: generate, model: "bedrock:amazon.nova-pro-v1:0", retry: {initial_interval: 100ms}, parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success, JSON.stringify(document.error)).toBe(true);
        expect(document.steps.on_azure).toMatchObject({ result: 'From Azure.', model: 'azure:gpt-4o-mini' });
        expect(document.steps.on_azure?.cost_usd).toBeCloseTo((100 * 0.15 + 10 * 0.6) / 1e6, 12);
        expect(azure.requests.at(-1)?.url).toBe(
          '/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-01-01-preview',
        );
        // The 429 is waited out within the attempt (activities/models/rate-limit-waits.ts): one attempt.
        expect(document.steps.on_bedrock).toMatchObject({ result: 'From Bedrock.', attempts: 1 });
        expect(document.steps.on_bedrock?.cost_usd).toBeCloseTo((200 * 0.8 + 20 * 3.2) / 1e6, 12);
        // initial_interval is 100 ms: only the 429's Retry-After can make the step last two seconds.
        expect(document.steps.on_bedrock?.duration_ms).toBeGreaterThanOrEqual(2_000);
        expect(bedrock.requests).toHaveLength(2);
      },
      { models: models() },
    );
  });

  it('a Bedrock 403 fails the step at once as AuthenticationFailed (not retried)', async () => {
    bedrock.reset();
    bedrock.script(failure(403));
    const ir = compileTest(`
steps:
  - {id: denied, action: generate, model: "bedrock:amazon.nova-micro-v1:0", parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(false);
        expect(document.steps.denied).toMatchObject({ status: 'failed', attempts: 1 });
        expect(document.error).toMatchObject({ step: 'denied', type: 'AuthenticationFailed' });
        expect(document.error?.message).toContain('AccessDeniedException');
        expect(bedrock.requests).toHaveLength(1);
      },
      { models: models() },
    );
  });
});
