import { ModelError } from '../../types.js';

/** A stream that ended before the provider's final event: cut off, or not this protocol at all. */
export function incompleteStream(provider: string, what: string, raw?: unknown): ModelError {
  return new ModelError('MalformedResponse', `${provider} stream ended ${what}`, { provider, raw });
}
