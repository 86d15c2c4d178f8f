// Calling one built-in tool action directly, as the runTool activity does, in a temp workspace.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { expect } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import type { ToolCallOutput } from '../../../workflows/activity-interfaces.js';

export const newWorkspace = () => mkdtemp(join(tmpdir(), 'orc-tools-'));

export function toolCaller(tool: string, workspace: () => string) {
  const environment = new MockActivityEnvironment();
  return async (action: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const output = (await environment.run(createActivities({ workspaceRoot: workspace() }).runTool, {
      tool,
      action,
      parameters,
      step_id: 's',
      workflow_id: 'w',
      run_id: 'r',
    })) as ToolCallOutput;
    return output.result as Record<string, unknown>;
  };
}

/** The typed failure a call ends with; fails the test if it succeeds or throws something else. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}
