// @google/genai errors → ModelError. Its ApiError keeps only the status and the body as a JSON
// string, so the Retry-After header is read from the response we saw (see `index.ts`), and
// Gemini's own retry hint, `RetryInfo.retryDelay` in the body's details, is honoured too.
import { ApiError } from '@google/genai';
import { ModelError } from '../../types.js';
import { errorByStatus } from '../shared/error-by-status.js';
import { retryAfterMsFromDuration, retryAfterMsFromHeaders } from '../shared/retry-after.js';
import { transportFailure, unexpectedFailure } from '../shared/transport-failure.js';

interface GoogleErrorBody {
  error?: { code?: unknown; message?: unknown; status?: unknown; details?: Array<Record<string, unknown>> };
}

export function mapGoogleError(error: unknown, lastHeaders: Headers | undefined): ModelError {
  const provider = 'google';
  if (error instanceof ApiError) {
    const body = parseBody(error.message);
    const message = typeof body?.error?.message === 'string' ? body.error.message : error.message;
    const reasons = (body?.error?.details ?? [])
      .map((detail) => detail.reason)
      .filter((reason) => typeof reason === 'string');
    const code = [body?.error?.status, ...reasons].filter((part) => typeof part === 'string').join(' ');
    const retryAfterMs = retryAfterMsFromHeaders(lastHeaders) ?? retryDelayOf(body);
    const raw = body ?? error.message;
    // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
    if (error.status === 400 && /API_KEY_INVALID/.test(code)) {
      return new ModelError('AuthenticationFailed', `${provider} answered 400: ${message}`, {
        status: 400,
        provider,
        raw,
      });
    }
    return errorByStatus({ provider, status: error.status, message, code, retryAfterMs, raw });
  }
  const transport = transportFailure(provider, error);
  if (transport) return transport;
  // The SDK's SSE reader throws plain Errors for a body that is not the protocol.
  if (
    error instanceof Error &&
    /Incomplete JSON segment|parsing stream chunk|Response body is empty/.test(error.message)
  ) {
    return new ModelError('MalformedResponse', `google sent a stream that is not the protocol: ${error.message}`, {
      provider,
    });
  }
  return unexpectedFailure(provider, error);
}

function parseBody(text: string): GoogleErrorBody | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as GoogleErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function retryDelayOf(body: GoogleErrorBody | undefined): number | undefined {
  const retryInfo = body?.error?.details?.find((detail) =>
    String(detail['@type'] ?? '').endsWith('google.rpc.RetryInfo'),
  );
  return retryAfterMsFromDuration(retryInfo?.retryDelay);
}
