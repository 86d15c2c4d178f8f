// A Converse answer → our response. Converse does not name the model in its answer: the model
// asked for is the one that answered.
import type { ConverseCommandOutput, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { FinishReason, ModelResponse, ModelUsage } from '../../types.js';
import { ModelError } from '../../types.js';

export function mapBedrockResponse(provider: string, model: string, output: ConverseCommandOutput): ModelResponse {
  const message = output.output?.message;
  if (!message || !Array.isArray(message.content) || !output.stopReason)
    throw new ModelError('MalformedResponse', `${provider} answered without output.message or stopReason`, {
      provider,
      raw: rawOf(output),
    });
  // A guardrail refused the prompt: its canned text is no answer (as Gemini's 200 block).
  if (output.stopReason === 'guardrail_intervened')
    throw new ModelError('ContentFiltered', `${provider} refused the request: a guardrail intervened`, {
      provider,
      raw: rawOf(output),
    });
  const text = message.content.map((block) => block.text ?? '').join('');
  const toolCalls = message.content.flatMap((block) =>
    block.toolUse
      ? [
          {
            id: block.toolUse.toolUseId ?? '',
            name: block.toolUse.name ?? '',
            arguments: toolInputOf(provider, block.toolUse.name ?? '', block.toolUse.input),
          },
        ]
      : [],
  );
  return {
    text,
    tool_calls: toolCalls,
    finish_reason: finishOf(output.stopReason, toolCalls.length > 0),
    usage: usageOf(output.usage),
    model,
    raw: rawOf(output),
  };
}

function toolInputOf(provider: string, name: string, input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  throw new ModelError('MalformedResponse', `${provider} called tool "${name}" with input that is not a JSON object`, {
    provider,
  });
}

function finishOf(reason: string, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls || reason === 'tool_use') return 'tool_calls';
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'content_filtered') return 'content_filter';
  return 'other';
}

/** Like Anthropic's, Converse's inputTokens leave out cache reads and writes: they are added back. */
function usageOf(usage: TokenUsage | undefined): ModelUsage {
  if (!usage) return {};
  const cacheRead = usage.cacheReadInputTokens ?? undefined;
  const input = usage.inputTokens ?? undefined;
  return {
    input_tokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (usage.cacheWriteInputTokens ?? 0),
    output_tokens: usage.outputTokens ?? undefined,
    cached_tokens: cacheRead,
  };
}

/** The answer without the SDK's `$metadata`, as plain JSON (it goes into history). */
function rawOf(output: ConverseCommandOutput): unknown {
  const { $metadata: _metadata, ...answer } = output;
  return JSON.parse(JSON.stringify(answer)) as unknown;
}
