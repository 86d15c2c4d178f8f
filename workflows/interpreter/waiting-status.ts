// While a run waits for a person (an approval, a prompt, a feedback form) its OrcStatus search
// attribute says `waiting`, and `paused` while it waits for its budget to be raised: so
// `orc approvals` asks only the runs that wait, instead of querying every running run (each
// query of a run whose worker is gone costs its whole timeout), and `orc list` and the Web UI
// show why a run stands still. Runs recorded before this replay without the upserts.
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { RUN_STATUS_ATTRIBUTE } from '../search-attributes.js';

export const WAITING_STATUS_PATCH = 'orc-waiting-status';

export type WaitingStatus = 'running' | 'waiting' | 'paused';

export function waitingStatusOf(waitingApprovals: number, budgetPaused: boolean): WaitingStatus {
  if (waitingApprovals > 0) return 'waiting';
  return budgetPaused ? 'paused' : 'running';
}

/**
 * Returns the function to call whenever the run's progress changed: it publishes the status
 * when it differs from the last one published. `enabled` is false for runs started without
 * search attributes (tests of the bare workflow).
 */
export function waitingStatusPublisher(enabled: boolean, current: () => WaitingStatus): () => void {
  let published: WaitingStatus = 'running';
  return () => {
    if (!enabled) return;
    const status = current();
    if (status === published) return;
    // The marker goes in at the first change only; runs without it never publish.
    if (!patched(WAITING_STATUS_PATCH)) return;
    published = status;
    upsertSearchAttributes([{ key: RUN_STATUS_ATTRIBUTE, value: status }]);
  };
}
