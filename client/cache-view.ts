// `orc cache stats|clear`: the response cache's folder read and pruned from the CLI, with the
// same store the workers write through.
import { parseDuration } from '../workflows/lang/compile/index.js';
import type { OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';
import { loadCliConfig } from './config.js';
import { CliError, EXIT } from './exit-codes.js';
import { printDocument } from './output-format.js';

/** The store the workers write through: ORC_CACHE_DIR, or the ORC_BLOB_STORE bucket's cache/. */
async function openCache() {
  const config = await loadCliConfig();
  const { checkStorage, responseCacheOf } = await import('../workers/index.js');
  await checkStorage(config.storage);
  return responseCacheOf(config.cacheDir, config.storage);
}

export async function cacheStats(options: { format?: OutputFormat }, context: CommandContext): Promise<number> {
  const stats = await (await openCache()).stats();
  if (options.format) {
    printDocument(stats, options.format, context);
    return EXIT.ok;
  }
  context.print(`Response cache ${stats.location}`);
  context.print(`  entries  ${stats.entries}`);
  context.print(`  bytes    ${stats.bytes} (${readableBytes(stats.bytes)})`);
  context.print(`  hits     ${stats.hits}`);
  if (stats.oldest) context.print(`  oldest   ${stats.oldest}`);
  if (stats.newest) context.print(`  newest   ${stats.newest}`);
  return EXIT.ok;
}

export async function clearCache(
  options: { olderThan?: string; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  const olderThanMs = options.olderThan === undefined ? undefined : parseDuration(options.olderThan);
  if (options.olderThan !== undefined && olderThanMs === undefined)
    throw new CliError(
      `--older-than must be a duration, not "${options.olderThan}"`,
      EXIT.invalid,
      'write "250ms", "30s", "5m", "2h", "7d" or a number of seconds',
    );
  const cache = await openCache();
  const before = olderThanMs === undefined ? undefined : new Date(Date.now() - olderThanMs);
  const cleared = await cache.clear(before);
  if (options.format) {
    printDocument({ location: cache.location, ...cleared }, options.format, context);
    return EXIT.ok;
  }
  const which = options.olderThan === undefined ? '' : ` older than ${options.olderThan}`;
  context.print(
    `Removed ${cleared.removed} entr${cleared.removed === 1 ? 'y' : 'ies'}${which} (${readableBytes(cleared.bytes)}) from ${cache.location}.`,
  );
  return EXIT.ok;
}

function readableBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
