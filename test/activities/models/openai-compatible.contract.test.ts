// The same OpenAI adapter serving an OpenAI-compatible server (Ollama here), named by `provider`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../../../activities/models/providers/openai/index.js';
import { reply, startOpenAIServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract } from '../../support/model-contract.js';

// Ollama ignores the key; the SDK insists on one.
const apiKey = 'ollama';
const adapterAt = (root: string) => createOpenAIAdapter({ apiKey, baseURL: `${root}/v1`, provider: 'ollama' });

describeModelContract(
  'openai-compatible (ollama)',
  async () => {
    const server = await startOpenAIServer();
    return { provider: 'ollama', model: 'llama3.2:3b', apiKey, server, adapter: adapterAt(server.url), adapterAt };
  },
  ['json-mode-not-guaranteed'],
);

describe('openai-compatible adapter: what differs from OpenAI', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('sends max_tokens, the field compatible servers know', async () => {
    server.script(reply({ text: 'ok' }));
    await adapterAt(server.url).generate({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 64,
    });
    const body = server.requests.at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ max_tokens: 64 });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it('reports tool calls as tool_calls even when the server says stop (older Ollama)', async () => {
    server.script(reply({ toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'x' } }], finish: 'stop' }));
    const response = await adapterAt(server.url).generate({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ name: 'lookup', description: 'look up', parameters: { type: 'object' } }],
    });
    expect(response.finish_reason).toBe('tool_calls');
  });
});
