// Starting a rerun and following it as `orc run` follows a run: a worker inside the command
// when none polls the task queue, the step view, the result document and its exit code. The
// new run carries its lineage: the memo `orc_source_run` and the search attribute OrcSourceRun.
import type { RunPipelineInput } from '../workflows/lang/ir.js';
import { PIPELINE_WORKFLOW_TYPE } from '../workflows/messages.js';
import { SOURCE_RUN_ATTRIBUTE } from '../workflows/search-attributes.js';
import type { CliConfig } from './config.js';
import { runLink, type Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { followRun } from './follow-run.js';
import { hasLiveWorker, startInProcessWorker, type RunningWorker } from './in-process-worker.js';
import { failedAttemptLine, stepViewOnStderr } from './live-view.js';
import { exitCodeOf, printResultDocument } from './print-result.js';
import { printDocument } from './output-format.js';
import type { OutputFormat } from './arguments.js';
import { runStartOptions } from './run-start-options.js';
import { ensureSearchAttributes } from './search-attributes.js';
import type { CommandContext } from './commands/command.js';

/** The memo key naming the run a rerun reused: `{ workflow_id, run_id }`. */
export const SOURCE_RUN_MEMO = 'orc_source_run';

export interface RerunStart {
  workflowId: string;
  input: RunPipelineInput & { reuse: NonNullable<RunPipelineInput['reuse']> };
  detach: boolean;
  format?: OutputFormat;
}

export async function startAndFollowRerun(
  engine: Engine,
  config: CliConfig,
  start: RerunStart,
  context: CommandContext,
): Promise<number> {
  let worker: RunningWorker | undefined;
  try {
    if (!(await hasLiveWorker(engine, config.taskQueue))) {
      if (start.detach)
        throw new CliError(
          '--detach needs a worker that outlives this command, and none polls the task queue',
          EXIT.invalid,
          'start one with "orc worker" (or "orc dev") in another terminal, then run again',
        );
      worker = await startInProcessWorker(config, engine, start.workflowId);
      context.note(
        `No worker polls task queue "${config.taskQueue}"; running one inside this command until the run ends (its log: ${worker.logFile}).`,
      );
    }
    const handle = await startRerun(engine, config.taskQueue, start, context);
    const link = runLink(engine, handle.workflowId, handle.firstExecutionRunId);
    context.note(
      `Started run ${handle.workflowId}, a rerun of ${start.input.reuse.workflow_id}${link ? `\n  Web UI: ${link}` : ''}`,
    );
    if (start.detach) {
      if (start.format)
        printDocument(
          { workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId, web_ui: link ?? null },
          start.format,
          context,
          { compact: true },
        );
      return EXIT.ok;
    }
    const view = start.format ? undefined : stepViewOnStderr(config, context.note);
    worker?.onFailedAttempt((attempt) => (view?.note ?? context.note)(failedAttemptLine(attempt, config.color)));
    try {
      const document = await followRun(handle, start.input.ir, start.input.inputs, { onProgress: view?.update });
      view?.finish();
      printResultDocument(document, { format: start.format, color: config.color, link }, context);
      return exitCodeOf(document);
    } finally {
      view?.finish();
    }
  } finally {
    await worker?.stop();
  }
}

async function startRerun(engine: Engine, taskQueue: string, start: RerunStart, context: CommandContext) {
  const searchAttributes = await ensureSearchAttributes(engine, context.note);
  const { ir, inputs, reuse } = start.input;
  const options = runStartOptions(ir, inputs, searchAttributes);
  try {
    return await engine.client.workflow.start(PIPELINE_WORKFLOW_TYPE, {
      ...options,
      args: [{ ...options.args[0], reuse }],
      taskQueue,
      workflowId: start.workflowId,
      memo: { [SOURCE_RUN_MEMO]: { workflow_id: reuse.workflow_id, run_id: reuse.run_id ?? null } },
      ...(options.typedSearchAttributes
        ? {
            typedSearchAttributes: [
              ...options.typedSearchAttributes,
              { key: SOURCE_RUN_ATTRIBUTE, value: reuse.workflow_id },
            ],
          }
        : {}),
      staticSummary: `${options.staticSummary} · rerun of ${reuse.workflow_id}`,
      staticDetails: `${options.staticDetails}\n\nrerun of \`${reuse.workflow_id}\`; live steps: ${reuse.live_steps.length ? reuse.live_steps.map((id) => `\`${id}\``).join(', ') : 'none (every matching call is reused)'}`,
    });
  } catch (error) {
    if ((error as Error).name === 'WorkflowExecutionAlreadyStartedError')
      throw new CliError(
        `a run with id "${start.workflowId}" is already running`,
        EXIT.invalid,
        'choose another --id, or leave it out',
      );
    throw error;
  }
}
