// OpenAI chat completions (`POST /v1/chat/completions`), JSON and SSE streaming, with OpenAI's
// error bodies: `{"error":{"message","type","param","code"}}`. OpenAI-compatible servers speak
// the same protocol.
import type { AnswerContext, FakeProviderServer, HttpAnswer, Route, WireProtocol } from './fake-server.js';
import { HTML_PAGE, JSON_HEADERS, SSE_HEADERS, startFakeServer } from './fake-server.js';
import type { FailureReason, FakeFinish, FakeUsage, Plan, ReplyPlan } from './plan.js';
import { piecesOf, reasonOfStatus, textOf } from './plan.js';
import type { SeenMessage, SeenRequest } from './seen-request.js';
import type { Json } from './wire-helpers.js';
import { asArray, asObject, bearer } from './wire-helpers.js';
import { seenMedia } from './media-parts.js';
import { invalidParts, mediaOfPart } from './openai-media-parts.js';
import { invalidMediaRequest, mediaAnswer, mediaRoute, readMediaRequest } from './openai-media-endpoints.js';

const ERRORS: Record<FailureReason, { type: string; code: string | null; message: string }> = {
  rate_limit: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message:
      'Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1.',
  },
  server_error: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  overloaded: {
    type: 'server_error',
    code: null,
    message: 'The engine is currently overloaded, please try again later.',
  },
  bad_request: {
    type: 'invalid_request_error',
    code: null,
    message: "Invalid value for 'temperature': expected a number.",
  },
  context_length: {
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
  },
  authentication: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message:
      'Incorrect API key provided: sk-fake. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  permission: {
    type: 'invalid_request_error',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported',
  },
  not_found: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model `no-such-model` does not exist or you do not have access to it.',
  },
  unprocessable: { type: 'invalid_request_error', code: null, message: 'Unprocessable Entity' },
  conflict: { type: 'invalid_request_error', code: null, message: 'Another request is in progress.' },
  timeout: { type: 'server_error', code: null, message: 'Request timed out.' },
};

const FINISH: Record<FakeFinish, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
};

/** OpenAI's own path; a compatible service's or Azure's is given to startOpenAIServer. */
const OPENAI_CHAT_PATH = /^\/v1\/chat\/completions$/;

function chatCompletionsProtocol(chatPath: RegExp): WireProtocol {
  return { ...chatCompletions, route: (method, url, body) => routeOf(chatPath, method, url, body) };
}

function routeOf(chatPath: RegExp, method: string, url: URL, body: unknown): Route | undefined {
  const media = mediaRoute(method, url, body);
  if (media) return media;
  if (method !== 'POST' || !chatPath.test(url.pathname)) return undefined;
  const request = asObject(body);
  return { model: String(request.model ?? ''), stream: request.stream === true };
}

const chatCompletions: Omit<WireProtocol, 'route'> = {
  name: 'openai',
  validate(body, route) {
    if (route.endpoint) return invalidMediaRequest(body, route);
    const request = asObject(body);
    if (typeof request.model !== 'string') return 'you must provide a model parameter';
    if (!Array.isArray(request.messages) || request.messages.length === 0)
      return "'messages' must contain at least one message";
    return unansweredToolResult(request.messages as Json[]) ?? invalidParts(request.messages as Json[]);
  },
  read(_url, headers, body, route): SeenRequest {
    if (route.endpoint)
      return readMediaRequest(body, route, bearer(headers.authorization) ?? (headers['api-key'] as string | undefined));
    const request = asObject(body);
    const messages = (request.messages as Json[]).map(asObject);
    const system = messages
      .filter((message) => message.role === 'system' || message.role === 'developer')
      .map((message) => String(message.content));
    const format = asObject(request.response_format);
    return {
      model: route.model,
      stream: route.stream,
      // Azure OpenAI sends its key as `api-key`; everyone else as a bearer token.
      apiKey: bearer(headers.authorization) ?? (headers['api-key'] as string | undefined),
      system: system.length ? system.join('\n') : undefined,
      messages: messages
        .filter((message) => message.role !== 'system' && message.role !== 'developer')
        .map(readMessage),
      tools: ((request.tools as Json[] | undefined) ?? []).map((tool) => {
        const fn = asObject(asObject(tool).function);
        return { name: String(fn.name), description: fn.description as string | undefined, parameters: fn.parameters };
      }),
      jsonSchema: format.type === 'json_schema' ? asObject(format.json_schema).schema : undefined,
      maxTokens: (request.max_completion_tokens ?? request.max_tokens) as number | undefined,
      temperature: request.temperature as number | undefined,
      stop: typeof request.stop === 'string' ? [request.stop] : (request.stop as string[] | undefined),
    };
  },
  answer(plan, context) {
    return answerOf(plan, context);
  },
};

function answerOf(plan: Plan, context: AnswerContext): HttpAnswer {
  switch (plan.kind) {
    case 'reply':
      if (context.endpoint) return mediaAnswer(plan, context);
      return context.stream
        ? { status: 200, headers: SSE_HEADERS, events: [...streamEvents(plan, context), 'data: [DONE]\n\n'] }
        : { status: 200, headers: JSON_HEADERS, body: JSON.stringify(completion(plan, context)) };
    case 'failure': {
      const shape = ERRORS[plan.reason ?? reasonOfStatus(plan.status)];
      const body =
        plan.rawBody ??
        JSON.stringify({
          error: { message: plan.message ?? shape.message, type: shape.type, param: null, code: shape.code },
        });
      return { status: plan.status, headers: { ...JSON_HEADERS, ...plan.headers }, body };
    }
    case 'blocked': {
      const message =
        'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.';
      return {
        status: 400,
        headers: JSON_HEADERS,
        body: JSON.stringify({
          error: { message, type: 'invalid_request_error', param: null, code: 'content_policy_violation' },
        }),
      };
    }
    case 'stream-error': {
      const shape = ERRORS[plan.reason];
      const events = streamEvents({ kind: 'reply', text: 'partial answer' }, context).slice(0, plan.afterEvents ?? 1);
      return {
        status: 200,
        headers: SSE_HEADERS,
        events: [
          ...events,
          `data: ${JSON.stringify({ error: { message: shape.message, type: shape.type, param: null, code: shape.code } })}\n\n`,
        ],
      };
    }
    case 'malformed':
      return malformedAnswer(plan.variant, context);
  }
}

function malformedAnswer(
  variant: 'invalid-json' | 'missing-fields' | 'not-the-protocol',
  context: AnswerContext,
): HttpAnswer {
  if (variant === 'not-the-protocol') return { status: 200, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
  const broken = '{"id":"chatcmpl-fake","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel';
  if (!context.stream)
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: variant === 'invalid-json' ? broken : JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion' }),
    };
  if (variant === 'invalid-json')
    return { status: 200, headers: SSE_HEADERS, events: [`data: ${broken}\n\n`, 'data: [DONE]\n\n'] };
  return {
    status: 200,
    headers: SSE_HEADERS,
    events: [
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk' })}\n\n`,
      'data: [DONE]\n\n',
    ],
  };
}

function base(plan: ReplyPlan, context: AnswerContext): Json {
  return {
    id: `chatcmpl-fake-${context.sequence}`,
    created: 1_750_000_000 + context.sequence,
    model: plan.model ?? context.model,
    system_fingerprint: 'fp_fake',
  };
}

function finishOf(plan: ReplyPlan): string {
  return FINISH[plan.finish ?? (plan.toolCalls?.length ? 'tool_calls' : 'stop')];
}

function usageOf(usage: FakeUsage | null | undefined): Json | undefined {
  if (usage === null) return undefined;
  const { input, output, cached } = usage ?? { input: 12, output: 7 };
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } }),
  };
}

function toolCallsOf(plan: ReplyPlan): Json[] {
  return (plan.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake_${index}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

function completion(plan: ReplyPlan, context: AnswerContext): Json {
  const toolCalls = toolCallsOf(plan);
  const message = {
    role: 'assistant',
    content: toolCalls.length && !textOf(plan) ? null : textOf(plan),
    refusal: null,
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
  };
  const usage = usageOf(plan.usage);
  return {
    ...base(plan, context),
    object: 'chat.completion',
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishOf(plan) }],
    ...(usage ? { usage } : {}),
  };
}

function streamEvents(plan: ReplyPlan, context: AnswerContext): string[] {
  const includeUsage = asObject(asObject(context.body).stream_options).include_usage === true;
  const usage = usageOf(plan.usage);
  const chunk = (delta: Json, finish: string | null = null): string =>
    `data: ${JSON.stringify({ ...base(plan, context), object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of piecesOf(plan)) events.push(chunk({ content: piece }));
  for (const [index, call] of toolCallsOf(plan).entries()) {
    const fn = call.function as { name: string; arguments: string };
    const half = Math.floor(fn.arguments.length / 2);
    events.push(
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: fn.name, arguments: '' } }] }),
    );
    events.push(chunk({ tool_calls: [{ index, function: { arguments: fn.arguments.slice(0, half) } }] }));
    events.push(chunk({ tool_calls: [{ index, function: { arguments: fn.arguments.slice(half) } }] }));
  }
  events.push(chunk({}, finishOf(plan)));
  if (includeUsage && usage)
    events.push(
      `data: ${JSON.stringify({ ...base(plan, context), object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
    );
  return events;
}

function readMessage(message: Json): SeenMessage {
  const parts = asArray(message.content);
  const text =
    typeof message.content === 'string'
      ? message.content
      : parts
          .filter((part) => part.type === 'text')
          .map((part) => String(part.text))
          .join('');
  const media = parts.map(mediaOfPart).filter((part) => part !== undefined);
  if (message.role === 'user' && media.length)
    return { role: 'user', text, media: media.map((part) => seenMedia(part.mediaType, part.data)) };
  if (message.role === 'tool')
    return { role: 'tool', text, toolResult: { id: String(message.tool_call_id), content: text } };
  if (message.role === 'user') return { role: 'user', text };
  const toolCalls = ((message.tool_calls as Json[] | undefined) ?? []).map((call) => {
    const fn = asObject(call.function);
    return { id: String(call.id), name: String(fn.name), arguments: JSON.parse(String(fn.arguments)) as unknown };
  });
  return { role: 'assistant', text, ...(toolCalls.length ? { toolCalls } : {}) };
}

/** The real API rejects a tool message that answers no call of the assistant turn before it. */
function unansweredToolResult(messages: Json[]): string | undefined {
  const callIds = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant')
      for (const call of (message.tool_calls as Json[] | undefined) ?? []) callIds.add(String(call.id));
    if (message.role === 'tool' && !callIds.has(String(message.tool_call_id))) {
      return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls' (tool_call_id ${String(message.tool_call_id)}).`;
    }
  }
  return undefined;
}

export const openAIProtocol: WireProtocol = chatCompletionsProtocol(OPENAI_CHAT_PATH);

/**
 * `chatPath`: the path chat completions are served on — OpenAI's `/v1/chat/completions` by
 * default; e.g. Groq's `/openai/v1/chat/completions`, or Azure's
 * `/openai/deployments/<deployment>/chat/completions`. Other paths answer 404.
 */
export function startOpenAIServer(options: { chatPath?: RegExp } = {}): Promise<FakeProviderServer> {
  return startFakeServer(chatCompletionsProtocol(options.chatPath ?? OPENAI_CHAT_PATH));
}
