// The Anthropic adapter through the real `@anthropic-ai/sdk` against a local Messages API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../../../activities/models/providers/anthropic/index.js';
import { reply, startAnthropicServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract } from '../../support/model-contract.js';

const apiKey = 'sk-ant-test';
const adapterAt = (root: string) => createAnthropicAdapter({ apiKey, baseURL: root });

describeModelContract(
  'anthropic',
  async () => {
    const server = await startAnthropicServer();
    return {
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      apiKey,
      server,
      adapter: adapterAt(server.url),
      adapterAt,
    };
  },
  ['default-max-tokens', 'no-audio-input'],
);

describe('anthropic adapter: what only Anthropic does', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startAnthropicServer();
  });
  afterAll(() => server.close());

  it('uses the native structured output mode (output_config.format json_schema)', async () => {
    server.script(reply({ text: '{"ok":true}' }));
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, additionalProperties: false };
    const response = await adapterAt(server.url).generate({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'Hi' }],
      json_schema: { name: 'ok', schema },
    });
    expect(response.parsed).toEqual({ ok: true });
    expect((server.requests.at(-1)?.body as Record<string, unknown>).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
  });

  it('puts a turn of tool results into one user message, after the assistant turn that called them', async () => {
    server.script(reply({ text: 'done' }));
    await adapterAt(server.url).generate({
      model: 'claude-haiku-4-5',
      messages: [
        { role: 'user', content: 'Go' },
        {
          role: 'assistant',
          content: 'Calling.',
          tool_calls: [
            { id: 'toolu_1', name: 'a', arguments: {} },
            { id: 'toolu_2', name: 'b', arguments: { x: 1 } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'one' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'two' },
        { role: 'user', content: 'And now?' },
      ],
    });
    const messages = (server.requests.at(-1)?.body as { messages: unknown[] }).messages;
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Calling.' },
          { type: 'tool_use', id: 'toolu_1', name: 'a', input: {} },
          { type: 'tool_use', id: 'toolu_2', name: 'b', input: { x: 1 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'one' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'two' },
          { type: 'text', text: 'And now?' },
        ],
      },
    ]);
  });
});
