// The one activity that runs every tool step: finds the tool and the action, runs it, and
// turns surprises into typed failures.
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { ERROR_TYPES, type ToolCallInput, type ToolCallOutput } from '../workflows/activity-interfaces.js';
import { callFingerprint } from '../workflows/call-fingerprint.js';
import { NO_SECRETS, withSecrets, type SecretStore } from './secrets/index.js';
import { toolFailure, type ToolImplementation, type ToolModels, type ToolSettings } from './tools/index.js';

const HEARTBEAT_EVERY_MS = 1_000;

export interface RunToolDependencies {
  workspaceRoot: string;
  tools: Readonly<Record<string, ToolImplementation>>;
  settings: ToolSettings;
  secrets?: SecretStore;
  /** True once the worker has begun to shut down (createActivities' `draining`). */
  draining?: () => boolean;
  /** Model calls for the media tools. */
  models?: ToolModels;
}

export function createRunTool(deps: RunToolDependencies) {
  return async function runTool(input: ToolCallInput): Promise<ToolCallOutput> {
    const action = deps.tools[input.tool]?.[input.action];
    if (!action) {
      throw toolFailure(ERROR_TYPES.unknownTool, `this worker has no tool action "${input.tool}.${input.action}"`, {
        retryable: false,
      });
    }
    const activity = Context.current();
    // A stopping worker would run a chain of local steps to its end before it may exit (the
    // workflow task that schedules them never ends): a local step that has not started moves
    // on to a regular activity instead, which another worker runs (interpreter/local-steps.ts).
    if (activity.info.isLocal && deps.draining?.())
      throw toolFailure(
        ERROR_TYPES.workerShuttingDown,
        'the worker is shutting down: the step moves on to another worker',
      );
    const context = {
      workspaceRoot: deps.workspaceRoot,
      stepId: input.step_id,
      workflowId: input.workflow_id,
      runId: input.run_id,
      activity: { id: activity.info.activityId, attempt: activity.info.attempt },
      settings: deps.settings,
      signal: activity.cancellationSignal,
      ...(input.mcp_server ? { mcpServer: input.mcp_server } : {}),
      ...(deps.models ? { models: deps.models } : {}),
    };
    // The activity heartbeats while the tool works, so a dead worker's step is retried within
    // the heartbeat timeout and a cancelled run reaches the tool (its cancellation signal). A
    // cancelled sandboxed tool throws only once its processes are gone (sandbox/spawn-limited.ts).
    // A local activity has no heartbeat (Core keeps its workflow task alive instead).
    const heartbeat = activity.info.isLocal ? undefined : setInterval(() => activity.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      // This step's secrets go in here; the run's are redacted from the result and from failures.
      const result = await withSecrets(input.parameters, input.secrets, deps.secrets ?? NO_SECRETS, (parameters) =>
        action(parameters, context),
      );
      const output: ToolCallOutput = { result: result ?? null, attempt: activity.info.attempt };
      // Computed on the input as scheduled (secrets still tokens), as the rerun's workflow does.
      if (activity.info.isLocal)
        output.call = { step_id: input.step_id, fingerprint: callFingerprint('runTool', input) };
      return output;
    } catch (error) {
      if (error instanceof ApplicationFailure || error instanceof CancelledFailure) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw toolFailure(ERROR_TYPES.toolError, `${input.tool}.${input.action}: ${message}`, { retryable: true });
    } finally {
      clearInterval(heartbeat);
    }
  };
}
