// `orc watch RUN [--json | -o json|yaml]`: follow a run live until it ends, then print its
// result like `orc run`.
import { outputFormatOf } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';
import { noWorkerNote } from './run.js';
import { RUN_DETAILS } from './status.js';

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'follow a run live until it ends, then print its result',
  arguments: ['<RUN>'],
  options: OUTPUT_OPTIONS,
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const format = outputFormatOf(options);
    const [{ runLink }, { findRun, isRunning, runInputOf, withEngine }, { followRun }, live, printing, status] =
      await Promise.all([
        import('../connect.js'),
        import('../find-run.js'),
        import('../follow-run.js'),
        import('../live-view.js'),
        import('../print-result.js'),
        import('../run-status.js'),
      ]);
    return await withEngine(context.note, async (engine, config) => {
      const { handle, description } = await findRun(engine, args[0]!);
      const input = await runInputOf(engine, description.workflowId, description.runId);
      if (!input)
        throw new CliError(
          `${description.workflowId} is not a pipeline run (its workflow type is "${description.type}")`,
          EXIT.invalid,
        );
      const link = runLink(engine, description.workflowId, description.runId);
      let document;
      if (isRunning(description)) {
        context.note(
          `Watching run ${description.workflowId} of pipeline "${input.ir.id}"${link ? `\n  Web UI: ${link}` : ''}`,
        );
        const view = format ? undefined : live.stepViewOnStderr(config, context.note);
        const note = view?.note ?? context.note;
        const stopOnInterrupt = onInterrupt(note, description.workflowId);
        try {
          document = await followRun(handle, input.ir, input.inputs, {
            onProgress: view?.update,
            onNoWorker: () => note(noWorkerNote(description.taskQueue)),
          });
        } finally {
          view?.finish();
          stopOnInterrupt();
        }
      } else {
        context.note(`Run ${description.workflowId} has already ended.`);
        document = await status.closedRunDocument(engine, handle, description);
      }
      printing.printResultDocument(document, { format, color: config.color, link }, context);
      return printing.exitCodeOf(document);
    });
  },
};

function onInterrupt(note: (text: string) => void, workflowId: string): () => void {
  const stop = () => {
    note(`\nStopped watching. The run ${workflowId} goes on: orc watch ${workflowId} follows it again.`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', stop);
  return () => process.removeListener('SIGINT', stop);
}
