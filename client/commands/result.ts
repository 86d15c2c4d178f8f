// `orc result RUN [--json] [--wait]`: the result document of a finished run, printed and with
// the exit code of `orc run`.
import { runLink } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findRun, isRunning, withEngine } from '../find-run.js';
import { exitCodeOf, printResultDocument } from '../print-result.js';
import { closedRunDocument } from '../run-status.js';
import type { CommandContext } from './command.js';

export async function resultCommand(
  args: { run: string; json: boolean; wait: boolean },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const found = await findRun(engine, args.run);
    const { handle } = found;
    let { description } = found;
    if (isRunning(description)) {
      if (!args.wait)
        throw new CliError(
          `run ${description.workflowId} has no result yet: it is still running`,
          EXIT.invalid,
          `add --wait, or use orc watch ${description.workflowId}`,
        );
      context.note(`Waiting for run ${description.workflowId} to end …`);
      // However it ends, the document below says how.
      await handle.result().catch(() => undefined);
      description = await handle.describe();
    }
    const document = await closedRunDocument(engine, handle, description);
    printResultDocument(
      document,
      { json: args.json, color: config.color, link: runLink(engine, description.workflowId, description.runId) },
      context,
    );
    return exitCodeOf(document);
  });
}
