// `orc replay FILE | RUN` (or `--history FILE`): replay a history against the current workflow
// code, as a worker would after a deploy. Exit 0 when it replays; 1 with Temporal's
// nondeterminism message when the code would take another path than the history records.
import { existsSync } from 'node:fs';
import type { DefaultLogger, Runtime } from '@temporalio/worker';
import { outputFormatOf, type OutputFormat } from '../arguments.js';
import { debugEnabled } from '../config.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { RunHistory } from '../run-history.js';
import { OUTPUT_OPTIONS, type CommandContext, type CommandSpec } from './command.js';

export const replayCommand: CommandSpec = {
  name: 'replay',
  summary: 'replay a history against the current workflow code; exit 0 if it is deterministic',
  arguments: ['[SOURCE]'],
  options: [
    { flags: '--history <FILE>', description: 'the history file (as orc history --output writes it)' },
    ...OUTPUT_OPTIONS,
  ],
  details:
    'SOURCE is a history file, or a run (RUN: a workflow id, optionally followed by /runId) fetched from the server.',
  run: async ({ args, options }, context) =>
    replayHistory(
      {
        ...(args[0] !== undefined ? { source: args[0] } : {}),
        ...(typeof options.history === 'string' ? { historyFile: options.history } : {}),
        format: outputFormatOf(options),
      },
      context,
    ),
};

async function replayHistory(
  args: { source?: string; historyFile?: string; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  if ((args.source === undefined) === (args.historyFile === undefined))
    throw new CliError(
      'orc replay needs a history file or a run (not both)',
      EXIT.invalid,
      'orc replay history.json, orc replay --history history.json, or orc replay RUN',
    );
  const [{ withEngine }, { fetchRunHistory, readHistoryFile }, { PIPELINE_WORKFLOW_TYPE }] = await Promise.all([
    import('../find-run.js'),
    import('../run-history.js'),
    import('../../workflows/messages.js'),
  ]);
  const file = args.historyFile ?? (existsSync(args.source!) ? args.source : undefined);
  const found =
    file !== undefined
      ? await readHistoryFile(file)
      : await withEngine(context.note, (engine) => fetchRunHistory(engine, args.source!));
  const what =
    file !== undefined ? `the history in ${file} (run ${found.workflowId})` : `run ${found.workflowId}/${found.runId}`;
  const events = found.history.events?.length ?? 0;
  const error = await replay(found);
  if (args.format) {
    const { printDocument } = await import('../output-format.js');
    const report = {
      workflow_id: found.workflowId,
      run_id: found.runId,
      events,
      deterministic: error === undefined,
      ...(error ? { error } : {}),
    };
    printDocument(report, args.format, context, { compact: true });
  }
  if (error === undefined) {
    if (!args.format)
      context.print(`Replayed ${what}: ${events} events, deterministic with the current workflow code.`);
    return EXIT.ok;
  }
  if (!args.format) {
    const foreign =
      found.workflowType !== PIPELINE_WORKFLOW_TYPE
        ? ` (it is a "${found.workflowType}" workflow, not orc's runPipeline)`
        : '';
    context.note(
      `orc: ${what} does not replay against the current workflow code${foreign}:\n  ${error}\n  hint: a change to the interpreter that alters what a run does needs a patched() guard (docs/development.md)`,
    );
  }
  return EXIT.runFailed;
}

/** Undefined when the history replays; else the SDK's message (nondeterminism and the like). */
async function replay(found: RunHistory): Promise<string | undefined> {
  const [{ loadCliConfig }, { loadWorkflowBundle, orcDataConverter }, { DefaultLogger, Runtime, Worker }] =
    await Promise.all([import('../config.js'), import('../../workers/index.js'), import('@temporalio/worker')]);
  const config = await loadCliConfig();
  quietRuntime(Runtime, DefaultLogger);
  const workflowBundle = await loadWorkflowBundle(config.dataDir);
  try {
    await Worker.runReplayHistory(
      { workflowBundle, dataConverter: orcDataConverter(config.dataDir, config.storage), replayName: 'orc-replay' },
      found.history,
      found.workflowId,
    );
    return undefined;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'DeterminismViolationError' || name === 'ReplayError') return conciseMessage(error as Error);
    throw error;
  }
}

/** The SDK wraps the cause in a Rust debug dump; its innermost message is what a person needs. */
function conciseMessage(error: Error): string {
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(error.message)?.[1];
  let text = inner ?? error.message;
  try {
    if (inner) text = JSON.parse(`"${inner}"`) as string;
  } catch {
    // Rust's escapes are JSON's but for a few: the raw text reads well enough.
  }
  return debugEnabled() ? `${text}\n  ${error.message}` : text;
}

/**
 * The replay's failure is this command's answer: the SDK logging it again (from the core and the
 * worker) would only repeat it at length. ORC_DEBUG=1 keeps the SDK's logs.
 */
function quietRuntime(runtime: typeof Runtime, Logger: typeof DefaultLogger): void {
  const silent = !debugEnabled();
  try {
    runtime.install({
      logger: new Logger('WARN', silent ? () => {} : undefined),
      telemetryOptions: { logging: { filter: { core: silent ? 'ERROR' : 'WARN' }, forward: {} } },
    });
  } catch {
    // A runtime is already installed in this process: keep it.
  }
}
