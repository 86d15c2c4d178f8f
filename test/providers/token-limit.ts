// A provider's tokens-per-minute limit, for the fake servers: each request is charged when it
// arrives, as OpenAI and Anthropic do — the prompt's characters ÷ 4 plus max_tokens — against
// a fixed window (a "minute" a test may shorten to seconds); a request over what is left is
// refused with 429 and Retry-After. Every answer carries the provider's rate-limit headers, in
// OpenAI's form (`x-ratelimit-*`, resets as durations) or Anthropic's (`anthropic-ratelimit-*`,
// resets as RFC 3339 times).
import type { SeenRequest } from './seen-request.js';

export interface TokenLimitOptions {
  tokensPerWindow: number;
  /** 60 000 for a real minute. */
  windowMs: number;
  /** Requests per window, reported in the headers too (not enforced unless reached). */
  requestsPerWindow?: number;
  /** Output tokens charged for a request without max_tokens. */
  defaultMaxTokens?: number;
}

export interface TokenLimitStats {
  admitted: number;
  refused: number;
  /** Tokens charged in each window, in order. */
  chargedPerWindow: number[];
}

export interface TokenLimiter {
  readonly stats: TokenLimitStats;
  /** Charges the request, or refuses it; either way the headers to send. */
  admit(seen: SeenRequest, protocol: string): { admitted: boolean; headers: Record<string, string> };
}

export function createTokenLimiter(options: TokenLimitOptions, clock: () => number = Date.now): TokenLimiter {
  const stats: TokenLimitStats = { admitted: 0, refused: 0, chargedPerWindow: [] };
  const requestsPerWindow = options.requestsPerWindow ?? 10_000;
  let windowStartMs: number | undefined;
  let tokensLeft = options.tokensPerWindow;
  let requestsLeft = requestsPerWindow;
  return {
    stats,
    admit(seen, protocol) {
      const now = clock();
      if (windowStartMs === undefined || now >= windowStartMs + options.windowMs) {
        windowStartMs = now;
        tokensLeft = options.tokensPerWindow;
        requestsLeft = requestsPerWindow;
        stats.chargedPerWindow.push(0);
      }
      const charge = chargeOf(seen, options.defaultMaxTokens ?? 1_024);
      const admitted = charge <= tokensLeft && requestsLeft > 0;
      if (admitted) {
        tokensLeft -= charge;
        requestsLeft--;
        stats.admitted++;
        stats.chargedPerWindow[stats.chargedPerWindow.length - 1]! += charge;
      } else stats.refused++;
      const resetsAtMs = windowStartMs + options.windowMs;
      const window = { tokensLeft, requestsLeft, resetsAtMs, now };
      const headers =
        protocol === 'anthropic'
          ? anthropicHeaders(options, requestsPerWindow, window)
          : openAIHeaders(options, requestsPerWindow, window);
      if (!admitted) headers['retry-after'] = String(Math.max(1, Math.ceil((resetsAtMs - now) / 1000)));
      return { admitted, headers };
    },
  };
}

function chargeOf(seen: SeenRequest, defaultMaxTokens: number): number {
  const characters = (seen.system?.length ?? 0) + seen.messages.reduce((sum, message) => sum + message.text.length, 0);
  return Math.ceil(characters / 4) + (seen.maxTokens ?? defaultMaxTokens);
}

interface WindowState {
  tokensLeft: number;
  requestsLeft: number;
  resetsAtMs: number;
  now: number;
}

function openAIHeaders(options: TokenLimitOptions, requestsPerWindow: number, window: WindowState) {
  const reset = `${(Math.max(0, window.resetsAtMs - window.now) / 1000).toFixed(3)}s`;
  return {
    'x-ratelimit-limit-tokens': String(options.tokensPerWindow),
    'x-ratelimit-remaining-tokens': String(window.tokensLeft),
    'x-ratelimit-reset-tokens': reset,
    'x-ratelimit-limit-requests': String(requestsPerWindow),
    'x-ratelimit-remaining-requests': String(window.requestsLeft),
    'x-ratelimit-reset-requests': reset,
  } as Record<string, string>;
}

function anthropicHeaders(options: TokenLimitOptions, requestsPerWindow: number, window: WindowState) {
  const reset = new Date(window.resetsAtMs).toISOString();
  return {
    'anthropic-ratelimit-tokens-limit': String(options.tokensPerWindow),
    'anthropic-ratelimit-tokens-remaining': String(window.tokensLeft),
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': String(options.tokensPerWindow),
    'anthropic-ratelimit-input-tokens-remaining': String(window.tokensLeft),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-requests-limit': String(requestsPerWindow),
    'anthropic-ratelimit-requests-remaining': String(window.requestsLeft),
    'anthropic-ratelimit-requests-reset': reset,
  } as Record<string, string>;
}
