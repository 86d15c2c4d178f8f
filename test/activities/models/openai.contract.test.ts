// The OpenAI adapter through the real `openai` SDK against a local chat-completions server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../../../activities/models/providers/openai/index.js';
import { failure, reply, startOpenAIServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract, modelErrorOf } from '../../support/model-contract.js';

const apiKey = 'sk-test-openai';
const adapterAt = (root: string) => createOpenAIAdapter({ apiKey, baseURL: `${root}/v1` });

describeModelContract('openai', async () => {
  const server = await startOpenAIServer();
  return { provider: 'openai', model: 'gpt-4o-mini', apiKey, server, adapter: adapterAt(server.url), adapterAt };
});

describe('openai adapter: what only OpenAI does', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('asks for usage in the stream and sends max_completion_tokens (its reasoning models reject max_tokens)', async () => {
    server.script(reply({ text: 'ok' }));
    await adapterAt(server.url).generate({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 64,
    });
    const body = server.requests.at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 64 });
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('sends structured output as response_format json_schema, strict false', async () => {
    server.script(reply({ text: '{}' }));
    const schema = { type: 'object', properties: {} };
    await adapterAt(server.url).generate({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      json_schema: { name: 'my result!', schema },
    });
    expect((server.requests.at(-1)?.body as Record<string, unknown>).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'my_result_', schema, strict: false },
    });
  });

  it('treats a 429 for an exhausted quota as a billing failure that no retry fixes', async () => {
    server.script(
      failure(429, {
        rawBody: JSON.stringify({
          error: {
            message: 'You exceeded your current quota, please check your plan and billing details.',
            type: 'insufficient_quota',
            param: null,
            code: 'insufficient_quota',
          },
        }),
      }),
    );
    const error = await modelErrorOf(
      adapterAt(server.url).generate({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(error).toMatchObject({ type: 'AuthenticationFailed', retryable: false });
  });
});
