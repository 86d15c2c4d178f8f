// Includes and sub-pipelines are read only from the pipeline's folder (after symlinks) and the
// folders of ORC_INCLUDE_PATHS, only as regular files, within bounds of size and count: each
// attack below goes through `orc validate` or `orc compile` spawned as a user would, with a
// bounded time, and ends in a diagnostic — never a hang, a crash or a file's content.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/run-cli.js';

const CLIENT_KEY = 'sk-client-include-test-7f3e9a1c5b';
/** Every attack must end well within this; the fixed code takes about as long as `orc validate` starts. */
const BOUND_MS = 45_000;

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'orc-includes-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(folder, name, '..'), { recursive: true });
    await writeFile(join(folder, name), text);
  }
  return folder;
}

const including = (path: string) =>
  `id: p\nsteps:\n  - id: a\n    tool: filesystem\n    action: write\n    parameters: {path: a.txt, content: "<< ${path} >>"}\n`;

function validate(file: string, env: Record<string, string> = {}, command = 'validate'): Promise<CliRun> {
  return runCli([command, file, '--json'], { OPENAI_API_KEY: CLIENT_KEY, ...env }, BOUND_MS);
}

function diagnosticsOf(run: CliRun): { code: string; message: string; line: number }[] {
  return JSON.parse(run.stdout) as { code: string; message: string; line: number }[];
}

describe('includes are confined to the pipeline’s folder', () => {
  it('refuses /proc/self/environ: the client’s keys never reach orc compile’s output', async () => {
    const folder = await folderWith({ 'p.yaml': including('/proc/self/environ') });
    const run = await runCli(['compile', join(folder, 'p.yaml')], { OPENAI_API_KEY: CLIENT_KEY }, BOUND_MS);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(CLIENT_KEY);
    expect(run.stderr).toContain('[E_INCLUDE_NOT_ALLOWED]');
    expect(run.stderr).toContain(
      `cannot include "/proc/self/environ": it is outside the pipeline's folder (${folder})`,
    );
  });

  it('refuses /etc/shadow, ../outside and /dev/zero, each with its own diagnostic', async () => {
    const parent = await folderWith({
      'outside.txt': 'outside text',
      'inner/p.yaml':
        'id: p\nsteps:\n' +
        ['/etc/shadow', '../outside.txt', '/dev/zero']
          .map(
            (path, index) =>
              `  - {id: s${index}, tool: filesystem, action: write, parameters: {path: a.txt, content: "<< ${path} >>"}}\n`,
          )
          .join(''),
    });
    const run = await validate(join(parent, 'inner/p.yaml'));
    expect(run.code).toBe(2);
    expect(diagnosticsOf(run).map((item) => [item.line, item.code])).toEqual([
      [3, 'E_INCLUDE_NOT_ALLOWED'],
      [4, 'E_INCLUDE_NOT_ALLOWED'],
      [5, 'E_INCLUDE_NOT_ALLOWED'],
    ]);
    expect(run.stdout).not.toContain('outside text');
  });

  it('refuses a symlink inside the folder that points out of it, and follows one that stays inside', async () => {
    const folder = await folderWith({
      'p.yaml':
        'id: p\nsteps:\n  - {id: out, tool: filesystem, action: write, parameters: {path: a.txt, content: "<< link-out.txt >>"}}\n  - {id: in, tool: filesystem, action: write, parameters: {path: b.txt, content: "<< link-in.txt >>"}}\n',
      'prompts/real.txt': 'inside text',
    });
    const outside = await folderWith({ 'secret.txt': 'text from outside the folder' });
    await symlink(join(outside, 'secret.txt'), join(folder, 'link-out.txt'));
    await symlink(join(folder, 'prompts/real.txt'), join(folder, 'link-in.txt'));
    const run = await validate(join(folder, 'p.yaml'));
    expect(diagnosticsOf(run).map((item) => [item.line, item.code])).toEqual([[3, 'E_INCLUDE_NOT_ALLOWED']]);
    expect(run.stdout).not.toContain('text from outside');
    const compiled = await runCli(['compile', join(folder, 'p.yaml'), '--json'], {}, BOUND_MS);
    expect(compiled.code).toBe(2);
  });

  it('includes from a folder named in ORC_INCLUDE_PATHS', async () => {
    const shared = await folderWith({ 'intro.md': 'shared intro' });
    const folder = await folderWith({ 'p.yaml': including(join(shared, 'intro.md')) });
    const refused = await validate(join(folder, 'p.yaml'));
    expect(diagnosticsOf(refused).map((item) => item.code)).toEqual(['E_INCLUDE_NOT_ALLOWED']);
    const allowed = await runCli(['compile', join(folder, 'p.yaml')], { ORC_INCLUDE_PATHS: shared }, BOUND_MS);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('shared intro');
  });

  it('refuses a sub-pipeline outside the folder the same way', async () => {
    const outside = await folderWith({
      'child.yaml': 'id: child\nsteps:\n  - {id: c, tool: filesystem, action: read, parameters: {path: x.txt}}\n',
    });
    const folder = await folderWith({
      'p.yaml': `id: p\nsteps:\n  - id: sub\n    pipeline: ${join(outside, 'child.yaml')}\n`,
    });
    const run = await validate(join(folder, 'p.yaml'));
    expect(diagnosticsOf(run).map((item) => item.code)).toEqual(['E_INCLUDE_NOT_ALLOWED']);
  });

  it("finds py-orc's sub-pipeline paths in the pipeline's folder only, never in the current directory", async () => {
    const child = 'id: child\nsteps:\n  - {id: c, tool: filesystem, action: read, parameters: {path: x.txt}}\n';
    const outside = await folderWith({ 'child.yaml': child });
    const folder = await folderWith({
      'sub/child.yaml': child,
      'by-id.yaml': child,
      'p.yaml':
        'id: p\nsteps:\n' +
        // py-orc's runner works from the folder above examples/; a bare name is a pipeline id.
        '  - {id: as_example, pipeline: examples/sub/child.yaml}\n' +
        '  - {id: as_id, pipeline: by-id}\n' +
        // Exists relative to the current directory (the checkout), where py-orc would look first.
        '  - {id: from_cwd, pipeline: pipelines/hello.yaml}\n' +
        `  - {id: out, pipeline: examples/../../${outside.split('/').at(-1)}/child.yaml}\n`,
    });
    const run = await validate(join(folder, 'p.yaml'));
    expect(diagnosticsOf(run).map((item) => [item.line, item.code])).toEqual([
      [5, 'E_SUB_PIPELINE'],
      [6, 'E_INCLUDE_NOT_ALLOWED'],
    ]);
  });
});

describe('includes read only regular files, within bounds', () => {
  it('refuses a FIFO in the folder without waiting for a writer', async () => {
    const folder = await folderWith({ 'p.yaml': including('pipe.txt') });
    execFileSync('mkfifo', [join(folder, 'pipe.txt')]);
    const run = await validate(join(folder, 'p.yaml'));
    expect(diagnosticsOf(run).map((item) => item.code)).toEqual(['E_INCLUDE_NOT_ALLOWED']);
    expect(diagnosticsOf(run)[0]?.message).toContain('not a regular file');
  });

  it('refuses a device even from an allowed folder (ORC_INCLUDE_PATHS=/dev)', async () => {
    const folder = await folderWith({ 'p.yaml': including('/dev/zero') });
    const run = await validate(join(folder, 'p.yaml'), { ORC_INCLUDE_PATHS: '/dev' });
    expect(diagnosticsOf(run).map((item) => item.code)).toEqual(['E_INCLUDE_NOT_ALLOWED']);
    expect(diagnosticsOf(run)[0]?.message).toContain('not a regular file');
  });

  it('refuses a FIFO or a device given as the pipeline file itself', async () => {
    const folder = await folderWith({});
    execFileSync('mkfifo', [join(folder, 'pipe.yaml')]);
    for (const file of [join(folder, 'pipe.yaml'), '/dev/zero']) {
      const run = await runCli(['validate', file], {}, BOUND_MS);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('not a regular file');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('stops an include bomb of empty files (each includes the next ten times) at the count bound', async () => {
    const files: Record<string, string> = { 'l0.txt': '' };
    for (let level = 1; level <= 6; level++)
      files[`l${level}.txt`] = Array.from({ length: 10 }, () => `<< l${level - 1}.txt >>`).join('');
    const folder = await folderWith({ ...files, 'p.yaml': including('l6.txt') });
    const run = await validate(join(folder, 'p.yaml'));
    expect(run.code).toBe(2);
    expect(diagnosticsOf(run).map((item) => item.code)).toEqual(['E_TOO_LARGE']);
    expect(diagnosticsOf(run)[0]?.message).toBe(
      'the pipeline is too large to compile: more than 1,000 includes (each time a file is included counts, nested includes too)',
    );
  });

  it('refuses forty includes of a 5 MB file with one diagnostic per include, without a crash', async () => {
    const folder = await folderWith({
      'p.yaml':
        'id: p\nsteps:\n' +
        Array.from(
          { length: 40 },
          (_, index) =>
            `  - {id: s${index}, tool: filesystem, action: write, parameters: {path: a.txt, content: "<< big.txt >>"}}\n`,
        ).join(''),
    });
    await writeFile(join(folder, 'big.txt'), '');
    await truncate(join(folder, 'big.txt'), 5 * 1024 * 1024);
    const run = await validate(join(folder, 'p.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/FATAL|Native stack|\n\s+at /);
    const diagnostics = diagnosticsOf(run);
    expect(new Set(diagnostics.map((item) => item.code))).toEqual(new Set(['E_TOO_LARGE']));
    expect(diagnostics).toHaveLength(40);
    expect(diagnostics[0]?.message).toBe(
      'cannot include "big.txt": it is 5242880 bytes, more than the 4194304 bytes a file of a pipeline may hold',
    );
  });
});
