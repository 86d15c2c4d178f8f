// The Anthropic adapter over the official SDK's Messages API, streamed.
import Anthropic from '@anthropic-ai/sdk';
import type { GenerateOptions, ModelAdapter, ModelRequest, ModelResponse } from '../../types.js';
import { SDK_TIMEOUT_OFF_MS, callWithDeadline } from '../shared/call-with-deadline.js';
import { withStructuredOutput } from '../shared/parse-json.js';
import { rateLimitsFromHeaders } from '../shared/rate-limit-headers.js';
import { untilAborted } from '../shared/until-aborted.js';
import { collectAnthropicStream } from './collect-anthropic-stream.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { mapAnthropicRequest } from './map-anthropic-request.js';

export interface AnthropicAdapterOptions {
  apiKey: string;
  /** Defaults to Anthropic's API. */
  baseURL?: string;
}

export function createAnthropicAdapter(options: AnthropicAdapterOptions): ModelAdapter {
  // Temporal is the only retrier: the SDK's own retries are off; its timeout too (our deadline counts).
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_OFF_MS,
  });
  return {
    provider: 'anthropic',
    generate(request: ModelRequest, generateOptions: GenerateOptions = {}): Promise<ModelResponse> {
      return callWithDeadline('anthropic', generateOptions, mapAnthropicError, async (signal) => {
        const { data: stream, response } = await client.messages
          .create(mapAnthropicRequest(request), { signal })
          .withResponse();
        const answer = withStructuredOutput(
          request,
          await collectAnthropicStream(untilAborted(stream, signal), generateOptions.onProgress),
        );
        const rateLimits = rateLimitsFromHeaders(response.headers);
        return rateLimits ? { ...answer, rate_limits: rateLimits } : answer;
      });
    },
  };
}
