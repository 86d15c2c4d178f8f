// Runs the step graph: a step starts as soon as its dependencies are finished, so independent
// steps run at the same time. When a step fails under `on_failure: fail`, nothing new starts,
// running steps finish, and the steps never started are marked cancelled.
import { condition } from '@temporalio/workflow';
import type { StepIR } from '../lang/ir.js';
import { isFinished, type RunState } from './run-state.js';
import type { StepOutcome } from './execute-tool-step.js';

export interface ScheduleHooks {
  now(): number;
  execute(step: StepIR): Promise<StepOutcome>;
  /** Called after every change of a step's state (progress, current details). */
  changed(): void;
}

/** Returns the id of the step that stopped the run, if one did. */
export async function scheduleSteps(steps: readonly StepIR[], state: RunState, hooks: ScheduleHooks): Promise<string | undefined> {
  let stoppedBy: string | undefined;
  let running = 0;
  let wake = false;
  const start = (step: StepIR): void => {
    const startedAt = hooks.now();
    state[step.id] = { status: 'running', started_at_ms: startedAt };
    running++;
    void hooks.execute(step).then((outcome) => {
      state[step.id] = { ...outcome, started_at_ms: startedAt, duration_ms: hooks.now() - startedAt };
      if (outcome.status !== 'completed' && step.on_failure === 'fail' && stoppedBy === undefined) stoppedBy = step.id;
      running--;
      wake = true;
      hooks.changed();
    });
  };
  for (;;) {
    if (stoppedBy === undefined) {
      const ready = steps.filter((step) => state[step.id]?.status === 'pending' && step.depends_on.every((id) => isFinished(state[id])));
      ready.forEach(start);
      if (ready.length > 0) hooks.changed();
    }
    if (running === 0) break;
    await condition(() => wake);
    wake = false;
  }
  for (const step of steps) {
    if (state[step.id]?.status === 'pending') state[step.id] = { status: 'cancelled' };
  }
  return stoppedBy;
}
