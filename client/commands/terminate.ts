// `orc terminate RUN [--reason TEXT]`: end a run at once. Unlike `orc cancel`, the workflow gets
// no say: no step is waited for or cleaned up (running activities learn it at their next
// heartbeat, and their results are dropped), no on_error handler runs, and the run's history
// ends with WorkflowExecutionTerminated. For a run whose steps will not end when cancelled.
import { optionalString } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

const GRPC_NOT_FOUND = 5;

export const terminateCommand: CommandSpec = {
  name: 'terminate',
  summary: 'end a running run at once, without waiting for its steps (orc cancel lets them end)',
  arguments: ['<RUN>'],
  options: [{ flags: '--reason <TEXT>', description: 'why (kept in the run history; default: who terminated it)' }],
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const [{ isGrpcServiceError, WorkflowNotFoundError }, { findRun, isRunning, withEngine }, { displayStatus }] =
      await Promise.all([import('@temporalio/client'), import('../find-run.js'), import('../list-runs.js')]);
    return await withEngine(context.note, async (engine, config) => {
      const { handle, description } = await findRun(engine, args[0]!);
      const { workflowId } = description;
      const alreadyEnded = (status: string) =>
        new CliError(
          `run ${workflowId} has already ended (${status}); there is nothing to terminate`,
          EXIT.invalid,
          `orc result ${workflowId} shows how it ended`,
        );
      if (!isRunning(description)) throw alreadyEnded(displayStatus(description.status.name, undefined));
      const reason = optionalString(options.reason) ?? `terminated with orc by ${config.userName}`;
      try {
        await handle.terminate(reason);
      } catch (error) {
        const gone =
          error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND);
        if (gone) throw alreadyEnded('just now');
        throw error;
      }
      context.print(
        `Terminated run ${workflowId} (reason: ${reason}). orc status ${workflowId} shows where its steps stood.`,
      );
      return EXIT.ok;
    });
  },
};
