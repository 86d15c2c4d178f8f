// What a tool implementation is: one async function per action, given rendered parameters.
import type { ToolSettings } from './tool-settings.js';

export interface ToolContext {
  workspaceRoot: string;
  /** Aborted when the step is cancelled (the run was cancelled or timed out). */
  signal?: AbortSignal;
  stepId: string;
  workflowId: string;
  runId: string;
  /** The operator's choices for sandbox, network, search and browser (workers/config.ts). */
  settings: ToolSettings;
}

export type ToolAction = (parameters: Record<string, unknown>, context: ToolContext) => Promise<unknown>;

export type ToolImplementation = Readonly<Record<string, ToolAction>>;
