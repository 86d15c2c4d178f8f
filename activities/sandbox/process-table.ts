// The machine's processes as /proc shows them, for ending a sandbox for good: which live
// processes are in a process group, which carry a step's marker in their environment, and
// waiting (bounded) until none of them is left. Zombies do not count: they run no code, and
// some inits are slow to reap them. /proc lives in memory: reading it synchronously takes a
// few milliseconds for hundreds of processes, a quarter of the time through the thread pool.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessStatus {
  pid: number;
  /** Process group id. */
  group: number;
}

const POLL_FIRST_MS = 1;
const POLL_MAX_MS = 100;

/** Live processes (not zombies) whose process group is one of `groups`. */
export function liveMembers(groups: ReadonlySet<number>): ProcessStatus[] {
  return processIds()
    .map(statusOf)
    .filter((status): status is ProcessStatus => status !== undefined && groups.has(status.group));
}

/**
 * Live processes whose environment holds `entry` (NAME=value). The environment is the one the
 * program was started with, as /proc keeps it; processes of other users are unreadable and skipped.
 */
export function processesCarrying(entry: string): ProcessStatus[] {
  const needle = `\0${entry}\0`;
  return processIds()
    .filter((pid) => `\0${readOr(`/proc/${pid}/environ`)}`.includes(needle))
    .map(statusOf)
    .filter((status) => status !== undefined);
}

/** Waits until no live process is in `groups`, for at most `timeoutMs`; returns those still there. */
export async function awaitGroupsEmpty(groups: ReadonlySet<number>, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = POLL_FIRST_MS; ; wait = Math.min(wait * 2, POLL_MAX_MS)) {
    // Signal 0 says at once whether a group has any member left, zombies included; /proc then
    // tells the living from zombies.
    const occupied = new Set([...groups].filter(groupExists));
    const left = occupied.size === 0 ? [] : liveMembers(occupied);
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

function groupExists(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    // EPERM: members we may not signal; still members.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function processIds(): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
}

function statusOf(pid: string): ProcessStatus | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  // "pid (command) state ppid pgrp …": the command may hold spaces and parentheses.
  const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (stat === '' || state === undefined || state === 'Z' || state === 'X') return undefined;
  return { pid: Number(pid), group: Number(group) };
}

/** A /proc file's text, or '' when the process is gone or not ours to read. */
function readOr(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
