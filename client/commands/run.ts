// `orc run FILE [-i name=value]… [--inputs F] [--id ID] [--detach] [--json]`
import { randomBytes } from 'node:crypto';
import { checkInputs } from '../../workflows/lang/inputs.js';
import { unsupportedFeatures } from '../../workflows/lang/runnable.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { loadCliConfig } from '../config.js';
import { connectToEngine, runLink, type Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { followRun } from '../follow-run.js';
import { hasLiveWorker, startInProcessWorker, type RunningWorker } from '../in-process-worker.js';
import { parseInputs } from '../parse-inputs.js';
import { exitCodeOf, printResultDocument } from '../print-result.js';
import { failedAttemptLine, stepViewOnStderr } from '../live-view.js';
import { ensureSearchAttributes } from '../search-attributes.js';
import { runStartOptions } from '../run-start-options.js';
import { compileOrExit } from './validate.js';
import type { CommandContext } from './command.js';
import { PIPELINE_WORKFLOW_TYPE } from '../../workflows/messages.js';

export interface RunArguments {
  file: string;
  inputs: string[];
  inputsFile?: string;
  id?: string;
  detach: boolean;
  json: boolean;
  taskQueue?: string;
}

export async function runCommand(args: RunArguments, context: CommandContext): Promise<number> {
  const config = loadCliConfig({ taskQueue: args.taskQueue });
  const ir = await compileOrExit(args.file, config.color, context);
  const unsupported = unsupportedFeatures(ir);
  if (unsupported.length > 0)
    throw new CliError(
      `${args.file} is valid, but this version of orc cannot run it yet:\n  ${unsupported.join('\n  ')}`,
      EXIT.invalid,
      'see docs/pipeline-language.md for what runs today',
    );
  const inputs = await parseInputs(args.inputs, args.inputsFile, ir.parameters);
  const checked = checkInputs(ir.parameters, inputs);
  if (checked.problems.length > 0)
    throw new CliError(
      `invalid inputs for "${ir.id}":\n  ${checked.problems.join('\n  ')}`,
      EXIT.invalid,
      'pass inputs as -i name=value',
    );

  const engine = await connectToEngine(config, { startLocal: true, log: context.note });
  const workflowId = args.id ?? defaultWorkflowId(ir.id);
  let worker: RunningWorker | undefined;
  try {
    if (!(await hasLiveWorker(engine, config.taskQueue))) {
      if (args.detach)
        throw new CliError(
          '--detach needs a worker that outlives this command, and none polls the task queue',
          EXIT.invalid,
          'start one with "orc worker" (or "orc dev") in another terminal, then run again',
        );
      worker = await startInProcessWorker(config, engine, workflowId);
      context.note(
        `No worker polls task queue "${config.taskQueue}"; running one inside this command until the run ends (its log: ${worker.logFile}).`,
      );
    }
    const handle = await startRun(engine, config.taskQueue, ir, checked.values, workflowId, context);
    const link = runLink(engine, handle.workflowId, handle.firstExecutionRunId);
    context.note(`Started run ${handle.workflowId} of pipeline "${ir.id}"${link ? `\n  Web UI: ${link}` : ''}`);
    if (args.detach) {
      if (args.json)
        context.print(
          JSON.stringify({ workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId, web_ui: link ?? null }),
        );
      return EXIT.ok;
    }
    const view = args.json ? undefined : stepViewOnStderr(config, context.note);
    const note = view?.note ?? context.note;
    worker?.onFailedAttempt((attempt) => note(failedAttemptLine(attempt, config.color)));
    const stopOnInterrupt = interruptHandler(note, handle.workflowId, worker);
    try {
      const document = await followRun(handle, ir, checked.values, {
        onProgress: view?.update,
        onNoWorker: () => note(noWorkerNote(config.taskQueue)),
      });
      view?.finish();
      printResultDocument(document, { json: args.json, color: config.color, link }, context);
      return exitCodeOf(document);
    } finally {
      view?.finish();
      stopOnInterrupt();
    }
  } finally {
    await worker?.stop();
    await engine.connection.close().catch(() => {});
  }
}

async function startRun(
  engine: Engine,
  taskQueue: string,
  ir: PipelineIR,
  inputs: Record<string, unknown>,
  workflowId: string,
  context: CommandContext,
) {
  const searchAttributes = await ensureSearchAttributes(engine, context.note);
  try {
    return await engine.client.workflow.start(PIPELINE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId,
      ...runStartOptions(ir, inputs, searchAttributes),
    });
  } catch (error) {
    if ((error as Error).name === 'WorkflowExecutionAlreadyStartedError')
      throw new CliError(
        `a run with id "${workflowId}" is already running`,
        EXIT.invalid,
        'choose another --id, or leave it out',
      );
    throw error;
  }
}

/** `<pipeline>-<UTC date and time>-<4 random hex>`: sortable, readable, unique enough. */
export function defaultWorkflowId(pipelineId: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${pipelineId}-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function noWorkerNote(taskQueue: string): string {
  return `No worker has picked up the run yet. Is a worker running for task queue "${taskQueue}" (orc worker)? The run waits for one.`;
}

function interruptHandler(
  note: (text: string) => void,
  workflowId: string,
  worker: RunningWorker | undefined,
): () => void {
  const onSignal = () => {
    note(
      `\nInterrupted. The run ${workflowId} goes on${worker ? ' and waits, durably, until a worker polls its task queue ("orc worker")' : ''}; follow it in the Web UI.`,
    );
    void (worker?.stop() ?? Promise.resolve()).finally(() => process.exit(EXIT.interrupted));
  };
  process.once('SIGINT', onSignal);
  return () => process.removeListener('SIGINT', onSignal);
}
