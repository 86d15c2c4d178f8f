// Every activity a run schedules passes through here (workers/workflow-bundle.ts bundles it as
// a workflow interceptor module): in a rerun, a call the source run already made is answered
// from its recorded result and never scheduled. One place for every call site — tool, model
// and agent steps, <AUTO> answers, model selection, local activities — so no step kind has to
// know about reruns (docs/decisions/0010-rerun-through-an-interceptor.md).
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { activeReuse } from './reuse.js';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity: (input, next) => recordedOr(input.activityType, input.args, () => next(input)),
      scheduleLocalActivity: (input, next) => recordedOr(input.activityType, input.args, () => next(input)),
    },
  ],
});

function recordedOr(activity: string, args: readonly unknown[], call: () => Promise<unknown>): Promise<unknown> {
  const recorded = activeReuse()?.answer(activity, args[0]);
  return recorded ? Promise.resolve(recorded.output) : call();
}
