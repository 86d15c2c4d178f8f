// Escape attempts against the workspace tools, through real pipelines on the real server: a
// sandboxed code step plants symlinks, FIFOs and odd names in the workspace (or keeps swapping a
// folder for a symlink), and the filesystem tool — running in the worker, outside the sandbox,
// as root here — must neither leave the workspace nor block.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResultDocument, StepReport } from '../../workflows/result-document.js';
import { runPipelineDocument } from '../support/run-document.js';
import {
  bubblewrapProblem,
  compileText,
  python,
  shell,
  startSharedWorker,
  type SharedWorker,
} from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the workspace escape tests: ${problem}`);

let worker: SharedWorker;
let outside: string;
let counter = 0;

beforeAll(async () => {
  if (problem) return;
  worker = await startSharedWorker();
});
/** A fresh host folder outside the workspace for each test, holding one secret file. */
beforeEach(async () => {
  outside = await mkdtemp(join(tmpdir(), 'orc-outside-'));
  await writeFile(join(outside, 'f.txt'), 'SECRET host file');
});
afterAll(async () => {
  await worker?.close();
});

/** Runs the steps in order (each after the one before unless it says otherwise), every failure continued. */
async function runSteps(steps: Record<string, unknown>[]): Promise<ResultDocument> {
  const withOrder = steps.map((step, index) => ({
    on_failure: 'continue',
    ...(index > 0 && !('dependencies' in step) ? { dependencies: [steps[index - 1]!.id] } : {}),
    ...step,
  }));
  return runPipelineDocument(
    worker.engine,
    compileText(stringify({ id: `workspace_escape_${counter++}`, steps: withOrder })),
  );
}

const files = (
  id: string,
  action: string,
  parameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({ id, tool: 'filesystem', action, parameters, ...('retry' in extra ? {} : { max_retries: 1 }), ...extra });

const outsideNames = async () => (await readdir(outside)).sort();

describe.skipIf(problem !== undefined)('the filesystem tool against a hostile workspace', () => {
  it('a dangling symlink to a host path: write and append refuse it, nothing is created outside', async () => {
    const document = await runSteps([
      {
        id: 'plant',
        ...shell(
          `ln -s ${outside}/planted.txt dangling && ln -s ${outside}/appended.txt dangling-append && ln -s ${outside}/copied.txt dangling-copy && echo x > copy-source.txt`,
        ),
      },
      files('write', 'write', { path: 'dangling', content: 'owned' }),
      files('append', 'append', { path: 'dangling-append', content: 'owned' }),
      files('copy', 'copy', { path: 'copy-source.txt', destination: 'dangling-copy' }),
    ]);
    expect(document.steps.write).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
    expect(document.steps.append).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
    expect(document.steps.copy).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
    expect(await outsideNames()).toEqual(['f.txt']);
  });

  it('a symlinked parent folder: no action reads, writes, lists or deletes through it', async () => {
    const document = await runSteps([
      { id: 'plant', ...shell(`ln -s ${outside} linked-parent`) },
      files('read', 'read', { path: 'linked-parent/f.txt' }),
      files('write', 'write', { path: 'linked-parent/new.txt', content: 'owned' }),
      files('append', 'append', { path: 'linked-parent/f.txt', content: 'owned' }),
      files('list', 'list', { path: 'linked-parent' }),
      files('mkdir', 'mkdir', { path: 'linked-parent/made' }),
      files('copy', 'copy', { path: 'linked-parent', destination: 'stolen' }),
      files('copy_in', 'copy', { path: 'linked-parent/f.txt', destination: 'stolen.txt' }),
      files('delete', 'delete', { path: 'linked-parent/f.txt' }),
      files('move', 'move', { path: 'linked-parent/f.txt', destination: 'moved.txt' }),
    ]);
    for (const id of ['read', 'write', 'append', 'list', 'mkdir', 'copy', 'copy_in', 'delete', 'move']) {
      expect(document.steps[id], id).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
    }
    expect(await outsideNames()).toEqual(['f.txt']);
    expect(await readFile(join(outside, 'f.txt'), 'utf8')).toBe('SECRET host file');
  });

  it('a FIFO and a link to /dev/zero are refused at once, and nothing blocks the worker', async () => {
    const started = Date.now();
    const document = await runSteps([
      { id: 'plant', ...shell('mkfifo pipe && ln -s /dev/zero zeros') },
      files('read', 'read', { path: 'pipe' }, { timeout: '20s' }),
      files('write', 'write', { path: 'pipe', content: 'x' }, { timeout: '20s' }),
      files('append', 'append', { path: 'pipe', content: 'x' }, { timeout: '20s' }),
      files('copy', 'copy', { path: 'pipe', destination: 'pipe-copy' }, { timeout: '20s' }),
      files('zeros', 'read', { path: 'zeros' }, { timeout: '20s' }),
      files('after', 'write', { path: 'after-fifo.txt', content: 'still working' }),
    ]);
    for (const id of ['read', 'write', 'append', 'copy']) {
      expect(document.steps[id], id).toMatchObject({ status: 'failed', error: { type: 'ToolError' } });
      expect(document.steps[id]!.error!.message, id).toContain('not a regular file');
    }
    expect(document.steps.zeros).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
    expect(document.steps.after).toMatchObject({ status: 'completed' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a symlink loop is a ToolError that says so, not retried', async () => {
    const document = await runSteps([
      { id: 'plant', ...shell('ln -s loop-b loop-a && ln -s loop-a loop-b && ln -s self-loop self-loop') },
      files('read', 'read', { path: 'loop-a' }, { retry: { max_attempts: 3 } }),
      files('write', 'write', { path: 'self-loop', content: 'x' }, { retry: { max_attempts: 3 } }),
      files('exists', 'exists', { path: 'loop-b/below' }, { retry: { max_attempts: 3 } }),
    ]);
    for (const id of ['read', 'write', 'exists']) {
      expect(document.steps[id], id).toMatchObject({ status: 'failed', error: { type: 'ToolError' }, attempts: 1 });
      expect(document.steps[id]!.error!.message, id).toContain('passes more than 40 symbolic links (a link loop?)');
    }
  });

  it('a file name that is not UTF-8 makes list fail clearly, not retried', async () => {
    const document = await runSteps([
      {
        id: 'plant',
        ...python(
          "import os\nos.makedirs('odd-names', exist_ok=True)\nopen(b'odd-names/bad-\\xff.txt', 'w').close()\nopen('odd-names/good.txt', 'w').close()",
        ),
      },
      files('list', 'list', { path: 'odd-names' }, { retry: { max_attempts: 3 } }),
      // Names are handled as bytes everywhere else: the folder can be deleted with it inside.
      files('cleanup', 'delete', { path: 'odd-names', recursive: true }),
    ]);
    expect(document.steps.cleanup).toMatchObject({ status: 'completed', result: { deleted: true } });
    expect(document.steps.list).toMatchObject({ status: 'failed', error: { type: 'ToolError' }, attempts: 1 });
    expect(document.steps.list!.error!.message).toContain('not valid UTF-8');
    expect(document.steps.list!.error!.message).toContain('bad-\\xff.txt');
  });

  it('a race of folder-for-symlink swaps: 0 of 400 reads and writes leave the workspace', async () => {
    // renameat2(RENAME_EXCHANGE) swaps the folder and the link atomically: race/d is always one of them.
    const swaps = [
      'import ctypes, os, time',
      'libc = ctypes.CDLL(None, use_errno=True)',
      `os.symlink(${JSON.stringify(outside)}, 'race/l')`,
      'end = time.time() + 60',
      'swaps = 0',
      "while time.time() < end and not os.path.exists('race/stop'):",
      "    for _ in range(100): libc.renameat2(-100, b'race/d', -100, b'race/l', 2)",
      '    swaps += 100',
      'print(swaps)',
    ].join('\n');
    const document = await runSteps([
      { id: 'setup', ...shell('mkdir -p race/d && echo inside > race/d/f.txt') },
      { id: 'swapper', ...python(swaps, { timeout: 90 }) },
      {
        id: 'hammer',
        for_each: '{{ range(200) | list }}',
        max_parallel: 10,
        dependencies: ['setup'],
        steps: [
          files('read', 'read', { path: 'race/d/f.txt' }, { on_failure: 'continue' }),
          files(
            'write',
            'write',
            { path: 'race/d/w-{{ item }}.txt', content: 'x' },
            { on_failure: 'continue', dependencies: [] },
          ),
        ],
      },
      files('stop', 'write', { path: 'race/stop', content: 'stop' }),
    ]);
    const iterations = document.steps.hammer!.each!;
    expect(iterations).toHaveLength(200);
    const reports = iterations.flatMap((iteration) => [iteration.read!, iteration.write!]);
    const escapedWrites = (await outsideNames()).length - 1;
    const refused = reports.filter((report) => report.status === 'failed');
    const leaked = reports.filter((report: StepReport) => JSON.stringify(report.result ?? '').includes('SECRET'));
    console.log(
      `race: ${(document.steps.swapper!.result as { stdout?: string }).stdout?.trim()} swaps; ${reports.length - refused.length} operations inside, ${refused.length} refused (${[...new Set(refused.map((report) => report.error!.type))].join(', ')}), ${leaked.length} reads and ${escapedWrites} writes outside`,
    );
    expect(leaked).toEqual([]);
    expect(await outsideNames()).toEqual(['f.txt']);
    // A refusal says what it met mid-swap (a link leading out, a missing name, a name that is
    // no longer a folder); none is a bug's untyped Error.
    const refusals = refused.map((report) => `${report.error!.type}: ${report.error!.message}`);
    expect(refusals.filter((refusal) => !/^(PathOutsideWorkspace|FileNotFound|ToolError): /.test(refusal))).toEqual([]);
  }, 120_000);
});
