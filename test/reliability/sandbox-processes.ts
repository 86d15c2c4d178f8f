// What the reliability tests look at from outside: the machine's processes (which ones carry a
// test's marker in their command line, which ones a worker spawned) and the side-effect journal
// that sandboxed code appends to, so that two attempts of one step running at once show.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Live (not zombie) processes whose command line contains `marker`: the sandbox's, by construction. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    // A zombie's command line is empty, so only live processes match.
    if (readOr(`/proc/${name}/cmdline`).includes(marker)) found.push(Number(name));
  }
  return found;
}

/** The worker's direct children whose command line contains `marker` (the spawned sandbox). */
export function childrenWith(workerPid: number, marker: string): number[] {
  const children = readOr(`/proc/${workerPid}/task/${workerPid}/children`).trim();
  if (children === '') return [];
  return children
    .split(/\s+/)
    .map(Number)
    .filter((pid) => readOr(`/proc/${pid}/cmdline`).includes(marker));
}

/** A process as /proc/PID/stat has it; `start` (clock ticks since boot) tells a reused pid apart. */
interface ProcessEntry {
  pid: number;
  parent: number;
  start: string;
  zombie: boolean;
}

function processTable(
  pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number),
): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const pid of pids) {
    const stat = readOr(`/proc/${pid}/stat`);
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 20) continue;
    table.push({ pid, parent: Number(fields[1]), start: fields[19]!, zombie: fields[0] === 'Z' || fields[0] === 'X' });
  }
  return table;
}

/** The live processes whose command line contains `marker`, to be followed by survivorsOf. */
export function snapshotWith(marker: string): ProcessEntry[] {
  const wanted = new Set(processesWith(marker));
  return processTable().filter((entry) => !entry.zombie && wanted.has(entry.pid));
}

/** Every live descendant of `pid` (children, theirs, …), e.g. a worker's sandboxes just before it is killed. */
export function descendantsOf(pid: number): ProcessEntry[] {
  const table = processTable();
  const found: ProcessEntry[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of table) {
      if (!entry.zombie && parents.has(entry.parent) && !parents.has(entry.pid)) {
        parents.add(entry.pid);
        found.push(entry);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Polls (bounded) until none of `processes` lives on; returns those still alive at the end. A
 * process still exiting (not yet a zombie) counts as alive: the kernel has not finished it.
 */
export async function survivorsOf(processes: ProcessEntry[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = aliveAmong(processes);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Which of `processes` live at this instant (not even a zombie yet), as "pid (command)". */
export function aliveAmong(processes: ProcessEntry[]): string[] {
  const live = new Map(
    processTable(processes.map((entry) => entry.pid))
      .filter((entry) => !entry.zombie)
      .map((entry) => [entry.pid, entry.start]),
  );
  return processes
    .filter((entry) => live.get(entry.pid) === entry.start)
    .map((entry) => `${entry.pid} (${readOr(`/proc/${entry.pid}/cmdline`).split('\0')[0]})`);
}

/** A sandboxed program that fills 1 GB of memory and then sleeps `seconds` (a killed process frees it slowly). */
export const HOLD_A_GIGABYTE = (seconds: string) =>
  `python3 -c "data = b'x' * 1_000_000_000; import time; time.sleep(${seconds})"`;

/** The most memory any process carrying `marker` holds (resident), in bytes. */
export function largestResident(marker: string): number {
  const pageBytes = 4096;
  return Math.max(
    0,
    ...processesWith(marker).map((pid) => Number(readOr(`/proc/${pid}/statm`).split(' ')[1] ?? 0) * pageBytes),
  );
}

/** Cleanup after a test: ends the processes that carry this test's marker, by pid. */
export function killProcessesWith(marker: string): void {
  for (const pid of processesWith(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * The sandboxed program of these tests, as a shell command: it appends `start`, a `tick` every
 * 0.1 s and `end` lines (label, a random token per execution, the time in ns) to the journal,
 * and ends with the marker so that its processes can be found in /proc. An execution that finds
 * `long_first` set and runs first for its label ticks `long_first` times, later ones `ticks`.
 */
export function journalingCommand(marker: string): string {
  return [
    'j=/workspace/journal.log; l="{{ label }}"; n={{ ticks }}',
    'if [ {{ long_first }} -gt 0 ] && [ ! -e "/workspace/first-$l" ]; then : > "/workspace/first-$l"; n={{ long_first }}; fi',
    't=$(od -An -N6 -tx1 /dev/urandom | tr -d " \\n")',
    'echo "start $l $t $(date +%s%N)" >> $j',
    'i=0; while [ $i -lt $n ]; do sleep 0.1; echo "tick $l $t $(date +%s%N)" >> $j; i=$((i+1)); done',
    `echo "end $l $t $(date +%s%N)" >> $j # ${marker}`,
  ].join('\n');
}

interface Execution {
  label: string;
  token: string;
  first: number;
  last: number;
  ended: boolean;
}

/** Every execution the journal shows, by label and token, with its first and last line's time. */
export async function executionsIn(journal: string): Promise<Execution[]> {
  const text = await readFile(journal, 'utf8').catch(() => '');
  const executions = new Map<string, Execution>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [kind, label, token, nanoseconds] = line.split(' ');
    const at = Number(BigInt(nanoseconds!) / 1_000_000n);
    const key = `${label} ${token}`;
    const execution = executions.get(key) ?? { label: label!, token: token!, first: at, last: at, ended: false };
    execution.first = Math.min(execution.first, at);
    execution.last = Math.max(execution.last, at);
    if (kind === 'end') execution.ended = true;
    executions.set(key, execution);
  }
  return [...executions.values()];
}

/** Pairs of executions of one label whose journal lines interleave in time. */
export function overlapping(executions: Execution[]): string[] {
  const found: string[] = [];
  for (const [index, one] of executions.entries()) {
    for (const other of executions.slice(index + 1)) {
      if (one.label === other.label && one.first <= other.last && other.first <= one.last) {
        found.push(
          `${one.label}: ${one.token} [${one.first}..${one.last}] and ${other.token} [${other.first}..${other.last}]`,
        );
      }
    }
  }
  return found;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
