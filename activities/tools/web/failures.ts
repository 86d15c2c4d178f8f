// Web request errors as typed tool failures: the retryability is decided here for all web tools.
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';
import { HtmlReadError } from './html-thread.js';
import { WebRequestError } from './http-client.js';

/** A failure for `error`; cancellation and failures already typed pass through unchanged. */
export function webFailure(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (!(error instanceof WebRequestError)) return error;
  switch (error.kind) {
    case 'address-not-allowed':
      return toolFailure(ERROR_TYPES.addressNotAllowed, error.message, { retryable: false });
    case 'invalid-url':
      return toolFailure(ERROR_TYPES.toolError, error.message, { retryable: false });
    case 'too-many-redirects':
      return toolFailure(ERROR_TYPES.httpError, error.message, { retryable: false });
    case 'timeout':
      return toolFailure(ERROR_TYPES.timeout, error.message, { retryable: true });
    case 'network':
      return toolFailure(ERROR_TYPES.networkError, error.message, {
        retryable: true,
        cause: error.cause instanceof Error ? error.cause : undefined,
      });
  }
}

/** 5xx and 429 are worth another attempt (Temporal's retry policy decides when). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export function statusFailure(url: string, status: number, statusText: string, body: string) {
  const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return toolFailure(
    ERROR_TYPES.httpError,
    `${url} answered ${status}${statusText ? ` ${statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`,
    { retryable: isRetryableStatus(status) },
  );
}

export function stringParameter(parameters: Record<string, unknown>, name: string): string | undefined {
  const value = parameters[name];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** A positive number, at most `max` when given: a bound a user can exceed is a ToolError saying it. */
export function numberParameter(
  parameters: Record<string, unknown>,
  name: string,
  fallback: number,
  max?: { value: number; unit: string },
): number {
  const value = parameters[name];
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  const bound = max ? ` of at most ${max.value.toLocaleString('en-US')} ${max.unit}` : '';
  if (!Number.isFinite(number) || number <= 0 || (max !== undefined && number > max.value)) {
    throw toolFailure(
      ERROR_TYPES.toolError,
      `${name} must be a positive number${bound}, not ${JSON.stringify(value)}`,
      { retryable: false },
    );
  }
  return number;
}

/** A page whose HTML could not be read within the reader's limits (html-thread.ts): not retried, it would fail again. */
export function htmlFailure(error: unknown, url: string, hint: string): unknown {
  if (!(error instanceof HtmlReadError)) return error;
  const why =
    error.reason === 'time'
      ? `${error.message}: the page is too large or too deeply nested`
      : error.reason === 'memory'
        ? 'the page needs more memory than the HTML reader has'
        : error.message;
  return toolFailure(ERROR_TYPES.toolError, `cannot read the HTML of ${url}: ${why}; ${hint}`, { retryable: false });
}
