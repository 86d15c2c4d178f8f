// `orc models [--json | -o json|yaml]`: the model registry — provider, context window, prices,
// and whether this machine has the provider's credentials (a worker started here could call it);
// then each provider, with the variables that give it credentials.
import { outputFormatOf } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const modelsCommand: CommandSpec = {
  name: 'models',
  summary: 'the model registry: providers, context windows, prices, and whether credentials are present',
  options: OUTPUT_OPTIONS,
  run: async ({ options }, context) => {
    const format = outputFormatOf(options);
    const [
      { loadCliConfig },
      { loadModelRegistry, providerAccess, providerEnvironmentFor, providerQueues },
      { printDocument },
    ] = await Promise.all([import('../config.js'), import('../../workers/index.js'), import('../output-format.js')]);
    const config = await loadCliConfig();
    const registry = loadModelRegistry(config.modelsFile);
    const access = providerAccess(registry, providerEnvironmentFor(config, registry));
    const queues = providerQueues(registry);
    const rows = registry.models.map((model) => ({
      model: `${model.provider}:${model.name}`,
      context: model.context,
      input_per_mtok: model.input_per_mtok,
      output_per_mtok: model.output_per_mtok,
      capabilities: model.capabilities,
      expertise: model.expertise,
      credentials: access.available.has(model.provider),
    }));
    const providers = Object.entries(registry.providers).map(([name, entry]) => ({
      provider: name,
      kind: entry.kind,
      credentials: access.available.has(name),
      variables: variablesOf(entry),
      prices_source: entry.prices_source ?? null,
      prices_read: entry.prices_read ?? registry.pricesRead ?? null,
      rate_limit: entry.rate_limit ?? null,
      // Entries of one key or group share one request rate, the smallest of theirs (decisions/0018).
      shared_rate: sharedRate(name, queues.get(name)),
    }));
    if (format) {
      printDocument({ prices_read: registry.pricesRead ?? null, models: rows, providers }, format, context);
      return EXIT.ok;
    }
    const width = Math.max(...rows.map((row) => row.model.length));
    context.print(
      `${'MODEL'.padEnd(width)}  ${'CONTEXT'.padStart(9)}  ${'IN $/M'.padStart(7)}  ${'OUT $/M'.padStart(7)}  CREDENTIALS`,
    );
    for (const row of rows)
      context.print(
        `${row.model.padEnd(width)}  ${String(row.context).padStart(9)}  ${row.input_per_mtok.toFixed(2).padStart(7)}  ${row.output_per_mtok.toFixed(2).padStart(7)}  ${row.credentials ? 'yes' : 'no'}`,
      );
    const nameWidth = Math.max(...providers.map((row) => row.provider.length), 'PROVIDER'.length);
    context.print('');
    const limitText = (row: (typeof providers)[number]) =>
      rateLimitText(row.rate_limit) +
      (row.shared_rate
        ? ` (shared: ${row.shared_rate.queue} ${row.shared_rate.requests_per_second}/s${row.shared_rate.with.length ? ` with ${row.shared_rate.with.join(', ')}` : ''})`
        : '');
    const limitWidth = Math.max(...providers.map((row) => limitText(row).length), 'RATE LIMIT'.length);
    context.print(`${'PROVIDER'.padEnd(nameWidth)}  CREDENTIALS  ${'RATE LIMIT'.padEnd(limitWidth)}  VARIABLES`);
    for (const row of providers)
      context.print(
        `${row.provider.padEnd(nameWidth)}  ${(row.credentials ? 'yes' : 'no').padEnd(11)}  ${limitText(row).padEnd(limitWidth)}  ${row.variables.join(', ')}`,
      );
    context.note(
      `Prices as read on ${registry.pricesRead ?? 'an unknown date'}; add or override models with ORC_MODELS_FILE.`,
    );
    return EXIT.ok;
  },
};

/** A request rate shared with other entries: the queue's suffix, its rate, the other entries. */
function sharedRate(
  name: string,
  queue: { suffix: string; requestsPerSecond: number; providers: string[] } | undefined,
): { queue: string; requests_per_second: number; with: string[] } | null {
  if (!queue || queue.suffix === name) return null;
  return {
    queue: queue.suffix,
    requests_per_second: queue.requestsPerSecond,
    with: queue.providers.filter((provider) => provider !== name),
  };
}

/** A provider's configured limits, as the table shows them: `5/s`, `30000 tokens/min`, both. */
function rateLimitText(limit: { requests_per_second?: number; tokens_per_minute?: number } | null): string {
  const parts = [
    ...(limit?.requests_per_second !== undefined ? [`${limit.requests_per_second}/s`] : []),
    ...(limit?.tokens_per_minute !== undefined ? [`${limit.tokens_per_minute} tokens/min`] : []),
  ];
  return parts.length ? parts.join(', ') : '-';
}

/** The variables that configure a provider: its key, what else it requires, its address. */
function variablesOf(entry: {
  api_key_env?: string[];
  requires_env?: string[][];
  base_url_env?: string;
  needs_key: boolean;
}): string[] {
  const keys = entry.api_key_env?.length ? entry.api_key_env.join(' or ') : undefined;
  const required = (entry.requires_env ?? []).map((alternatives) => alternatives.join(' or '));
  const address = entry.base_url_env && !required.includes(entry.base_url_env) ? [entry.base_url_env] : [];
  // A local server needs only its address; a key, if it has one, is optional.
  if (!entry.needs_key) return [...address, ...(keys ? [`${keys} (optional)`] : [])];
  return [...(keys ? [keys] : []), ...required, ...address];
}
