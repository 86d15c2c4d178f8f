// Runs a compiled pipeline on the test server and returns its result document, also when the
// run failed (the document then comes from the PipelineFailed failure's details).
import {
  WorkflowFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PipelineIR, RunPipelineInput } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { TestEngine } from './temporal.js';

export async function startPipeline(
  engine: TestEngine,
  ir: PipelineIR,
  inputs: Record<string, unknown> = {},
  extra: Partial<RunPipelineInput> = {},
  workflowId = `${ir.id}-${engine.taskQueue}-${Math.random().toString(16).slice(2, 8)}`,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return engine.client.workflow.start('runPipeline', {
    taskQueue: engine.taskQueue,
    workflowId,
    args: [{ ir, inputs, ...extra }],
  });
}

export async function documentOf(handle: WorkflowHandle): Promise<ResultDocument> {
  try {
    return (await handle.result()) as ResultDocument;
  } catch (error) {
    if (
      error instanceof WorkflowFailedError &&
      error.cause instanceof ApplicationFailure &&
      error.cause.type === 'PipelineFailed'
    )
      return error.cause.details?.[0] as ResultDocument;
    throw error;
  }
}

export async function runPipelineDocument(
  engine: TestEngine,
  ir: PipelineIR,
  inputs: Record<string, unknown> = {},
  extra: Partial<RunPipelineInput> = {},
): Promise<ResultDocument> {
  return documentOf(await startPipeline(engine, ir, inputs, extra));
}
