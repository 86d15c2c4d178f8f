// The `loadReusableResults` activity of a rerun: the source run's completed calls, filed by
// the same fingerprint the workflow computes for its own calls (workflows/call-fingerprint.ts).
// Its result is recorded in the rerun's history, so what the rerun reuses never changes on
// replay; large results go to the blob store like every other value.
import type { Client } from '@temporalio/client';
import type {
  PipelineActivities,
  RecordedCall,
  ReusableResults,
  ReusableResultsInput,
} from '../../workflows/activity-interfaces.js';
import { REUSABLE_ACTIVITIES, callFingerprint, topLevelStep } from '../../workflows/call-fingerprint.js';
import { readRecordedCalls } from './recorded-calls.js';

/** The worker's Temporal client, made when a rerun first needs it. */
export type TemporalClientSource = () => Promise<Client>;

export function createLoadReusableResults(client: TemporalClientSource): PipelineActivities['loadReusableResults'] {
  return async (input: ReusableResultsInput): Promise<ReusableResults> => {
    const recorded = await readRecordedCalls(await client(), input.workflow_id, input.run_id);
    if (!recorded) return { calls: {} };
    const live = new Set(input.live_steps);
    const calls: Record<string, RecordedCall> = {};
    for (const call of recorded.calls) {
      const stepId = (call.input as { step_id?: unknown } | undefined)?.step_id;
      if (call.status !== 'completed' || !REUSABLE_ACTIVITIES.has(call.activity) || typeof stepId !== 'string') continue;
      if (live.has(topLevelStep(stepId))) continue;
      const fingerprint = callFingerprint(call.activity, call.input);
      calls[fingerprint] ??= { activity: call.activity, step_id: stepId, output: call.output };
    }
    return { run_id: recorded.runId, calls };
  };
}
