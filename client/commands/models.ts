// `orc models [--json | -o json|yaml]`: the model registry — provider, context window, prices,
// and whether this machine has the provider's credentials (a worker started here could call it).
import { outputFormatOf } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const modelsCommand: CommandSpec = {
  name: 'models',
  summary: 'the model registry: providers, context windows, prices, and whether credentials are present',
  options: OUTPUT_OPTIONS,
  run: async ({ options }, context) => {
    const format = outputFormatOf(options);
    const [{ loadCliConfig }, { loadModelRegistry, providerAccess }, { printDocument }] = await Promise.all([
      import('../config.js'),
      import('../../workers/index.js'),
      import('../output-format.js'),
    ]);
    const config = await loadCliConfig();
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
    if (format) {
      printDocument({ prices_read: registry.pricesRead ?? null, models: rows }, format, context);
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
    context.note(
      `Prices as read on ${registry.pricesRead ?? 'an unknown date'}; add or override models with ORC_MODELS_FILE.`,
    );
    return EXIT.ok;
  },
};
