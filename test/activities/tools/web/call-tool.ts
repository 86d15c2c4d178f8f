// Calling a built-in tool action directly, as the runTool activity does.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { expect } from 'vitest';
import { createActivities, defaultToolSettings, type ToolSettings } from '../../../../activities/index.js';
import type { ToolCallOutput } from '../../../../workflows/activity-interfaces.js';

export const allowPrivate = (overrides: Partial<ToolSettings> = {}): ToolSettings =>
  defaultToolSettings({ web: { allowPrivateAddresses: true }, ...overrides });

export async function callTool(
  tool: string,
  action: string,
  parameters: Record<string, unknown>,
  settings: ToolSettings = allowPrivate(),
  environment = new MockActivityEnvironment(),
): Promise<Record<string, unknown>> {
  const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-web-'));
  const output: ToolCallOutput = await environment.run(
    createActivities({ workspaceRoot, toolSettings: settings }).runTool,
    { tool, action, parameters, step_id: 's', workflow_id: 'w', run_id: 'r' },
  );
  return output.result as Record<string, unknown>;
}

export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}
