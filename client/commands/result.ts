// `orc result RUN [--json | -o json|yaml] [--wait]`: the result document of a finished run,
// printed and with the exit code of `orc run`.
import { outputFormatOf } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

export const resultCommand: CommandSpec = {
  name: 'result',
  summary: 'the result document of a finished run (--wait: of a running one, when it ends)',
  arguments: ['<RUN>'],
  options: [...OUTPUT_OPTIONS, { flags: '--wait', description: 'wait for a running run to end' }],
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const [{ runLink }, { findRun, isRunning, withEngine }, printing, { closedRunDocument }] = await Promise.all([
      import('../connect.js'),
      import('../find-run.js'),
      import('../print-result.js'),
      import('../run-status.js'),
    ]);
    const format = outputFormatOf(options);
    return await withEngine(context.note, async (engine, config) => {
      const found = await findRun(engine, args[0]!);
      const { handle } = found;
      let { description } = found;
      if (isRunning(description)) {
        if (options.wait !== true)
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
      const link = runLink(engine, description.workflowId, description.runId);
      printing.printResultDocument(document, { format, color: config.color, link }, context);
      return printing.exitCodeOf(document);
    });
  },
};
