// The one generic workflow: interprets a compiled pipeline (the IR) and returns the result
// document. A failed run throws PipelineFailed with the result document as its detail, so
// the Web UI shows it as failed and the client can still print every step.
import { ApplicationFailure, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { checkInputs } from './lang/inputs.js';
import type { RunPipelineInput, ToolStepIR } from './lang/ir.js';
import { unsupportedFeatures } from './lang/runnable.js';
import { executeToolStep, progressTable, renderOutputs, runVariables, scheduleSteps, stepReport, templateScope, type RunState } from './interpreter/index.js';
import { progressQuery } from './messages.js';
import { PIPELINE_FAILED, type ResultDocument, type StepReport } from './result-document.js';
import { PIPELINE_ID_ATTRIBUTE, RUN_STATUS_ATTRIBUTE } from './search-attributes.js';
import { ERROR_TYPES } from './activity-interfaces.js';

export async function runPipeline(input: RunPipelineInput): Promise<ResultDocument> {
  const { ir } = input;
  const info = workflowInfo();
  const startedAtMs = info.runStartTime.getTime();
  const now = () => new Date(Date.now()).toISOString();
  const state: RunState = Object.fromEntries(ir.steps.map((step) => [step.id, { status: 'pending' as const }]));
  const reports = (): Record<string, StepReport> => Object.fromEntries(Object.entries(state).map(([id, step]) => [id, stepReport(step)]));
  let status: 'running' | 'completed' | 'failed' = 'running';
  setHandler(progressQuery, () => ({ pipeline_id: ir.id, status, steps: reports() }));
  const useSearchAttributes = input.search_attributes !== false;
  if (useSearchAttributes) {
    upsertSearchAttributes([
      { key: PIPELINE_ID_ATTRIBUTE, value: ir.id },
      { key: RUN_STATUS_ATTRIBUTE, value: 'running' },
    ]);
  }

  const unsupported = unsupportedFeatures(ir);
  if (unsupported.length > 0) {
    throw ApplicationFailure.create({ type: ERROR_TYPES.unsupported, message: `this worker's interpreter cannot run: ${unsupported.join('; ')}`, nonRetryable: true });
  }
  const checked = checkInputs(ir.parameters, input.inputs);
  if (checked.problems.length > 0) {
    throw ApplicationFailure.create({ type: ERROR_TYPES.invalidInputs, message: `invalid inputs: ${checked.problems.join('; ')}`, nonRetryable: true });
  }
  const variables = runVariables(ir, { workflowId: info.workflowId, runId: info.runId, taskQueue: info.taskQueue, startedAtMs });
  const showProgress = () => setCurrentDetails(progressTable(ir.steps, state, Date.now()));
  showProgress();
  const stoppedBy = await scheduleSteps(ir.steps, state, {
    now: () => Date.now(),
    execute: (step) => executeToolStep(step as ToolStepIR, templateScope(checked.values, state, variables), now),
    changed: showProgress,
  });

  const failedStep = stoppedBy === undefined ? undefined : state[stoppedBy];
  const outputs = stoppedBy === undefined ? renderOutputs(ir.outputs, templateScope(checked.values, state, variables), now) : { values: {}, warnings: [] };
  status = failedStep ? 'failed' : 'completed';
  const completedAtMs = Date.now();
  const document: ResultDocument = {
    pipeline: { id: ir.id, name: ir.name, ...(ir.version ? { version: ir.version } : {}), hash: ir.hash },
    run: { workflow_id: info.workflowId, run_id: info.runId, task_queue: info.taskQueue, started_at: new Date(startedAtMs).toISOString(), completed_at: new Date(completedAtMs).toISOString(), duration_ms: completedAtMs - startedAtMs },
    status,
    success: status === 'completed' && Object.values(state).every((step) => step.status === 'completed' || step.status === 'skipped'),
    inputs: checked.values,
    outputs: outputs.values,
    steps: reports(),
    usage: { model_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    ...(outputs.warnings.length ? { warnings: outputs.warnings } : {}),
  };
  if (useSearchAttributes) upsertSearchAttributes([{ key: RUN_STATUS_ATTRIBUTE, value: status }]);
  showProgress();
  if (failedStep && stoppedBy) {
    const error = { type: failedStep.error?.type ?? 'Error', message: failedStep.error?.message ?? 'the step failed', step: stoppedBy };
    document.error = error;
    throw ApplicationFailure.create({ type: PIPELINE_FAILED, message: `step "${stoppedBy}" failed: ${error.type}: ${error.message}`, nonRetryable: true, details: [document] });
  }
  return document;
}
