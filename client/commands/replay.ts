// `orc replay FILE | RUN` (or `--history FILE`): replay a history against the current workflow
// code, as a worker would after a deploy. Exit 0 when it replays; 1 with Temporal's
// nondeterminism message when the code would take another path than the history records.
import { existsSync } from 'node:fs';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadWorkflowBundle, orcDataConverter } from '../../workers/index.js';
import { loadCliConfig } from '../config.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withEngine } from '../find-run.js';
import { fetchRunHistory, readHistoryFile, type RunHistory } from '../run-history.js';
import type { CommandContext } from './command.js';
import { PIPELINE_WORKFLOW_TYPE } from '../../workflows/messages.js';

export async function replayCommand(
  args: { source?: string; historyFile?: string; json: boolean },
  context: CommandContext,
): Promise<number> {
  if ((args.source === undefined) === (args.historyFile === undefined))
    throw new CliError(
      'orc replay needs a history file or a run (not both)',
      EXIT.invalid,
      'orc replay history.json, orc replay --history history.json, or orc replay RUN',
    );
  const file = args.historyFile ?? (existsSync(args.source!) ? args.source : undefined);
  const found =
    file !== undefined
      ? await readHistoryFile(file)
      : await withEngine(context.note, (engine) => fetchRunHistory(engine, args.source!));
  const what =
    file !== undefined ? `the history in ${file} (run ${found.workflowId})` : `run ${found.workflowId}/${found.runId}`;
  const events = found.history.events?.length ?? 0;
  const error = await replay(found);
  if (args.json)
    context.print(
      JSON.stringify({
        workflow_id: found.workflowId,
        run_id: found.runId,
        events,
        deterministic: error === undefined,
        ...(error ? { error } : {}),
      }),
    );
  if (error === undefined) {
    if (!args.json) context.print(`Replayed ${what}: ${events} events, deterministic with the current workflow code.`);
    return EXIT.ok;
  }
  if (!args.json) {
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
  const config = loadCliConfig();
  quietRuntime();
  const workflowBundle = await loadWorkflowBundle(config.dataDir);
  try {
    await Worker.runReplayHistory(
      { workflowBundle, dataConverter: orcDataConverter(config.dataDir), replayName: 'orc-replay' },
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
  return process.env.ORC_DEBUG ? `${text}\n  ${error.message}` : text;
}

/**
 * The replay's failure is this command's answer: the SDK logging it again (from the core and the
 * worker) would only repeat it at length. ORC_DEBUG=1 keeps the SDK's logs.
 */
function quietRuntime(): void {
  const silent = !process.env.ORC_DEBUG;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', silent ? () => {} : undefined),
      telemetryOptions: { logging: { filter: { core: silent ? 'ERROR' : 'WARN' }, forward: {} } },
    });
  } catch {
    // A runtime is already installed in this process: keep it.
  }
}
