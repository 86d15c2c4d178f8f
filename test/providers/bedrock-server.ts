// AWS Bedrock's Converse API (`POST /model/<modelId>/converse`), JSON only, with Bedrock's error
// answers: the status, `x-amzn-errortype: <Name>:<namespace>` and `{"message": …}`. Requests are
// SigV4-signed: the server reads the access key id, region and service from the Authorization
// header (it does not verify the signature — any static credentials work, as the brief of a
// local server). ConverseStream (`/converse-stream`, AWS event-stream frames) is not served.
import type { AnswerContext, FakeProviderServer, HttpAnswer, WireProtocol } from './fake-server.js';
import { HTML_PAGE, JSON_HEADERS, startFakeServer } from './fake-server.js';
import type { FailureReason, FakeFinish, Plan, ReplyPlan } from './plan.js';
import { reasonOfStatus, textOf } from './plan.js';
import type { SeenMessage, SeenRequest } from './seen-request.js';
import type { Json } from './wire-helpers.js';
import { asArray, asObject } from './wire-helpers.js';
import { invalidMedia, seenMedia } from './media-parts.js';

/** Converse's image and document formats (the ones we send) as media types. */
const CONVERSE_FORMATS: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

const ERRORS: Record<FailureReason, { name: string; message: string }> = {
  rate_limit: { name: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
  server_error: { name: 'InternalServerException', message: 'The server encountered an internal error.' },
  overloaded: { name: 'ServiceUnavailableException', message: 'The service is temporarily unavailable.' },
  bad_request: {
    name: 'ValidationException',
    message: 'The value at inferenceConfig.temperature failed to satisfy constraint: Member must have value <= 1.',
  },
  context_length: { name: 'ValidationException', message: 'Input is too long for requested model.' },
  authentication: {
    name: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  },
  permission: {
    name: 'AccessDeniedException',
    message: "You don't have access to the model with the specified model ID.",
  },
  not_found: { name: 'ResourceNotFoundException', message: 'Model not found: no-such-model.' },
  unprocessable: { name: 'ValidationException', message: 'Malformed input request, please reformat your input.' },
  conflict: { name: 'ConflictException', message: 'The request conflicts with another request in progress.' },
  timeout: { name: 'ModelTimeoutException', message: 'The model took too long to answer.' },
};

const STOP_REASON: Record<FakeFinish, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'content_filtered',
};

const CONVERSE_PATH = /^\/model\/([^/]+)\/converse$/;

export const bedrockProtocol: WireProtocol = {
  name: 'bedrock',
  route(method, url) {
    const match = CONVERSE_PATH.exec(url.pathname);
    if (method !== 'POST' || !match) return undefined;
    return { model: decodeURIComponent(match[1]!), stream: false };
  },
  validate(body) {
    const messages = asArray(asObject(body).messages);
    if (messages.length === 0) return 'A conversation must start with a user message.';
    const temperature = asObject(asObject(body).inferenceConfig).temperature;
    if (typeof temperature === 'number' && (temperature < 0 || temperature > 1))
      return 'inferenceConfig.temperature must be between 0 and 1.';
    return invalidConversation(messages);
  },
  read(_url, headers, body, route): SeenRequest {
    const request = asObject(body);
    const inference = asObject(request.inferenceConfig);
    const tools = asArray(asObject(request.toolConfig).tools).map((tool) => asObject(tool.toolSpec));
    const system = asArray(request.system)
      .map((block) => block.text)
      .filter((text) => typeof text === 'string');
    return {
      model: route.model,
      stream: false,
      apiKey: signedBy(headers.authorization as string | undefined)?.accessKeyId,
      system: system.length ? system.join('\n') : undefined,
      messages: asArray(request.messages).flatMap(readMessage),
      tools: tools.map((tool) => ({
        name: String(tool.name),
        description: tool.description as string | undefined,
        parameters: asObject(tool.inputSchema).json,
      })),
      maxTokens: inference.maxTokens as number | undefined,
      temperature: inference.temperature as number | undefined,
      stop: inference.stopSequences as string[] | undefined,
    };
  },
  answer(plan, context) {
    return answerOf(plan, context);
  },
};

/** `AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/bedrock/aws4_request, SignedHeaders=…, Signature=…`. */
export function signedBy(
  authorization: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request,/.exec(
    authorization ?? '',
  );
  return match ? { accessKeyId: match[1]!, region: match[2]!, service: match[3]! } : undefined;
}

function answerOf(plan: Plan, context: AnswerContext): HttpAnswer {
  switch (plan.kind) {
    case 'reply':
      return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(converseOutput(plan, context)) };
    case 'failure': {
      const shape = ERRORS[plan.reason ?? reasonOfStatus(plan.status)];
      return {
        status: plan.status,
        headers: {
          ...JSON_HEADERS,
          'x-amzn-errortype': `${shape.name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
          ...plan.headers,
        },
        body: plan.rawBody ?? JSON.stringify({ message: plan.message ?? shape.message }),
      };
    }
    case 'blocked':
      // A guardrail refuses the prompt with a 200: its own canned text and this stop reason.
      return {
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify({
          output: { message: { role: 'assistant', content: [{ text: 'Sorry, the model cannot answer this.' }] } },
          stopReason: 'guardrail_intervened',
          usage: { inputTokens: 12, outputTokens: 0, totalTokens: 12 },
          metrics: { latencyMs: 5 },
        }),
      };
    case 'stream-error':
      throw new Error('fake bedrock server: Converse is not streamed, so no error can come inside a stream');
    case 'malformed':
      if (plan.variant === 'not-the-protocol')
        return { status: 200, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
      return {
        status: 200,
        headers: JSON_HEADERS,
        body:
          plan.variant === 'invalid-json'
            ? '{"output":{"message":{"role":"assistant","content":[{"text":"Hel'
            : JSON.stringify({ metrics: { latencyMs: 5 } }),
      };
  }
}

function converseOutput(plan: ReplyPlan, context: AnswerContext): Json {
  const text = textOf(plan);
  const content: Json[] = [
    ...(text ? [{ text }] : []),
    ...(plan.toolCalls ?? []).map((call, index) => ({
      toolUse: { toolUseId: call.id ?? `tooluse_fake_${index}`, name: call.name, input: call.arguments },
    })),
  ];
  const finish = plan.finish ?? (plan.toolCalls?.length ? 'tool_calls' : 'stop');
  const usage = plan.usage === null ? undefined : (plan.usage ?? { input: 12, output: 7 });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: STOP_REASON[finish],
    // Like Anthropic's, Bedrock's inputTokens leave out the cached part.
    ...(usage
      ? {
          usage: {
            inputTokens: usage.input - (usage.cached ?? 0),
            outputTokens: usage.output,
            totalTokens: usage.input + usage.output,
            ...(usage.cached === undefined ? {} : { cacheReadInputTokens: usage.cached }),
          },
        }
      : {}),
    metrics: { latencyMs: 10 + context.sequence },
  };
}

function readMessage(message: Json): SeenMessage[] {
  const content = asArray(message.content);
  const text = content
    .map((block) => block.text)
    .filter((piece) => typeof piece === 'string')
    .join('');
  const results = content.map((block) => asObject(block.toolResult)).filter((result) => result.toolUseId);
  if (results.length)
    return results.map((result) => ({
      role: 'tool',
      text: asArray(result.content)
        .map((block) => block.text ?? JSON.stringify(block.json))
        .join(''),
      toolResult: { id: String(result.toolUseId), content: result.content },
    }));
  const media = content.map(mediaOfBlock).filter((part) => part !== undefined);
  if (message.role === 'user' && media.length)
    return [{ role: 'user', text, media: media.map((part) => seenMedia(part.mediaType, part.data)) }];
  if (message.role === 'user') return [{ role: 'user', text }];
  const toolCalls = content
    .map((block) => asObject(block.toolUse))
    .filter((call) => call.name)
    .map((call) => ({ id: String(call.toolUseId), name: String(call.name), arguments: call.input }));
  return [{ role: 'assistant', text, ...(toolCalls.length ? { toolCalls } : {}) }];
}

/** An image or document block (its bytes base64 on the wire), as a media type and data. */
function mediaOfBlock(block: Json): { mediaType: string; data: string; name?: unknown } | undefined {
  const part = asObject(block.image ?? block.document);
  if (!block.image && !block.document) return undefined;
  const format = String(part.format);
  return {
    mediaType: CONVERSE_FORMATS[format] ?? format,
    data: String(asObject(part.source).bytes ?? ''),
    name: part.name,
  };
}

/** What Converse rejects: turns out of order, blank text, a tool result that answers no call. */
function invalidConversation(messages: Json[]): string | undefined {
  const callIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const expected = index % 2 === 0 ? 'user' : 'assistant';
    if (message.role !== expected)
      return `A conversation must alternate between user and assistant roles (message ${index} is ${String(message.role)}).`;
    for (const block of asArray(message.content)) {
      if (typeof block.text === 'string' && block.text.trim() === '')
        return `messages.${index}.content: text content blocks must be non-empty`;
      const media = mediaOfBlock(block);
      if (block.document && typeof media?.name !== 'string')
        return `messages.${index}.content: a document block needs a name.`;
      const problem = media && invalidMedia(media.mediaType, media.data, Object.values(CONVERSE_FORMATS));
      if (problem) return `messages.${index}.content: ${problem}`;
      const call = asObject(block.toolUse);
      if (call.toolUseId) callIds.add(String(call.toolUseId));
      const result = asObject(block.toolResult);
      if (result.toolUseId && !callIds.has(String(result.toolUseId)))
        return `The toolResult ${String(result.toolUseId)} answers no toolUse of the previous turn.`;
    }
  }
  return undefined;
}

export function startBedrockServer(): Promise<FakeProviderServer> {
  return startFakeServer(bedrockProtocol);
}
