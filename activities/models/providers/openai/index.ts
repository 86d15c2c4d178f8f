// The OpenAI adapter: OpenAI itself and every server that speaks its chat completions protocol
// (Ollama, vLLM, LM Studio, gateways), named by `provider`.
import OpenAI from 'openai';
import type { GenerateOptions, ModelAdapter, ModelRequest, ModelResponse } from '../../types.js';
import { SDK_TIMEOUT_OFF_MS, callWithDeadline } from '../shared/call-with-deadline.js';
import { withStructuredOutput } from '../shared/parse-json.js';
import { untilAborted } from '../shared/until-aborted.js';
import { collectOpenAIStream } from './collect-openai-stream.js';
import { mapOpenAIError } from './map-openai-error.js';
import { mapOpenAIRequest } from './map-openai-request.js';

export interface OpenAIAdapterOptions {
  apiKey: string;
  /** Defaults to OpenAI's API; an OpenAI-compatible server's `/v1` URL otherwise. */
  baseURL?: string;
  /** `openai` (default), or the compatible server's name (`ollama`, `vllm`, …). */
  provider?: string;
}

export function createOpenAIAdapter(options: OpenAIAdapterOptions): ModelAdapter {
  const provider = options.provider ?? 'openai';
  // Temporal is the only retrier: the SDK's own retries are off; its timeout too (our deadline counts).
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_OFF_MS,
  });
  const dialect = { maxTokensField: provider === 'openai' ? 'max_completion_tokens' : 'max_tokens' } as const;
  return {
    provider,
    generate(request: ModelRequest, generateOptions: GenerateOptions = {}): Promise<ModelResponse> {
      return callWithDeadline(
        provider,
        generateOptions,
        (error) => mapOpenAIError(provider, error),
        async (signal) => {
          const stream = await client.chat.completions.create(mapOpenAIRequest(request, dialect), { signal });
          return withStructuredOutput(
            request,
            await collectOpenAIStream(provider, untilAborted(stream, signal), generateOptions.onProgress),
          );
        },
      );
    },
  };
}
