// A natural-language step's `location` (compile/step-kinds/auto-action-step.ts), once its model
// has answered: a plain step's answer is written there; an agent, told to write it with its
// tools, is checked to have done so. Both through the filesystem tool's activity, so the
// workspace's rules apply and history records it.
import { workflowInfo } from '@temporalio/workflow';
import { ERROR_TYPES } from '../../activity-interfaces.js';
import { renderTemplate } from '../../lang/expr/index.js';
import type { ModelStepIR } from '../../lang/ir.js';
import { activitiesForStep, retryPolicyForStep } from '../activity-options.js';
import type { Frame, InterpreterContext } from '../context.js';
import { describeFailure, renderOrFail } from '../failures.js';
import type { StepState } from '../run-state.js';
import { templateScope } from '../scope.js';

export async function deliverProduct(
  step: ModelStepIR & { product: NonNullable<ModelStepIR['product']> },
  state: StepState,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  const path = `${frame.path}${step.id}`;
  const rendered = renderOrFail(
    step,
    () => renderTemplate(step.product.location, templateScope(context, frame), context.templateOptions).trim(),
    'its location',
  );
  if ('failure' in rendered) return rendered.failure;
  const plain = step.action !== 'agent' || step.product.from_answer === true;
  const target = plain && rendered.value.endsWith('/') ? `${rendered.value}${step.id}.md` : rendered.value;
  const info = workflowInfo();
  const call = (action: string, parameters: Record<string, unknown>) =>
    activitiesForStep(step, `${path} · filesystem.${action} ${target}`).runTool({
      tool: 'filesystem',
      action,
      parameters,
      step_id: path,
      workflow_id: info.workflowId,
      run_id: info.runId,
    });
  const delivered = { ...state, extra: { ...state.extra, location: target } };
  try {
    if (plain) {
      const answer = typeof state.result === 'string' ? state.result : JSON.stringify(state.result, null, 2);
      await call('write', { path: target, content: answer });
      return delivered;
    }
    const found = (await call('exists', { path: target })).result as { exists?: boolean };
    if (found.exists) return delivered;
    return {
      ...state,
      status: 'failed',
      error: {
        type: ERROR_TYPES.productMissing,
        message: `step "${path}": the agent finished without writing ${target}, its location`,
      },
    };
  } catch (failure) {
    const described = describeFailure(failure, retryPolicyForStep(step));
    return { ...state, status: described.cancelled ? 'cancelled' : 'failed', error: described.error };
  }
}
