// A tool step: render its parameters in the workflow, then run the tool as one activity with
// the step's own timeout, retry policy, task queue and a summary people can read in the Web UI.
import { proxyActivities, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { PipelineActivities } from '../activity-interfaces.js';
import { ERROR_TYPES } from '../activity-interfaces.js';
import { TemplateError, renderTemplate, renderValue } from '../lang/expr/index.js';
import type { ToolStepIR } from '../lang/ir.js';
import { describeFailure } from './failures.js';
import type { StepState } from './run-state.js';

export type StepOutcome = Pick<StepState, 'status' | 'result' | 'error' | 'attempts'>;

export function retryPolicyForStep(step: ToolStepIR): RetryPolicy {
  return {
    maximumAttempts: step.retry.max_attempts,
    initialInterval: step.retry.initial_interval_ms,
    backoffCoefficient: step.retry.backoff,
    maximumInterval: step.retry.max_interval_ms,
    nonRetryableErrorTypes: step.retry.non_retryable,
  };
}

export async function executeToolStep(step: ToolStepIR, scope: Record<string, unknown>, now: () => string): Promise<StepOutcome> {
  let parameters: Record<string, unknown>;
  let summary: string;
  try {
    parameters = renderValue(step.parameters, scope, { now }) as Record<string, unknown>;
    summary = step.summary ? renderTemplate(step.summary, scope, { now }) : defaultSummary(step, parameters);
  } catch (error) {
    if (error instanceof TemplateError) {
      return { status: 'failed', attempts: 0, error: { type: ERROR_TYPES.templateError, message: `step "${step.id}": ${error.message}` } };
    }
    throw error;
  }
  const retry = retryPolicyForStep(step);
  const activities = proxyActivities<PipelineActivities>({
    startToCloseTimeout: step.timeout_ms,
    retry,
    summary: oneLine(summary),
    ...(step.task_queue ? { taskQueue: step.task_queue } : {}),
  });
  const info = workflowInfo();
  try {
    const output = await activities.runTool({ tool: step.tool, action: step.action, parameters, step_id: step.id, workflow_id: info.workflowId, run_id: info.runId });
    return { status: 'completed', result: output.result, attempts: output.attempt };
  } catch (failure) {
    const described = describeFailure(failure, retry);
    return { status: described.cancelled ? 'cancelled' : 'failed', error: described.error, attempts: described.attempts };
  }
}

/** "write_greeting · filesystem.write output/greeting.txt" */
function defaultSummary(step: ToolStepIR, parameters: Record<string, unknown>): string {
  const subject = ['path', 'url', 'query', 'command'].map((key) => parameters[key]).find((value) => typeof value === 'string');
  return `${step.name ?? step.id} · ${step.tool}.${step.action}${subject ? ` ${subject as string}` : ''}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
