// File descriptors a real `orc worker` inherited must not reach its sandboxes (issue 11: code
// wrote to a host file through fd 200, which the worker's parent had opened). The worker is
// started here the way a service script that holds a lock file starts it: with fd 200 open for
// writing on a root-only host file. A sandboxed program then writes through every fd from 3
// to 1023. The same worker, on its first sandboxed step, removes the staging folders a killed
// worker left in /tmp, and only those.
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { runPipelineDocument } from '../support/run-document.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';
import { bubblewrapProblem, compileText, python } from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the inherited file descriptor tests: ${problem}`);

const LEAKED_FD = 200;
let connection: Connection;
let worker: ChildProcess | undefined;
let folder: string;

beforeAll(async () => {
  if (problem) return;
  folder = await mkdtemp(join(tmpdir(), 'orc-fds-'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await connection?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** `orc worker` with `fd` open as its file descriptor LEAKED_FD (and nothing else beyond stdio). */
async function startWorker(env: Record<string, string>, fd: number): Promise<ChildProcess> {
  const stdio: StdioOptions = [
    'ignore',
    'pipe',
    'pipe',
    ...Array.from({ length: LEAKED_FD - 3 }, () => 'ignore' as const),
    fd,
  ];
  const child = spawn(process.execPath, [join(repoRoot, 'bin/orc.js'), 'worker'], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const deadline = Date.now() + 90_000;
  while (!stderr.includes('Worker polling task queue')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`orc worker did not start polling:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

// Writes through every descriptor it might have, and lists those it has.
const WRITE_EVERYWHERE = `
import json, os
written = []
for fd in range(3, 1024):
    try:
        os.write(fd, b"written from the sandbox\\n")
        written.append(fd)
    except OSError:
        pass
print(json.dumps({"written": written, "open": sorted(int(fd) for fd in os.listdir("/proc/self/fd"))}))
`;

describe.skipIf(problem !== undefined)("a worker's inherited file descriptors", () => {
  it('a sandboxed program cannot write through a descriptor the worker inherited (fd 200 on a host file), nor any other; stale staging folders of dead workers are removed', async () => {
    const victim = join(folder, 'host-only.log');
    await writeFile(victim, '', { mode: 0o600 });
    // A staging folder of a worker that is gone (its pid has exited), and one of a live process.
    const deadPid = spawnSync('true').pid!;
    const stale = join(tmpdir(), `orc-sandbox-${deadPid}-stale0`);
    const live = join(tmpdir(), `orc-sandbox-${process.pid}-alive0`);
    for (const path of [stale, live]) {
      await mkdir(path, { mode: 0o700 });
      await writeFile(join(path, 'program.py'), 'left behind');
    }
    const fd = openSync(victim, 'a');
    const taskQueue = uniqueTaskQueue('inherited-fds');
    const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-fds-workspace-'));
    try {
      worker = await startWorker(
        {
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          ORC_DATA_DIR: inject('dataDir'),
          ORC_WORKSPACE: workspaceRoot,
          ORC_TASK_QUEUE: taskQueue,
          ORC_LOG_FORMAT: 'text',
        },
        fd,
      );
      closeSync(fd);
      const client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
      const pipeline = { id: 'inherited_fds', steps: [{ id: 'write', ...python(WRITE_EVERYWHERE) }] };
      const document = await runPipelineDocument(
        { client, taskQueue, workspaceRoot },
        compileText(JSON.stringify(pipeline)),
      );
      expect(document.steps.write).toMatchObject({ status: 'completed', result: { success: true } });
      const seen = (document.steps.write!.result as { result: { written: number[]; open: number[] } }).result;
      expect(await readFile(victim, 'utf8')).toBe('');
      expect(seen.written).toEqual([]);
      // 0–2 and the descriptor of the listing itself.
      expect(seen.open.filter((number) => number > 3)).toEqual([]);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      worker?.kill('SIGKILL');
      await rm(stale, { recursive: true, force: true });
      await rm(live, { recursive: true, force: true });
      await rm(workspaceRoot, { recursive: true, force: true });
    }
  }, 150_000);
});
