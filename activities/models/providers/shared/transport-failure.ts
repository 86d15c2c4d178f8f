// Failures below HTTP — refused connections, resets, a body cut off, bytes that are not the
// protocol — look alike in every SDK (they come from fetch/undici or JSON.parse), so they are
// recognised once, here.
import { ModelError } from '../../types.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The error and its `cause` chain, outermost first (bounded: causes can loop). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let current = error;
    current !== undefined && current !== null && chain.length < 8;
    current = (current as { cause?: unknown }).cause
  ) {
    chain.push(current);
  }
  return chain;
}

export function isNetworkFailure(error: unknown): boolean {
  return causeChain(error).some((link) => {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const message = link instanceof Error ? link.message : '';
    // undici: "fetch failed" (could not connect), "terminated" (the body was cut off).
    return link instanceof TypeError && /^(fetch failed|terminated)$/.test(message);
  });
}

export function isUnparsableBody(error: unknown): boolean {
  return causeChain(error).some((link) => link instanceof SyntaxError);
}

/** For errors that carry no HTTP status: network → unavailable; bad bytes → malformed. */
export function transportFailure(provider: string, error: unknown): ModelError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (isUnparsableBody(error)) {
    return new ModelError('MalformedResponse', `${provider} sent a body that is not valid JSON: ${message}`, {
      provider,
    });
  }
  if (isNetworkFailure(error)) {
    const detail = causeChain(error)
      .map((link) => (link instanceof Error ? link.message : String(link)))
      .join(': ');
    return new ModelError('ProviderUnavailable', `could not reach ${provider}: ${detail}`, { provider });
  }
  return undefined;
}

/**
 * Anything else the SDK threw. Adapters throw only ModelError, so it is wrapped; retryable,
 * because an unknown failure at the edge is more often a hiccup than a permanent refusal, and
 * the activity's retry policy bounds the attempts.
 */
export function unexpectedFailure(provider: string, error: unknown): ModelError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ModelError('ProviderUnavailable', `unexpected failure calling ${provider}: ${message}`, { provider });
}
