// Another process's memory and CPU, read from /proc (Linux): a spawned `orc worker`'s
// resident memory (sampled, and the kernel's own high-water mark) and CPU time.
import { readFileSync } from 'node:fs';
import { processCpuMs } from './cpu-time.js';

/** VmRSS and VmHWM (peak) of a process in bytes, or undefined when /proc cannot be read. */
export function residentBytes(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const [rss, peak] = [kilobytes('VmRSS'), kilobytes('VmHWM')];
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss: rss * 1024, peak: peak * 1024 } : undefined;
  } catch {
    return undefined;
  }
}

export interface ProcessUsage {
  /** Resident memory when the measurement began, and the process's peak since it started. */
  startBytes: number;
  peakBytes: number;
  cpuMs: number;
}

/** Runs `body` and reports what the process `pid` used meanwhile (its peak RSS is lifelong). */
export async function withProcessMeasured<T>(
  pid: number,
  body: () => Promise<T>,
): Promise<{ value: T; usage: ProcessUsage }> {
  const before = residentBytes(pid);
  const cpuBefore = processCpuMs(pid);
  if (!before || cpuBefore === undefined) throw new Error(`cannot read /proc/${pid}: the bench needs Linux`);
  const value = await body();
  const after = residentBytes(pid) ?? before;
  return {
    value,
    usage: { startBytes: before.rss, peakBytes: after.peak, cpuMs: (processCpuMs(pid) ?? cpuBefore) - cpuBefore },
  };
}
