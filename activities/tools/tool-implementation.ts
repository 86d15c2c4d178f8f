// What a tool implementation is: one async function per action, given rendered parameters.

export interface ToolContext {
  workspaceRoot: string;
  /** Aborted when the step is cancelled (the run was cancelled or timed out). */
  signal?: AbortSignal;
  stepId: string;
  workflowId: string;
  runId: string;
}

export type ToolAction = (parameters: Record<string, unknown>, context: ToolContext) => Promise<unknown>;

export type ToolImplementation = Readonly<Record<string, ToolAction>>;
