// Our request → Messages API parameters (streaming).
//
// Structured output uses the API's native mode, `output_config.format` (json_schema), which this
// SDK version (1.12) has: the model is constrained to the schema and answers with plain text we
// parse. A forced tool call would work too, but would fight with the request's real tools.
import type {
  ContentBlockParam,
  MessageCreateParamsStreaming,
  MessageParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { ModelMessage, ModelRequest, ModelToolDefinition } from '../../types.js';
import { mapAnthropicMedia } from './map-anthropic-media.js';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from '../shared/default-max-tokens.js';

export function mapAnthropicRequest(request: ModelRequest): MessageCreateParamsStreaming {
  return {
    model: request.model,
    max_tokens: request.max_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages: mergeTurns(request.messages.map(mapMessage)),
    stream: true,
    ...(request.system ? { system: request.system } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stop?.length ? { stop_sequences: request.stop } : {}),
    ...(request.tools?.length ? { tools: request.tools.map(mapTool) } : {}),
    ...(request.json_schema
      ? { output_config: { format: { type: 'json_schema', schema: request.json_schema.schema } } }
      : {}),
  };
}

interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlockParam[];
}

function mapMessage(message: ModelMessage): Turn {
  if (message.role === 'tool') {
    return {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: message.tool_call_id ?? '', content: message.content }],
    };
  }
  // The API rejects empty text blocks.
  const text: ContentBlockParam[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
  // Media first: Anthropic's guidance puts images and documents before the question about them.
  if (message.role === 'user')
    return { role: 'user', content: [...(message.media ?? []).map(mapAnthropicMedia), ...text] };
  const calls: ContentBlockParam[] = (message.tool_calls ?? []).map((call) => ({
    type: 'tool_use',
    id: call.id,
    name: call.name,
    input: call.arguments,
  }));
  return { role: 'assistant', content: [...text, ...calls] };
}

/** All results of one turn's tool calls must come back in a single user message. */
function mergeTurns(turns: Turn[]): MessageParam[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    const previous = merged.at(-1);
    if (previous && previous.role === turn.role) previous.content.push(...turn.content);
    else merged.push({ role: turn.role, content: [...turn.content] });
  }
  return merged;
}

function mapTool(tool: ModelToolDefinition): Tool {
  return { name: tool.name, description: tool.description, input_schema: { type: 'object', ...tool.parameters } };
}
