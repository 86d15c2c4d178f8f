// `orc cancel RUN [--reason R]`: ask a running run to cancel. The workflow cancels its running
// steps (activities learn it through their heartbeats and are waited for) and ends; this waits
// a little to say so. `orc terminate` is the hard stop that waits for nothing.
import { randomUUID } from 'node:crypto';
import { optionalString } from '../arguments.js';
import type { Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatDuration } from '../format-time.js';
import type { CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

const WAIT_FOR_END_MS = 15_000;
const GRPC_NOT_FOUND = 5;

export const cancelCommand: CommandSpec = {
  name: 'cancel',
  summary: 'cancel a running run: its running steps end as cancelled (waited for), then the run ends',
  arguments: ['<RUN>'],
  options: [{ flags: '--reason <TEXT>', description: 'why (kept in the run history)' }],
  details: `${RUN_DETAILS}\norc terminate ends a run at once, without waiting for its steps.`,
  run: async ({ args, options }, context) => {
    const [{ isGrpcServiceError }, { findRun, isRunning, withEngine }, { displayStatus }] = await Promise.all([
      import('@temporalio/client'),
      import('../find-run.js'),
      import('../list-runs.js'),
    ]);
    const reason = optionalString(options.reason);
    return await withEngine(context.note, async (engine) => {
      const { handle, description } = await findRun(engine, args[0]!);
      const { workflowId, runId } = description;
      const alreadyEnded = (status: string) =>
        new CliError(
          `run ${workflowId} has already ended (${status}); there is nothing to cancel`,
          EXIT.invalid,
          `orc result ${workflowId} shows how it ended`,
        );
      if (!isRunning(description)) throw alreadyEnded(displayStatus(description.status.name, undefined));
      try {
        await requestCancel(engine, workflowId, runId, reason);
      } catch (error) {
        if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) throw alreadyEnded('just now');
        throw error;
      }
      context.print(`Cancellation requested for run ${workflowId}${reason ? ` (reason: ${reason})` : ''}.`);
      const deadline = Date.now() + WAIT_FOR_END_MS;
      for (;;) {
        const now = await handle.describe();
        if (!isRunning(now)) {
          const took = now.closeTime
            ? ` after ${formatDuration(now.closeTime.getTime() - now.startTime.getTime())}`
            : '';
          context.print(
            `The run ended: ${displayStatus(now.status.name, undefined)}${took}. orc result ${workflowId} shows its steps.`,
          );
          return EXIT.ok;
        }
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      context.print(
        `It has not ended yet: running steps finish cancelling first (a worker must be polling "${description.taskQueue}"). orc watch ${workflowId} follows it; orc terminate ${workflowId} ends it at once.`,
      );
      return EXIT.ok;
    });
  },
};

/** `handle.cancel()` with the reason, which the handle cannot pass; it shows in the history. */
async function requestCancel(
  engine: Engine,
  workflowId: string,
  runId: string,
  reason: string | undefined,
): Promise<void> {
  await engine.client.workflowService.requestCancelWorkflowExecution({
    namespace: engine.namespace,
    workflowExecution: { workflowId, runId },
    identity: engine.client.options.identity,
    requestId: randomUUID(),
    ...(reason ? { reason } : {}),
  });
}
