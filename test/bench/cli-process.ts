// Timing `orc` as a user meets it: the compiled command (bin/orc.js → dist/) spawned as its own
// process, its wall time measured here, its CPU time and peak resident memory by GNU time when
// the machine has /usr/bin/time (CPU time says more than wall time on a loaded machine).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/temporal.js';

const GNU_TIME = '/usr/bin/time';
const MARK = 'orc-bench-peak-kb:';

export interface CliMeasurement {
  ms: number;
  /** Peak resident memory of the `orc` process; undefined without GNU time. */
  peakMb: number | undefined;
  /** User plus system CPU time of the `orc` process; undefined without GNU time. */
  cpuMs: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a measured `orc`: the compiled code, never the sources through tsx. */
export function compiledEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NO_COLOR: '1',
    ORC_FROM_SOURCE: undefined,
    TEMPORAL_ADDRESS: undefined,
    TEMPORAL_NAMESPACE: undefined,
    ...extra,
  };
}

export function measureCli(
  args: string[],
  env: NodeJS.ProcessEnv = compiledEnvironment(),
  timeoutMs = 180_000,
): Promise<CliMeasurement> {
  const command = [process.execPath, join(repoRoot, 'bin', 'orc.js'), ...args];
  const withTime = existsSync(GNU_TIME) ? [GNU_TIME, '-f', `${MARK}%M %U %S`, ...command] : command;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(withTime[0]!, withTime.slice(1), { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`orc ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const timed = new RegExp(`${MARK}(\\d+) ([\\d.]+) ([\\d.]+)\\n?`).exec(stderr);
      resolve({
        ms,
        peakMb: timed ? Number(timed[1]) / 1024 : undefined,
        cpuMs: timed ? (Number(timed[2]) + Number(timed[3])) * 1000 : undefined,
        code,
        stdout,
        stderr: timed ? stderr.replace(timed[0], '') : stderr,
      });
    });
  });
}

/** A lasting `orc worker` (compiled), resolved once it polls; its resident memory then, from /proc. */
export async function startCompiledWorker(
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 120_000,
): Promise<{ process: ChildProcess; rssAtStartMb: number | undefined; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'orc.js'), 'worker'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + readyTimeoutMs;
  while (!stderr.includes('Worker polling task queue')) {
    if (child.exitCode !== null) throw new Error(`orc worker exited before polling:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`orc worker did not poll within ${readyTimeoutMs} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    process: child,
    rssAtStartMb: residentMb(child.pid),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function residentMb(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
