// `orc cache stats|clear`: the response cache's folder read and pruned from the CLI, with the
// same store the workers write through.
// eslint-disable-next-line orc/through-index -- the store alone: orc cache must not load the provider SDKs
import { localResponseCache } from '../activities/response-cache/index.js';
import { parseDuration } from '../workflows/lang/compile/index.js';
import type { OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';
import { loadCliConfig } from './config.js';
import { CliError, EXIT } from './exit-codes.js';
import { printDocument } from './output-format.js';

export async function cacheStats(options: { format?: OutputFormat }, context: CommandContext): Promise<number> {
  const { cacheDir } = await loadCliConfig();
  const stats = await localResponseCache(cacheDir).stats();
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
  const { cacheDir } = await loadCliConfig();
  const before = olderThanMs === undefined ? undefined : new Date(Date.now() - olderThanMs);
  const cleared = await localResponseCache(cacheDir).clear(before);
  if (options.format) {
    printDocument({ location: cacheDir, ...cleared }, options.format, context);
    return EXIT.ok;
  }
  const which = options.olderThan === undefined ? '' : ` older than ${options.olderThan}`;
  context.print(
    `Removed ${cleared.removed} entr${cleared.removed === 1 ? 'y' : 'ies'}${which} (${readableBytes(cleared.bytes)}) from ${cacheDir}.`,
  );
  return EXIT.ok;
}

function readableBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
