// One attempt of a step at a time on a machine. Every sandbox carries its step's marker in the
// environment of the processes the worker starts — the lifeline's watcher, prlimit/bwrap, and
// bwrap's pid-namespace init, whose death ends every process of the sandbox — where /proc shows
// it even after the worker that started them is gone. A retried attempt looks for the marker
// first and kills and awaits what it finds before its own program starts. The lifeline already
// ends a dead worker's sandbox within milliseconds; this covers a worker that is alive but hung
// (stopped, swapping, its event loop blocked) past the heartbeat timeout, whose sandbox would
// otherwise run on beside the retry.
import { createHash } from 'node:crypto';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import { awaitGroupsEmpty, killGroup, processesCarrying } from './process-table.js';
import { GROUP_DEATH_TIMEOUT_MS } from './limits.js';

/** The activity a sandbox runs for: its attempts share the marker. */
export interface SandboxOwner {
  workflowId: string;
  runId: string;
  activityId: string;
  attempt: number;
}

export const MARKER_VARIABLE = 'ORC_SANDBOX_STEP';

/** The environment variable that marks the sandbox processes of this activity. */
export function markerOf(owner: SandboxOwner): Record<string, string> {
  const digest = createHash('sha256').update(`${owner.workflowId}\0${owner.runId}\0${owner.activityId}`).digest('hex');
  return { [MARKER_VARIABLE]: digest.slice(0, 32) };
}

/**
 * Before attempt 2 or later: SIGKILLs the process groups of every process carrying the marker
 * and waits until they are gone. If they outlive the wait, the attempt fails (retryably) rather
 * than run beside them.
 */
export async function endEarlierAttempts(owner: SandboxOwner, warn: (message: string) => void): Promise<void> {
  if (owner.attempt <= 1) return;
  const found = processesCarrying(`${MARKER_VARIABLE}=${markerOf(owner)[MARKER_VARIABLE]}`);
  if (found.length === 0) return;
  const groups = new Set(found.map((status) => status.group));
  for (const group of groups) killGroup(group);
  const left = await awaitGroupsEmpty(groups, GROUP_DEATH_TIMEOUT_MS);
  const pids = found.map((status) => status.pid).join(', ');
  if (left.length > 0) {
    throw toolFailure(
      ERROR_TYPES.toolError,
      `an earlier attempt of this step still runs on this machine (pids ${left.join(', ')}) and did not end within ${GROUP_DEATH_TIMEOUT_MS / 1000} s of SIGKILL; this attempt does not start beside it and is retried`,
      { retryable: true },
    );
  }
  warn(
    `attempt ${owner.attempt}: ended the sandbox an earlier attempt of this step left running on this machine (pids ${pids}) before starting`,
  );
}
