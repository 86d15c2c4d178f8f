// The OpenAI adapter: OpenAI itself, every server that speaks its chat completions protocol
// (Groq, Mistral, DeepSeek, Ollama, vLLM, LM Studio, gateways…), named by `provider`, and Azure
// OpenAI through the SDK's AzureOpenAI client (the same protocol under another URL and header).
import OpenAI, { AzureOpenAI } from 'openai';
import type { GenerateOptions, ModelAdapter, ModelRequest, ModelResponse } from '../../types.js';
import { ModelError } from '../../types.js';
import { SDK_TIMEOUT_OFF_MS, callWithDeadline } from '../shared/call-with-deadline.js';
import { withStructuredOutput } from '../shared/parse-json.js';
import { rateLimitsFromHeaders } from '../shared/rate-limit-headers.js';
import { untilAborted } from '../shared/until-aborted.js';
import { collectOpenAIStream } from './collect-openai-stream.js';
import { mapOpenAIError } from './map-openai-error.js';
import { mapOpenAIRequest, type OpenAIDialect } from './map-openai-request.js';
import { openAIMediaMaker } from './openai-media.js';

export interface OpenAIAdapterOptions {
  apiKey: string;
  /** Defaults to OpenAI's API; an OpenAI-compatible server's `/v1` URL otherwise. */
  baseURL?: string;
  /** `openai` (default), or the compatible server's name (`ollama`, `groq`, …). */
  provider?: string;
}

export interface AzureOpenAIAdapterOptions {
  apiKey: string;
  /** The resource's endpoint, `https://NAME.openai.azure.com`. */
  endpoint: string;
  /** The `api-version` query parameter every Azure OpenAI request carries. */
  apiVersion: string;
  provider: string;
}

// Temporal is the only retrier: the SDK's own retries are off; its timeout too (our deadline counts).
const SDK_SETTINGS = { maxRetries: 0, timeout: SDK_TIMEOUT_OFF_MS };

export function createOpenAIAdapter(options: OpenAIAdapterOptions): ModelAdapter {
  const provider = options.provider ?? 'openai';
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, ...SDK_SETTINGS });
  return chatCompletionsAdapter(provider, client, {
    maxTokensField: provider === 'openai' ? 'max_completion_tokens' : 'max_tokens',
  });
}

/**
 * The model's name is the deployment's: the SDK puts it in the path
 * (`/openai/deployments/<name>/chat/completions?api-version=…`) and sends the key as `api-key`.
 */
export function createAzureOpenAIAdapter(options: AzureOpenAIAdapterOptions): ModelAdapter {
  const { provider } = options;
  if (!options.endpoint || !options.apiVersion)
    throw new ModelError(
      'InvalidRequest',
      `provider "${provider}" needs its endpoint and api-version: set AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION (or api_version in the registry)`,
      { provider },
    );
  // baseURL is given, not `endpoint`, so the SDK never reads OPENAI_BASE_URL from the process.
  const client = new AzureOpenAI({
    apiKey: options.apiKey,
    apiVersion: options.apiVersion,
    baseURL: `${options.endpoint.replace(/\/+$/, '')}/openai`,
    ...SDK_SETTINGS,
  });
  // Azure serves OpenAI's models, reasoning ones included: OpenAI's field.
  return chatCompletionsAdapter(provider, client, { maxTokensField: 'max_completion_tokens' });
}

function chatCompletionsAdapter(provider: string, client: OpenAI, dialect: OpenAIDialect): ModelAdapter {
  return {
    provider,
    makeMedia: openAIMediaMaker(provider, client),
    generate(request: ModelRequest, generateOptions: GenerateOptions = {}): Promise<ModelResponse> {
      return callWithDeadline(
        provider,
        generateOptions,
        (error) => mapOpenAIError(provider, error),
        async (signal) => {
          const { data: stream, response } = await client.chat.completions
            .create(mapOpenAIRequest(request, dialect), { signal })
            .withResponse();
          const answer = withStructuredOutput(
            request,
            await collectOpenAIStream(provider, untilAborted(stream, signal), generateOptions.onProgress),
          );
          const rateLimits = rateLimitsFromHeaders(response.headers);
          return rateLimits ? { ...answer, rate_limits: rateLimits } : answer;
        },
      );
    },
  };
}
