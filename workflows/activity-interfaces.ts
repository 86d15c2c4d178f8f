// The contract between the workflow and the activities: plain JSON in, plain JSON out.
// The workflow imports only these types; activities/ implements them.

export interface ToolCallInput {
  tool: string;
  action: string;
  parameters: Record<string, unknown>;
  step_id: string;
  workflow_id: string;
  run_id: string;
}

export interface ToolCallOutput {
  result: unknown;
  /** The attempt that succeeded, so the result document can show retries. */
  attempt: number;
}

export interface PipelineActivities {
  runTool(input: ToolCallInput): Promise<ToolCallOutput>;
}

/** Error types our activities throw; retry policies and `non_retryable` name them. */
export const ERROR_TYPES = {
  toolError: 'ToolError',
  templateError: 'TemplateError',
  pathOutsideWorkspace: 'PathOutsideWorkspace',
  fileNotFound: 'FileNotFound',
  unknownTool: 'UnknownTool',
  invalidInputs: 'InvalidInputs',
  unsupported: 'Unsupported',
  timeout: 'Timeout',
  cancelled: 'Cancelled',
} as const;
