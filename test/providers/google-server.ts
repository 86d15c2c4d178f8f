// Gemini `generateContent` and `streamGenerateContent?alt=sse` (the SDK's only streaming form)
// (`POST /v1beta/models/{model}:…`), with Google's error bodies:
// `{"error":{"code","message","status","details"}}`. A prompt refused by safety settings comes
// back as a 200 with `promptFeedback.blockReason` and no candidate, as the real API does.
// Image answers (responseModalities IMAGE): google-media-endpoints.ts.
import type { AnswerContext, FakeProviderServer, HttpAnswer, WireProtocol } from './fake-server.js';
import { HTML_PAGE, JSON_HEADERS, SSE_HEADERS, startFakeServer } from './fake-server.js';
import type { FailureReason, FakeFinish, Plan, ReplyPlan } from './plan.js';
import { piecesOf, reasonOfStatus } from './plan.js';
import type { SeenMessage, SeenRequest } from './seen-request.js';
import type { Json } from './wire-helpers.js';
import { asArray, asObject, defined } from './wire-helpers.js';
import { asksForImage, imagePart } from './google-media-endpoints.js';
import { IMAGE_TYPES, invalidMedia, seenMedia } from './media-parts.js';

/** The inline data types Gemini documents for images, documents and audio (the ones we send). */
const INLINE_TYPES = [...IMAGE_TYPES, 'application/pdf', 'audio/wav', 'audio/mp3'];

const ERRORS: Record<FailureReason, { status: string; message: string }> = {
  rate_limit: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  server_error: {
    status: 'INTERNAL',
    message:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  overloaded: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  bad_request: {
    status: 'INVALID_ARGUMENT',
    message: 'Invalid JSON payload received. Unknown name "temprature" at \'generation_config\': Cannot find field.',
  },
  context_length: {
    status: 'INVALID_ARGUMENT',
    message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
  },
  authentication: {
    status: 'UNAUTHENTICATED',
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  },
  permission: { status: 'PERMISSION_DENIED', message: 'Permission denied: Consumer has been suspended.' },
  not_found: {
    status: 'NOT_FOUND',
    message:
      'models/no-such-model is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
  },
  unprocessable: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  conflict: { status: 'ABORTED', message: 'The operation was aborted.' },
  timeout: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

const FINISH: Record<FakeFinish, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
};
const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

export const googleProtocol: WireProtocol = {
  name: 'google',
  route(method, url) {
    const match = method === 'POST' ? ROUTE.exec(url.pathname) : null;
    if (!match) return undefined;
    return { model: decodeURIComponent(match[1] ?? ''), stream: match[2] === 'streamGenerateContent' };
  },
  validate(body, route) {
    const contents = asArray(asObject(body).contents);
    if (contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
    return contents.map((content, index) => invalidContent(content, index, route.model)).find(Boolean);
  },
  read(url, headers, body, route): SeenRequest {
    const apiKey = (headers['x-goog-api-key'] as string | undefined) ?? url.searchParams.get('key') ?? undefined;
    const request = asObject(body);
    const config = asObject(request.generationConfig);
    const declarations = asArray(request.tools).flatMap((tool) => asArray(tool.functionDeclarations));
    const system = asArray(asObject(request.systemInstruction).parts)
      .map((part) => String(part.text))
      .join('\n');
    return {
      model: route.model,
      stream: route.stream,
      apiKey,
      system: system || undefined,
      messages: asArray(request.contents).flatMap(readContent),
      tools: declarations.map((declaration) => ({
        name: String(declaration.name),
        description: declaration.description as string | undefined,
        parameters: declaration.parametersJsonSchema ?? declaration.parameters,
      })),
      jsonSchema:
        config.responseMimeType === 'application/json'
          ? (config.responseJsonSchema ?? config.responseSchema)
          : undefined,
      maxTokens: config.maxOutputTokens as number | undefined,
      temperature: config.temperature as number | undefined,
      stop: config.stopSequences as string[] | undefined,
    };
  },
  answer(plan, context) {
    return answerOf(plan, context);
  },
};

function answerOf(plan: Plan, context: AnswerContext): HttpAnswer {
  switch (plan.kind) {
    case 'reply':
      return answerWithChunks(chunksOf(plan, context), context);
    case 'failure':
      return {
        status: plan.status,
        headers: { ...JSON_HEADERS, ...plan.headers },
        body: plan.rawBody ?? errorBody(plan.status, plan.reason ?? reasonOfStatus(plan.status), plan.message),
      };
    case 'blocked': {
      const ratings = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }];
      return answerWithChunks(
        [
          {
            promptFeedback: { blockReason: 'SAFETY', safetyRatings: ratings },
            usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
            modelVersion: context.model,
            responseId: `fake-${context.sequence}`,
          },
        ],
        context,
      );
    }
    case 'stream-error': {
      const chunks = chunksOf({ kind: 'reply', text: 'partial answer' }, context).slice(0, plan.afterEvents ?? 1);
      const events = chunks.map(event);
      const code = plan.reason === 'rate_limit' ? 429 : plan.reason === 'overloaded' ? 503 : 500;
      return {
        status: 200,
        headers: SSE_HEADERS,
        events: [...events, `data: ${errorBody(code, plan.reason)}\r\n\r\n`],
      };
    }
    case 'malformed':
      return malformedAnswer(plan.variant, context);
  }
}

function answerWithChunks(chunks: Json[], context: AnswerContext): HttpAnswer {
  if (context.stream) return { status: 200, headers: SSE_HEADERS, events: chunks.map(event) };
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(merge(chunks)) };
}

function event(chunk: Json): string {
  return `data: ${JSON.stringify(chunk)}\r\n\r\n`;
}

function errorBody(code: number, reason: FailureReason, message?: string): string {
  const shape = ERRORS[reason];
  return JSON.stringify({ error: { code, message: message ?? shape.message, status: shape.status } });
}

function malformedAnswer(
  variant: 'invalid-json' | 'missing-fields' | 'not-the-protocol',
  context: AnswerContext,
): HttpAnswer {
  if (variant === 'not-the-protocol') return { status: 200, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
  const broken = '{"candidates":[{"content":{"parts":[{"text":"Hel';
  if (!context.stream)
    return { status: 200, headers: JSON_HEADERS, body: variant === 'invalid-json' ? broken : '{"unexpected":true}' };
  return {
    status: 200,
    headers: SSE_HEADERS,
    events: [variant === 'invalid-json' ? `data: ${broken}\r\n\r\n` : event({ unexpected: true })],
  };
}

function usageOf(plan: ReplyPlan): Json | undefined {
  if (plan.usage === null) return undefined;
  const { input, output, cached } = plan.usage ?? { input: 12, output: 7 };
  return defined({
    promptTokenCount: input,
    candidatesTokenCount: output,
    totalTokenCount: input + output,
    cachedContentTokenCount: cached,
  });
}

/** Text pieces, then the function calls (whole, Gemini does not split them), the last with finishReason and usage. */
function chunksOf(plan: ReplyPlan, context: AnswerContext): Json[] {
  const image = asksForImage(context.body) ? imagePart(plan) : undefined;
  const parts: Json[][] = image ? [[image.part]] : piecesOf(plan).map((piece) => [{ text: piece }]);
  const calls = (plan.toolCalls ?? []).map((call) =>
    defined({
      functionCall: defined({ id: call.geminiSendsId ? call.id : undefined, name: call.name, args: call.arguments }),
      thoughtSignature: call.thoughtSignature,
    }),
  );
  if (calls.length) parts.push(calls);
  if (parts.length === 0) parts.push([{ text: '' }]);
  const usage = usageOf(image ? { ...plan, usage: image.usage } : plan);
  return parts.map((chunkParts, index) => {
    const last = index === parts.length - 1;
    const candidate = defined({
      content: { parts: chunkParts, role: 'model' },
      index: 0,
      finishReason: last ? FINISH[plan.finish ?? 'stop'] : undefined,
    });
    return defined({
      candidates: [candidate],
      usageMetadata: last ? usage : undefined,
      modelVersion: plan.model ?? context.model,
      responseId: `fake-${context.sequence}`,
    });
  });
}

/** A non-streamed response is the stream's chunks in one: all parts in one candidate. */
function merge(chunks: Json[]): Json {
  const last = chunks.at(-1) ?? {};
  const candidates = asArray(last.candidates);
  if (candidates.length === 0) return last;
  const parts = chunks.flatMap((chunk) => asArray(asObject(asArray(chunk.candidates)[0]?.content).parts));
  return { ...last, candidates: [{ ...candidates[0], content: { parts: mergeText(parts), role: 'model' } }] };
}

function mergeText(parts: Json[]): Json[] {
  const text = parts
    .filter((part) => typeof part.text === 'string')
    .map((part) => String(part.text))
    .join('');
  const others = parts.filter((part) => typeof part.text !== 'string');
  return [...(text ? [{ text }] : []), ...others];
}

function readContent(content: Json): SeenMessage[] {
  const parts = asArray(content.parts);
  const text = parts
    .filter((part) => typeof part.text === 'string')
    .map((part) => String(part.text))
    .join('');
  if (content.role === 'model') {
    const toolCalls = parts
      .filter((part) => part.functionCall)
      .map((part) => {
        const call = asObject(part.functionCall);
        return defined({
          id: call.id as string | undefined,
          name: String(call.name),
          arguments: call.args,
          thoughtSignature: part.thoughtSignature as string | undefined,
        });
      });
    return [{ role: 'assistant', text, ...(toolCalls.length ? { toolCalls } : {}) }];
  }
  const results: SeenMessage[] = parts
    .filter((part) => part.functionResponse)
    .map((part) => {
      const response = asObject(part.functionResponse);
      return {
        role: 'tool',
        text: JSON.stringify(response.response),
        toolResult: defined({
          id: response.id as string | undefined,
          name: String(response.name),
          content: asObject(response.response).output ?? response.response,
        }),
      };
    });
  const media = parts.filter((part) => part.inlineData).map((part) => asObject(part.inlineData));
  if (media.length)
    return [
      ...results,
      { role: 'user', text, media: media.map((data) => seenMedia(String(data.mimeType), String(data.data))) },
    ];
  return text ? [...results, { role: 'user', text }] : results;
}

/** What the real API rejects in a content (its wording). */
function invalidContent(content: Json, index: number, model: string): string | undefined {
  if (content.role !== 'user' && content.role !== 'model')
    return `* GenerateContentRequest.contents[${index}].role: Please use a valid role: user, model.`;
  const parts = asArray(content.parts);
  if (parts.length === 0) return `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`;
  const unnamed = parts.findIndex((part) => part.functionResponse && !asObject(part.functionResponse).name);
  if (unnamed >= 0)
    return `* GenerateContentRequest.contents[${index}].parts[${unnamed}].function_response.name: Name cannot be empty.`;
  for (const [position, part] of parts.entries()) {
    const data = asObject(part.inlineData);
    if (!part.inlineData) continue;
    const problem = invalidMedia(String(data.mimeType), String(data.data), INLINE_TYPES);
    if (problem) return `* GenerateContentRequest.contents[${index}].parts[${position}].inline_data: ${problem}`;
  }
  // Gemini 3 requires each function call in the history to come back with its thought signature.
  const unsigned = model.startsWith('gemini-3') && parts.some((part) => part.functionCall && !part.thoughtSignature);
  if (unsigned)
    return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly. Position ${index}.`;
  return undefined;
}

export function startGoogleServer(): Promise<FakeProviderServer> {
  return startFakeServer(googleProtocol);
}
