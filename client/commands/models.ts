// `orc models [--json]`: the model registry — provider, context window, prices, and whether this
// machine has the provider's credentials (a worker started here would be able to call it).
import { loadModelRegistry, providerAccess } from '../../workers/index.js';
import { loadCliConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from './command.js';

export function modelsCommand(options: { json: boolean }, context: CommandContext): number {
  const config = loadCliConfig();
  const registry = loadModelRegistry(config.modelsFile);
  const access = providerAccess(registry, config.providerEnvironment);
  const rows = registry.models.map((model) => ({
    model: `${model.provider}:${model.name}`,
    context: model.context,
    input_per_mtok: model.input_per_mtok,
    output_per_mtok: model.output_per_mtok,
    capabilities: model.capabilities,
    expertise: model.expertise,
    credentials: access.available.has(model.provider),
  }));
  if (options.json) {
    context.print(JSON.stringify({ prices_read: registry.pricesRead ?? null, models: rows }, null, 2));
    return EXIT.ok;
  }
  const width = Math.max(...rows.map((row) => row.model.length));
  context.print(
    `${'MODEL'.padEnd(width)}  ${'CONTEXT'.padStart(9)}  ${'IN $/M'.padStart(7)}  ${'OUT $/M'.padStart(7)}  CREDENTIALS`,
  );
  for (const row of rows) {
    context.print(
      `${row.model.padEnd(width)}  ${String(row.context).padStart(9)}  ${row.input_per_mtok.toFixed(2).padStart(7)}  ${row.output_per_mtok.toFixed(2).padStart(7)}  ${row.credentials ? 'yes' : 'no'}`,
    );
  }
  context.note(
    `Prices as read on ${registry.pricesRead ?? 'an unknown date'}; add or override models with ORC_MODELS_FILE.`,
  );
  return EXIT.ok;
}
