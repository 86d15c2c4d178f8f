// Sandboxed code must die with its worker: real `orc worker` processes run a code step whose
// program journals start, ticks and end; the worker is killed with SIGKILL at targeted moments
// (right after spawning the sandbox, with bwrap slowed down so that it arms its die-with-parent
// late, and while the program runs), or hangs (SIGSTOP) past its heartbeat timeout. After each
// kill no process of the old attempt may be left, and no two attempts of one step may ever run
// at the same time (their journal lines never interleave). docs/tools/sandbox.md explains how.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { within, type SpawnedWorker } from '../operations/spawn-worker.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { uniqueTaskQueue, type TestEngine } from '../support/temporal.js';
import { connectTestClient, TestWorkers, workerEnvironment } from '../support/test-workers.js';
import { bubblewrapProblem, compileText } from '../sandbox/sandbox-pipelines.js';
import {
  childrenWith,
  descendantsOf,
  executionsIn,
  journalingCommand,
  killProcessesWith,
  overlapping,
  processesWith,
  survivorsOf,
} from './sandbox-processes.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the sandbox reliability tests: ${problem}`);

const MARKER = `orc-reliability-${process.pid}-${Date.now()}`;
// A code step's heartbeat timeout is 5 s (under its 6 s timeout): a dead worker's attempt is retried then.
const PIPELINE = `
id: sandbox_kill
parameters:
  label: {type: string}
  ticks: {type: string, default: "20"}
  long_first: {type: string, default: "0"}
steps:
  - id: work
    tool: terminal
    action: execute
    timeout: 6s
    retry: {max_attempts: 30, initial_interval: 1s, max_interval: 1s}
    parameters:
      command: ${JSON.stringify(journalingCommand(MARKER))}
`;

type Moment = 'slow-arm' | 'spawn' | 'running';
// Ten targeted kills: bwrap slowed before it arms (the race of issue 10), right after the
// worker spawned the sandbox with bwrap not slowed, and while the program runs.
const MOMENTS: Moment[] = [
  'slow-arm',
  'spawn',
  'running',
  'slow-arm',
  'spawn',
  'running',
  'slow-arm',
  'spawn',
  'running',
  'slow-arm',
];

let folder: string;
let connection: Connection;
let client: Client;
let workspaceRoot: string;
const workers = new TestWorkers();

beforeAll(async () => {
  if (problem) return;
  folder = await mkdtemp(join(tmpdir(), 'orc-reliability-'));
  // The sandbox runs as uid 65534 under a root worker: the slow bwrap must be able to write here.
  await chmod(folder, 0o777);
  workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-reliability-workspace-'));
  ({ connection, client } = await connectTestClient());
});

afterAll(async () => {
  await workers.killAll();
  killProcessesWith(MARKER);
  await connection?.close();
});

const journal = () => join(workspaceRoot, 'journal.log');

const environment = (taskQueue: string, extra: Record<string, string> = {}) =>
  workerEnvironment({
    label: 'reliability',
    workspace: workspaceRoot,
    taskQueue,
    extra: { ORC_LOG_FORMAT: 'text', ...extra },
  });

async function start(taskQueue: string, label: string, inputs: Record<string, string> = {}): Promise<WorkflowHandle> {
  const engine: TestEngine = { client, taskQueue, workspaceRoot };
  return startPipeline(engine, compileText(PIPELINE), { label, ...inputs }, {}, `sandbox-kill-${label}-${taskQueue}`);
}

async function completed(handles: WorkflowHandle[], stderr: () => string): Promise<ResultDocument[]> {
  return within(
    Promise.all(handles.map((handle) => documentOf(handle))),
    90_000,
    () => `the runs did not finish; worker stderr:\n${stderr()}`,
  );
}

const startLines = async () =>
  (await readFile(journal(), 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('start ')).length;
const linesOf = async (path: string) => (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Workers kept ready on one task queue: a cycle kills the one running the sandbox at the moment
 * and a replacement starts at once, so the next cycle need not wait for a worker to boot.
 */
class WorkerPool {
  readonly alive = new Set<SpawnedWorker>();
  private readonly booting = new Set<Promise<SpawnedWorker>>();
  constructor(private readonly env: Record<string, string>) {}

  launch(): void {
    const booting = workers.spawn(this.env).then((worker) => {
      this.alive.add(worker);
      return worker;
    });
    this.booting.add(booting);
    void booting.finally(() => this.booting.delete(booting)).catch(() => undefined);
  }

  async ready(): Promise<void> {
    if (this.alive.size === 0) await Promise.race(this.booting);
  }

  withSandbox(): SpawnedWorker | undefined {
    return [...this.alive].find((worker) => childrenWith(worker.process.pid!, MARKER).length > 0);
  }

  stderr(): string {
    return workers.stderr();
  }
}

/** The worker to kill once the moment has come, polling as fast as the moment needs. */
async function reach(
  moment: Moment,
  pool: WorkerPool,
  spawnedLog: string,
  startsBefore: number,
): Promise<SpawnedWorker> {
  const spawnedBefore = (await linesOf(spawnedLog)).length;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (moment === 'spawn') {
      const worker = pool.withSandbox();
      if (worker) return worker;
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    if (moment === 'slow-arm') {
      // The slow bwrap wrote "its pid, its parent's pid": the parent is the worker.
      const parent = Number((await linesOf(spawnedLog)).slice(spawnedBefore)[0]?.split(' ')[1]);
      const worker = [...pool.alive].find((candidate) => candidate.process.pid === parent);
      if (worker) return worker;
    }
    if (moment === 'running' && (await startLines()) > startsBefore) {
      await pause(500);
      const worker = pool.withSandbox();
      if (worker) return worker;
    }
    await pause(5);
  }
  throw new Error(`the moment "${moment}" did not come within 30 s; workers' stderr:\n${pool.stderr()}`);
}

/** A bwrap that, while the flag file exists, waits 0.4 s before starting (a loaded machine). */
async function slowBubblewrap(): Promise<{ path: string; flag: string; spawned: string }> {
  const [path, flag, spawned] = [join(folder, 'slow-bwrap'), join(folder, 'slow'), join(folder, 'spawned.log')];
  await writeFile(spawned, '', { mode: 0o666 });
  await chmod(spawned, 0o666);
  // Only the steps' bwrap (it has --die-with-parent) is slowed, not the worker's probe.
  await writeFile(
    path,
    `#!/bin/sh\nif [ -e ${flag} ]; then case " $* " in *" --die-with-parent "*) echo "$$ $PPID" >> ${spawned}; sleep 0.4;; esac; fi\nexec bwrap "$@"\n`,
    { mode: 0o755 },
  );
  return { path, flag, spawned };
}

describe.skipIf(problem !== undefined)('sandboxed code and the death of its worker', () => {
  it('kill -9 of the worker at targeted moments leaves no sandboxed process behind, and attempts never overlap', async () => {
    const taskQueue = uniqueTaskQueue('reliability-kill');
    const slow = await slowBubblewrap();
    const pool = new WorkerPool(await environment(taskQueue, { ORC_BWRAP: slow.path }));
    pool.launch();
    pool.launch();
    const handles: WorkflowHandle[] = [];
    const survivors: string[] = [];
    for (const [index, moment] of MOMENTS.entries()) {
      await pool.ready();
      if (moment === 'slow-arm') await writeFile(slow.flag, '');
      const startsBefore = await startLines();
      handles.push(await start(taskQueue, `kill${index}`));
      const target = await reach(moment, pool, slow.spawned, startsBefore);
      const sandbox = descendantsOf(target.process.pid!);
      pool.alive.delete(target);
      await workers.kill(target);
      await rm(slow.flag, { force: true });
      pool.launch();
      const left = await survivorsOf(sandbox, 2_000);
      if (left.length > 0) survivors.push(`${moment} kill #${index}: ${left.join(', ')} still run`);
    }
    const documents = await completed(handles, () => pool.stderr());
    expect(survivors).toEqual([]);
    expect(documents.map((document) => document.status)).toEqual(MOMENTS.map(() => 'completed'));
    const executions = (await executionsIn(journal())).filter((execution) => execution.label.startsWith('kill'));
    expect(overlapping(executions)).toEqual([]);
    expect(new Set(executions.filter((execution) => execution.ended).map((execution) => execution.label)).size).toBe(
      MOMENTS.length,
    );
    for (const worker of [...pool.alive]) await worker.stop('SIGTERM');
    expect(processesWith(MARKER)).toEqual([]);
    // About 60 s on an idle 2-core machine, most of it booting eleven workers; more when loaded.
  }, 240_000);

  it('a hung worker (SIGSTOP) past its heartbeat timeout: the next attempt ends the old one before it starts', async () => {
    const taskQueue = uniqueTaskQueue('reliability-hung');
    // One activity at a time: the hung worker, busy with the first attempt, cannot take the retry.
    const pool = new WorkerPool(await environment(taskQueue, { ORC_MAX_CONCURRENT_ACTIVITIES: '1' }));
    pool.launch();
    pool.launch();
    while (pool.alive.size < 2) await pool.ready().then(() => pause(50));
    // The first execution would tick for 20 s, well past the 6 s after which the step is retried.
    const startsBefore = await startLines();
    const handle = await start(taskQueue, 'hung', { ticks: '10', long_first: '200' });
    const hung = await reach('running', pool, join(folder, 'none'), startsBefore);
    hung.process.kill('SIGSTOP');
    const [document] = await completed([handle], () => pool.stderr());
    expect(document!.status).toBe('completed');
    expect(document!.steps.work?.attempts).toBeGreaterThan(1);
    const executions = (await executionsIn(journal())).filter((execution) => execution.label === 'hung');
    expect(executions.length).toBeGreaterThan(1);
    expect(overlapping(executions)).toEqual([]);
    expect(pool.stderr()).toContain('ended the sandbox an earlier attempt of this step left running on this machine');
    await workers.kill(hung);
    for (const worker of [...pool.alive].filter((worker) => worker !== hung)) await worker.stop('SIGTERM');
  }, 120_000);
});
