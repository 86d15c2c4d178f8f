// One call to a provider under the activity's rules: the caller's signal (activity
// cancellation) and our own deadline both abort the SDK request; a cancellation is rethrown as
// it is, so the activity sees cancellation and not a provider error; everything else becomes a
// ModelError through the provider's mapper.
//
// The deadline is ours rather than the SDKs' `timeout`: the OpenAI and Anthropic SDKs stop their
// timer once headers arrive, so a stream that stalls halfway would otherwise never time out.
// The SDKs' own timeouts are set out of the way (SDK_TIMEOUT_OFF_MS, and no undici header or
// body timeout for Gemini): their defaults (10 min, 5 min) would cut a longer step short.
import type { GenerateOptions } from '../../types.js';
import { ModelError } from '../../types.js';

/** setTimeout's longest delay (about 24.8 days); a longer one fires at once. */
export const SDK_TIMEOUT_OFF_MS = 2_147_483_647;

export async function callWithDeadline<T>(
  provider: string,
  options: GenerateOptions,
  mapError: (error: unknown) => ModelError,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => deadline.abort(), Math.min(options.timeoutMs, SDK_TIMEOUT_OFF_MS));
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  try {
    options.signal?.throwIfAborted();
    return await call(signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (deadline.signal.aborted) {
      throw new ModelError('Timeout', `${provider} gave no complete answer within ${options.timeoutMs} ms`, {
        provider,
      });
    }
    throw error instanceof ModelError ? error : mapError(error);
  } finally {
    clearTimeout(timer);
  }
}
