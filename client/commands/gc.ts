// `orc gc [--dry-run] [--older-than DURATION] [--json | -o json|yaml]`: delete the large values (ORC_DATA_DIR/blobs) of
// runs whose history Temporal no longer has (client/blob-gc.ts), and say what went.
import { optionalString, outputFormatOf } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

const DEFAULT_OLDER_THAN = '1h';

export const gcCommand: CommandSpec = {
  name: 'gc',
  summary: 'delete the large values of runs whose history is gone (retention passed, or deleted)',
  options: [
    { flags: '--dry-run', description: 'say what would be deleted, delete nothing' },
    {
      flags: '--older-than <DURATION>',
      description: `only files written longer ago than this, e.g. 30m, 2h, 7d (default: ${DEFAULT_OLDER_THAN})`,
    },
    ...OUTPUT_OPTIONS,
  ],
  details: [
    'Step outputs and inputs above 256 KiB are kept as files under ORC_DATA_DIR/blobs (or in the',
    'bucket of ORC_BLOB_STORE, under <prefix>/blobs/), each with a reference to the runs that',
    'stored it. A value is deleted when Temporal no longer finds any of',
    'those runs (its namespace retention passed, or the run was deleted); a run still open or',
    'within retention keeps its files. Files from before orc gc existed name no run and are kept.',
    'Run it on a timetable (docs/operations.md, "Large values and orc gc").',
  ].join('\n'),
  run: async ({ options }, context) => {
    const olderThanMs = parseAge(optionalString(options.olderThan) ?? DEFAULT_OLDER_THAN);
    const dryRun = options.dryRun === true;
    const format = outputFormatOf(options);
    const [{ withEngine }, { collectLargeValues }, { runLiveness }, { printDocument }, { blobStoreOf, checkStorage }] =
      await Promise.all([
        import('../find-run.js'),
        import('../blob-gc.js'),
        import('../run-liveness.js'),
        import('../output-format.js'),
        import('../../workers/index.js'),
      ]);
    return await withEngine(context.note, async (engine, config) => {
      await checkStorage(config.storage);
      const report = await collectLargeValues({
        store: blobStoreOf(config.dataDir, config.storage),
        olderThanMs,
        dryRun,
        nowMs: Date.now(),
        isGone: runLiveness(engine.client, engine.namespace),
      });
      const { count, bytes } = report.removed;
      if (format) {
        const kept = { in_use: report.inUse, recent: report.recent, untraced: report.untraced };
        printDocument({ folder: report.folder, dry_run: dryRun, removed: { count, bytes }, kept }, format, context);
        return EXIT.ok;
      }
      const verb = dryRun ? 'Would delete' : 'Deleted';
      context.print(
        `${verb} ${count} large-value file${count === 1 ? '' : 's'} (${formatBytes(bytes)}, ${bytes} bytes) from ${report.folder}.`,
      );
      context.print(
        `Kept ${report.inUse} in use by runs Temporal still has, ${report.recent} written within the last ${optionalString(options.olderThan) ?? DEFAULT_OLDER_THAN}, ${report.untraced} naming no run.`,
      );
      return EXIT.ok;
    });
  },
};

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseAge(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/.exec(text);
  if (!match)
    throw new CliError(
      `--older-than must be a duration such as 30m, 2h or 7d, not "${text}"`,
      EXIT.invalid,
      'give a number followed by s, m, h or d (0s: every file, however new)',
    );
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
