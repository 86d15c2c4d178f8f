// Spawns one process on a lifeline (lifeline.ts), in its own session and process group, and
// watches it: the wall-clock limit, the output cap and the activity's cancellation all end it
// by killing the whole group, and it resolves only once no process of the group is alive.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { onLifeline, type Launcher } from './lifeline.js';
import { GROUP_DEATH_TIMEOUT_MS } from './limits.js';
import { awaitGroupsEmpty, killGroup } from './process-table.js';

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
  /** How the lifeline's shell starts the program (lifeline.ts). */
  launcher: Launcher;
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
  /** Pids of the group still alive GROUP_DEATH_TIMEOUT_MS after its SIGKILL (stuck in the kernel). */
  lingering?: number[];
}

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGXCPU: 24,
  SIGXFSZ: 25,
};

export function spawnLimited(request: LimitedSpawn): Promise<LimitedResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let reason: EndReason = 'exited';
    const child = startOnLifeline(request);
    const stop = (why: EndReason) => {
      if (reason === 'exited') reason = why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
    const onAbort = () => stop('aborted');
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const output = captureOutput(child, request.outputBytes, () => stop('output-limit'));
    let finished = false;
    const finish = async (exitCode: number, spawnError?: NodeJS.ErrnoException) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      const lingering = await sweep(child.pid);
      resolve({
        reason,
        exitCode,
        ...output(),
        durationMs: Date.now() - started,
        ...(spawnError ? { spawnError } : {}),
        ...(lingering.length > 0 ? { lingering } : {}),
      });
    };
    child.on('error', (error: NodeJS.ErrnoException) => void finish(127, error));
    child.on('close', (code, signalName) => void finish(code ?? 128 + (SIGNAL_NUMBERS[signalName ?? ''] ?? 0)));
  });
}

/**
 * detached: a new session and process group (with no terminal), so one kill reaches every
 * process that stayed in it — bwrap's pid-namespace init included, whose death takes the whole
 * namespace with it. stdin is the lifeline: this process holds its only other end.
 */
function startOnLifeline(request: LimitedSpawn): ChildProcessByStdio<Writable, Readable, Readable> {
  const command = onLifeline(request.file, request.args, request.launcher);
  const child = spawn(command.file, command.args, {
    cwd: request.cwd,
    env: request.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(request.uid !== undefined ? { uid: request.uid, gid: request.gid } : {}),
  });
  child.stdin.on('error', () => undefined);
  child.on('exit', () => {
    // The program is done: cutting the lifeline lets the watcher go (and sweep the group).
    child.stdin.destroy();
    // A descendant that escaped the group (unsafe-host mode) may hold the pipes open: give the
    // output a moment and then stop waiting for it.
    setTimeout(() => [child.stdout, child.stderr].forEach((stream) => stream.destroy()), 2_000).unref();
  });
  return child;
}

/** Collects stdout and stderr up to the cap; past it, calls `onOverflow`. */
function captureOutput(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  limit: number,
  onOverflow: () => void,
): () => { stdout: string; stderr: string } {
  const output = { stdout: new OutputBuffer(limit), stderr: new OutputBuffer(limit) };
  for (const name of ['stdout', 'stderr'] as const) {
    child[name].on('data', (chunk: Buffer) => {
      if (!output[name].add(chunk)) onOverflow();
    });
  }
  return () => ({ stdout: output.stdout.text(), stderr: output.stderr.text() });
}

/**
 * What outlived the program (the watcher, anything it left behind) is killed, and nothing is
 * reported — above all no cancellation — while any of it still runs. Returns what did not die.
 */
async function sweep(group: number | undefined): Promise<number[]> {
  if (group === undefined) return [];
  killGroup(group);
  return awaitGroupsEmpty(new Set([group]), GROUP_DEATH_TIMEOUT_MS);
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
