// `orc completion bash|zsh|fish`: each script is loaded into its real shell and asked what it
// completes. Shells not installed here are skipped with a printed reason (bash always is; .ci/run
// may lack zsh and fish).
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/temporal.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
let folder: string;

async function script(shell: string): Promise<string> {
  const printed = await runCli(['completion', shell], {});
  expect(printed.code, printed.stderr).toBe(0);
  const file = join(folder, `orc.${shell}`);
  await writeFile(file, printed.stdout);
  return file;
}

/** Runs `program` in `shell` (cwd: the checkout, so file names complete) and returns its lines. */
function inShell(shell: string, args: string[], program: string): string[] {
  const done = spawnSync(shell, [...args, program], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
  expect(done.status, done.stderr).toBe(0);
  return done.stdout.trim().split('\n');
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'orc-completion-'));
});

describe('orc completion', () => {
  it('bash: commands, subcommands, options, option values and files', async () => {
    const file = await script('bash');
    const ask = (line: string) =>
      `COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); COMPREPLY=(); _orc; echo "\${COMPREPLY[*]}"`;
    const lines = inShell(
      'bash',
      ['-c'],
      [
        `source ${file}`,
        ask('orc sta'),
        ask("orc schedule ''"),
        ask("orc status x -o ''"),
        ask('orc validate --js'),
        ask('orc run pipelines/hel'),
        ask('orc help ter'),
        'complete -p orc',
      ].join('\n'),
    );
    expect(lines).toEqual([
      'status',
      'create list describe pause unpause trigger backfill update delete help',
      'json yaml',
      '--json',
      'pipelines/hello.yaml',
      'terminate',
      'complete -F _orc orc',
    ]);
  });

  it.skipIf(!has('zsh'))('zsh: the same words through compadd, files through _files', async () => {
    const file = await script('zsh');
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
    const ask = (line: string) => `words=(${line}); CURRENT=\${#words}; _orc`;
    const lines = inShell(
      'zsh',
      ['-f', '-c'],
      [
        'compdef() { print -r -- "compdef $*"; }',
        `source ${file}`,
        'compadd() { [[ $1 == -- ]] && shift; print -r -- "${(j: :)@}"; }',
        "_files() { print -r -- '(files)'; }",
        ask('orc sta'),
        ask("orc schedule ''"),
        ask("orc status x -o ''"),
        ask("orc run ''"),
      ].join('\n'),
    );
    expect(lines).toEqual([
      'compdef _orc orc',
      expect.stringMatching(/^run validate compile schema status .* terminate .* completion help$/) as unknown,
      'create list describe pause unpause trigger backfill update delete help',
      'json yaml',
      '(files)',
    ]);
  });

  it.skipIf(!has('fish'))('fish: words with their descriptions, files where a file goes', async () => {
    const file = await script('fish');
    const lines = inShell(
      'fish',
      ['--no-config', '-c'],
      [
        `source ${file}`,
        'complete -C "orc sta"',
        'complete -C "orc schedule cr"',
        'complete -C "orc status x -o "',
        'complete -C "orc run pipelines/hel"',
      ].join('; '),
    );
    expect(lines).toEqual([
      'status\twhere a run stands: every step, pending approvals, usage so far',
      expect.stringMatching(/^create\ta Temporal Schedule that starts the pipeline/) as unknown,
      'json\tprint the document as json or yaml',
      'yaml\tprint the document as json or yaml',
      'pipelines/hello.yaml',
    ]);
  });

  it('says which shells it knows', async () => {
    for (const shell of ['zsh', 'fish'])
      if (!has(shell)) console.log(`orc completion ${shell}: not tested, ${shell} is not installed here`);
    const unknown = await runCli(['completion', 'tcsh'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('orc completion knows bash, zsh and fish, not "tcsh"');
  });
});
