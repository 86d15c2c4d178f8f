// Which task queue each rate-limited provider's calls go to (decisions/0018). A provider counts
// requests per key, so provider entries that share one key share one queue and one rate: the
// compiler cannot see the key, but it sees the key's variable name and the address, which every
// worker reads from the same models file and which are not secret.
import { createHash } from 'node:crypto';
import type { ModelRegistry } from './registry.js';

type ProviderEntry = ModelRegistry['providers'][string];

export interface ProviderQueue {
  /** What follows `<queue>@`: the provider's name, `key-<hash>` or `group-<name>`. */
  suffix: string;
  /** The smallest `requests_per_second` of the entries on this queue. */
  requestsPerSecond: number;
  /** The provider entries whose calls share it (sorted). */
  providers: string[];
}

/** The identity of the key an entry uses, without the key: kind, address and key variable names. */
function keyIdentity(entry: ProviderEntry): string | undefined {
  if (!entry.needs_key || !entry.api_key_env?.length) return undefined;
  const address = entry.base_url ?? (entry.base_url_env ? `$${entry.base_url_env}` : '');
  return JSON.stringify([entry.kind, address, entry.base_url_suffix ?? '', entry.api_key_env]);
}

/** The queue suffix of every provider with `requests_per_second`, by provider name. */
export function providerQueues(registry: Pick<ModelRegistry, 'providers'>): Map<string, ProviderQueue> {
  const limited = Object.entries(registry.providers).filter(
    ([, entry]) => entry.rate_limit?.requests_per_second !== undefined,
  );
  const byKey = new Map<string, string[]>();
  for (const [name, entry] of limited) {
    const identity = keyIdentity(entry);
    if (identity === undefined || entry.rate_limit?.group) continue;
    byKey.set(identity, [...(byKey.get(identity) ?? []), name]);
  }
  const suffixOf = (name: string, entry: ProviderEntry): string => {
    if (entry.rate_limit?.group) return `group-${entry.rate_limit.group}`;
    const identity = keyIdentity(entry);
    if (identity === undefined || (byKey.get(identity)?.length ?? 0) < 2) return name;
    return `key-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
  };
  const members = new Map<string, string[]>();
  const suffixes = new Map<string, string>();
  for (const [name, entry] of limited) {
    const suffix = suffixOf(name, entry);
    suffixes.set(name, suffix);
    members.set(suffix, [...(members.get(suffix) ?? []), name]);
  }
  const queues = new Map<string, ProviderQueue>();
  for (const [name, suffix] of suffixes) {
    const providers = [...members.get(suffix)!].sort();
    const requestsPerSecond = Math.min(
      ...providers.map((member) => registry.providers[member]!.rate_limit!.requests_per_second!),
    );
    queues.set(name, { suffix, requestsPerSecond, providers });
  }
  return queues;
}
