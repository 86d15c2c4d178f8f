// Inside an activity: secret tokens in the rendered parameters become the values, and any value
// that comes back in a result or an error message is redacted — so neither history nor logs
// ever hold a secret (spec §6).
import { ApplicationFailure } from '@temporalio/activity';
import { SECRET_TOKEN_PATTERN } from '../../workflows/lang/secrets.js';
import type { SecretStore } from './secret-store.js';

/** Secrets put into one call: name → value, for redaction afterwards. */
export type UsedSecrets = Map<string, string>;

/**
 * Runs `call` with the secrets in `parameters` filled in; its result, and the message of what
 * it throws, come back with those values redacted.
 */
export async function withSecrets<T>(parameters: Record<string, unknown>, store: SecretStore, call: (parameters: Record<string, unknown>) => Promise<T>): Promise<T> {
  const used: UsedSecrets = new Map();
  try {
    return redactSecrets(await call(substituteSecrets(parameters, store, used)), used);
  } catch (error) {
    throw redactFailure(error, used);
  }
}

export function substituteSecrets<T>(value: T, store: SecretStore, used: UsedSecrets): T {
  return mapStrings(value, (text) => (text.includes('@@orc-secret:') ? text.replace(SECRET_TOKEN_PATTERN, (_token, name: string) => valueOf(name, store, used)) : text));
}

function valueOf(name: string, store: SecretStore, used: UsedSecrets): string {
  const secret = store.get(name);
  if (secret === undefined) {
    throw ApplicationFailure.create({
      type: 'SecretMissing',
      message: `the worker has no secret "${name}": set it in the worker's environment or in its secrets file (ORC_SECRETS_FILE), then retry or rerun`,
      nonRetryable: true,
    });
  }
  used.set(name, secret);
  return secret;
}

/** Every used secret's value in `value` replaced by `[secret NAME]`. Values shorter than 4 characters are left: they would redact ordinary text. */
export function redactSecrets<T>(value: T, used: UsedSecrets): T {
  const secrets = [...used].filter(([, secret]) => secret.length >= 4);
  if (secrets.length === 0) return value;
  return mapStrings(value, (text) => secrets.reduce((current, [name, secret]) => current.split(secret).join(`[secret ${name}]`), text));
}

/** A failure whose message may hold a secret, redacted (type, retryability and delay kept). */
export function redactFailure(error: unknown, used: UsedSecrets): unknown {
  if (used.size === 0 || !(error instanceof Error)) return error;
  const message = redactSecrets(error.message, used);
  if (message === error.message) return error;
  if (error instanceof ApplicationFailure) {
    return ApplicationFailure.create({ type: error.type ?? 'Error', message, nonRetryable: Boolean(error.nonRetryable), details: redactSecrets(error.details ?? [], used) as unknown[], ...(error.nextRetryDelay != null ? { nextRetryDelay: error.nextRetryDelay } : {}) });
  }
  return new Error(message);
}

/** `value` with every string in it (at any depth) passed through `map`. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return map(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    return item;
  };
  return walk(value) as T;
}
