// `orc watch RUN [--json]`: follow a run live until it ends, then print its result like `orc run`.
import { runLink } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findRun, isRunning, runInputOf, withEngine } from '../find-run.js';
import { followRun } from '../follow-run.js';
import { stepViewOnStderr } from '../live-view.js';
import { exitCodeOf, printResultDocument } from '../print-result.js';
import { closedRunDocument } from '../run-status.js';
import type { CommandContext } from './command.js';
import { noWorkerNote } from './run.js';

export async function watchCommand(args: { run: string; json: boolean }, context: CommandContext): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const { handle, description } = await findRun(engine, args.run);
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
      const view = args.json ? undefined : stepViewOnStderr(config, context.note);
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
      document = await closedRunDocument(engine, handle, description);
    }
    printResultDocument(document, { json: args.json, color: config.color, link }, context);
    return exitCodeOf(document);
  });
}

function onInterrupt(note: (text: string) => void, workflowId: string): () => void {
  const stop = () => {
    note(`\nStopped watching. The run ${workflowId} goes on: orc watch ${workflowId} follows it again.`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', stop);
  return () => process.removeListener('SIGINT', stop);
}
