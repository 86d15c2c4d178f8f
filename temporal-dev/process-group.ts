// Servers and workers are started as process-group leaders (spawn's `detached`), so a signal to
// the negative pid reaches the process and everything it started; a process that is not a group
// leader (or is already gone) gets the signal directly, or nothing.

/** Sends `signal` to the process group led by `pid`, falling back to the process itself. */
export function signalProcessGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
