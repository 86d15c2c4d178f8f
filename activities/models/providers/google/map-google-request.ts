// Our request → generateContent parameters. Gemini names roles `user` and `model`, answers tool
// calls with `functionResponse` parts that name the function (our tool messages carry only the
// call's id, so the name is found in the assistant turn that made the call), and wants the
// results of one turn's calls together in one `user` content.
import type { Content, GenerateContentConfig, GenerateContentParameters, Part } from '@google/genai';
import type { ModelMessage, ModelRequest, ModelToolCall } from '../../types.js';
import { ModelError } from '../../types.js';
import { mapGoogleMedia } from './map-google-media.js';

/** Ids we invent for Gemini calls that came without one; never sent back to Gemini. */
export const SYNTHETIC_CALL_ID_PREFIX = 'orc-gemini-call-';

export function mapGoogleRequest(
  request: ModelRequest,
  transport: Pick<GenerateContentConfig, 'abortSignal' | 'httpOptions'>,
): GenerateContentParameters {
  const config: GenerateContentConfig = {
    ...transport,
    // Temporal is the only retrier: no automatic function calling, no automatic continuation
    // (which re-sends a dropped stream), no SDK retries (no `retryOptions`).
    automaticFunctionCalling: { disable: true },
    automaticContinuation: false,
    ...(request.system ? { systemInstruction: request.system } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.max_tokens === undefined ? {} : { maxOutputTokens: request.max_tokens }),
    ...(request.stop?.length ? { stopSequences: request.stop } : {}),
    ...(request.json_schema
      ? { responseMimeType: 'application/json', responseJsonSchema: request.json_schema.schema }
      : {}),
    ...(request.tools?.length
      ? {
          tools: [
            {
              functionDeclarations: request.tools.map((tool) => ({
                name: tool.name,
                description: tool.description,
                parametersJsonSchema: tool.parameters,
              })),
            },
          ],
        }
      : {}),
  };
  return {
    model: request.model,
    contents: mergeTurns(request.messages.map((message, index) => mapMessage(request.messages, message, index))),
    config,
  };
}

function mapMessage(messages: ModelMessage[], message: ModelMessage, index: number): Content {
  if (message.role === 'user')
    return { role: 'user', parts: [{ text: message.content }, ...(message.media ?? []).map(mapGoogleMedia)] };
  if (message.role === 'tool') {
    const call = callAnswered(messages, index, message.tool_call_id);
    return {
      role: 'user',
      parts: [
        {
          functionResponse: { ...realId(call.id), name: call.name, response: { output: jsonOrText(message.content) } },
        },
      ],
    };
  }
  const text: Part[] = message.content === '' ? [] : [{ text: message.content }];
  const calls: Part[] = (message.tool_calls ?? []).map((call) => ({
    functionCall: { ...realId(call.id), name: call.name, args: call.arguments },
    ...(call.thought_signature ? { thoughtSignature: call.thought_signature } : {}),
  }));
  return { role: 'model', parts: [...text, ...calls] };
}

function callAnswered(messages: ModelMessage[], index: number, id: string | undefined): ModelToolCall {
  for (let position = index - 1; position >= 0; position -= 1) {
    const call = messages[position]?.tool_calls?.find((candidate) => candidate.id === id);
    if (call) return call;
  }
  throw new ModelError(
    'InvalidRequest',
    `a tool result answers call "${id}", which no earlier assistant turn made (Gemini needs the function's name)`,
    { provider: 'google' },
  );
}

function realId(id: string): { id?: string } {
  return id.startsWith(SYNTHETIC_CALL_ID_PREFIX) ? {} : { id };
}

/** Tool results are usually JSON text; Gemini takes a structured `response`. */
function jsonOrText(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

function mergeTurns(contents: Content[]): Content[] {
  const merged: Content[] = [];
  for (const content of contents) {
    const previous = merged.at(-1);
    if (previous && previous.role === content.role)
      previous.parts = [...(previous.parts ?? []), ...(content.parts ?? [])];
    else merged.push({ role: content.role, parts: [...(content.parts ?? [])] });
  }
  return merged;
}
