// Bedrock SDK errors → ModelError. AWS names the error (`ThrottlingException`, …) and the HTTP
// status says the rest, through the same table as every other provider.
import { BedrockRuntimeServiceException } from '@aws-sdk/client-bedrock-runtime';
import type { ModelError } from '../../types.js';
import { errorByStatus } from '../shared/error-by-status.js';
import { retryAfterMsFromHeaders } from '../shared/retry-after.js';
import { transportFailure, unexpectedFailure } from '../shared/transport-failure.js';

/** Errors whose status alone would say something else. */
const STATUS_OF_NAME: Record<string, number> = {
  // 424: the model failed while answering; another attempt may succeed.
  ModelErrorException: 500,
  // 429 and 408 already, named here for the record.
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
};

export function mapBedrockError(provider: string, error: unknown): ModelError {
  const transport = transportFailure(provider, error);
  if (transport) return transport;
  if (error instanceof BedrockRuntimeServiceException && error.$metadata?.httpStatusCode !== undefined) {
    // The SDK keeps the response's headers with lower-case names.
    const headers = (error.$response?.headers ?? {}) as Record<string, string | undefined>;
    return errorByStatus({
      provider,
      status: STATUS_OF_NAME[error.name] ?? error.$metadata.httpStatusCode,
      message: `${error.name}: ${error.message}`,
      code: error.name,
      retryAfterMs: retryAfterMsFromHeaders({ get: (name) => headers[name.toLowerCase()] ?? null }),
      raw: { name: error.name, message: error.message },
    });
  }
  return unexpectedFailure(provider, error);
}
