// What a tool implementation is: one async function per action, given rendered parameters.

export interface ToolContext {
  workspaceRoot: string;
  stepId: string;
  workflowId: string;
  runId: string;
}

export type ToolAction = (parameters: Record<string, unknown>, context: ToolContext) => Promise<unknown>;

export type ToolImplementation = Readonly<Record<string, ToolAction>>;
