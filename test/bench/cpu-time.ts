// CPU time, not wall time: on a machine shared with other work, the milliseconds of CPU the
// worker (this process) and the dev server spent on a run say what a step costs, while the wall
// clock also says how busy the machine was.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds a process has used so far (user + system), or undefined off Linux. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface CpuSpent {
  /** This process: the worker, its workflow thread, and the bench's client. */
  worker_cpu_ms: number;
  /** The dev server's process; absent where /proc cannot be read. */
  server_cpu_ms?: number;
}

/** Runs `body` and reports the CPU the worker and the server spent meanwhile. */
export async function withCpuMeasured<T>(
  serverPid: number,
  body: () => Promise<T>,
): Promise<{ value: T; cpu: CpuSpent }> {
  const workerStart = process.cpuUsage();
  const serverStart = processCpuMs(serverPid);
  const value = await body();
  const worker = process.cpuUsage(workerStart);
  const serverEnd = processCpuMs(serverPid);
  const cpu: CpuSpent = { worker_cpu_ms: Math.round((worker.user + worker.system) / 1000) };
  if (serverStart !== undefined && serverEnd !== undefined) cpu.server_cpu_ms = Math.round(serverEnd - serverStart);
  return { value, cpu };
}
