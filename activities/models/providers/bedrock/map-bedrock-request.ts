// Our request → a Converse request. Converse has no JSON-schema mode: the schema goes into the
// system prompt and the answer is parsed and validated like every other provider's.
import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
  SystemContentBlock,
  Tool,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelMessage, ModelRequest } from '../../types.js';
import { mapBedrockMedia } from './map-bedrock-media.js';

export function mapBedrockRequest(request: ModelRequest): ConverseCommandInput {
  const system = systemOf(request);
  const inference = {
    ...(request.max_tokens === undefined ? {} : { maxTokens: request.max_tokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stop?.length ? { stopSequences: request.stop } : {}),
  };
  return {
    modelId: request.model,
    messages: mapMessages(request.messages),
    ...(system ? { system: [{ text: system } satisfies SystemContentBlock] } : {}),
    ...(Object.keys(inference).length ? { inferenceConfig: inference } : {}),
    ...(request.tools?.length ? { toolConfig: { tools: request.tools.map(mapTool) } } : {}),
  };
}

function systemOf(request: ModelRequest): string | undefined {
  if (!request.json_schema) return request.system;
  const instruction = `Answer with JSON only (no prose, no Markdown fence) that fits this JSON Schema: ${JSON.stringify(request.json_schema.schema)}`;
  return request.system ? `${request.system}\n\n${instruction}` : instruction;
}

function mapTool(tool: NonNullable<ModelRequest['tools']>[number]): Tool {
  return {
    toolSpec: {
      name: tool.name,
      description: tool.description,
      // The SDK's DocumentType is any JSON value.
      inputSchema: { json: tool.parameters as never },
    },
  };
}

/** Converse wants user and assistant turns in turn: a turn's tool results go together in one user message. */
function mapMessages(messages: ModelMessage[]): Message[] {
  const mapped: Message[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = contentOf(message);
    const previous = mapped.at(-1);
    if (message.role === 'tool' && previous?.role === 'user' && previous.content?.every((block) => block.toolResult))
      previous.content.push(...content);
    else mapped.push({ role, content });
  }
  return mapped;
}

function contentOf(message: ModelMessage): ContentBlock[] {
  if (message.role === 'tool')
    return [
      {
        toolResult: {
          toolUseId: message.tool_call_id ?? '',
          content: [{ text: message.content }],
          status: 'success',
        },
      },
    ];
  // Converse rejects blank text blocks: an assistant turn that only called tools has none.
  const text: ContentBlock[] = message.content === '' ? [] : [{ text: message.content }];
  const calls: ContentBlock[] = (message.tool_calls ?? []).map((call) => ({
    toolUse: { toolUseId: call.id, name: call.name, input: call.arguments as never },
  }));
  return [...(message.media ?? []).map(mapBedrockMedia), ...text, ...calls];
}
