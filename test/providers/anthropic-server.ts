// Anthropic messages (`POST /v1/messages`), JSON and SSE with the real event sequence
// (message_start, content_block_start/delta/stop, ping, message_delta with usage, message_stop),
// and Anthropic's error bodies: `{"type":"error","error":{"type","message"},"request_id"}`.
import type { AnswerContext, FakeProviderServer, HttpAnswer, WireProtocol } from './fake-server.js';
import { HTML_PAGE, JSON_HEADERS, SSE_HEADERS, startFakeServer } from './fake-server.js';
import type { FailureReason, FakeFinish, Plan, ReplyPlan } from './plan.js';
import { piecesOf, reasonOfStatus, textOf } from './plan.js';
import type { SeenMessage, SeenRequest } from './seen-request.js';
import type { Json } from './wire-helpers.js';
import { asArray, asObject, bearer } from './wire-helpers.js';
import { IMAGE_TYPES, invalidMedia, seenMedia } from './media-parts.js';

const ERRORS: Record<FailureReason, { type: string; message: string }> = {
  rate_limit: {
    type: 'rate_limit_error',
    message: 'This request would exceed the rate limit for your organization of 50 requests per minute.',
  },
  server_error: { type: 'api_error', message: 'Internal server error' },
  overloaded: { type: 'overloaded_error', message: 'Overloaded' },
  bad_request: { type: 'invalid_request_error', message: 'temperature: range: 0..1' },
  context_length: { type: 'invalid_request_error', message: 'prompt is too long: 215321 tokens > 200000 maximum' },
  authentication: { type: 'authentication_error', message: 'invalid x-api-key' },
  permission: {
    type: 'permission_error',
    message: 'Your API key does not have permission to use the specified resource.',
  },
  not_found: { type: 'not_found_error', message: 'model: no-such-model' },
  unprocessable: { type: 'invalid_request_error', message: 'Unprocessable request' },
  conflict: { type: 'conflict_error', message: 'Conflict' },
  timeout: { type: 'timeout_error', message: 'Request timed out' },
};

const STOP_REASON: Record<FakeFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export const anthropicProtocol: WireProtocol = {
  name: 'anthropic',
  route(method, url, body) {
    if (method !== 'POST' || url.pathname !== '/v1/messages') return undefined;
    const request = asObject(body);
    return { model: String(request.model ?? ''), stream: request.stream === true };
  },
  validate(body) {
    const request = asObject(body);
    if (typeof request.model !== 'string') return 'model: Field required';
    if (typeof request.max_tokens !== 'number') return 'max_tokens: Field required';
    const messages = asArray(request.messages);
    if (messages.length === 0) return 'messages: at least one message is required';
    return messages.map((message, index) => invalidMessage(message, index, messages[index - 1])).find(Boolean);
  },
  read(_url, headers, body, route): SeenRequest {
    const request = asObject(body);
    const tools = asArray(request.tools);
    return {
      model: route.model,
      stream: route.stream,
      apiKey: (headers['x-api-key'] as string | undefined) ?? bearer(headers.authorization),
      system:
        typeof request.system === 'string'
          ? request.system
          : asArray(request.system)
              .map((block) => String(block.text))
              .join('\n') || undefined,
      messages: asArray(request.messages).flatMap(readMessage),
      tools: tools.map((tool) => ({
        name: String(tool.name),
        description: tool.description as string | undefined,
        parameters: tool.input_schema,
      })),
      jsonSchema: asObject(asObject(request.output_config).format).schema,
      maxTokens: request.max_tokens as number | undefined,
      temperature: request.temperature as number | undefined,
      stop: request.stop_sequences as string[] | undefined,
    };
  },
  answer(plan, context) {
    return answerOf(plan, context);
  },
};

function answerOf(plan: Plan, context: AnswerContext): HttpAnswer {
  const headers = { 'request-id': `req_fake_${context.sequence}` };
  switch (plan.kind) {
    case 'reply':
      return context.stream
        ? { status: 200, headers: { ...SSE_HEADERS, ...headers }, events: streamEvents(plan, context) }
        : { status: 200, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(message(plan, context, true)) };
    case 'failure':
      return {
        status: plan.status,
        headers: { ...JSON_HEADERS, ...headers, ...plan.headers },
        body: plan.rawBody ?? errorBody(plan.reason ?? reasonOfStatus(plan.status), context, plan.message),
      };
    case 'blocked':
      return {
        status: 400,
        headers: { ...JSON_HEADERS, ...headers },
        body: JSON.stringify({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'Output blocked by content filtering policy' },
          request_id: headers['request-id'],
        }),
      };
    case 'stream-error': {
      const events = streamEvents({ kind: 'reply', text: 'partial answer' }, context).slice(0, plan.afterEvents ?? 1);
      return {
        status: 200,
        headers: { ...SSE_HEADERS, ...headers },
        events: [...events, sse('error', JSON.parse(errorBody(plan.reason, context)) as Json)],
      };
    }
    case 'malformed':
      return malformedAnswer(plan.variant, context);
  }
}

function errorBody(reason: FailureReason, context: AnswerContext, message?: string): string {
  const shape = ERRORS[reason];
  return JSON.stringify({
    type: 'error',
    error: { type: shape.type, message: message ?? shape.message },
    request_id: `req_fake_${context.sequence}`,
  });
}

function malformedAnswer(
  variant: 'invalid-json' | 'missing-fields' | 'not-the-protocol',
  context: AnswerContext,
): HttpAnswer {
  if (variant === 'not-the-protocol') return { status: 200, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
  const broken = '{"type":"message_start","message":{"id":"msg_fake","type":"mess';
  if (!context.stream)
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: variant === 'invalid-json' ? broken : JSON.stringify({ id: 'msg_fake', type: 'message' }),
    };
  if (variant === 'invalid-json')
    return { status: 200, headers: SSE_HEADERS, events: [`event: message_start\ndata: ${broken}\n\n`] };
  return {
    status: 200,
    headers: SSE_HEADERS,
    events: [sse('message_start', { type: 'message_start' }), sse('message_stop', { type: 'message_stop' })],
  };
}

function sse(event: string, data: Json): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function usageOf(plan: ReplyPlan, outputSoFar: number): Json | undefined {
  if (plan.usage === null) return undefined;
  const { input, output, cached } = plan.usage ?? { input: 12, output: 7 };
  // Anthropic counts cache reads apart from `input_tokens`.
  return {
    input_tokens: input - (cached ?? 0),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached ?? 0,
    output_tokens: outputSoFar || output,
  };
}

function contentOf(plan: ReplyPlan): Json[] {
  const text = textOf(plan) ? [{ type: 'text', text: textOf(plan) }] : [];
  return [
    ...text,
    ...(plan.toolCalls ?? []).map((call, index) => ({
      type: 'tool_use',
      id: call.id ?? `toolu_fake_${index}`,
      name: call.name,
      input: call.arguments,
    })),
  ];
}

function message(plan: ReplyPlan, context: AnswerContext, complete: boolean): Json {
  const stopReason = STOP_REASON[plan.finish ?? (plan.toolCalls?.length ? 'tool_calls' : 'stop')];
  const usage = usageOf(plan, complete ? 0 : 1);
  return {
    id: `msg_fake_${context.sequence}`,
    type: 'message',
    role: 'assistant',
    model: plan.model ?? context.model,
    content: complete ? contentOf(plan) : [],
    stop_reason: complete ? stopReason : null,
    stop_sequence: null,
    ...(usage ? { usage } : {}),
  };
}

function streamEvents(plan: ReplyPlan, context: AnswerContext): string[] {
  const events = [
    sse('message_start', { type: 'message_start', message: message(plan, context, false) }),
    sse('ping', { type: 'ping' }),
  ];
  let index = 0;
  const pieces = piecesOf(plan);
  if (pieces.length) {
    events.push(
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    );
    for (const piece of pieces)
      events.push(
        sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }),
      );
    events.push(sse('content_block_stop', { type: 'content_block_stop', index }));
    index += 1;
  }
  for (const block of contentOf(plan).filter((candidate) => candidate.type === 'tool_use')) {
    const input = JSON.stringify(block.input);
    const half = Math.floor(input.length / 2);
    events.push(
      sse('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } }),
    );
    for (const part of [input.slice(0, half), input.slice(half)])
      events.push(
        sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: part },
        }),
      );
    events.push(sse('content_block_stop', { type: 'content_block_stop', index }));
    index += 1;
  }
  const final = message(plan, context, true);
  const usage = usageOf(plan, 0);
  events.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: final.stop_reason, stop_sequence: null },
      ...(usage ? { usage: { output_tokens: usage.output_tokens } } : {}),
    }),
  );
  events.push(sse('message_stop', { type: 'message_stop' }));
  return events;
}

function blocksOf(message: Json): Json[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content);
}

function readMessage(message: Json): SeenMessage[] {
  const blocks = blocksOf(message);
  const text = blocks
    .filter((block) => block.type === 'text')
    .map((block) => String(block.text))
    .join('');
  if (message.role === 'assistant') {
    const toolCalls = blocks
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({ id: String(block.id), name: String(block.name), arguments: block.input }));
    return [{ role: 'assistant', text, ...(toolCalls.length ? { toolCalls } : {}) }];
  }
  const results: SeenMessage[] = blocks
    .filter((block) => block.type === 'tool_result')
    .map((block) => ({
      role: 'tool',
      text: String(block.content),
      toolResult: { id: String(block.tool_use_id), content: block.content },
    }));
  const media = blocks.filter((block) => block.type === 'image' || block.type === 'document').map(sourceOf);
  if (media.length)
    return [...results, { role: 'user', text, media: media.map((part) => seenMedia(part.media_type, part.data)) }];
  return text ? [...results, { role: 'user', text }] : results;
}

function sourceOf(block: Json): { media_type: string; data: string } {
  const source = asObject(block.source);
  return { media_type: String(source.media_type ?? ''), data: String(source.data ?? '') };
}

/** Image and document blocks: base64 sources of the types the API takes. */
function invalidBlocks(blocks: Json[], index: number): string | undefined {
  for (const [position, block] of blocks.entries()) {
    if (block.type !== 'image' && block.type !== 'document') continue;
    if (asObject(block.source).type !== 'base64') continue;
    const { media_type, data } = sourceOf(block);
    const problem = invalidMedia(media_type, data, block.type === 'image' ? IMAGE_TYPES : ['application/pdf']);
    if (problem) return `messages.${index}.content.${position}.${String(block.type)}.source: ${problem}`;
  }
  return undefined;
}

/** What the real API rejects in a message (its wording). */
function invalidMessage(message: Json, index: number, previous: Json | undefined): string | undefined {
  if (message.role !== 'user' && message.role !== 'assistant')
    return `messages.${index}.role: Input should be 'user' or 'assistant'`;
  const blocks = blocksOf(message);
  if (blocks.length === 0)
    return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
  if (blocks.some((block) => block.type === 'text' && block.text === ''))
    return `messages.${index}: text content blocks must be non-empty`;
  const badMedia = invalidBlocks(blocks, index);
  if (badMedia) return badMedia;
  const callIds = new Set(
    previous
      ? blocksOf(previous)
          .filter((block) => block.type === 'tool_use')
          .map((block) => String(block.id))
      : [],
  );
  const stray = blocks.find((block) => block.type === 'tool_result' && !callIds.has(String(block.tool_use_id)));
  if (stray)
    return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(stray.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
  return undefined;
}

export function startAnthropicServer(): Promise<FakeProviderServer> {
  return startFakeServer(anthropicProtocol);
}
