// Long-running processes of the cluster (PostgreSQL, the Temporal services): started in a
// process group of their own with output to a log file, so they can be killed as a whole
// (SIGKILL in the reliability test) or stopped, and found again by pid from a state file.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { signalProcessGroup } from '../temporal-dev/index.js';

export interface SpawnOptions {
  logFile: string;
  env?: NodeJS.ProcessEnv;
  user?: { uid: number; gid: number };
  /** Keep running after this process exits (the persistent cluster of `cluster.ts start`). */
  keepAfterExit: boolean;
}

export interface SpawnedProcess {
  pid: number;
  exited: Promise<number | null>;
}

export function spawnLogged(command: string, args: string[], options: SpawnOptions): SpawnedProcess {
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: options.env ?? process.env,
    ...options.user,
  });
  closeSync(logFd);
  child.once('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid === undefined) throw new Error(`Could not start ${command} (see ${options.logFile})`);
  if (options.keepAfterExit) child.unref();
  else endWithThisProcess(child.pid, exited);
  return { pid: child.pid, exited };
}

/**
 * In a group of its own the child outlives this process; an interrupted test run (Ctrl-C,
 * vitest's SIGINT, a timeout's SIGTERM) exits without its teardown and would leave a whole
 * cluster running. `exit` handlers run on every exit, so the group is killed there.
 */
function endWithThisProcess(pid: number, exited: Promise<unknown>): void {
  const kill = () => signalProcessGroup(pid, 'SIGKILL');
  process.once('exit', kill);
  void exited.then(() => process.off('exit', kill));
}

/** False for a process that is gone or a zombie (killed, not yet reaped by its parent). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

/** Sends `signal`, waits up to `graceMs` for the process to end, then SIGKILLs its group. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  signalProcessGroup(pid, signal);
  await waitForExit(pid, graceMs);
  if (isAlive(pid)) {
    signalProcessGroup(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** A killed child of this process stays a zombie until Node reaps it: gone all the same. */
function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

export function tailOf(file: string, lines = 25): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export async function poll(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The live processes in these process groups (each service and PostgreSQL leads its own):
 * PostgreSQL's backends and anything a service forked count too, not just the leaders.
 */
export function processesInGroups(groups: readonly number[]): number[] {
  const wanted = new Set(groups);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Gone meanwhile.
    }
    // Fields after the parenthesised command name: state, ppid, pgrp, …
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && wanted.has(Number(group))) found.push(Number(entry));
  }
  return found;
}
