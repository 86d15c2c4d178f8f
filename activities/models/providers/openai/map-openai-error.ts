// OpenAI SDK errors → ModelError. Also serves the OpenAI-compatible servers, whose error bodies
// follow OpenAI's `{"error":{"message","type","code"}}` more or less closely.
import { APIConnectionTimeoutError, APIError } from 'openai';
import { ModelError } from '../../types.js';
import { errorByStatus } from '../shared/error-by-status.js';
import { withRateLimits } from '../shared/rate-limit-headers.js';
import { retryAfterMsFromHeaders } from '../shared/retry-after.js';
import { transportFailure, unexpectedFailure } from '../shared/transport-failure.js';

interface OpenAIErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

export function mapOpenAIError(provider: string, error: unknown): ModelError {
  if (error instanceof APIConnectionTimeoutError)
    return new ModelError('Timeout', `${provider} did not answer in time`, { provider });
  if (error instanceof APIError && (error.status !== undefined || error.error !== undefined))
    return fromApiError(provider, error);
  return (
    transportFailure(provider, error) ??
    (error instanceof APIError ? connectionFailure(provider, error) : unexpectedFailure(provider, error))
  );
}

function fromApiError(provider: string, error: APIError): ModelError {
  const body = (error.error ?? {}) as OpenAIErrorBody;
  const message = typeof body.message === 'string' ? body.message : error.message;
  const code = [body.code, body.type].filter((part) => typeof part === 'string').join(' ');
  // A status-less APIError is an `error` object sent inside a 200 stream.
  const status = error.status ?? statusOfStreamError(code);
  if (status === 429 && /insufficient_quota/.test(code)) {
    // OpenAI sends "you exceeded your current quota" as a 429, but no retry will pay the bill.
    return new ModelError('AuthenticationFailed', `${provider} answered 429: ${message}`, {
      status,
      provider,
      raw: error.error,
    });
  }
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

function statusOfStreamError(code: string): number {
  // OpenAI names per-minute limits by what ran out: `requests`, `tokens`.
  if (/\b(rate_limit\w*|requests|tokens)\b/.test(code)) return 429;
  if (/invalid_request|context_length|content_policy|content_filter/.test(code)) return 400;
  return 500;
}

function connectionFailure(provider: string, error: APIError): ModelError {
  return new ModelError('ProviderUnavailable', `could not reach ${provider}: ${error.message}`, { provider });
}
