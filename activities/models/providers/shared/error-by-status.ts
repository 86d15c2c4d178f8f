// The one table from HTTP status to our stable error types, shared by every adapter; each
// provider's own mapper only extracts status, message, headers and body and adds what is
// particular to it (error codes in the body, errors inside a stream).
import { ModelError } from '../../types.js';
import { looksLikeContentFiltered, looksLikeContextLength } from './message-patterns.js';

export interface ProviderFailure {
  provider: string;
  status: number;
  message: string;
  /** The provider's error code or type, when its body names one (`context_length_exceeded`). */
  code?: string;
  retryAfterMs?: number;
  raw?: unknown;
  /**
   * The error arrived inside a 200 stream: `status` is then our reading of its type, not an HTTP
   * status, and is not reported as one.
   */
  inStream?: boolean;
}

export function errorByStatus(failure: ProviderFailure): ModelError {
  const { provider, status, retryAfterMs, raw } = failure;
  const message = failure.inStream
    ? `${provider} reported an error in the stream: ${failure.message}`
    : `${provider} answered ${status}: ${failure.message}`;
  const details = {
    ...(failure.inStream ? {} : { status }),
    provider,
    raw,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  const clues = `${failure.code ?? ''} ${failure.message}`;
  if (status === 429) return new ModelError('RateLimited', message, details);
  if (status === 408 || status === 409 || status >= 500) return new ModelError('ProviderUnavailable', message, details);
  if (status === 401 || status === 403) return new ModelError('AuthenticationFailed', message, details);
  // 402 is billing: no retry will pay the bill, and a fallback chain should move on.
  if (status === 402) return new ModelError('AuthenticationFailed', message, details);
  if (status === 404) return new ModelError('ModelNotFound', message, details);
  if (looksLikeContextLength(clues)) return new ModelError('ContextLengthExceeded', message, details);
  if (looksLikeContentFiltered(clues)) return new ModelError('ContentFiltered', message, details);
  return new ModelError('InvalidRequest', message, details);
}
