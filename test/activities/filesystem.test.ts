// The filesystem tool called directly: py-orc's result shapes, and the workspace confinement.
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ToolCallOutput } from '../../workflows/activity-interfaces.js';

let workspace: string;
let outside: string;
const environment = new MockActivityEnvironment();
const call = (action: string, parameters: Record<string, unknown>): Promise<ToolCallOutput> =>
  environment.run(createActivities({ workspaceRoot: workspace }).runTool, {
    tool: 'filesystem',
    action,
    parameters,
    step_id: 's',
    workflow_id: 'w',
    run_id: 'r',
  });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'orc-fs-'));
  outside = await mkdtemp(join(tmpdir(), 'orc-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret');
});

describe('filesystem tool', () => {
  it('writes (creating folders) and reads back with py-orc shapes', async () => {
    expect(await call('write', { path: 'a/b/c.txt', content: 'héllo' })).toEqual({
      result: { success: true, path: 'a/b/c.txt', size: 6 },
      attempt: 1,
    });
    expect(await call('read', { path: 'a/b/c.txt' })).toEqual({
      result: { success: true, path: 'a/b/c.txt', content: 'héllo', size: 6 },
      attempt: 1,
    });
  });

  it('writes non-text content as JSON', async () => {
    await call('write', { path: 'data.json', content: { a: [1, 2] } });
    expect(JSON.parse(await readFile(join(workspace, 'data.json'), 'utf8'))).toEqual({ a: [1, 2] });
  });

  it('accepts an absolute path inside the workspace', async () => {
    await call('write', { path: join(workspace, 'abs.txt'), content: 'x' });
    expect(await readFile(join(workspace, 'abs.txt'), 'utf8')).toBe('x');
  });

  it.each([
    ['a parent path', '../escape.txt'],
    ['a deep parent path', 'a/../../escape.txt'],
    ['an absolute path outside', '/etc/passwd'],
  ])('refuses %s, non-retryably', async (_what, path) => {
    const failure = await failureOf(call('read', { path }));
    expect(failure.type).toBe('PathOutsideWorkspace');
    expect(failure.nonRetryable).toBe(true);
    const writeFailure = await failureOf(call('write', { path, content: 'x' }));
    expect(writeFailure.type).toBe('PathOutsideWorkspace');
  });

  it('refuses a symlink that points outside, for reading and for writing', async () => {
    await symlink(join(outside, 'secret.txt'), join(workspace, 'link.txt'));
    await symlink(outside, join(workspace, 'linked-folder'));
    expect((await failureOf(call('read', { path: 'link.txt' }))).type).toBe('PathOutsideWorkspace');
    expect((await failureOf(call('write', { path: 'link.txt', content: 'overwrite' }))).type).toBe(
      'PathOutsideWorkspace',
    );
    expect((await failureOf(call('write', { path: 'linked-folder/new.txt', content: 'x' }))).type).toBe(
      'PathOutsideWorkspace',
    );
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('follows a symlink that stays inside', async () => {
    await mkdir(join(workspace, 'real'));
    await writeFile(join(workspace, 'real/file.txt'), 'inside');
    await symlink(join(workspace, 'real'), join(workspace, 'alias'));
    expect((await call('read', { path: 'alias/file.txt' })).result).toMatchObject({ content: 'inside' });
  });

  it('reports a missing file as FileNotFound, non-retryably', async () => {
    const failure = await failureOf(call('read', { path: 'missing.txt' }));
    expect(failure.type).toBe('FileNotFound');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe('no such file: "missing.txt"');
  });

  it('rejects an empty path and an unknown action', async () => {
    expect((await failureOf(call('read', { path: '' }))).type).toBe('ToolError');
    expect((await failureOf(call('chmod', { path: 'x' }))).type).toBe('UnknownTool');
  });
});
