// How long a provider asked us to wait, from its response headers. Temporal does the waiting:
// the activity turns this into the next retry's delay.

interface HeaderSource {
  get(name: string): string | null;
}

/** `retry-after-ms` (OpenAI, Anthropic) wins over `Retry-After` (seconds or an HTTP date). */
export function retryAfterMsFromHeaders(headers: HeaderSource | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = parseNonNegativeNumber(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return Math.round(milliseconds);
  return retryAfterMsFromValue(headers.get('retry-after'), now);
}

export function retryAfterMsFromValue(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = parseNonNegativeNumber(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Google's `RetryInfo.retryDelay` is a protobuf Duration in JSON: `"2s"`, `"1.500s"`. */
export function retryAfterMsFromDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.endsWith('s')) return undefined;
  const seconds = parseNonNegativeNumber(value.slice(0, -1));
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

function parseNonNegativeNumber(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
