// The cassette `orc test` hands its worker (activities/cassette): a call is answered by the
// recorded call with its fingerprint; a call with none fails its step with a unified diff of
// its request against the nearest recorded request — of the same step if there is one. What was
// answered and what missed is kept for the test's report (the worker runs in this process).
import type { CassetteActivity, CassetteAnswer, CassetteSource } from '../workers/index.js';
import { callRequest, topLevelStep } from '../workflows/call-fingerprint.js';
import type { Cassette, CassetteCall } from './cassette-file.js';
import { describeCall } from './run-diff.js';
import { unifiedDiff } from './text-diff.js';

export interface CassetteMiss {
  activity: CassetteActivity;
  step: string;
  /** The message the step failed with: what is missing, and the diff. */
  message: string;
  diff?: string;
}

export interface CassetteReplay extends CassetteSource {
  /** Calls answered, by top-level step. */
  readonly answered: ReadonlyMap<string, number>;
  readonly misses: readonly CassetteMiss[];
}

/** A failure message stays readable in the Web UI and history: a long diff is cut here. */
const MAX_MESSAGE = 12_000;

/** `workflowId`: the test's run; its sub-pipelines' calls count for the step that started them. */
export function cassetteReplay(cassette: Cassette, workflowId: string): CassetteReplay {
  const answered = new Map<string, number>();
  const misses: CassetteMiss[] = [];
  const calls = Object.values(cassette.calls);
  return {
    answered,
    misses,
    answer(activity, fingerprint, input): CassetteAnswer {
      const step = stepOf(input);
      const shown = stepInRun(workflowId, input, step);
      const recorded = cassette.calls[fingerprint];
      if (recorded && recorded.activity === activity) {
        answered.set(topLevelStep(shown), (answered.get(topLevelStep(shown)) ?? 0) + 1);
        return { output: recorded.output };
      }
      const miss = { ...describeMiss(activity, step, input, calls), step: shown };
      misses.push(miss);
      return { miss: miss.message };
    },
  };
}

function describeMiss(
  activity: CassetteActivity,
  step: string,
  input: unknown,
  calls: readonly CassetteCall[],
): CassetteMiss {
  const now = requestText(activity, callRequest(input));
  const nearest = nearestRecorded(activity, step, now, calls);
  const head = `the cassette has no recorded answer for this ${activity} call of step "${step}"`;
  const hint = 'if the change is intended, re-record with orc test PIPELINE --cassette FILE --update';
  if (!nearest) {
    const message = `${head}, and no recorded ${activity} call of that step to compare it with; ${hint}. The request:\n${now}`;
    return { activity, step, message: message.slice(0, MAX_MESSAGE) };
  }
  if (nearest.request === undefined) {
    const message = `${head}: its request differs from the recorded call of step "${nearest.step_id}" (a local step: the cassette keeps its answer, not its request); ${hint}. The request now:\n${now}`;
    return { activity, step, message: message.slice(0, MAX_MESSAGE) };
  }
  const diff = unifiedDiff(requestText(activity, nearest.request), now, {
    before: `cassette ${nearest.step_id} (recorded request)`,
    after: `now ${step} (request)`,
  });
  const message = `${head}: its request differs from the recorded request of step "${nearest.step_id}"; ${hint}.\n${diff}`;
  return { activity, step, message: message.slice(0, MAX_MESSAGE), diff };
}

/** The same step's call, else one of the same top-level step, else any of the activity: the one whose request differs least. */
function nearestRecorded(
  activity: CassetteActivity,
  step: string,
  now: string,
  calls: readonly CassetteCall[],
): CassetteCall | undefined {
  const ofActivity = calls.filter((call) => call.activity === activity);
  const candidates = [
    ofActivity.filter((call) => call.step_id === step),
    ofActivity.filter((call) => topLevelStep(call.step_id) === topLevelStep(step)),
    ofActivity,
  ].find((group) => group.length > 0);
  if (!candidates) return undefined;
  const distance = (call: CassetteCall) =>
    call.request === undefined
      ? Number.MAX_SAFE_INTEGER
      : unifiedDiff(requestText(activity, call.request), now, { before: '', after: '' }).split('\n').length;
  return candidates.reduce((best, call) => (distance(call) < distance(best) ? call : best));
}

function requestText(activity: string, request: unknown): string {
  return describeCall({ activity, input: request, status: 'completed', scheduled_at: 0 });
}

/** A sub-pipeline's call as `title/name`: the path of the step that started it, then its own. */
function stepInRun(workflowId: string, input: unknown, step: string): string {
  const owner = (input as { workflow_id?: unknown } | null)?.workflow_id;
  return typeof owner === 'string' && owner.startsWith(`${workflowId}/`)
    ? `${owner.slice(workflowId.length + 1)}/${step}`
    : step;
}

function stepOf(input: unknown): string {
  const id = (input as { step_id?: unknown } | null)?.step_id;
  return typeof id === 'string' ? id : '?';
}
