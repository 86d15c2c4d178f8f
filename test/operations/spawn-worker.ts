// `orc worker` as a real process for operations tests: started with its own environment,
// waited for (bounded) until it polls, stopped by a signal, its stderr kept for assertions.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/temporal.js';

export interface SpawnedWorker {
  process: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  /** Sends the signal and waits (bounded) for the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export async function spawnWorker(
  env: Record<string, string | undefined>,
  readyTimeoutMs = 90_000,
): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/orc.js'), 'worker'], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', TEMPORAL_ADDRESS: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const worker: SpawnedWorker = {
    process: child,
    stderr: () => stderr,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 60_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return within(exited, timeoutMs, () => {
        child.kill('SIGKILL');
        return `orc worker did not exit within ${timeoutMs} ms of ${signal}; stderr:\n${stderr}`;
      });
    },
  };
  const ready = new Promise<void>((resolve) => {
    const check = () => (stderr.includes('Worker polling task queue') ? resolve() : setTimeout(check, 100));
    check();
  });
  await within(
    Promise.race([
      ready,
      exited.then((code) => Promise.reject(new Error(`orc worker exited (${code}) before polling:\n${stderr}`))),
    ]),
    readyTimeoutMs,
    () => {
      child.kill('SIGKILL');
      return `orc worker did not start polling within ${readyTimeoutMs} ms; stderr:\n${stderr}`;
    },
  );
  return worker;
}

export async function within<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(onTimeout())), timeoutMs)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
