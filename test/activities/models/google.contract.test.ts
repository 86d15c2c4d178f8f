// The Google adapter through the real `@google/genai` SDK against a local Gemini API server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleAdapter } from '../../../activities/models/providers/google/index.js';
import { failure, reply, startGoogleServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract, modelErrorOf } from '../../support/model-contract.js';

const apiKey = 'gemini-test-key';
const adapterAt = (root: string) => createGoogleAdapter({ apiKey, baseURL: root });

describeModelContract(
  'google',
  async () => {
    const server = await startGoogleServer();
    return { provider: 'google', model: 'gemini-2.5-flash', apiKey, server, adapter: adapterAt(server.url), adapterAt };
  },
  ['invented-tool-call-ids', 'refusal-is-a-200'],
);

describe('google adapter: what only Gemini does', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  const hi = [{ role: 'user' as const, content: 'Hi' }];
  const tools = [
    { name: 'lookup', description: 'look up', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
  ];
  beforeAll(async () => {
    server = await startGoogleServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('reads the wait of a 429 from RetryInfo in the body when there is no Retry-After', async () => {
    const body = {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }],
      },
    };
    server.script(failure(429, { rawBody: JSON.stringify(body) }));
    const error = await modelErrorOf(adapterAt(server.url).generate({ model: 'gemini-2.5-flash', messages: hi }));
    expect(error).toMatchObject({ type: 'RateLimited', retryable: true, details: { retryAfterMs: 7000, status: 429 } });
  });

  it('treats 400 API_KEY_INVALID as an authentication failure', async () => {
    const body = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      },
    };
    server.script(failure(400, { rawBody: JSON.stringify(body) }));
    const error = await modelErrorOf(adapterAt(server.url).generate({ model: 'gemini-2.5-flash', messages: hi }));
    expect(error).toMatchObject({ type: 'AuthenticationFailed', retryable: false });
  });

  it("keeps Gemini 3's thought signatures and sends them back with each call", async () => {
    const model = 'gemini-3-pro-preview';
    server.script(
      reply({ toolCalls: [{ name: 'lookup', arguments: { q: 'x' }, thoughtSignature: 'c2lnbmF0dXJl' }] }),
      reply({ text: 'found' }),
    );
    const adapter = adapterAt(server.url);
    const first = await adapter.generate({ model, messages: hi, tools });
    expect(first.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^orc-gemini-call-/),
        name: 'lookup',
        arguments: { q: 'x' },
        thought_signature: 'c2lnbmF0dXJl',
      },
    ]);
    const second = await adapter.generate({
      model,
      tools,
      messages: [
        ...hi,
        { role: 'assistant', content: '', tool_calls: first.tool_calls },
        { role: 'tool', tool_call_id: first.tool_calls[0]?.id, content: '{"hits":1}' },
      ],
    });
    expect(second.text).toBe('found');
    const [, call, result] = server.lastSeen().messages;
    // The invented id stays with us; Gemini gets the call back by name, with its signature.
    expect(call?.toolCalls).toEqual([{ name: 'lookup', arguments: { q: 'x' }, thoughtSignature: 'c2lnbmF0dXJl' }]);
    expect(result?.toolResult).toEqual({ name: 'lookup', content: { hits: 1 } });
  });

  it('keeps the id of a function call when Gemini sends one, and sends it back', async () => {
    server.script(
      reply({ toolCalls: [{ id: 'fc-1', geminiSendsId: true, name: 'lookup', arguments: { q: 'x' } }] }),
      reply({ text: 'found' }),
    );
    const adapter = adapterAt(server.url);
    const first = await adapter.generate({ model: 'gemini-2.5-flash', messages: hi, tools });
    expect(first.tool_calls[0]?.id).toBe('fc-1');
    await adapter.generate({
      model: 'gemini-2.5-flash',
      tools,
      messages: [
        ...hi,
        { role: 'assistant', content: '', tool_calls: first.tool_calls },
        { role: 'tool', tool_call_id: 'fc-1', content: 'plain text result' },
      ],
    });
    const [, call, result] = server.lastSeen().messages;
    expect(call?.toolCalls?.[0]?.id).toBe('fc-1');
    expect(result?.toolResult).toEqual({ id: 'fc-1', name: 'lookup', content: 'plain text result' });
  });

  it('refuses a tool result whose call no earlier turn made (Gemini needs the name)', async () => {
    const error = await modelErrorOf(
      adapterAt(server.url).generate({
        model: 'gemini-2.5-flash',
        messages: [...hi, { role: 'tool', tool_call_id: 'nowhere', content: 'x' }],
      }),
    );
    expect(error).toMatchObject({ type: 'InvalidRequest', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('disables automatic function calling and continuation (Temporal is the only retrier)', async () => {
    server.script(reply({ text: 'ok' }));
    await adapterAt(server.url).generate({ model: 'gemini-2.5-flash', messages: hi });
    expect(server.requests.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(server.requests).toHaveLength(1);
  });
});
