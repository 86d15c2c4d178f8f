// Inside an activity: the secret tokens the step's own templates produced become the values,
// and every secret of the run that comes back — in the result or in a failure, in any common
// encoding — is redacted, so neither history nor logs ever hold one (spec §6). A token is filled
// in only when it carries the run's nonce and names a secret the step's parameters read: a token
// that arrives as data (a fetched page, a model's answer, an agent's tool call) stays text.
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { secretTokenPattern, type SecretsOfCall } from '../../workflows/lang/secrets.js';
import { createRedactor } from './redact.js';
import type { SecretStore } from './secret-store.js';

/**
 * Runs `call` with this step's secrets filled into `parameters`; its result, and what it throws,
 * come back with the run's secrets redacted. Without `secrets` (a run that reads none) nothing
 * is filled in or taken out.
 */
export async function withSecrets<T>(
  parameters: Record<string, unknown>,
  secrets: SecretsOfCall | undefined,
  store: SecretStore,
  call: (parameters: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  if (!secrets) return call(parameters);
  const values = new Map<string, string>();
  for (const name of secrets.redact) {
    const value = store.get(name);
    if (value !== undefined) values.set(name, value);
  }
  const redactor = createRedactor(values, secrets.nonce);
  try {
    return redactor.value(await call(substituteSecrets(parameters, secrets, store)));
  } catch (error) {
    throw redactor.failure(error);
  }
}

/** `value` with this call's tokens replaced by the values; a name the worker lacks is SecretMissing. */
export function substituteSecrets<T>(value: T, secrets: SecretsOfCall, store: SecretStore): T {
  if (secrets.names.length === 0) return value;
  const pattern = secretTokenPattern(secrets.nonce);
  const fill = (text: string) =>
    text.includes('@@orc-secret:')
      ? text.replace(pattern, (token, name: string) => (secrets.names.includes(name) ? valueOf(name, store) : token))
      : text;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return fill(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    return item;
  };
  return walk(value) as T;
}

function valueOf(name: string, store: SecretStore): string {
  const secret = store.get(name);
  if (secret === undefined) {
    throw ApplicationFailure.create({
      type: ERROR_TYPES.secretMissing,
      message: `the worker has no secret "${name}": set it in the worker's environment or in its secrets file (ORC_SECRETS_FILE), then retry or rerun`,
      nonRetryable: true,
    });
  }
  return secret;
}
