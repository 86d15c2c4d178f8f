// `orc cache stats` and `orc cache clear [--older-than 7d]`: the response cache of model steps
// with `cache:` (ORC_CACHE_DIR, default ORC_DATA_DIR/cache). The bodies: client/cache-view.ts.
import { outputFormatOf } from '../arguments.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

const statsCommand: CommandSpec = {
  name: 'stats',
  summary: 'entries, bytes and hits of the response cache',
  options: [...OUTPUT_OPTIONS],
  details: 'The cache is the folder ORC_CACHE_DIR (default ORC_DATA_DIR/cache) that workers keep answers in.',
  run: async ({ options }, context) => {
    const { cacheStats } = await import('../cache-view.js');
    const format = outputFormatOf(options);
    return cacheStats(format ? { format } : {}, context);
  },
};

const clearCommand: CommandSpec = {
  name: 'clear',
  summary: 'remove the response cache, or its entries older than a duration',
  options: [
    { flags: '--older-than <DURATION>', description: 'only entries made longer ago than this ("7d", "12h", "30m")' },
    ...OUTPUT_OPTIONS,
  ],
  details: 'Runs in flight are not disturbed: a step whose entry is gone asks its model again.',
  run: async ({ options }, context) => {
    const { clearCache } = await import('../cache-view.js');
    const format = outputFormatOf(options);
    return clearCache(
      {
        ...(options.olderThan !== undefined ? { olderThan: String(options.olderThan) } : {}),
        ...(format ? { format } : {}),
      },
      context,
    );
  },
};

export const cacheCommand: CommandSpec = {
  name: 'cache',
  summary: 'the response cache of model steps: orc cache stats | clear [--older-than 7d]',
  subcommands: [statsCommand, clearCommand],
};
