// Anthropic SDK errors → ModelError. Errors come as HTTP statuses with a typed body, or as an
// `error` event inside a 200 stream (then only the type says what happened).
import { APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { ModelError } from '../../types.js';
import { errorByStatus } from '../shared/error-by-status.js';
import { withRateLimits } from '../shared/rate-limit-headers.js';
import { retryAfterMsFromHeaders } from '../shared/retry-after.js';
import { transportFailure, unexpectedFailure } from '../shared/transport-failure.js';

/** What each error type would have been as an HTTP status (docs: "HTTP errors"). */
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function mapAnthropicError(error: unknown): ModelError {
  const provider = 'anthropic';
  if (error instanceof APIConnectionTimeoutError)
    return new ModelError('Timeout', `${provider} did not answer in time`, { provider });
  if (error instanceof APIError && (error.status !== undefined || error.error !== undefined)) {
    const type = error.type ?? '';
    const status = error.status ?? STATUS_OF_TYPE[type] ?? 500;
    const message = error.apiMessage ?? error.message;
    const code = [type, error.errorCode].filter(Boolean).join(' ');
    return withRateLimits(
      errorByStatus({
        provider,
        status,
        message,
        code,
        retryAfterMs: retryAfterMsFromHeaders(error.headers),
        raw: error.error,
        inStream: error.status === undefined,
      }),
      error.headers,
    );
  }
  const transport = transportFailure(provider, error);
  if (transport) return transport;
  if (error instanceof APIError)
    return new ModelError('ProviderUnavailable', `could not reach ${provider}: ${error.message}`, { provider });
  return unexpectedFailure(provider, error);
}
