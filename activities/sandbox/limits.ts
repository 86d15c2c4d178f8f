// The sandbox's resource limits: one table, so the code, the tests and docs/tools/sandbox.md
// state the same numbers.

export const SANDBOX_LIMITS = {
  /** Address space per process (RLIMIT_AS): a memory bomb gets MemoryError/ENOMEM, not the host's RAM. */
  addressSpaceBytes: 2 * 1024 ** 3,
  /**
   * Processes of the sandbox's user (RLIMIT_NPROC). It counts per host uid, which is why the
   * sandbox runs as its own unprivileged uid: for root (uid 0) the kernel ignores this limit.
   */
  processes: 256,
  /** Largest file a program may write (RLIMIT_FSIZE). */
  fileSizeBytes: 1024 ** 3,
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: 1024,
  /** Size of the private /tmp (a tmpfs, so it is memory). */
  tmpBytes: 256 * 1024 ** 2,
  /** Size of the private /dev/shm (POSIX shared memory, multiprocessing's semaphores), memory too. */
  shmBytes: 64 * 1024 ** 2,
  /** Captured stdout and stderr, each; a program writing more is stopped (SandboxLimitExceeded). */
  outputBytes: 1024 ** 2,
  /** The longest `timeout` a step may ask for, in seconds. */
  maxTimeoutSeconds: 3600,
} as const;

/**
 * How long the worker waits for a killed sandbox's processes to be gone: a cancelled step
 * reports its cancellation, and a retry starts, only after they are (or after this, with a
 * warning, for processes stuck in the kernel).
 */
export const GROUP_DEATH_TIMEOUT_MS = 10_000;

/** The host uid and gid a root worker runs the sandbox as (nobody/nogroup on Debian). */
export const SANDBOX_HOST_ID = 65534;

/**
 * Arguments for util-linux `prlimit`, which sets the limits and then execs the program (bwrap
 * or, in unsafe-host mode, the program itself); limits survive exec, so every process inside
 * inherits them. CPU time: the soft limit sends SIGXCPU, the hard one a second later SIGKILL.
 */
export function prlimitArguments(timeoutSeconds: number): string[] {
  const cpu = Math.ceil(timeoutSeconds);
  return [
    `--as=${SANDBOX_LIMITS.addressSpaceBytes}`,
    `--nproc=${SANDBOX_LIMITS.processes}`,
    `--fsize=${SANDBOX_LIMITS.fileSizeBytes}`,
    `--nofile=${SANDBOX_LIMITS.openFiles}`,
    `--cpu=${cpu}:${cpu + 1}`,
    '--core=0',
    '--',
  ];
}
