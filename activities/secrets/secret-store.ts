// Where a worker's secret values come from: its secrets file (ORC_SECRETS_FILE), then its
// environment. Built once by the worker's configuration; activities only ask it by name.

export interface SecretStore {
  get(name: string): string | undefined;
}

export function secretStore(
  fileValues: Readonly<Record<string, string>>,
  environment: Readonly<Record<string, string | undefined>>,
): SecretStore {
  return {
    get: (name) =>
      Object.hasOwn(fileValues, name)
        ? fileValues[name]
        : Object.hasOwn(environment, name)
          ? environment[name]
          : undefined,
  };
}

export const NO_SECRETS: SecretStore = { get: () => undefined };
