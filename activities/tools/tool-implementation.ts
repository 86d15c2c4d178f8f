// What a tool implementation is: one async function per action, given rendered parameters.
import type { McpServerIR } from '../../workflows/lang/ir.js';
import type { ToolSettings } from './tool-settings.js';

export interface ToolContext {
  workspaceRoot: string;
  /** Aborted when the step is cancelled (the run was cancelled or timed out). */
  signal?: AbortSignal;
  stepId: string;
  workflowId: string;
  runId: string;
  /** The activity running the tool and its attempt (1, 2, …): a code step's retry ends what an earlier attempt left running. */
  activity?: { id: string; attempt: number };
  /** The operator's choices for sandbox, network, search and browser (workers/config.ts). */
  settings: ToolSettings;
  /** For the `mcp` tool: the pipeline's declaration of the server the step names (ToolCallInput.mcp_server). */
  mcpServer?: McpServerIR;
  /** For the media tools: one model call as a model step makes it; absent on a worker without models. */
  models?: ToolModels;
}

/** A model call from inside a tool (image-analysis, image-generation): chosen, made and priced as a model step's. */
export interface ToolModels {
  call(request: {
    action: 'generate' | 'generate_image' | 'transcribe_audio' | 'generate_speech';
    /** `provider:model`; without it, the cheapest available model that has `capability`. */
    model?: string;
    capability: string;
    parameters: Record<string, unknown>;
    context: ToolContext;
  }): Promise<{ result: unknown; model: string; usage: unknown; cost_usd?: number }>;
}

export type ToolAction = (parameters: Record<string, unknown>, context: ToolContext) => Promise<unknown>;

export type ToolImplementation = Readonly<Record<string, ToolAction>>;
