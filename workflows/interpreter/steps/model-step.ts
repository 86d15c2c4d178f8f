// A model step: parameters rendered here; the model chosen (a reference, a fallback chain, or
// auto selection by the `selectModel` activity, recorded in history); each model called by the
// `runModel` activity with the step's retry policy. A non-retryable failure, or retries
// exhausted, moves on to the next model of the chain; the model used is recorded on the step.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PipelineActivities } from '../../activity-interfaces.js';
import type { ModelChoiceIR, ModelStepIR } from '../../lang/ir.js';
import type { Frame, InterpreterContext } from '../context.js';
import { describeFailure } from '../failures.js';
import type { StepState } from '../run-state.js';
import { answerAutoTags } from './auto-answers.js';
import { renderStepValues } from './render.js';
import { activitiesForStep, retryPolicyForStep } from './tool-step.js';

export async function executeModelStep(step: ModelStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const path = `${frame.path}${step.id}`;
  const rendered = renderStepValues(step, step.parameters, frame, context, () => `${path} · ${step.action}`);
  if ('failure' in rendered) return rendered.failure;
  const choice = step.model ?? context.ir.defaults?.model ?? context.ir.model;
  const candidates = await candidatesOf(choice, path);
  if ('failure' in candidates) return candidates.failure;
  const info = workflowInfo();
  const auto: Record<string, unknown> = {};
  let parameters = rendered.value as Record<string, unknown>;
  if (step.auto_tags?.length) {
    try {
      parameters = (await answerAutoTags(parameters, { step, path }, auto, '/parameters')) as Record<string, unknown>;
    } catch (failure) {
      return { status: 'failed', attempts: 0, error: describeFailure(failure, { maximumAttempts: 3 }).error };
    }
  }
  const tried: string[] = [];
  let last: StepState | undefined;
  for (const model of candidates.models) {
    const overBudget = await context.budget.beforeCall(context.now, context.changed);
    if (overBudget) return { status: 'failed', attempts: 0, error: { type: 'BudgetExceeded', message: `step "${path}": ${overBudget}` } };
    try {
      const output = await activitiesForStep(step, `${rendered.summary} · ${model}`).runModel({ action: step.action, model, parameters, step_id: path, workflow_id: info.workflowId, run_id: info.runId });
      context.budget.charge(output.cost_usd, (output.usage?.input_tokens ?? 0) + (output.usage?.output_tokens ?? 0));
      const extra = { ...(Object.keys(auto).length ? { auto } : {}), model: output.model, ...(output.usage ? { usage: output.usage } : {}), ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}) };
      return { status: 'completed', result: output.result, attempts: output.attempt, extra: tried.length ? { ...extra, fallbacks: tried } : extra };
    } catch (failure) {
      const described = describeFailure(failure, retryPolicyForStep(step));
      last = { status: described.cancelled ? 'cancelled' : 'failed', error: described.error, attempts: described.attempts };
      if (described.cancelled) return last;
      tried.push(`${model}: ${described.error.type}`);
    }
  }
  return { ...last!, error: { type: last!.error!.type, message: tried.length > 1 ? `every model failed (${tried.join('; ')}); last: ${last!.error!.message}` : last!.error!.message } };
}

async function candidatesOf(choice: ModelChoiceIR | undefined, path: string): Promise<{ models: string[] } | { failure: StepState }> {
  if (!choice) return { failure: { status: 'failed', attempts: 0, error: { type: 'InvalidRequest', message: `step "${path}" names no model: set model: on the step, in defaults, or at the top of the pipeline` } } };
  if (choice.kind === 'ref') return { models: [choice.ref] };
  if (choice.kind === 'chain') return { models: choice.refs };
  const { selectModel } = proxyActivities<PipelineActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 3 }, summary: `${path} · choose a model` });
  try {
    const selected = await selectModel({ requirements: choice.requirements ?? {}, ...(choice.task ? { task: choice.task } : {}), step_id: path });
    return { models: [selected.model] };
  } catch (failure) {
    const described = describeFailure(failure, { maximumAttempts: 3 });
    return { failure: { status: 'failed', attempts: 0, error: described.error } };
  }
}
