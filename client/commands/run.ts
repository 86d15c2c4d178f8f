// `orc run FILE [-i name=value]… [--inputs F] [--id ID] [--detach] [--json | -o json|yaml] [-o DIR]`:
// compile, check inputs, start a run, follow it with the step view, print the result.
import { randomBytes } from 'node:crypto';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { optionalString, stringList, type OutputFormat } from '../arguments.js';
import type { CliConfig } from '../config.js';
import type { Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { RunningWorker } from '../in-process-worker.js';
import { TASK_QUEUE_OPTION, type CommandContext, type CommandSpec } from './command.js';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'compile, start a run, follow it and print the result',
  arguments: ['<FILE>'],
  options: [
    {
      flags: '-i, --input <name=value>',
      description: 'an input (JSON unless the parameter is a string; name=@path reads a file)',
      repeatable: true,
    },
    { flags: '--inputs <FILE>', description: 'inputs from a JSON or YAML mapping (-i wins over it)' },
    { flags: '--id <ID>', description: 'the run id (workflow id); default <pipeline>-<UTC time>-<4 hex>' },
    { flags: '--detach', description: 'start the run and return (needs a worker that outlives this command)' },
    {
      flags: '-o, --output <FORMAT|DIR>',
      description:
        "json or yaml: print the document so; any other value: a folder for the input output_path (py-orc's run_pipeline.py -o)",
    },
    { flags: '--json', description: 'the same as -o json' },
    { flags: '--output-dir <DIR>', description: 'fill the input output_path with DIR, declared or not (as -o DIR)' },
    TASK_QUEUE_OPTION,
  ],
  run: async ({ args, options }, context) => {
    const { formatAndOutputDir } = await import('../output-path.js');
    return run(
      {
        file: args[0]!,
        inputs: stringList(options.input),
        inputsFile: optionalString(options.inputs),
        id: optionalString(options.id),
        detach: options.detach === true,
        ...formatAndOutputDir(options),
        taskQueue: optionalString(options.taskQueue),
      },
      context,
    );
  },
};

interface RunArguments {
  file: string;
  inputs: string[];
  inputsFile?: string;
  id?: string;
  detach: boolean;
  format?: OutputFormat;
  /** `-o DIR`: the input output_path, declared or not. */
  outputDir?: string;
  taskQueue?: string;
}

async function run(args: RunArguments, context: CommandContext): Promise<number> {
  const [{ loadCliConfig }, { compileRunnable }, { resolveInputs }, { connectToEngine }] = await Promise.all([
    import('../config.js'),
    import('../compile-or-exit.js'),
    import('../parse-inputs.js'),
    import('../connect.js'),
  ]);
  const config = await loadCliConfig({ taskQueue: args.taskQueue });
  const outputPath = args.outputDir === undefined ? undefined : await import('../output-path.js');
  const implied =
    outputPath && (await outputPath.impliedOutputPath(args.file, args.outputDir!, args.inputs, context))
      ? [outputPath.OUTPUT_PATH]
      : undefined;
  const ir = await compileRunnable(args.file, config.color, context, implied);
  const inputs = await resolveInputs(ir, args, {
    adjust: outputPath && ((given) => outputPath.withOutputPath(ir, given, args.outputDir!)),
  });
  const engine = await connectToEngine(config, { startLocal: true, log: context.note });
  const workflowId = args.id ?? defaultWorkflowId(ir.id);
  let worker: RunningWorker | undefined;
  try {
    const { hasLiveWorker, startInProcessWorker } = await import('../in-process-worker.js');
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
    return await startAndFollow(engine, { config, ir, inputs, workflowId, worker, args }, context);
  } finally {
    await worker?.stop();
    await engine.connection.close().catch(() => {});
  }
}

async function startAndFollow(
  engine: Engine,
  run: {
    config: CliConfig;
    ir: PipelineIR;
    inputs: Record<string, unknown>;
    workflowId: string;
    worker?: RunningWorker;
    args: RunArguments;
  },
  context: CommandContext,
): Promise<number> {
  const [{ runLink }, { followRun }, live, printing] = await Promise.all([
    import('../connect.js'),
    import('../follow-run.js'),
    import('../live-view.js'),
    import('../print-result.js'),
  ]);
  const { config, ir, worker, args } = run;
  const handle = await startRun(engine, config.taskQueue, ir, run.inputs, run.workflowId, context);
  const link = runLink(engine, handle.workflowId, handle.firstExecutionRunId);
  context.note(`Started run ${handle.workflowId} of pipeline "${ir.id}"${link ? `\n  Web UI: ${link}` : ''}`);
  if (args.detach) {
    if (args.format) {
      const { printDocument } = await import('../output-format.js');
      const receipt = { workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId, web_ui: link ?? null };
      printDocument(receipt, args.format, context, { compact: true });
    }
    return EXIT.ok;
  }
  const view = args.format ? undefined : live.stepViewOnStderr(config, context.note);
  const note = view?.note ?? context.note;
  worker?.onFailedAttempt((attempt) => note(live.failedAttemptLine(attempt, config.color)));
  const stopOnInterrupt = interruptHandler(note, handle.workflowId, worker);
  try {
    const document = await followRun(handle, ir, run.inputs, {
      onProgress: view?.update,
      onNoWorker: () => note(noWorkerNote(config.taskQueue)),
    });
    view?.finish();
    printing.printResultDocument(document, { format: args.format, color: config.color, link }, context);
    return printing.exitCodeOf(document);
  } finally {
    view?.finish();
    stopOnInterrupt();
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
  const [{ ensureSearchAttributes }, { runStartOptions }, { PIPELINE_WORKFLOW_TYPE }] = await Promise.all([
    import('../search-attributes.js'),
    import('../run-start-options.js'),
    import('../../workflows/messages.js'),
  ]);
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
