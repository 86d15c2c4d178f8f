// A sub-pipeline runs as a child workflow of the same type; its outputs are this step's result.
import { ApplicationFailure, ChildWorkflowFailure, executeChild, isCancellation } from '@temporalio/workflow';
import { ERROR_TYPES } from '../../activity-interfaces.js';
import type { RunPipelineInput, SubPipelineStepIR } from '../../lang/ir.js';
import { PIPELINE_FAILED, type ResultDocument } from '../../result-document.js';
import type { Frame, InterpreterContext } from '../context.js';
import type { StepState } from '../run-state.js';
import { renderStepValues } from './render.js';
import { PIPELINE_WORKFLOW_TYPE } from '../../messages.js';

export async function executeSubPipelineStep(
  step: SubPipelineStepIR,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  const rendered = renderStepValues(
    step,
    step.inputs,
    frame,
    context,
    () => `${frame.path}${step.id} · pipeline ${step.pipeline.id}`,
  );
  if ('failure' in rendered) return rendered.failure;
  // The child redacts this run's secrets too: a value written to a file here may be read there.
  const input: RunPipelineInput = {
    ir: step.pipeline,
    inputs: rendered.value as Record<string, unknown>,
    ...(context.secrets.redact.length ? { redact_secrets: context.secrets.redact } : {}),
    ...context.reuse?.forChild(`${frame.path}${step.id}`),
  };
  try {
    const child = (await executeChild(PIPELINE_WORKFLOW_TYPE, {
      args: [input],
      workflowId: `${context.workflowId}/${frame.path}${step.id}`,
      staticSummary: rendered.summary,
      ...(step.task_queue ? { taskQueue: step.task_queue } : {}),
    })) as ResultDocument;
    context.reuse?.addChild(`${frame.path}${step.id}`, child.reuse);
    return {
      status: 'completed',
      result: child.outputs,
      attempts: 1,
      extra: {
        usage: { input_tokens: child.usage.input_tokens, output_tokens: child.usage.output_tokens },
        cost_usd: child.usage.cost_usd,
      },
    };
  } catch (error) {
    if (isCancellation(error))
      return { status: 'cancelled', error: { type: ERROR_TYPES.cancelled, message: 'the sub-pipeline was cancelled' } };
    const cause = error instanceof ChildWorkflowFailure ? error.cause : error;
    const document =
      cause instanceof ApplicationFailure && cause.type === PIPELINE_FAILED
        ? (cause.details?.[0] as ResultDocument | undefined)
        : undefined;
    const message = document?.error
      ? `sub-pipeline step "${document.error.step}" failed: ${document.error.type}: ${document.error.message}`
      : ((cause as Error | undefined)?.message ?? 'the sub-pipeline failed');
    return { status: 'failed', attempts: 1, error: { type: ERROR_TYPES.subPipelineFailed, message } };
  }
}
