// An S3 error as a failure Temporal understands: a stable type and the right retryability.
// Throttling, a server error, a timeout or a dropped connection may pass (BlobStoreUnavailable,
// retried); a refusal — no such bucket, access denied, a malformed request — will not
// (BlobStoreRefused, never retried). The SDK's own retries are off: Temporal is the only retrier.
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';

interface S3ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError']);

export function isRetryableStoreError(error: unknown): boolean {
  const shape = error as S3ErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  if (THROTTLING.has(shape.name ?? '')) return true;
  return NETWORK.has(shape.code ?? '') || NETWORK.has(shape.name ?? '') || status === undefined;
}

/** The failure to throw for an S3 call that failed: what, where, and what the store said. */
export function storeFailure(error: unknown, operation: string, location: string): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const shape = error as S3ErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const said = [shape.name, status ? `HTTP ${status}` : undefined, shape.message].filter(Boolean).join(', ');
  const retryable = isRetryableStoreError(error);
  return ApplicationFailure.create({
    type: retryable ? ERROR_TYPES.blobStoreUnavailable : ERROR_TYPES.blobStoreRefused,
    message: `${operation} in ${location} failed: ${said || String(error)}`,
    nonRetryable: !retryable,
  });
}
