// Azure OpenAI through the openai SDK's AzureOpenAI client against a local server serving chat
// completions on Azure's path: /openai/deployments/<deployment>/chat/completions?api-version=….
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureOpenAIAdapter } from '../../../activities/models/providers/openai/index.js';
import { ModelError } from '../../../activities/models/index.js';
import { failure, reply, startOpenAIServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract, modelErrorOf } from '../../support/model-contract.js';

const apiKey = 'azure-test-key';
const deployment = 'my-gpt-4o-mini';
const AZURE_CHAT_PATH = /^\/openai\/deployments\/[^/]+\/chat\/completions$/;
const adapterAt = (root: string) =>
  createAzureOpenAIAdapter({ apiKey, endpoint: root, apiVersion: '2024-10-21', provider: 'azure' });

describeModelContract('azure-openai', async () => {
  const server = await startOpenAIServer({ chatPath: AZURE_CHAT_PATH });
  return { provider: 'azure', model: deployment, apiKey, server, adapter: adapterAt(server.url), adapterAt };
});

describe('azure openai adapter: what only Azure does', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ chatPath: AZURE_CHAT_PATH });
  });
  afterAll(() => server.close());

  it('puts the deployment in the path, the api-version in the query and the key in api-key', async () => {
    server.script(reply({ text: 'ok' }));
    await adapterAt(`${server.url}/`).generate({
      model: deployment,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 64,
    });
    const request = server.requests.at(-1);
    expect(request?.url).toBe(`/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`);
    expect(request?.headers['api-key']).toBe(apiKey);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({ model: deployment, max_completion_tokens: 64, stream: true });
  });

  it('maps Azure’s 429 with Retry-After like OpenAI’s', async () => {
    server.script(failure(429, { headers: { 'retry-after': '7' } }));
    const error = await modelErrorOf(
      adapterAt(server.url).generate({ model: deployment, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(error).toMatchObject({ type: 'RateLimited', details: { status: 429, retryAfterMs: 7000 } });
  });

  it('refuses to start without an endpoint or api-version, saying which variables to set', () => {
    const attempt = () => createAzureOpenAIAdapter({ apiKey, endpoint: '', apiVersion: '', provider: 'azure' });
    expect(attempt).toThrow(ModelError);
    expect(attempt).toThrow(/AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION/);
  });
});
