// Real `orc worker` processes for the fault tests (test/reliability): each started on the suite's
// dev server and data folder with what the test adds, waited for (bounded) until it polls, killed
// with SIGKILL and waited for, and every one still running killed when the file ends; runs
// started against them with the spawned `orc run --detach`.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { expect, inject } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { spawnWorker, within, type SpawnedWorker } from '../operations/spawn-worker.js';
import { runCli } from './run-cli.js';
import { uniqueTaskQueue } from './temporal.js';

export interface WorkerEnvironmentOptions {
  /** Names the task queue and, when no workspace is given, the fresh workspace folder. */
  label: string;
  workspace?: string;
  /** A task queue the test chose; else a fresh one. */
  taskQueue?: string;
  /** ORC_TOOLS: custom tool modules, relative to the checkout. */
  tools?: string;
  /** A local OpenAI-protocol server (test/providers) that answers the `openai:` models. */
  openai?: { url: string };
  /** Anything else the worker's environment needs (log format, grace time, …). */
  extra?: Record<string, string>;
}

/** The environment of a test's workers and of the `orc` commands it spawns against them. */
export async function workerEnvironment(options: WorkerEnvironmentOptions): Promise<Record<string, string>> {
  return {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    ORC_DATA_DIR: inject('dataDir'),
    ORC_WORKSPACE: options.workspace ?? (await mkdtemp(join(tmpdir(), `orc-${options.label}-workspace-`))),
    ORC_TASK_QUEUE: options.taskQueue ?? uniqueTaskQueue(options.label),
    ...(options.tools ? { ORC_TOOLS: options.tools } : {}),
    ...(options.openai ? { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${options.openai.url}/v1` } : {}),
    ...options.extra,
  };
}

/** The workers a test file started: spawn, kill -9, replace, and what is left running. */
export class TestWorkers {
  private readonly spawned: SpawnedWorker[] = [];

  /** Starts an `orc worker` with the environment (and `extra` on top) and waits until it polls. */
  async spawn(env: Record<string, string>, extra: Record<string, string> = {}): Promise<SpawnedWorker> {
    const worker = await spawnWorker({ ...env, ...extra });
    this.spawned.push(worker);
    return worker;
  }

  /** SIGKILL, and waits (bounded) until the process is gone. */
  async kill(worker: SpawnedWorker, timeoutMs = 30_000): Promise<void> {
    worker.process.kill('SIGKILL');
    await within(worker.exited, timeoutMs, () => `the worker did not exit within ${timeoutMs} ms of SIGKILL`);
  }

  /** The workers whose process has not exited. */
  running(): SpawnedWorker[] {
    return this.spawned.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null);
  }

  /** Every worker's stderr, for a failure's message. */
  stderr(): string {
    return this.spawned.map((worker) => worker.stderr()).join('\n');
  }

  /** For afterAll: kills every worker still running. */
  async killAll(): Promise<void> {
    for (const worker of this.running()) await worker.stop('SIGKILL').catch(() => undefined);
  }
}

export interface TestClient {
  connection: Connection;
  client: Client;
}

/** A client of the suite's dev server that reads the large values the workers wrote. */
export async function connectTestClient(address = inject('temporalAddress')): Promise<TestClient> {
  const connection = await Connection.connect({ address });
  return { connection, client: new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) }) };
}

/** Writes `text` as pipeline.yaml in a fresh folder and returns its path. */
export async function pipelineFile(label: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), `orc-${label}-`)), 'pipeline.yaml');
  await writeFile(file, text);
  return file;
}

/** `orc run FILE` or `orc rerun RUN …` with `--detach --json`, spawned: the new run's workflow id. */
export async function startDetached(
  command: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<string> {
  const started = await runCli([...command, '--detach', '--json'], env, timeoutMs);
  expect(started.code, started.stderr).toBe(0);
  return (JSON.parse(started.stdout) as { workflow_id: string }).workflow_id;
}
