// The fake servers also speak the non-streamed forms of their protocols (JSON bodies), proven
// here through the SDKs' plain calls; and they record and validate what they receive.
import Anthropic from '@anthropic-ai/sdk';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeProviderServer } from '../../providers/index.js';
import {
  failure,
  reply,
  startAnthropicServer,
  startBedrockServer,
  startGoogleServer,
  startOpenAIServer,
} from '../../providers/index.js';

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

describe('fake bedrock server: Converse as the AWS SDK reads it', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    server = await startBedrockServer();
    client = new BedrockRuntimeClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 's' },
      endpoint: server.url,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
    });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  const converse = (messages: Message[]) =>
    client.send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages }));

  it('answers a Converse output: content blocks, stop reason, usage without the cached part', async () => {
    server.script(
      reply({
        text: 'Hello there',
        toolCalls: [{ id: 'tu_1', name: 'lookup', arguments: { q: 'x' } }],
        usage: { input: 11, output: 5, cached: 3 },
      }),
    );
    const output = await converse([{ role: 'user', content: [{ text: 'Hi' }] }]);
    expect(output.output?.message?.content).toEqual([
      { text: 'Hello there' },
      { toolUse: { toolUseId: 'tu_1', name: 'lookup', input: { q: 'x' } } },
    ]);
    expect(output).toMatchObject({
      stopReason: 'tool_use',
      usage: { inputTokens: 8, outputTokens: 5, totalTokens: 16, cacheReadInputTokens: 3 },
    });
  });

  it('errors are the SDK’s modelled exceptions: a 429 is a ThrottlingException', async () => {
    server.script(failure(429));
    const error = await converse([{ role: 'user', content: [{ text: 'Hi' }] }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });
  });

  it('rejects what Converse rejects with a ValidationException, and serves no stream', async () => {
    const twoUsers = converse([
      { role: 'user', content: [{ text: 'Hi' }] },
      { role: 'user', content: [{ text: 'again' }] },
    ]);
    await expect(twoUsers).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    const blank = converse([{ role: 'user', content: [{ text: ' ' }] }]);
    await expect(blank).rejects.toMatchObject({ name: 'ValidationException' });
    const stream = await fetch(`${server.url}/model/m/converse-stream`, { method: 'POST', body: '{}' });
    expect(stream.status).toBe(404);
  });
});
