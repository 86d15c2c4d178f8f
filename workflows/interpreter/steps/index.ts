// The table of step kinds: each kind's executor, registered here the way liquidjs registers
// its tags, so the dispatcher (execute-step.ts) names no kind and no kind imports it back.
import type { StepIR } from '../../lang/ir.js';
import type { Frame, InterpreterContext } from '../context.js';
import type { StepState } from '../run-state.js';
import { executeApprovalStep } from './approval-step.js';
import { executeForEachStep } from './for-each-step.js';
import { executeLoopStep } from './loop-step.js';
import { executeModelStep } from './model-step.js';
import { executeSubPipelineStep } from './sub-pipeline-step.js';
import { executeToolStep } from './tool-step.js';
import { executeWaitStep } from './wait-step.js';

export type StepKind = StepIR['kind'];
export type StepExecutor<Step extends StepIR> = (
  step: Step,
  frame: Frame,
  context: InterpreterContext,
) => Promise<StepState>;

export const STEP_EXECUTORS: { readonly [Kind in StepKind]: StepExecutor<Extract<StepIR, { kind: Kind }>> } = {
  tool: executeToolStep,
  model: executeModelStep,
  approval: executeApprovalStep,
  for_each: executeForEachStep,
  loop: executeLoopStep,
  pipeline: executeSubPipelineStep,
  wait: executeWaitStep,
};
