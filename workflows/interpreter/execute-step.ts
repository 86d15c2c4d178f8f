// One step: its condition first (false → skipped, which is not failing), then its kind.
import { ActivityFailure } from '@temporalio/workflow';
import type { StepIR } from '../lang/ir.js';
import { ERROR_TYPES } from '../activity-interfaces.js';
import { TemplateError, evaluateExpression, isTruthy } from '../lang/expr/index.js';
import { autoFailure, evaluateWithAuto } from './auto-conditions.js';
import type { Frame, InterpreterContext } from './context.js';
import type { StepState } from './run-state.js';
import { templateScope } from './scope.js';
import { executeApprovalStep } from './steps/approval-step.js';
import { executeForEachStep } from './steps/for-each-step.js';
import { executeLoopStep } from './steps/loop-step.js';
import { executeModelStep } from './steps/model-step.js';
import { executeSubPipelineStep } from './steps/sub-pipeline-step.js';
import { executeToolStep } from './steps/tool-step.js';
import { executeWaitStep } from './steps/wait-step.js';

export async function executeStep(step: StepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const previous = frame.state[step.id];
  // A loop resuming after continue-as-new has already passed its condition.
  if (step.if === undefined || previous?.loop) return executeKind(step, frame, context);
  // Conditions without <AUTO> stay synchronous: an extra await would reorder the commands of
  // parallel branches and break the replay of runs started by an earlier version.
  if (step.if.includes('<AUTO')) return executeWithAutoCondition(step, step.if, frame, context);
  try {
    if (!isTruthy(evaluateExpression(step.if, templateScope(context, frame), { now: context.now }))) return { status: 'skipped', skipped_by: 'condition', result: null };
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(step, `its condition: ${error.message}`);
    throw error;
  }
  return executeKind(step, frame, context);
}

async function executeWithAutoCondition(step: StepIR, condition: string, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const answers: Record<string, unknown> = {};
  try {
    const target = { step, path: `${frame.path}${step.id}`, pointer: '/if', type: 'boolean' as const, answers };
    if (!isTruthy(await evaluateWithAuto(condition, templateScope(context, frame), context, target))) return withAnswers({ status: 'skipped', skipped_by: 'condition', result: null }, answers);
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
  switch (step.kind) {
    case 'tool':
      return executeToolStep(step, frame, context);
    case 'model':
      return executeModelStep(step, frame, context);
    case 'approval':
      return executeApprovalStep(step, frame, context);
    case 'for_each':
      return executeForEachStep(step, frame, context);
    case 'loop':
      return executeLoopStep(step, frame, context);
    case 'pipeline':
      return executeSubPipelineStep(step, frame, context);
    case 'wait':
      return executeWaitStep(step, frame, context);
  }
}

export function templateFailure(step: StepIR, message: string): StepState {
  return { status: 'failed', attempts: 0, error: { type: ERROR_TYPES.templateError, message: `step "${step.id}": ${message}` } };
}
