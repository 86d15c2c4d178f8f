// The fake servers also speak the non-streamed forms of their protocols (JSON bodies), proven
// here through the SDKs' plain calls; and they record and validate what they receive.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeProviderServer } from '../../providers/index.js';
import { reply, startAnthropicServer, startGoogleServer, startOpenAIServer } from '../../providers/index.js';

describe('fake provider servers', { timeout: 15_000 }, () => {
  const servers: Record<'openai' | 'anthropic' | 'google', FakeProviderServer> = {} as never;
  const answer = {
    text: 'Hello there',
    toolCalls: [{ id: 'call_1', geminiSendsId: true, name: 'lookup', arguments: { q: 'x' } }],
    usage: { input: 11, output: 5, cached: 3 },
  };
  beforeAll(async () => {
    [servers.openai, servers.anthropic, servers.google] = await Promise.all([
      startOpenAIServer(),
      startAnthropicServer(),
      startGoogleServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it('openai: a non-streamed chat.completion', async () => {
    servers.openai.script(reply(answer));
    const client = new OpenAI({ apiKey: 'k', baseURL: `${servers.openai.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.choices[0]?.message).toMatchObject({
      content: 'Hello there',
      tool_calls: [{ id: 'call_1', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    });
    expect(completion.usage).toMatchObject({
      prompt_tokens: 11,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 3 },
    });
    expect(servers.openai.lastSeen()).toMatchObject({ stream: false, apiKey: 'k' });
  });

  it('anthropic: a non-streamed message', async () => {
    servers.anthropic.script(reply(answer));
    const client = new Anthropic({ apiKey: 'k', baseURL: servers.anthropic.url, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toEqual([
      { type: 'text', text: 'Hello there' },
      { type: 'tool_use', id: 'call_1', name: 'lookup', input: { q: 'x' } },
    ]);
    expect(message).toMatchObject({
      stop_reason: 'tool_use',
      usage: { input_tokens: 8, cache_read_input_tokens: 3, output_tokens: 5 },
    });
  });

  it('google: a non-streamed generateContent', async () => {
    servers.google.script(reply(answer));
    const client = new GoogleGenAI({ apiKey: 'k', vertexai: false, httpOptions: { baseUrl: servers.google.url } });
    const response = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Hello there' },
      { functionCall: { id: 'call_1', name: 'lookup', args: { q: 'x' } } },
    ]);
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: 11,
      candidatesTokenCount: 5,
      cachedContentTokenCount: 3,
    });
    expect(servers.google.requests.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('answer what the real API would reject with a 400 in its shape, and say when nothing was planned', async () => {
    const client = new Anthropic({ apiKey: 'k', baseURL: servers.anthropic.url, maxRetries: 0 });
    const rejected = client.messages.create({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope', content: 'x' }] }],
    });
    await expect(rejected).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    const unplanned = client.messages.create({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await expect(unplanned).rejects.toThrow(/no answer planned/);
  });
});
