// One step: its condition first (false → skipped, which is not failing), then its kind, from
// the table of step kinds.
import { ActivityFailure } from '@temporalio/workflow';
import { TemplateError, isTruthy } from '../lang/expr/index.js';
import type { StepIR } from '../lang/ir.js';
import { autoFailure, evaluateUnlessAuto } from './auto-conditions.js';
import type { Frame, InterpreterContext } from './context.js';
import { renderOrFail, templateFailure } from './failures.js';
import type { StepState } from './run-state.js';
import { templateScope } from './scope.js';
import { STEP_EXECUTORS, type StepExecutor } from './steps/index.js';

const SKIPPED: StepState = { status: 'skipped', skipped_by: 'condition', result: null };

export async function executeStep(step: StepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  // A loop resuming after continue-as-new has already passed its condition.
  if (step.if === undefined || frame.state[step.id]?.loop) return executeKind(step, frame, context);
  const answers: Record<string, unknown> = {};
  const target = () => ({ step, path: `${frame.path}${step.id}`, pointer: '/if', type: 'boolean' as const, answers });
  const evaluated = renderOrFail(
    step,
    () => evaluateUnlessAuto(step.if!, templateScope(context, frame), context, target),
    'its condition',
  );
  if ('failure' in evaluated) return evaluated.failure;
  const evaluation = evaluated.value;
  // Without <AUTO>, the step goes on synchronously, as runs recorded earlier did.
  if ('value' in evaluation) return isTruthy(evaluation.value) ? executeKind(step, frame, context) : { ...SKIPPED };
  return executeAfterAutoCondition(step, evaluation.awaiting, answers, frame, context);
}

async function executeAfterAutoCondition(
  step: StepIR,
  answer: Promise<unknown>,
  answers: Record<string, unknown>,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  try {
    if (!isTruthy(await answer)) return withAnswers({ ...SKIPPED }, answers);
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(step, `its condition: ${error.message}`);
    if (!(error instanceof ActivityFailure)) throw error;
    return withAnswers(autoFailure(error), answers);
  }
  return withAnswers(await executeKind(step, frame, context), answers);
}

/** A condition's <AUTO> answers join the step's own in its `auto` field. */
function withAnswers(state: StepState, answers: Record<string, unknown>): StepState {
  if (Object.keys(answers).length === 0) return state;
  return { ...state, extra: { ...state.extra, auto: { ...answers, ...state.extra?.auto } } };
}

function executeKind(step: StepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  return (STEP_EXECUTORS[step.kind] as StepExecutor<StepIR>)(step, frame, context);
}
