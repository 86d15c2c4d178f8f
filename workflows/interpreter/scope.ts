// The names a template can read while a run is going (spec §6).
import type { PipelineIR } from '../lang/ir.js';
import type { RunState } from './run-state.js';
import { stepValue } from './run-state.js';

export interface RunContext {
  workflowId: string;
  runId: string;
  taskQueue: string;
  startedAtMs: number;
}

export function runVariables(ir: PipelineIR, context: RunContext): Record<string, unknown> {
  const started = new Date(context.startedAtMs).toISOString();
  const execution = {
    id: context.workflowId,
    run_id: context.runId,
    pipeline: ir.id,
    started_at: started,
    timestamp: started,
    date: started.slice(0, 10),
    time: started.slice(11, 19),
  };
  return { execution, execution_id: context.workflowId, pipeline_id: ir.id, timestamp: started };
}

export function templateScope(inputs: Record<string, unknown>, state: RunState, variables: Record<string, unknown>): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const [id, step] of Object.entries(state)) {
    if (step.status !== 'pending' && step.status !== 'running') steps[id] = stepValue(step);
  }
  return { ...inputs, ...steps, ...variables, parameters: inputs, inputs, steps };
}
