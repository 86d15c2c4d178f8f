// The one activity that runs every tool step: finds the tool and the action, runs it, and
// turns surprises into typed failures.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ERROR_TYPES, type ToolCallInput, type ToolCallOutput } from '../workflows/activity-interfaces.js';
import { toolFailure, type ToolImplementation } from './tools/index.js';

export interface RunToolDependencies {
  workspaceRoot: string;
  tools: Readonly<Record<string, ToolImplementation>>;
}

export function createRunTool(deps: RunToolDependencies) {
  return async function runTool(input: ToolCallInput): Promise<ToolCallOutput> {
    const action = deps.tools[input.tool]?.[input.action];
    if (!action) {
      throw toolFailure(ERROR_TYPES.unknownTool, `this worker has no tool action "${input.tool}.${input.action}"`, { retryable: false });
    }
    const context = { workspaceRoot: deps.workspaceRoot, stepId: input.step_id, workflowId: input.workflow_id, runId: input.run_id };
    try {
      const result = await action(input.parameters, context);
      return { result: result ?? null, attempt: Context.current().info.attempt };
    } catch (error) {
      if (error instanceof ApplicationFailure) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw toolFailure(ERROR_TYPES.toolError, `${input.tool}.${input.action}: ${message}`, { retryable: true, cause: error instanceof Error ? error : undefined });
    }
  };
}
