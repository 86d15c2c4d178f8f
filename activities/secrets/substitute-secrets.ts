// Inside an activity: secret tokens in the rendered parameters become the values, and any value
// that comes back in a result or an error message is redacted — so neither history nor logs
// ever hold a secret (spec §6).
import { ApplicationFailure } from '@temporalio/activity';
import { SECRET_TOKEN_PATTERN } from '../../workflows/lang/secrets.js';
import type { SecretStore } from './secret-store.js';

/** Secrets put into one call: name → value, for redaction afterwards. */
export type UsedSecrets = Map<string, string>;

export function substituteSecrets(value: unknown, store: SecretStore, used: UsedSecrets = new Map()): { value: unknown; used: UsedSecrets } {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return item.includes('@@orc-secret:') ? item.replace(SECRET_TOKEN_PATTERN, (_token, name: string) => valueOf(name, store, used)) : item;
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    return item;
  };
  return { value: walk(value), used };
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
  const redact = (text: string) => secrets.reduce((current, [name, secret]) => current.split(secret).join(`[secret ${name}]`), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    return item;
  };
  return walk(value) as T;
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
