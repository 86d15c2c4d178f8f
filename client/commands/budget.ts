// `orc budget raise RUN [--usd N] [--tokens N]`: new limits for a run whose budget is used up
// (`on_exceed: pause` waits for this). The run refuses limits not above what it has spent.
import { positiveInteger } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

const raiseCommand: CommandSpec = {
  name: 'raise',
  summary: "raise a run's budget so a paused run goes on",
  arguments: ['<RUN>'],
  options: [
    { flags: '--usd <N>', description: 'the new cost limit in US dollars' },
    { flags: '--tokens <N>', description: 'the new token limit' },
  ],
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const usd = options.usd === undefined ? undefined : Number(options.usd);
    if (usd !== undefined && !(usd > 0))
      throw new CliError(`--usd must be a positive number, not "${String(options.usd)}"`, EXIT.invalid);
    const tokens = positiveInteger(options.tokens, '--tokens');
    if (usd === undefined && tokens === undefined)
      throw new CliError('orc budget raise needs --usd N or --tokens N', EXIT.invalid, 'orc budget raise RUN --usd 5');
    const [{ WorkflowUpdateFailedError }, { raiseBudgetUpdate }, { findRun, isRunning, withEngine }] =
      await Promise.all([
        import('@temporalio/client'),
        import('../../workflows/messages.js'),
        import('../find-run.js'),
      ]);
    return await withEngine(context.note, async (engine) => {
      const { handle, description } = await findRun(engine, args[0]!);
      if (!isRunning(description))
        throw new CliError(`run ${description.workflowId} has ended; its budget no longer matters`, EXIT.invalid);
      try {
        const limits = await handle.executeUpdate(raiseBudgetUpdate, {
          args: [
            {
              ...(usd !== undefined ? { max_cost_usd: usd } : {}),
              ...(tokens !== undefined ? { max_tokens: tokens } : {}),
            },
          ],
        });
        context.print(
          `Raised the budget of run ${description.workflowId} to ${JSON.stringify(limits)}; a paused run goes on.`,
        );
        return EXIT.ok;
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError)
          throw new CliError(
            `the run refused: ${(error.cause as Error | undefined)?.message ?? error.message}`,
            EXIT.invalid,
          );
        throw error;
      }
    });
  },
};

export const budgetCommand: CommandSpec = {
  name: 'budget',
  summary: "a run's budget: orc budget raise RUN --usd N | --tokens N",
  subcommands: [raiseCommand],
};
