// The `loadReusableResults` activity of a rerun: the source run's completed calls, filed by
// the same fingerprint the workflow computes for its own calls (workflows/call-fingerprint.ts).
// A source that was itself a rerun made only its live calls: the calls it reused are in its
// own `loadReusableResults` result, and are handed on, so a rerun of a rerun pays nothing
// twice either. The result is recorded in the rerun's history, so what the rerun reuses never
// changes on replay; large results go to the blob store like every other value.
import type { Client } from '@temporalio/client';
import type {
  PipelineActivities,
  RecordedCall,
  ReusableResults,
  ReusableResultsInput,
} from '../../workflows/activity-interfaces.js';
import { REUSABLE_ACTIVITIES, callFingerprint, topLevelStep } from '../../workflows/call-fingerprint.js';
import { readRecordedCalls, type CallRecord } from './recorded-calls.js';

/** The worker's Temporal client, made when a rerun first needs it. */
export type TemporalClientSource = () => Promise<Client>;

export function createLoadReusableResults(client: TemporalClientSource): PipelineActivities['loadReusableResults'] {
  return async (input: ReusableResultsInput): Promise<ReusableResults> => {
    const recorded = await readRecordedCalls(await client(), input.workflow_id, input.run_id);
    if (!recorded) return { calls: {} };
    const live = new Set(input.live_steps);
    const calls: Record<string, RecordedCall> = {};
    const keep = (fingerprint: string, call: RecordedCall) => {
      if (!live.has(topLevelStep(call.step_id))) calls[fingerprint] ??= call;
    };
    for (const call of recorded.calls) {
      const stepId = (call.input as { step_id?: unknown } | undefined)?.step_id;
      if (call.status !== 'completed' || !REUSABLE_ACTIVITIES.has(call.activity) || typeof stepId !== 'string')
        continue;
      keep(callFingerprint(call.activity, call.input), {
        activity: call.activity,
        step_id: stepId,
        output: call.output,
      });
    }
    for (const [fingerprint, call] of inheritedCalls(recorded.calls)) keep(fingerprint, call);
    return { run_id: recorded.runId, calls };
  };
}

/** The calls the source reused from its own source, each naming the run that made it. */
function inheritedCalls(calls: readonly CallRecord[]): [string, RecordedCall][] {
  return calls
    .filter((call) => call.activity === 'loadReusableResults' && call.status === 'completed')
    .flatMap((call) => {
      const from = (call.input as ReusableResultsInput | undefined)?.workflow_id ?? '';
      const loaded = (call.output as ReusableResults | undefined)?.calls ?? {};
      return Object.entries(loaded).map(([fingerprint, inherited]): [string, RecordedCall] => [
        fingerprint,
        { ...inherited, run: inherited.run ?? from },
      ]);
    });
}
