// The one contract every model adapter keeps (hono style: one suite, run against every
// implementation). Each adapter runs through its real SDK against a local server speaking its
// wire protocol (test/providers/); the suite scripts the server with protocol-neutral plans and
// reads back, protocol-neutrally, what the SDK sent.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  GenerateOptions,
  ModelAdapter,
  ModelErrorType,
  ModelRequest,
  ModelResponse,
} from '../../activities/models/types.js';
import { ModelError } from '../../activities/models/types.js';
import type { FakeProviderServer, Plan } from '../providers/index.js';
import { blocked, failure, malformed, reply, streamError } from '../providers/index.js';
import { describeMediaContract } from './model-media-contract.js';

/**
 * Known gaps between providers: listed and explained, never silently skipped. An adapter's test
 * file names the gaps that apply to it, and the suite asserts the documented behaviour instead.
 * Differences that the adapters fully hide are noted at the end.
 */
export const KNOWN_GAPS = {
  'invented-tool-call-ids':
    'The Gemini API usually sends function calls without an id. The adapter invents one (`orc-gemini-call-…`) so tool results can name their call, never sends it back, and answers Gemini by function name.',
  'default-max-tokens':
    'Anthropic requires max_tokens. When the request has none the adapter sends 4096; the others send nothing and let the model decide.',
  'refusal-is-a-200':
    'Gemini refuses a prompt with a 200 whose promptFeedback.blockReason is set and which has no candidate; OpenAI and Anthropic answer 400. All three become ContentFiltered.',
  'json-mode-not-guaranteed':
    'OpenAI-compatible servers may ignore response_format (older Ollama, some gateways): the adapter still parses the text, a Markdown-fenced JSON block included, and the action validates and repairs.',
  'converse-not-streamed':
    'The Bedrock adapter calls Converse, which answers in one JSON body: onProgress is called once, with the whole answer, and the failures that only a stream has (cut, dropped or stalled streams, errors inside a stream, aborts while one is open) do not arise; a slow answer, a refused connection and an abort before the answer still do, and are tested.',
  'schema-in-system-prompt':
    'Converse has no JSON-schema mode: the Bedrock adapter puts the schema into the system prompt, then parses, validates and repairs as for every provider.',
  'model-not-in-response': "Converse's answer does not name the model: the response's model is the model id asked for.",
  'no-audio-input':
    "Anthropic's Messages API and Bedrock's Converse take images and PDFs but no audio: the registry gives their models no `audio` capability, so the activity refuses audio before any call, and the adapter refuses it too.",
} as const;

/** The cases of the error table that only a streamed answer can produce (gap converse-not-streamed). */
const STREAM_ONLY_CASES = new Set([
  'a stream that ends before its final event',
  'a connection dropped mid-stream',
  'an overloaded error inside the stream',
  'a rate-limit error inside the stream',
]);
// Hidden by the adapters (no gap): Anthropic's input_tokens leaves out cached tokens (we add
// them back, so input tokens mean the same everywhere); Gemini counts thinking apart from output
// (we add it); Gemini's 429 carries its wait in the body (RetryInfo), read as well as
// Retry-After (google.contract.test.ts); errors inside a 200 stream have no HTTP status, so
// their type decides.

export type KnownGap = keyof typeof KNOWN_GAPS;

export interface ContractTarget {
  /** What `adapter.provider` must say. */
  provider: string;
  model: string;
  apiKey: string;
  server: FakeProviderServer;
  adapter: ModelAdapter;
  /** This provider's adapter pointed at another server root (`http://127.0.0.1:PORT`). */
  adapterAt(serverRoot: string): ModelAdapter;
}

const TEST_TIMEOUT_MS = 15_000;

/** The basic text case, also run against the real providers (live-providers.test.ts). */
export async function runPlainTextCase(
  adapter: ModelAdapter,
  model: string,
  options: GenerateOptions = {},
): Promise<ModelResponse> {
  const response = await adapter.generate(plainTextRequest(model), options);
  expect(response.text.trim().length).toBeGreaterThan(0);
  expect(response.finish_reason).toBe('stop');
  expect(response.tool_calls).toEqual([]);
  expect(response.model).toEqual(expect.any(String));
  for (const count of Object.values(response.usage)) if (count !== undefined) expect(count).toBeGreaterThanOrEqual(0);
  expect(JSON.parse(JSON.stringify(response.raw))).toEqual(expect.any(Object));
  return response;
}

export function plainTextRequest(model: string): ModelRequest {
  return {
    model,
    system: 'You answer in one word.',
    messages: [{ role: 'user', content: 'Reply with the word pong.' }],
    temperature: 0,
    max_tokens: 50,
  };
}

export function describeModelContract(name: string, setup: () => Promise<ContractTarget>, gaps: KnownGap[] = []): void {
  describe(
    `${name} model adapter contract (known gaps: ${gaps.join(', ') || 'none'})`,
    { timeout: TEST_TIMEOUT_MS },
    () => {
      let target: ContractTarget;
      const server = (): FakeProviderServer => target.server;
      const generate = (request: Partial<ModelRequest>, options?: GenerateOptions): Promise<ModelResponse> =>
        target.adapter.generate(
          { model: target.model, messages: [{ role: 'user', content: 'Hi' }], ...request },
          { timeoutMs: 10_000, ...options },
        );

      beforeAll(async () => {
        target = await setup();
      });
      afterAll(async () => {
        await target?.server.close();
      });
      beforeEach(() => target.server.reset());

      describeMediaContract(() => target, gaps, modelErrorOf);

      it('names its provider', () => {
        expect(target.adapter.provider).toBe(target.provider);
      });

      it('plain text: system, messages and settings go out; text, finish reason and model come back', async () => {
        server().script(reply({ text: 'pong' }));
        const response = await runPlainTextCase(target.adapter, target.model, { timeoutMs: 10_000 });
        expect(response).toMatchObject({ text: 'pong', finish_reason: 'stop', model: target.model, tool_calls: [] });
        expect(server().requests).toHaveLength(1);
        expect(server().lastSeen()).toMatchObject({
          model: target.model,
          stream: !gaps.includes('converse-not-streamed'),
          apiKey: target.apiKey,
          system: 'You answer in one word.',
          messages: [{ role: 'user', text: 'Reply with the word pong.' }],
          temperature: 0,
          maxTokens: 50,
        });
      });

      it('sends stop sequences, and max tokens only when asked (or when the provider requires them)', async () => {
        server().script(reply({ text: 'ok' }));
        await generate({ stop: ['END', '###'] });
        expect(server().lastSeen().stop).toEqual(['END', '###']);
        expect(server().lastSeen().maxTokens).toBe(gaps.includes('default-max-tokens') ? 4096 : undefined);
      });

      it('streams: onProgress is called as text arrives, with the characters so far', async () => {
        server().script(reply({ text: ['Once ', 'upon ', 'a time'], eventDelayMs: 20 }));
        const progress: number[] = [];
        const response = await generate({}, { onProgress: (characters) => progress.push(characters) });
        expect(response.text).toBe('Once upon a time');
        expect(progress).toEqual(gaps.includes('converse-not-streamed') ? [16] : [5, 10, 16]);
      });

      describe('structured output', () => {
        const schema = {
          type: 'object',
          properties: { city: { type: 'string' }, population: { type: 'integer' } },
          required: ['city'],
        };

        it("uses the provider's native JSON mode and returns the parsed object", async () => {
          server().script(reply({ text: ['{"city":', '"Paris","population":', '2100000}'] }));
          const response = await generate({ json_schema: { name: 'city', schema } });
          expect(response.parsed).toEqual({ city: 'Paris', population: 2100000 });
          if (gaps.includes('schema-in-system-prompt'))
            expect(server().lastSeen().system).toContain(JSON.stringify(schema));
          else expect(server().lastSeen().jsonSchema).toEqual(schema);
        });

        it('leaves parsed undefined when the text is not JSON (the action repairs)', async () => {
          server().script(reply({ text: 'Paris, I think' }));
          const response = await generate({ json_schema: { name: 'city', schema } });
          expect(response.text).toBe('Paris, I think');
          expect(response.parsed).toBeUndefined();
        });

        it('parses JSON in a Markdown fence (servers without a JSON mode)', async () => {
          server().script(reply({ text: '```json\n{"city":"Lyon"}\n```' }));
          expect((await generate({ json_schema: { name: 'city', schema } })).parsed).toEqual({ city: 'Lyon' });
        });

        it('sets no parsed value when no structured output was asked for', async () => {
          server().script(reply({ text: '{"city":"Paris"}' }));
          expect((await generate({})).parsed).toBeUndefined();
        });
      });

      describe('tool calls', () => {
        const weather = {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        };
        const expectCallId = (id: string, sentId: string): void => {
          if (gaps.includes('invented-tool-call-ids')) expect(id).toMatch(/^orc-gemini-call-/);
          else expect(id).toBe(sentId);
        };

        it('sends tool definitions and returns the calls with parsed arguments', async () => {
          server().script(
            reply({
              toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Oslo' } }],
              usage: { input: 30, output: 9 },
            }),
          );
          const response = await generate({ tools: [weather] });
          expect(response.finish_reason).toBe('tool_calls');
          expect(response.tool_calls).toHaveLength(1);
          expect(response.tool_calls[0]).toMatchObject({ name: 'get_weather', arguments: { city: 'Oslo' } });
          expectCallId(response.tool_calls[0]?.id ?? '', 'call_w1');
          expect(server().lastSeen().tools).toEqual([
            {
              name: 'get_weather',
              description: weather.description,
              parameters: expect.objectContaining(weather.parameters),
            },
          ]);
        });

        it('sends the calls and their results back in the next turn', async () => {
          server().script(
            reply({ toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Oslo' } }] }),
            reply({ text: 'It is 4 °C in Oslo.' }),
          );
          const first = await generate({ tools: [weather], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
          const second = await generate({
            tools: [weather],
            messages: [
              { role: 'user', content: 'Weather in Oslo?' },
              { role: 'assistant', content: first.text, tool_calls: first.tool_calls },
              { role: 'tool', tool_call_id: first.tool_calls[0]?.id, content: '{"celsius":4}' },
            ],
          });
          expect(second).toMatchObject({ text: 'It is 4 °C in Oslo.', finish_reason: 'stop', tool_calls: [] });
          const [user, assistant, result] = server().lastSeen().messages;
          expect(user).toMatchObject({ role: 'user', text: 'Weather in Oslo?' });
          expect(assistant?.toolCalls).toEqual([
            expect.objectContaining({ name: 'get_weather', arguments: { city: 'Oslo' } }),
          ]);
          expect(result?.role).toBe('tool');
          expect(JSON.stringify(result?.toolResult?.content)).toContain('celsius');
          if (gaps.includes('invented-tool-call-ids'))
            expect(result?.toolResult).toMatchObject({ name: 'get_weather' });
          else expect(result?.toolResult?.id).toBe('call_w1');
        });

        it('answers two calls of one turn together', async () => {
          const calls = [
            { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } },
            { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
          ];
          server().script(reply({ toolCalls: calls }), reply({ text: 'Cold and warm.' }));
          const first = await generate({ tools: [weather] });
          expect(first.tool_calls.map((call) => call.arguments)).toEqual([{ city: 'Oslo' }, { city: 'Rome' }]);
          const results = first.tool_calls.map((call, index) => ({
            role: 'tool' as const,
            tool_call_id: call.id,
            content: `{"celsius":${index * 20}}`,
          }));
          const second = await generate({
            tools: [weather],
            messages: [
              { role: 'user', content: 'Both?' },
              { role: 'assistant', content: '', tool_calls: first.tool_calls },
              ...results,
            ],
          });
          expect(second.text).toBe('Cold and warm.');
          expect(
            server()
              .lastSeen()
              .messages.filter((message) => message.role === 'tool'),
          ).toHaveLength(2);
        });
      });

      describe('usage', () => {
        it('reports input (cached included), output and cached tokens', async () => {
          server().script(reply({ text: 'ok', usage: { input: 120, output: 30, cached: 100 } }));
          expect((await generate({})).usage).toEqual({ input_tokens: 120, output_tokens: 30, cached_tokens: 100 });
        });

        it('says undefined, never zero, when the server sends no usage', async () => {
          server().script(reply({ text: 'ok', usage: null }));
          const { usage } = await generate({});
          expect([usage.input_tokens, usage.output_tokens, usage.cached_tokens]).toEqual([
            undefined,
            undefined,
            undefined,
          ]);
        });
      });

      it('maps finish reasons: length and content_filter', async () => {
        server().script(reply({ text: 'cut', finish: 'length' }), reply({ text: '', finish: 'content_filter' }));
        expect((await generate({})).finish_reason).toBe('length');
        expect((await generate({})).finish_reason).toBe('content_filter');
      });

      it("keeps the provider's raw value, JSON-serialisable (it goes into history)", async () => {
        server().script(reply({ text: 'raw text here', model: `${target.model}-001` }));
        const response = await generate({});
        const raw = JSON.stringify(response.raw);
        expect(raw).toContain('raw text here');
        if (gaps.includes('model-not-in-response')) expect(response.model).toBe(target.model);
        else {
          expect(response.model).toBe(`${target.model}-001`);
          expect(raw).toContain(`${target.model}-001`);
        }
      });

      describe('errors, each mapped once into a ModelError, with no retry by the SDK', () => {
        const inFiveSeconds = (): string => new Date(Date.now() + 5_000).toUTCString();
        const cases: Array<{
          title: string;
          plan: () => Plan;
          type: ModelErrorType;
          retryable: boolean;
          status?: number;
          retryAfterMs?: number | 'about 5 s';
        }> = [
          {
            title: '429 with Retry-After: 2',
            plan: () => failure(429, { headers: { 'retry-after': '2' } }),
            type: 'RateLimited',
            retryable: true,
            status: 429,
            retryAfterMs: 2000,
          },
          {
            title: '429 with retry-after-ms: 1500',
            plan: () => failure(429, { headers: { 'retry-after-ms': '1500', 'retry-after': '9' } }),
            type: 'RateLimited',
            retryable: true,
            status: 429,
            retryAfterMs: 1500,
          },
          {
            title: '429 with Retry-After as an HTTP date',
            plan: () => failure(429, { headers: { 'retry-after': inFiveSeconds() } }),
            type: 'RateLimited',
            retryable: true,
            status: 429,
            retryAfterMs: 'about 5 s',
          },
          { title: '500', plan: () => failure(500), type: 'ProviderUnavailable', retryable: true, status: 500 },
          {
            title: '503 with Retry-After: 1',
            plan: () => failure(503, { headers: { 'retry-after': '1' } }),
            type: 'ProviderUnavailable',
            retryable: true,
            status: 503,
            retryAfterMs: 1000,
          },
          { title: '408', plan: () => failure(408), type: 'ProviderUnavailable', retryable: true, status: 408 },
          { title: '409', plan: () => failure(409), type: 'ProviderUnavailable', retryable: true, status: 409 },
          { title: '400', plan: () => failure(400), type: 'InvalidRequest', retryable: false, status: 400 },
          {
            title: '400 context length',
            plan: () => failure(400, { reason: 'context_length' }),
            type: 'ContextLengthExceeded',
            retryable: false,
            status: 400,
          },
          { title: "the provider's safety refusal", plan: () => blocked(), type: 'ContentFiltered', retryable: false },
          { title: '401', plan: () => failure(401), type: 'AuthenticationFailed', retryable: false, status: 401 },
          { title: '403', plan: () => failure(403), type: 'AuthenticationFailed', retryable: false, status: 403 },
          { title: '404', plan: () => failure(404), type: 'ModelNotFound', retryable: false, status: 404 },
          { title: '422', plan: () => failure(422), type: 'InvalidRequest', retryable: false, status: 422 },
          {
            title: 'a body that is not JSON',
            plan: () => malformed('invalid-json'),
            type: 'MalformedResponse',
            retryable: true,
          },
          {
            title: 'JSON without the fields the protocol promises',
            plan: () => malformed('missing-fields'),
            type: 'MalformedResponse',
            retryable: true,
          },
          {
            title: "a proxy's HTML page with status 200",
            plan: () => malformed('not-the-protocol'),
            type: 'MalformedResponse',
            retryable: true,
          },
          {
            title: 'a stream that ends before its final event',
            plan: () => reply({ text: 'a long answer that never ends', cutAfterEvents: 2 }),
            type: 'MalformedResponse',
            retryable: true,
          },
          {
            title: 'a connection dropped mid-stream',
            plan: () => reply({ text: 'a long answer that never ends', dropAfterEvents: 2 }),
            type: 'ProviderUnavailable',
            retryable: true,
          },
          {
            title: 'an overloaded error inside the stream',
            plan: () => streamError('overloaded'),
            type: 'ProviderUnavailable',
            retryable: true,
          },
          {
            title: 'a rate-limit error inside the stream',
            plan: () => streamError('rate_limit'),
            type: 'RateLimited',
            retryable: true,
          },
        ];

        const applicable = gaps.includes('converse-not-streamed')
          ? cases.filter((entry) => !STREAM_ONLY_CASES.has(entry.title))
          : cases;
        it.each(applicable)('$title → $type', async ({ plan, type, retryable, status, retryAfterMs }) => {
          server().script(plan());
          const error = await modelErrorOf(generate({}));
          expect(error).toMatchObject({ type, retryable });
          expect(error.details.provider).toBe(target.provider);
          if (status !== undefined) expect(error.details.status).toBe(status);
          if (retryAfterMs === 'about 5 s') expect(error.details.retryAfterMs).toBeGreaterThan(2_500);
          else expect(error.details.retryAfterMs).toBe(retryAfterMs);
          expect(error.message.length).toBeGreaterThan(10);
          expect(server().requests).toHaveLength(1);
        });

        it('connection refused → ProviderUnavailable', async () => {
          const adapter = target.adapterAt(`http://127.0.0.1:${await closedPort()}`);
          const error = await modelErrorOf(
            adapter.generate(
              { model: target.model, messages: [{ role: 'user', content: 'Hi' }] },
              { timeoutMs: 5_000 },
            ),
          );
          expect(error).toMatchObject({ type: 'ProviderUnavailable', retryable: true });
        });

        it('a server slower than timeoutMs → Timeout', async () => {
          server().script(reply({ text: 'too late', delayMs: 5_000 }));
          const started = Date.now();
          const error = await modelErrorOf(generate({}, { timeoutMs: 300 }));
          expect(error).toMatchObject({ type: 'Timeout', retryable: true });
          expect(Date.now() - started).toBeLessThan(3_000);
        });

        it.skipIf(gaps.includes('converse-not-streamed'))(
          'a stream that stalls halfway past timeoutMs → Timeout',
          async () => {
            server().script(reply({ text: ['first ', 'second ', 'third'], stallAfterEvents: 2, stallMs: 5_000 }));
            const started = Date.now();
            const error = await modelErrorOf(generate({}, { timeoutMs: 400 }));
            expect(error).toMatchObject({ type: 'Timeout', retryable: true });
            expect(Date.now() - started).toBeLessThan(3_000);
          },
        );
      });

      describe('cancellation', () => {
        it('an abort by the signal is rethrown as the abort, not a ModelError', async () => {
          server().script(reply({ text: 'never', delayMs: 5_000 }));
          const controller = new AbortController();
          const reason = new Error('activity cancelled');
          setTimeout(() => controller.abort(reason), 100);
          const started = Date.now();
          await expect(generate({}, { signal: controller.signal })).rejects.toBe(reason);
          expect(Date.now() - started).toBeLessThan(3_000);
        });

        it.skipIf(gaps.includes('converse-not-streamed'))('an abort while the stream is open stops it', async () => {
          server().script(reply({ text: ['first ', 'second ', 'third'], stallAfterEvents: 2, stallMs: 5_000 }));
          const controller = new AbortController();
          const reason = new Error('activity cancelled');
          setTimeout(() => controller.abort(reason), 300);
          const started = Date.now();
          await expect(generate({}, { signal: controller.signal })).rejects.toBe(reason);
          expect(Date.now() - started).toBeLessThan(3_000);
        });

        it.skipIf(gaps.includes('converse-not-streamed'))(
          'an abort after text has arrived reads no further',
          async () => {
            server().script(reply({ text: ['first ', 'second ', 'third'], stallAfterEvents: 2, stallMs: 200 }));
            const controller = new AbortController();
            const reason = new Error('activity cancelled');
            const progress: number[] = [];
            const onProgress = (characters: number): void => {
              progress.push(characters);
              controller.abort(reason);
            };
            await expect(generate({}, { signal: controller.signal, onProgress })).rejects.toBe(reason);
            expect(progress).toEqual([6]);
          },
        );

        it('a signal already aborted sends nothing', async () => {
          const controller = new AbortController();
          controller.abort(new Error('cancelled before start'));
          await expect(generate({}, { signal: controller.signal })).rejects.toThrow('cancelled before start');
          expect(server().requests).toHaveLength(0);
        });
      });
    },
  );
}

export async function modelErrorOf(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ModelError, got ${JSON.stringify(value)?.slice(0, 300)}`);
    },
    (failure: unknown) => failure,
  );
  if (!(error instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(error)}`, { cause: error });
  return error;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
