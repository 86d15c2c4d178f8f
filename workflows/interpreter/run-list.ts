// Runs one step list: a step starts as soon as its dependencies are finished, so independent
// steps run at the same time. Routing skips the steps a jump passes over; a failure that is
// neither continued past nor handled stops the list: nothing new starts, running steps finish,
// the steps never started are cancelled. While draining (continue-as-new), nothing new starts
// and the list reports that it paused. When the run is cancelled, nothing new starts, the
// running steps end (each as cancelled, or however they really ended) and the steps never
// started are cancelled.
import type { JumpIR, StepIR } from '../lang/ir.js';
import { cancelRequested, cancelledOrThrow } from './cancellation.js';
import type { Frame, InterpreterContext } from './context.js';
import { executeStep } from './execute-step.js';
import { runHandlers } from './handlers.js';
import { isFinished, isSuccessful, type StepState } from './run-state.js';
import { StepScheduler } from './step-scheduler.js';

export interface ListOutcome {
  /** The step whose failure stopped this list. */
  stoppedBy?: string;
  /** True when draining left steps unfinished (loops keep their progress in their state). */
  paused: boolean;
  /** True when the run was cancelled while this list ran. */
  cancelled?: boolean;
}

export async function runList(
  steps: readonly StepIR[],
  frame: Frame,
  context: InterpreterContext,
): Promise<ListOutcome> {
  const { state } = frame;
  for (const step of steps) state[step.id] ??= { status: 'pending' };
  const resuming = new Set(steps.filter((step) => state[step.id]!.status === 'running').map((step) => step.id));
  let stoppedBy: string | undefined;
  const scheduler = new StepScheduler();
  const start = (step: StepIR) => {
    const startedAt = state[step.id]!.started_at_ms ?? context.clock();
    state[step.id] = { ...state[step.id]!, status: 'running', started_at_ms: startedAt };
    const done = (outcome: StepState) => {
      context.slots.release(step);
      state[step.id] =
        outcome.status === 'running'
          ? outcome
          : { ...outcome, started_at_ms: startedAt, duration_ms: context.clock() - startedAt };
      if (outcome.status !== 'running') stoppedBy ??= afterStep(steps, step, state, outcome);
      context.changed();
    };
    scheduler.start(() => runOne(step, frame, context), done, cancelledOrThrow);
  };
  const fill = () => {
    if (stoppedBy !== undefined || context.draining() || cancelRequested()) return false;
    const ready = steps.filter(
      (step) =>
        resuming.delete(step.id) ||
        (state[step.id]!.status === 'pending' && step.depends_on.every((id) => isFinished(state[id]))),
    );
    const starting = ready.filter((step) => context.slots.take(step));
    starting.forEach(start);
    if (starting.length > 0) context.changed();
    // Held back by the run-wide cap: go on when a slot frees anywhere in the run.
    return starting.length < ready.length;
  };
  await scheduler.drain(fill, () => context.slots.free > 0);
  const cancelled = cancelRequested();
  if (stoppedBy !== undefined || cancelled) {
    // A loop resumed after continue-as-new but never restarted is as unstarted as a pending step.
    for (const step of steps)
      if (state[step.id]!.status === 'pending' || resuming.has(step.id)) state[step.id] = { status: 'cancelled' };
  }
  if (cancelled) return { stoppedBy, paused: false, cancelled: true };
  return { stoppedBy, paused: stoppedBy === undefined && steps.some((step) => !isFinished(state[step.id])) };
}

/** Runs a step and, after its final failure, its on_error handlers. */
async function runOne(step: StepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const outcome = await executeStep(step, frame, context);
  if (outcome.status !== 'failed' || !step.on_error || !('steps' in step.on_error))
    return context.reuse?.annotate(`${frame.path}${step.id}`, outcome) ?? outcome;
  const handled = await runHandlers(step, step.on_error.steps, outcome, frame, context);
  return { ...outcome, handled };
}

/** Applies routing after a step finished; returns the step's id when it stops the list. */
function afterStep(
  steps: readonly StepIR[],
  step: StepIR,
  state: Frame['state'],
  outcome: StepState,
): string | undefined {
  if (outcome.status === 'completed' && step.on_success) skipPassedOver(steps, step, step.on_success, state);
  if (outcome.status === 'skipped' && outcome.skipped_by === 'condition' && step.on_false)
    skipPassedOver(steps, step, step.on_false, state);
  if (outcome.status === 'cancelled') return step.id;
  if (outcome.status !== 'failed' || isSuccessful(outcome)) return undefined;
  if (step.on_error && 'jump' in step.on_error) {
    state[step.id] = { ...state[step.id]!, handled: true };
    skipPassedOver(steps, step, step.on_error, state);
    return undefined;
  }
  if (typeof step.on_failure === 'object') {
    skipPassedOver(steps, step, step.on_failure, state);
    return undefined;
  }
  return step.on_failure === 'continue' ? undefined : step.id;
}

/** A jump goes forward in list order; the steps it passes over that have not run are skipped. */
function skipPassedOver(steps: readonly StepIR[], from: StepIR, jump: JumpIR, state: Frame['state']): void {
  const start = steps.indexOf(from);
  const end = steps.findIndex((candidate) => candidate.id === jump.jump);
  for (const passed of steps.slice(start + 1, end)) {
    if (state[passed.id]?.status === 'pending')
      state[passed.id] = { status: 'skipped', skipped_by: `jump from ${from.id}`, result: null };
  }
}
