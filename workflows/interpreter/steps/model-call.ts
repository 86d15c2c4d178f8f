// One model call of a step, shared by model and agent steps: the candidates (a reference, a
// fallback chain, or the `selectModel` activity's choice, recorded in history), then each
// candidate in turn through `runModel` with the step's retry policy, the budget checked before
// and charged after. A non-retryable failure, or retries exhausted, moves on to the next model.
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import {
  ERROR_TYPES,
  type ModelCallInput,
  type ModelCallOutput,
  type PipelineActivities,
} from '../../activity-interfaces.js';
import type { ModelChoiceIR, ModelStepIR } from '../../lang/ir.js';
import type { Reservation } from '../budget.js';
import type { InterpreterContext } from '../context.js';
import { describeFailure } from '../failures.js';
import type { StepState } from '../run-state.js';
import { secretsOfCall } from '../scope.js';
import { activitiesForStep, modelTaskQueue, retryPolicyForStep } from '../activity-options.js';

export interface ModelCallSuccess {
  output: ModelCallOutput;
  /** The candidates that failed first, as `model: ErrorType`. */
  tried: string[];
  /** Index of the candidate that answered, so an agent's next turn starts there. */
  index: number;
}

export async function callModelChain(
  step: ModelStepIR,
  models: readonly string[],
  call: { path: string; summary: string; parameters: Record<string, unknown> },
  context: InterpreterContext,
): Promise<ModelCallSuccess | { failure: StepState }> {
  const info = workflowInfo();
  const tried: string[] = [];
  let last: StepState | undefined;
  for (const [index, model] of models.entries()) {
    const overBudget = await context.budget.beforeCall(context.now, context.changed);
    if (overBudget) return budgetFailure(call.path, overBudget);
    const reservation = context.budget.active ? await reserveWorstCase(model, call, context) : undefined;
    if (typeof reservation === 'string') return budgetFailure(call.path, reservation);
    const input: ModelCallInput = {
      action: step.action,
      model,
      parameters: call.parameters,
      step_id: call.path,
      workflow_id: info.workflowId,
      run_id: info.runId,
      ...secretsOfCall(context, step),
      // Only with `cache:`: the input of every other step stays as it was.
      ...(step.cache ? { cache: step.cache } : {}),
    };
    try {
      const queue = modelTaskQueue(step, model, context.ir, info.taskQueue);
      const output = await activitiesForStep(
        step,
        `${call.summary} · ${model}`,
        retryPolicyForStep(step),
        'model',
        queue,
      ).runModel(input);
      if (reservation) context.budget.release(reservation);
      context.budget.charge(output.cost_usd, (output.usage?.input_tokens ?? 0) + (output.usage?.output_tokens ?? 0));
      return { output, tried, index };
    } catch (failure) {
      if (reservation) context.budget.release(reservation);
      const described = describeFailure(failure, retryPolicyForStep(step));
      last = {
        status: described.cancelled ? 'cancelled' : 'failed',
        error: described.error,
        attempts: described.attempts,
      };
      if (described.cancelled) return { failure: last };
      tried.push(`${model}: ${described.error.type}`);
    }
  }
  const message =
    tried.length > 1 ? `every model failed (${tried.join('; ')}); last: ${last!.error!.message}` : last!.error!.message;
  return { failure: { ...last!, error: { type: last!.error!.type, message } } };
}

function budgetFailure(path: string, message: string): { failure: StepState } {
  return {
    failure: {
      status: 'failed',
      attempts: 0,
      error: { type: ERROR_TYPES.budgetExceeded, message: `step "${path}": ${message}` },
    },
  };
}

/**
 * Quotes the call's worst case (a local activity over the worker's registry: prices live
 * there, and the quote is recorded, so a replay reserves the same) and reserves it.
 */
async function reserveWorstCase(
  model: string,
  call: { path: string; parameters: Record<string, unknown> },
  context: InterpreterContext,
): Promise<Reservation | string | undefined> {
  const { quoteModelCall } = proxyLocalActivities<PipelineActivities>({
    startToCloseTimeout: '10s',
    retry: { maximumAttempts: 3 },
    summary: `${call.path} · quote ${model}`,
  });
  const quote = await quoteModelCall({ model, parameters: call.parameters });
  const reservation = { usd: quote.cost_usd ?? 0, tokens: quote.input_tokens + quote.output_tokens };
  return (await context.budget.reserve(reservation, context.now, context.changed)) ?? reservation;
}

/** The models to try, in order; `auto` asks the `selectModel` activity (recorded in history). */
export async function modelCandidates(
  choice: ModelChoiceIR | undefined,
  path: string,
): Promise<{ models: string[] } | { failure: StepState }> {
  if (!choice)
    return {
      failure: {
        status: 'failed',
        attempts: 0,
        error: {
          type: ERROR_TYPES.invalidRequest,
          message: `step "${path}" names no model: set model: on the step, in defaults, or at the top of the pipeline`,
        },
      },
    };
  if (choice.kind === 'ref') return { models: [choice.ref] };
  if (choice.kind === 'chain') return { models: choice.refs };
  const { selectModel } = proxyActivities<PipelineActivities>({
    startToCloseTimeout: '30s',
    retry: { maximumAttempts: 3 },
    summary: `${path} · choose a model`,
  });
  try {
    const selected = await selectModel({
      requirements: choice.requirements ?? {},
      ...(choice.task ? { task: choice.task } : {}),
      step_id: path,
    });
    return { models: [selected.model] };
  } catch (failure) {
    const described = describeFailure(failure, { maximumAttempts: 3 });
    return { failure: { status: 'failed', attempts: 0, error: described.error } };
  }
}
