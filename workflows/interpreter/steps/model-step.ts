// A model step: parameters rendered here, the call made by the `runModel` activity (the
// models issue implements it); the model used, usage and cost are recorded on the step.
import { workflowInfo } from '@temporalio/workflow';
import type { ModelStepIR } from '../../lang/ir.js';
import type { Frame, InterpreterContext } from '../context.js';
import { describeFailure } from '../failures.js';
import type { StepState } from '../run-state.js';
import { renderStepValues } from './render.js';
import { activitiesForStep, retryPolicyForStep } from './tool-step.js';

export async function executeModelStep(step: ModelStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const rendered = renderStepValues(step, step.parameters, frame, context, () => `${frame.path}${step.name ?? step.id} · ${step.action}${step.model?.kind === 'ref' ? ` ${step.model.ref}` : ''}`);
  if ('failure' in rendered) return rendered.failure;
  const info = workflowInfo();
  try {
    const output = await activitiesForStep(step, rendered.summary).runModel({
      action: step.action,
      ...(step.model ? { model: step.model } : {}),
      parameters: rendered.value as Record<string, unknown>,
      step_id: `${frame.path}${step.id}`,
      workflow_id: info.workflowId,
      run_id: info.runId,
    });
    return {
      status: 'completed',
      result: output.result,
      attempts: output.attempt,
      extra: { model: output.model, ...(output.usage ? { usage: output.usage } : {}), ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}) },
    };
  } catch (failure) {
    const described = describeFailure(failure, retryPolicyForStep(step));
    return { status: described.cancelled ? 'cancelled' : 'failed', error: described.error, attempts: described.attempts };
  }
}
