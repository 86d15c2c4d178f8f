// The Bedrock adapter through the real @aws-sdk/client-bedrock-runtime (SigV4 with static
// credentials) against a local server speaking Converse (test/providers/bedrock-server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockAdapter } from '../../../activities/models/providers/bedrock/index.js';
import { failure, reply, signedBy, startBedrockServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';
import { describeModelContract, modelErrorOf } from '../../support/model-contract.js';

const accessKeyId = 'AKIAFAKEFORTESTS0001';
const model = 'amazon.nova-lite-v1:0';
const adapterAt = (root: string) =>
  createBedrockAdapter({
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey: 'fake-secret-for-tests' },
    endpoint: root,
  });

describeModelContract(
  'bedrock',
  async () => {
    const server = await startBedrockServer();
    return { provider: 'bedrock', model, apiKey: accessKeyId, server, adapter: adapterAt(server.url), adapterAt };
  },
  ['converse-not-streamed', 'schema-in-system-prompt', 'model-not-in-response', 'no-audio-input'],
);

describe('bedrock adapter: Converse on the wire', { timeout: 15_000 }, () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await startBedrockServer();
  });
  afterAll(() => server.close());

  it('POSTs /model/<id>/converse, SigV4-signed for the region and service, with the Converse body', async () => {
    server.script(reply({ text: 'pong', usage: { input: 30, output: 2 } }));
    const response = await adapterAt(server.url).generate({
      model,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'ping' }],
      max_tokens: 20,
      temperature: 0.2,
      stop: ['END'],
    });
    expect(response).toMatchObject({
      text: 'pong',
      finish_reason: 'stop',
      usage: { input_tokens: 30, output_tokens: 2 },
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/model/amazon.nova-lite-v1%3A0/converse');
    expect(signedBy(request?.headers.authorization as string)).toEqual({
      accessKeyId,
      region: 'eu-west-1',
      service: 'bedrock',
    });
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'ping' }] }],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 20, temperature: 0.2, stopSequences: ['END'] },
    });
  });

  it('sends tools as toolSpec and a turn’s tool results together in one user message', async () => {
    server.script(reply({ text: 'done' }));
    await adapterAt(server.url).generate({
      model,
      messages: [
        { role: 'user', content: 'Both cities?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 't1', name: 'weather', arguments: { city: 'Oslo' } },
            { id: 't2', name: 'weather', arguments: { city: 'Rome' } },
          ],
        },
        { role: 'tool', tool_call_id: 't1', content: '4' },
        { role: 'tool', tool_call_id: 't2', content: '24' },
      ],
      tools: [{ name: 'weather', description: 'Weather', parameters: { type: 'object' } }],
    });
    const body = server.requests.at(-1)?.body as { messages: unknown[]; toolConfig: unknown };
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'weather', description: 'Weather', inputSchema: { json: { type: 'object' } } } }],
    });
    expect(body.messages).toHaveLength(3);
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { toolUse: { toolUseId: 't1', name: 'weather', input: { city: 'Oslo' } } },
        { toolUse: { toolUseId: 't2', name: 'weather', input: { city: 'Rome' } } },
      ],
    });
    expect(body.messages[2]).toEqual({
      role: 'user',
      content: [
        { toolResult: { toolUseId: 't1', content: [{ text: '4' }], status: 'success' } },
        { toolResult: { toolUseId: 't2', content: [{ text: '24' }], status: 'success' } },
      ],
    });
  });

  it('a 429 ThrottlingException → RateLimited, retryable, with its Retry-After and no retry by the SDK', async () => {
    server.reset();
    server.script(failure(429, { headers: { 'retry-after': '3' } }));
    const error = await modelErrorOf(
      adapterAt(server.url).generate({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(error).toMatchObject({ type: 'RateLimited', retryable: true, details: { status: 429, retryAfterMs: 3000 } });
    expect(error.message).toContain('ThrottlingException: Too many requests');
    expect(server.requests).toHaveLength(1);
  });
});
