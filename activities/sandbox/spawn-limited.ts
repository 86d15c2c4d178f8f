// Spawns one process in its own process group and watches it: the wall-clock limit, the
// output cap and the activity's cancellation all end it by killing the whole group.
import { spawn } from 'node:child_process';

export interface LimitedSpawn {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Host uid/gid to run as (only when the worker is root). */
  uid?: number;
  gid?: number;
  timeoutMs: number;
  outputBytes: number;
  signal?: AbortSignal;
}

/** How the process ended: its own exit, or one of our reasons to stop it. */
export type EndReason = 'exited' | 'timeout' | 'output-limit' | 'aborted';

export interface LimitedResult {
  reason: EndReason;
  /** Exit code, or 128 + signal number when a signal ended it (the shell's convention). */
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGXCPU: 24, SIGXFSZ: 25 };

export function spawnLimited(request: LimitedSpawn): Promise<LimitedResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let reason: EndReason = 'exited';
    const output = { stdout: new OutputBuffer(request.outputBytes), stderr: new OutputBuffer(request.outputBytes) };
    // detached: a new process group (and session), so one kill reaches every descendant that
    // stayed in it; bwrap's --die-with-parent and pid namespace take care of the rest.
    const child = spawn(request.file, request.args, { cwd: request.cwd, env: request.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(request.uid !== undefined ? { uid: request.uid, gid: request.gid } : {}) });
    const stop = (why: EndReason) => {
      if (reason === 'exited') reason = why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
    const onAbort = () => stop('aborted');
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    for (const name of ['stdout', 'stderr'] as const) {
      child[name].on('data', (chunk: Buffer) => {
        if (!output[name].add(chunk)) stop('output-limit');
      });
    }
    const finish = (exitCode: number, spawnError?: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      // Descendants that left the group or outlived the leader: one last sweep.
      killGroup(child.pid);
      resolve({ reason, exitCode, stdout: output.stdout.text(), stderr: output.stderr.text(), durationMs: Date.now() - started, ...(spawnError ? { spawnError } : {}) });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish(127, error));
    // A descendant that escaped the group (unsafe-host mode) may hold the pipes open: once the
    // process itself has exited, give the output a moment and then stop waiting for it.
    child.on('exit', () => setTimeout(() => [child.stdout, child.stderr].forEach((stream) => stream.destroy()), 2_000).unref());
    child.on('close', (code, signalName) => finish(code ?? 128 + (SIGNAL_NUMBERS[signalName ?? ''] ?? 0)));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Keeps the first `limit` bytes; says when more came. */
class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  /** False once the limit is passed. */
  add(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.size += chunk.length;
    return this.size <= this.limit;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
