// filesystem's append, list, exists, mkdir, copy, move and delete: py-orc's result shapes, and
// confinement to the workspace for every one of them (read and write: test/activities/filesystem.test.ts).
import { mkdir, mkdtemp, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileGlob } from '../../../activities/tools/glob.js';
import { failureOf, newWorkspace, toolCaller } from './call-tool.js';

let workspace: string;
let outside: string;
const call = toolCaller('filesystem', () => workspace);
const exists = async (path: string) => (await call('exists', { path })).exists;

beforeEach(async () => {
  workspace = await newWorkspace();
  outside = await mkdtemp(join(tmpdir(), 'orc-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await mkdir(join(workspace, 'docs/guide'), { recursive: true });
  await writeFile(join(workspace, 'docs/a.md'), 'aa');
  await writeFile(join(workspace, 'docs/b.txt'), 'bbb');
  await writeFile(join(workspace, 'docs/guide/c.md'), 'c');
});

describe('filesystem: append', () => {
  it('creates the file and its folders, then appends; size is the whole file', async () => {
    expect(await call('append', { path: 'log/run.log', content: 'one\n' })).toEqual({
      success: true,
      path: 'log/run.log',
      size: 4,
    });
    expect(await call('append', { path: 'log/run.log', content: { n: 2 } })).toEqual({
      success: true,
      path: 'log/run.log',
      size: 4 + 12,
    });
    expect(await readFile(join(workspace, 'log/run.log'), 'utf8')).toBe('one\n{\n  "n": 2\n}');
  });
});

describe('filesystem: list', () => {
  it.each([
    ['one level', {}, ['docs/a.md', 'docs/b.txt', 'docs/guide']],
    ['recursive', { recursive: true }, ['docs/a.md', 'docs/b.txt', 'docs/guide', 'docs/guide/c.md']],
    ['a name pattern', { pattern: '*.md' }, ['docs/a.md']],
    ['a name pattern, recursive', { pattern: '*.md', recursive: true }, ['docs/a.md', 'docs/guide/c.md']],
    ['a path pattern', { pattern: 'guide/*', recursive: true }, ['docs/guide/c.md']],
    ['alternatives', { pattern: '*.{md,txt}' }, ['docs/a.md', 'docs/b.txt']],
  ])('%s', async (_what, options, paths) => {
    const result = await call('list', { path: 'docs', ...options });
    expect((result.items as { path: string }[]).map((item) => item.path)).toEqual(paths);
    expect(result.count).toBe(paths.length);
  });

  it('gives each item its name, path, type and size', async () => {
    const result = await call('list', { path: 'docs' });
    expect(result).toMatchObject({ success: true, path: 'docs' });
    expect(result.items).toEqual([
      { name: 'a.md', path: 'docs/a.md', type: 'file', size: 2 },
      { name: 'b.txt', path: 'docs/b.txt', type: 'file', size: 3 },
      { name: 'guide', path: 'docs/guide', type: 'directory', size: 0 },
    ]);
  });

  it('hides links that point outside and does not enter linked folders', async () => {
    await symlink(outside, join(workspace, 'docs/out'));
    await symlink(join(outside, 'secret.txt'), join(workspace, 'docs/secret.txt'));
    await symlink(join(workspace, 'docs/guide'), join(workspace, 'docs/again'));
    const paths = ((await call('list', { path: 'docs', recursive: true })).items as { path: string }[]).map(
      (item) => item.path,
    );
    expect(paths).toEqual(['docs/a.md', 'docs/again', 'docs/b.txt', 'docs/guide', 'docs/guide/c.md']);
  });

  it('refuses a file, a missing folder and a folder outside', async () => {
    expect((await failureOf(call('list', { path: 'docs/a.md' }))).message).toContain('is a file, not a folder');
    expect((await failureOf(call('list', { path: 'nothing' }))).type).toBe('FileNotFound');
    expect((await failureOf(call('list', { path: '..' }))).type).toBe('PathOutsideWorkspace');
  });
});

describe('filesystem: exists and mkdir', () => {
  it.each([
    ['docs/a.md', true, 'file'],
    ['docs/guide', true, 'directory'],
    ['docs/none.md', false, null],
    ['docs/a.md/below', false, null],
  ])('exists %s', async (path, found, type) => {
    expect(await call('exists', { path })).toEqual({ success: true, path, exists: found, type });
  });

  it('refuses to answer about paths outside, even through a link', async () => {
    await symlink(join(outside, 'secret.txt'), join(workspace, 'link'));
    expect((await failureOf(call('exists', { path: '../x' }))).type).toBe('PathOutsideWorkspace');
    expect((await failureOf(call('exists', { path: 'link' }))).type).toBe('PathOutsideWorkspace');
  });

  it('mkdir creates parents and says whether it created anything', async () => {
    expect(await call('mkdir', { path: 'x/y/z' })).toEqual({ success: true, path: 'x/y/z', created: true });
    expect(await call('mkdir', { path: 'x/y/z' })).toEqual({ success: true, path: 'x/y/z', created: false });
    expect((await failureOf(call('mkdir', { path: 'docs/a.md' }))).nonRetryable).toBe(true);
    expect((await failureOf(call('mkdir', { path: '../made' }))).type).toBe('PathOutsideWorkspace');
  });
});

describe('filesystem: copy and move', () => {
  it('copies a file (source alias too) and a folder', async () => {
    expect(await call('copy', { source: 'docs/a.md', destination: 'out/a.md' })).toEqual({
      success: true,
      source: 'docs/a.md',
      destination: 'out/a.md',
    });
    expect(await readFile(join(workspace, 'out/a.md'), 'utf8')).toBe('aa');
    await call('copy', { path: 'docs', destination: 'backup' });
    expect(await readFile(join(workspace, 'backup/guide/c.md'), 'utf8')).toBe('c');
  });

  it('copies into an existing folder under the same name', async () => {
    await call('copy', { path: 'docs/b.txt', destination: 'docs/guide' });
    expect(await readFile(join(workspace, 'docs/guide/b.txt'), 'utf8')).toBe('bbb');
  });

  it('moves a file and a folder', async () => {
    expect(await call('move', { path: 'docs/a.md', destination: 'moved/a.md' })).toEqual({
      success: true,
      source: 'docs/a.md',
      destination: 'moved/a.md',
    });
    expect(await exists('docs/a.md')).toBe(false);
    await call('move', { path: 'docs/guide', destination: 'guide2' });
    expect(await readFile(join(workspace, 'guide2/c.md'), 'utf8')).toBe('c');
  });

  it('moves a link as a link', async () => {
    await symlink(join(workspace, 'docs/a.md'), join(workspace, 'link.md'));
    await call('move', { path: 'link.md', destination: 'docs/link.md' });
    expect(await readlink(join(workspace, 'docs/link.md'))).toBe(join(workspace, 'docs/a.md'));
  });

  it.each([
    ['from outside', () => ({ path: join(outside, 'secret.txt'), destination: 'stolen.txt' })],
    ['to outside', () => ({ path: 'docs/a.md', destination: join(outside, 'planted.txt') })],
    ['by dot-dot', () => ({ path: 'docs/a.md', destination: '../planted.txt' })],
  ])('refuses to copy or move %s', async (_what, parametersOf) => {
    const parameters = parametersOf();
    expect((await failureOf(call('copy', parameters))).type).toBe('PathOutsideWorkspace');
    expect((await failureOf(call('move', parameters))).type).toBe('PathOutsideWorkspace');
    expect(await exists('docs/a.md')).toBe(true);
  });

  it('refuses a source link pointing outside, a missing source and copying a folder into itself', async () => {
    await symlink(join(outside, 'secret.txt'), join(workspace, 'link'));
    expect((await failureOf(call('copy', { path: 'link', destination: 'copy.txt' }))).type).toBe(
      'PathOutsideWorkspace',
    );
    // move acts on the link itself: it stays a link, which every read still refuses.
    await call('move', { path: 'link', destination: 'moved-link' });
    expect(await readlink(join(workspace, 'moved-link'))).toBe(join(outside, 'secret.txt'));
    expect((await failureOf(call('read', { path: 'moved-link' }))).type).toBe('PathOutsideWorkspace');
    expect((await failureOf(call('copy', { path: 'none', destination: 'x' }))).type).toBe('FileNotFound');
    expect((await failureOf(call('copy', { path: 'docs', destination: 'docs/inner' }))).message).toContain(
      'into itself',
    );
  });
});

describe('filesystem: delete', () => {
  it('deletes a file, says when nothing was there, and deletes a folder only with recursive', async () => {
    expect(await call('delete', { path: 'docs/a.md' })).toEqual({ success: true, path: 'docs/a.md', deleted: true });
    expect(await call('delete', { path: 'docs/a.md' })).toEqual({ success: true, path: 'docs/a.md', deleted: false });
    const failure = await failureOf(call('delete', { path: 'docs' }));
    expect(failure.message).toContain('recursive: true');
    expect(failure.nonRetryable).toBe(true);
    expect(await call('delete', { path: 'docs', recursive: true })).toMatchObject({ deleted: true });
    expect(await exists('docs')).toBe(false);
  });

  it('deletes a link, not what it points to', async () => {
    await symlink(join(workspace, 'docs/a.md'), join(workspace, 'link.md'));
    await call('delete', { path: 'link.md' });
    expect(await exists('docs/a.md')).toBe(true);
  });

  it('refuses the workspace itself and paths outside; a link pointing outside is deleted as a link', async () => {
    await symlink(outside, join(workspace, 'out'));
    expect((await failureOf(call('delete', { path: '.', recursive: true }))).message).toContain('workspace itself');
    expect((await failureOf(call('delete', { path: 'docs/..', recursive: true }))).message).toContain(
      'workspace itself',
    );
    expect((await failureOf(call('delete', { path: '../x', recursive: true }))).type).toBe('PathOutsideWorkspace');
    expect((await failureOf(call('delete', { path: 'out/secret.txt' }))).type).toBe('PathOutsideWorkspace');
    expect(await call('delete', { path: 'out', recursive: true })).toMatchObject({ deleted: true });
    expect(await exists('out')).toBe(false);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });
});

describe('glob patterns', () => {
  it.each([
    ['*.md', 'a.md', true],
    ['*.md', 'dir/a.md', false],
    ['**/*.md', 'a.md', true],
    ['**/*.md', 'x/y/a.md', true],
    ['?.txt', 'a.txt', true],
    ['[ab].txt', 'c.txt', false],
    ['[!ab].txt', 'c.txt', true],
    ['file.(1)', 'file.(1)', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileGlob(pattern).test(name)).toBe(expected);
  });
});
