// `orc test`'s worker: the calls a recorded run made are answered from its cassette, inside the
// activities, so the workflow schedules exactly what it schedules in any run (decisions/0013).
// A call the cassette lacks fails its step, not retried: a recorded test makes no provider call.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PipelineActivities } from '../../workflows/activity-interfaces.js';
import { callFingerprint } from '../../workflows/call-fingerprint.js';
import { ERROR_TYPES } from '../../workflows/error-types.js';

/** The activities a cassette answers: every one that reaches a provider or the world. */
export const CASSETTE_ACTIVITIES = ['runTool', 'runModel', 'selectModel', 'resolveAuto'] as const;

export type CassetteActivity = (typeof CASSETTE_ACTIVITIES)[number];

/** What a cassette says of one call: its recorded answer, or why it has none (the miss's message). */
export type CassetteAnswer = { output: unknown } | { miss: string };

/** The recorded answers, injected by `orc test` (client/cassette-replay.ts). */
export interface CassetteSource {
  answer(activity: CassetteActivity, fingerprint: string, input: unknown): CassetteAnswer;
}

type Answering = Pick<PipelineActivities, CassetteActivity>;

/** The four activities, each answered from `cassette`; nothing else is called. */
export function cassetteActivities(cassette: CassetteSource): Answering {
  const answering =
    <A extends CassetteActivity>(activity: A) =>
    async (input: Parameters<Answering[A]>[0]): Promise<Awaited<ReturnType<Answering[A]>>> => {
      const answer = cassette.answer(activity, callFingerprint(activity, input), input);
      if ('miss' in answer) throw ApplicationFailure.nonRetryable(answer.miss, ERROR_TYPES.cassetteMiss);
      const output = answer.output;
      // The attempt is this one's; everything else is what the recorded call returned.
      const hasAttempt = output !== null && typeof output === 'object' && 'attempt' in output;
      return (hasAttempt ? { ...output, attempt: Context.current().info.attempt } : output) as Awaited<
        ReturnType<Answering[A]>
      >;
    };
  return {
    runTool: answering('runTool'),
    runModel: answering('runModel'),
    selectModel: answering('selectModel'),
    resolveAuto: answering('resolveAuto'),
  };
}
