// The machine's processes as /proc shows them, for ending a sandbox for good: which live
// processes are in a process group, which carry a step's marker in their environment, and
// waiting (bounded) until none of them is left. Zombies do not count: they run no code.
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessStatus {
  pid: number;
  /** Process group id. */
  group: number;
}

const POLL_FIRST_MS = 5;
const POLL_MAX_MS = 100;

/** Live processes (not zombies) whose process group is one of `groups`. */
export async function liveMembers(groups: ReadonlySet<number>): Promise<ProcessStatus[]> {
  const all = await Promise.all((await processIds()).map(statusOf));
  return all.filter((status): status is ProcessStatus => status !== undefined && groups.has(status.group));
}

/**
 * Live processes whose environment holds `entry` (NAME=value). The environment is the one the
 * program was started with, as /proc keeps it; processes of other users are unreadable and skipped.
 */
export async function processesCarrying(entry: string): Promise<ProcessStatus[]> {
  const needle = `\0${entry}\0`;
  const found = await Promise.all(
    (await processIds()).map(async (pid) => {
      const environment = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
      return `\0${environment}`.includes(needle) ? statusOf(pid) : undefined;
    }),
  );
  return found.filter((status) => status !== undefined);
}

/** Waits until no live process is in `groups`, for at most `timeoutMs`; returns those still there. */
export async function awaitGroupsEmpty(groups: ReadonlySet<number>, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = POLL_FIRST_MS; ; wait = Math.min(wait * 2, POLL_MAX_MS)) {
    const left = await liveMembers(groups);
    if (left.length === 0 || Date.now() >= deadline) return left.map((status) => status.pid);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** SIGKILL to a whole process group; quiet when it is already gone. */
export function killGroup(group: number | undefined): void {
  // 0 and 1 would mean our own group and init's: never a sandbox's.
  if (group === undefined || group <= 1) return;
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function processIds(): Promise<string[]> {
  return (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
}

async function statusOf(pid: string): Promise<ProcessStatus | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => undefined);
  if (stat === undefined) return undefined;
  // "pid (command) state ppid pgrp …": the command may hold spaces and parentheses.
  const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (state === undefined || state === 'Z' || state === 'X') return undefined;
  return { pid: Number(pid), group: Number(group) };
}
