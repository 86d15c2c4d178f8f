// The result document of a finished run (cli.md).
import { workflowInfo } from '@temporalio/workflow';
import type { PipelineIR } from '../lang/ir.js';
import type { ResultDocument, StepReport } from '../result-document.js';
import type { InterpreterContext } from './context.js';
import { renderOutputs } from './render-outputs.js';
import { isSuccessful, stepReport, type ListState } from './run-state.js';
import { templateScope } from './scope.js';

/** Model calls, tokens and cost summed over the steps' reports (loops' iterations included). */
export function usageOf(steps: Record<string, StepReport>): ResultDocument['usage'] {
  const usage = { model_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  const add = (step: StepReport) => {
    // A reused step called no model in this run.
    if (step.model && !step.reused) usage.model_calls++;
    usage.input_tokens += step.usage?.input_tokens ?? 0;
    usage.output_tokens += step.usage?.output_tokens ?? 0;
    usage.cost_usd += step.cost_usd ?? 0;
    for (const iteration of step.each ?? []) Object.values(iteration).forEach(add);
  };
  Object.values(steps).forEach(add);
  return usage;
}

export function buildResultDocument(
  ir: PipelineIR,
  context: InterpreterContext,
  state: ListState,
  startedAtMs: number,
  stoppedBy: string | undefined,
): ResultDocument {
  const failed = stoppedBy === undefined ? undefined : state[stoppedBy];
  const outputs = failed
    ? { values: {}, warnings: [] }
    : renderOutputs(ir.outputs, templateScope(context, { state, path: '', variables: {} }), context.templateOptions);
  const warnings = [...context.warnings, ...outputs.warnings];
  const steps = Object.fromEntries(Object.entries(state).map(([id, step]) => [id, stepReport(step)]));
  const usage = usageOf(steps);
  const completedAtMs = context.clock();
  const info = workflowInfo();
  return {
    pipeline: { id: ir.id, name: ir.name, ...(ir.version ? { version: ir.version } : {}), hash: ir.hash },
    run: {
      workflow_id: info.workflowId,
      run_id: info.runId,
      task_queue: info.taskQueue,
      started_at: new Date(startedAtMs).toISOString(),
      completed_at: new Date(completedAtMs).toISOString(),
      duration_ms: completedAtMs - startedAtMs,
    },
    status: failed ? 'failed' : 'completed',
    success: !failed && Object.values(state).every(isSuccessful),
    inputs: context.inputs,
    outputs: outputs.values,
    steps,
    usage,
    ...(warnings.length ? { warnings } : {}),
    ...(context.reuse ? { reuse: { ...context.reuse.source, ...context.reuse.counts } } : {}),
    ...(failed && stoppedBy
      ? {
          error: {
            type: failed.error?.type ?? 'Error',
            message: failed.error?.message ?? 'the step failed',
            step: stoppedBy,
          },
        }
      : {}),
  };
}
