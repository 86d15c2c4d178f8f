// The workspace walk called through the filesystem tool: links inside the workspace followed by
// its rules, links leading out refused, special files refused at once, limits typed; and the
// glob matcher's worst cases. (Races and planted links through real pipelines:
// test/sandbox/workspace-escapes.test.ts.)
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileGlob } from '../../../activities/tools/glob.js';
import { failureOf, newWorkspace, toolCaller } from './call-tool.js';

let workspace: string;
let outside: string;
const call = toolCaller('filesystem', () => workspace);

beforeEach(async () => {
  workspace = await newWorkspace();
  outside = await mkdtemp(join(tmpdir(), 'orc-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await mkdir(join(workspace, 'real/deeper'), { recursive: true });
  await writeFile(join(workspace, 'real/file.txt'), 'inside');
});

describe('links', () => {
  it('follows links that stay inside: relative, absolute, chained, and dangling ones for writing', async () => {
    await symlink('real', join(workspace, 'relative'));
    await symlink(join(workspace, 'real'), join(workspace, 'absolute'));
    await symlink('../../relative/file.txt', join(workspace, 'real/deeper/up'));
    await symlink('real/new.txt', join(workspace, 'dangling-inside'));
    expect(await call('read', { path: 'relative/file.txt' })).toMatchObject({ content: 'inside' });
    expect(await call('read', { path: 'absolute/file.txt' })).toMatchObject({ content: 'inside' });
    expect(await call('read', { path: 'real/deeper/up' })).toMatchObject({ content: 'inside' });
    await call('write', { path: 'dangling-inside', content: 'made through a link' });
    expect(await readFile(join(workspace, 'real/new.txt'), 'utf8')).toBe('made through a link');
  });

  it('refuses a link whose target leaves the workspace, by .. or by an absolute path, naming the link', async () => {
    await symlink('../../..', join(workspace, 'real/climb'));
    await symlink(join(outside, 'secret.txt'), join(workspace, 'real/deeper/out'));
    const climb = await failureOf(call('read', { path: 'real/climb/etc/hostname' }));
    expect(climb).toMatchObject({ type: 'PathOutsideWorkspace', nonRetryable: true });
    const out = await failureOf(call('write', { path: 'real/deeper/out', content: 'x' }));
    expect(out.type).toBe('PathOutsideWorkspace');
    expect(out.message).toContain(`through the symbolic link "real/deeper/out" → "${join(outside, 'secret.txt')}"`);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('a link loop is a non-retryable ToolError, in the middle of a path and at its end', async () => {
    await symlink('b', join(workspace, 'a'));
    await symlink('a', join(workspace, 'b'));
    for (const [action, path] of [
      ['read', 'a'],
      ['write', 'b/x.txt'],
      ['exists', 'a/y'],
      ['list', 'a'],
    ] as const) {
      const failure = await failureOf(call(action, { path, content: 'x' }));
      expect(failure, `${action} ${path}`).toMatchObject({ type: 'ToolError', nonRetryable: true });
      expect(failure.message).toContain('more than 40 symbolic links');
    }
  });
});

describe('special files', () => {
  it('refuses a FIFO at once for reading, writing, appending and copying', async () => {
    spawnSync('mkfifo', [join(workspace, 'pipe')]);
    const started = performance.now();
    for (const [action, parameters] of [
      ['read', {}],
      ['write', { content: 'x' }],
      ['append', { content: 'x' }],
      ['copy', { destination: 'copy' }],
    ] as const) {
      const failure = await failureOf(call(action, { path: 'pipe', ...parameters }));
      expect(failure, action).toMatchObject({ type: 'ToolError', nonRetryable: true });
      expect(failure.message).toBe(
        '"pipe" is a FIFO (named pipe), not a regular file: the filesystem tools read and write regular files only',
      );
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'refuses a character device like /dev/zero made inside the workspace (root only: mknod)',
    async () => {
      expect(spawnSync('mknod', [join(workspace, 'zeros'), 'c', '1', '5']).status).toBe(0);
      const failure = await failureOf(call('read', { path: 'zeros' }));
      expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
      expect(failure.message).toContain('is a character device, not a regular file');
      expect((await failureOf(call('copy', { path: '.', destination: 'real/all' }))).message).toContain('into itself');
    },
  );

  it('copies a folder with a FIFO in it only up to the FIFO, with a clear error', async () => {
    spawnSync('mkfifo', [join(workspace, 'real/pipe')]);
    const failure = await failureOf(call('copy', { path: 'real', destination: 'copied' }));
    expect(failure.message).toContain('"real/pipe" is a FIFO (named pipe), not a regular file');
  });
});

describe('limits', () => {
  it('refuses to go more than 256 folders down', async () => {
    const deep = Array.from({ length: 260 }, () => 'd').join('/');
    const failure = await failureOf(call('write', { path: `${deep}/x.txt`, content: 'x' }));
    expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    expect(failure.message).toContain('more than 256 folders deep');
  });

  it('deletes a folder tree and leaves what its links point to alone', async () => {
    await symlink(outside, join(workspace, 'real/deeper/out'));
    expect(await call('delete', { path: 'real', recursive: true })).toMatchObject({ deleted: true });
    expect(await readdir(workspace)).toEqual([]);
    expect(await readdir(outside)).toEqual(['secret.txt']);
  });
});

describe('glob patterns: linear time, typed errors', () => {
  it('matches the 25-character backtracking pattern of issue 11 in milliseconds', async () => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*ab';
    expect(pattern).toHaveLength(25);
    await writeFile(join(workspace, 'real', 'a'.repeat(60)), '');
    const started = performance.now();
    const result = await call('list', { path: 'real', pattern });
    expect(result.count).toBe(0);
    expect(compileGlob(pattern).test(`${'a'.repeat(200)}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.each([
    ['[z-a]', 'the range "z-a" runs backwards: write "a-z"'],
    ['x'.repeat(501), 'longer than 500 characters'],
  ])('refuses %s with a ToolError', async (pattern, message) => {
    const failure = await failureOf(call('list', { path: 'real', pattern }));
    expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    expect(failure.message).toContain(message);
  });

  it.each([
    ['{a,b{c,d}}.txt', 'bd.txt', true],
    ['{a,b{c,d}}.txt', 'b.txt', false],
    ['**/x/*.md', 'x/a.md', true],
    ['**/x/*.md', 'p/q/x/a.md', true],
    ['[a-c]?[!0-9]', 'b1x', true],
    ['[a-c]?[!0-9]', 'b11', false],
    ['[^a]', 'b', true],
    ['é*', 'été', true],
    ['[', '[', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileGlob(pattern).test(name)).toBe(expected);
  });
});
