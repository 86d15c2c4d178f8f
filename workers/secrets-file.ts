// ORC_SECRETS_FILE: values for `secrets.NAME`, beside the worker's environment (the file wins).
// A YAML or JSON mapping of names to text; read once at start-up, and a bad file stops the
// worker with a message that names it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { secretStore, type SecretStore } from '../activities/index.js';
import { ConfigError } from './config-error.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): SecretStore {
  const file = env.ORC_SECRETS_FILE;
  return secretStore(file ? readSecretsFile(resolve(process.cwd(), file)) : {}, env);
}

function readSecretsFile(path: string): Record<string, string> {
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`ORC_SECRETS_FILE ${path} could not be read: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`ORC_SECRETS_FILE ${path} must be a mapping of names to values (NAME: value)`);
  const secrets: Record<string, string> = {};
  for (const [name, secret] of Object.entries(value)) {
    if (!NAME.test(name))
      throw new ConfigError(
        `ORC_SECRETS_FILE ${path}: "${name}" is not a secret name (letters, digits and _, not starting with a digit)`,
      );
    if (typeof secret !== 'string' && typeof secret !== 'number')
      throw new ConfigError(`ORC_SECRETS_FILE ${path}: the value of ${name} must be text`);
    secrets[name] = String(secret);
  }
  return secrets;
}
