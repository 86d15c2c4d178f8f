// Our request → chat completions parameters (streaming, with usage in the last chunk).
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ModelMessage, ModelRequest, ModelToolDefinition } from '../../types.js';
import { mapOpenAIMedia } from './map-openai-media.js';

export interface OpenAIDialect {
  /**
   * OpenAI's own reasoning models reject `max_tokens` and want `max_completion_tokens`; the
   * compatible servers (Ollama, vLLM, LM Studio, gateways) reliably know only `max_tokens`.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
}

export function mapOpenAIRequest(request: ModelRequest, dialect: OpenAIDialect): ChatCompletionCreateParamsStreaming {
  const system: ChatCompletionMessageParam[] = request.system ? [{ role: 'system', content: request.system }] : [];
  return {
    model: request.model,
    messages: [...system, ...request.messages.map(mapMessage)],
    stream: true,
    stream_options: { include_usage: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.max_tokens === undefined ? {} : { [dialect.maxTokensField]: request.max_tokens }),
    ...(request.stop?.length ? { stop: request.stop } : {}),
    ...(request.tools?.length ? { tools: request.tools.map(mapTool) } : {}),
    ...(request.json_schema ? { response_format: mapResponseFormat(request.json_schema) } : {}),
  };
}

function mapMessage(message: ModelMessage): ChatCompletionMessageParam {
  if (message.role === 'tool')
    return { role: 'tool', tool_call_id: message.tool_call_id ?? '', content: message.content };
  if (message.role === 'user' && message.media?.length)
    return { role: 'user', content: [{ type: 'text', text: message.content }, ...message.media.map(mapOpenAIMedia)] };
  if (message.role === 'user') return { role: 'user', content: message.content };
  if (!message.tool_calls?.length) return { role: 'assistant', content: message.content };
  return {
    role: 'assistant',
    content: message.content === '' ? null : message.content,
    tool_calls: message.tool_calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    })),
  };
}

function mapTool(tool: ModelToolDefinition): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  };
}

// `strict: false`: strict mode demands every property be required and no additional properties,
// which authors' schemas rarely satisfy; ajv validates the answer after the call anyway.
function mapResponseFormat(
  jsonSchema: NonNullable<ModelRequest['json_schema']>,
): ChatCompletionCreateParamsStreaming['response_format'] {
  const name = jsonSchema.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output';
  return { type: 'json_schema', json_schema: { name, schema: jsonSchema.schema, strict: false } };
}
