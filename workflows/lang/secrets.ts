// Secrets (spec §6): `{{ secrets.NAME }}` renders in the workflow as an opaque token, and the
// worker puts the value in inside the activity — so a secret's value never enters event history.
// Shared by the workflow (tokens) and the activities (substitution), so pure.

const TOKEN_PREFIX = '@@orc-secret:';
const TOKEN_SUFFIX = '@@';
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** Matches the tokens in rendered text; the name is group 1. */
export const SECRET_TOKEN_PATTERN = new RegExp(`${TOKEN_PREFIX}(${NAME})${TOKEN_SUFFIX}`, 'g');

export function secretToken(name: string): string {
  return `${TOKEN_PREFIX}${name}${TOKEN_SUFFIX}`;
}

/** The secret names a pipeline reads (`secrets.NAME` or `secrets['NAME']`), for the run's scope. */
export function secretNamesIn(value: unknown): string[] {
  const text = JSON.stringify(value) ?? '';
  const names = new Set<string>();
  for (const match of text.matchAll(new RegExp(`secrets\\.(${NAME})|secrets\\[\\\\?['"](${NAME})\\\\?['"]\\]`, 'g'))) names.add((match[1] ?? match[2])!);
  return [...names].sort();
}

/** The `secrets` mapping of a run's template scope: each name read gives its token. */
export function secretTokens(value: unknown): Record<string, string> {
  return Object.fromEntries(secretNamesIn(value).map((name) => [name, secretToken(name)]));
}
