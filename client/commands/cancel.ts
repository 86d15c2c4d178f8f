// `orc cancel RUN [--reason R]`: ask a running run to cancel. The workflow cancels its running
// activities (they learn it through their heartbeats) and ends; this waits a little to say so.
import { randomUUID } from 'node:crypto';
import { isGrpcServiceError } from '@temporalio/client';
import type { Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findRun, isRunning, withEngine } from '../find-run.js';
import { displayStatus } from '../list-runs.js';
import { formatDuration } from '../step-rows.js';
import type { CommandContext } from './command.js';

const WAIT_FOR_END_MS = 15_000;
const GRPC_NOT_FOUND = 5;

export async function cancelCommand(args: { run: string; reason?: string }, context: CommandContext): Promise<number> {
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await findRun(engine, args.run);
    const { workflowId, runId } = description;
    const alreadyEnded = (status: string) =>
      new CliError(
        `run ${workflowId} has already ended (${status}); there is nothing to cancel`,
        EXIT.invalid,
        `orc result ${workflowId} shows how it ended`,
      );
    if (!isRunning(description)) throw alreadyEnded(displayStatus(description.status.name, undefined));
    try {
      await requestCancel(engine, workflowId, runId, args.reason);
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) throw alreadyEnded('just now');
      throw error;
    }
    context.print(`Cancellation requested for run ${workflowId}${args.reason ? ` (reason: ${args.reason})` : ''}.`);
    const deadline = Date.now() + WAIT_FOR_END_MS;
    for (;;) {
      const now = await handle.describe();
      if (!isRunning(now)) {
        const took = now.closeTime ? ` after ${formatDuration(now.closeTime.getTime() - now.startTime.getTime())}` : '';
        context.print(
          `The run ended: ${displayStatus(now.status.name, undefined)}${took}. orc result ${workflowId} shows its steps.`,
        );
        return EXIT.ok;
      }
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    context.print(
      `It has not ended yet: running steps finish cancelling first (a worker must be polling "${description.taskQueue}"). orc watch ${workflowId} follows it.`,
    );
    return EXIT.ok;
  });
}

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
