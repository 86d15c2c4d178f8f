// What a provider says of its rate limits on every answer, read from its response headers at the
// edge: OpenAI (and most OpenAI-compatible servers) send `x-ratelimit-{limit,remaining,reset}-
// {tokens,requests}`, the reset as a duration (`6m0s`, `1.5s`, `20ms`); Anthropic sends
// `anthropic-ratelimit-{tokens,input-tokens,requests}-{limit,remaining,reset}`, the reset as an
// RFC 3339 time. The remaining count is what the provider has left for every caller of the key,
// so it is the budget that every worker shares (decisions/0017). The raw values stay beside.

interface HeaderSource {
  get(name: string): string | null;
}

export interface RateLimitWindow {
  limit?: number;
  remaining?: number;
  /** When the provider's window is full again (epoch ms). */
  resetsAtMs?: number;
}

export interface ProviderRateLimits {
  tokens?: RateLimitWindow;
  requests?: RateLimitWindow;
  /** The headers as the provider sent them. */
  raw: Record<string, string>;
}

const OPENAI_PREFIX = 'x-ratelimit-';
const ANTHROPIC_PREFIX = 'anthropic-ratelimit-';

/** The provider's limits from its headers, or undefined when it sent none. */
export function rateLimitsFromHeaders(
  headers: HeaderSource | undefined,
  now = Date.now(),
): ProviderRateLimits | undefined {
  if (!headers) return undefined;
  const raw: Record<string, string> = {};
  const read = (name: string): string | undefined => {
    const value = headers.get(name);
    if (value === null || value.trim() === '') return undefined;
    raw[name] = value;
    return value;
  };
  const openAI = (kind: string): RateLimitWindow | undefined =>
    windowOf(
      read(`${OPENAI_PREFIX}limit-${kind}`),
      read(`${OPENAI_PREFIX}remaining-${kind}`),
      resetFromDuration(read(`${OPENAI_PREFIX}reset-${kind}`), now),
    );
  const anthropic = (kind: string): RateLimitWindow | undefined =>
    windowOf(
      read(`${ANTHROPIC_PREFIX}${kind}-limit`),
      read(`${ANTHROPIC_PREFIX}${kind}-remaining`),
      resetFromTime(read(`${ANTHROPIC_PREFIX}${kind}-reset`)),
    );
  // Anthropic's `tokens-*` is the most restrictive of its token limits; `input-tokens-*` when alone.
  const tokens = openAI('tokens') ?? anthropic('tokens') ?? anthropic('input-tokens');
  const requests = openAI('requests') ?? anthropic('requests');
  if (!tokens && !requests) return undefined;
  return { ...(tokens ? { tokens } : {}), ...(requests ? { requests } : {}), raw };
}

function windowOf(
  limit: string | undefined,
  remaining: string | undefined,
  resetsAtMs: number | undefined,
): RateLimitWindow | undefined {
  const window: RateLimitWindow = {
    ...optionalCount('limit', limit),
    ...optionalCount('remaining', remaining),
    ...(resetsAtMs !== undefined ? { resetsAtMs } : {}),
  };
  return window.remaining === undefined && window.limit === undefined ? undefined : window;
}

function optionalCount(name: 'limit' | 'remaining', value: string | undefined): Partial<RateLimitWindow> {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return {};
  return { [name]: Number(value) };
}

/** OpenAI's Go-style duration: `1s`, `6m0s`, `1h2m3.5s`, `120ms`. */
export function resetFromDuration(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(value.trim())) return undefined;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  let totalMs = 0;
  for (const [, amount, , unit] of value.trim().matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g))
    totalMs += Number(amount) * unitMs[unit!]!;
  return now + Math.ceil(totalMs);
}

function resetFromTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** A refused call's headers count too: a 429 says what is left and when the window resets. */
export function withRateLimits<E extends { details: { rate_limits?: ProviderRateLimits } }>(
  error: E,
  headers: HeaderSource | undefined,
): E {
  const limits = rateLimitsFromHeaders(headers);
  if (limits) error.details.rate_limits = limits;
  return error;
}
