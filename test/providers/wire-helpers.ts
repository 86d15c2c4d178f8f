// Small readers shared by the fake protocols.

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}

export function bearer(header: string | undefined): string | undefined {
  return header?.replace(/^Bearer\s+/i, '');
}

export function defined<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
