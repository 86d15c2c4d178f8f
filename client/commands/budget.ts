// `orc budget raise RUN [--usd N] [--tokens N]`: new limits for a run whose budget is used up
// (`on_exceed: pause` waits for this). The run refuses limits not above what it has spent.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { raiseBudgetUpdate } from '../../workflows/messages.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findRun, isRunning, withEngine } from '../find-run.js';
import type { CommandContext } from './command.js';

export async function budgetRaiseCommand(
  args: { run: string; usd?: number; tokens?: number },
  context: CommandContext,
): Promise<number> {
  if (args.usd === undefined && args.tokens === undefined)
    throw new CliError('orc budget raise needs --usd N or --tokens N', EXIT.invalid, 'orc budget raise RUN --usd 5');
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await findRun(engine, args.run);
    if (!isRunning(description))
      throw new CliError(`run ${description.workflowId} has ended; its budget no longer matters`, EXIT.invalid);
    try {
      const limits = await handle.executeUpdate(raiseBudgetUpdate, {
        args: [
          {
            ...(args.usd !== undefined ? { max_cost_usd: args.usd } : {}),
            ...(args.tokens !== undefined ? { max_tokens: args.tokens } : {}),
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
}
