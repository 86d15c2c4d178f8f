// The lifeline between the worker and a sandbox. The worker starts every sandboxed program
// through a few lines of shell in a new session and process group, with stdin a pipe whose
// other end only the worker holds. A watcher in that group blocks reading the pipe; it reads
// end-of-file when the worker closes its end or dies, however it dies (the kernel closes a dead
// process's files), and then SIGKILLs the whole group. bwrap's --die-with-parent alone is not
// enough: bwrap arms it some milliseconds after it starts, and a worker killed before that
// leaves the sandbox running for good (issue 10). The pipe has no such window: it exists before
// the program does. docs/tools/sandbox.md weighs the alternatives.

/**
 * First every descriptor the worker inherited beyond stdio is closed (a lock file or socket its
 * parent left open; issue 11: code wrote to a host file through fd 200) — bwrap would pass them
 * on. bash, because dash cannot name a descriptor above 9. Then fd 0 (the lifeline) moves to
 * fd 3 and stdin becomes /dev/null; the watcher, with no output, waits on fd 3; the program
 * replaces the shell (same pid, so the worker still sees its exit code) without the lifeline:
 * fd 3 is then the seccomp filter for bwrap (which reads and closes it), or nothing.
 */
const SUPERVISOR = [
  'for fd in /proc/self/fd/*; do fd=${fd##*/}; case $fd in 0|1|2) ;; *) eval "exec $fd>&-" ;; esac; done',
  'exec 3<&0 0</dev/null',
  '(read -r line <&3; kill -s KILL 0) >/dev/null 2>&1 &',
  'filter=$1; shift',
  'if [ -n "$filter" ]; then exec 3<"$filter" "$@"; else exec 3<&- "$@"; fi',
].join('\n');

// Without bash (unsafe-host mode only): the same, minus closing the inherited descriptors.
const PLAIN_SUPERVISOR = [
  'exec 3<&0 0</dev/null',
  '(read -r line <&3; kill -s KILL 0) >/dev/null 2>&1 &',
  'exec 3<&- "$@"',
].join('\n');

export interface Launcher {
  /** bash's path; without it the inherited descriptors stay open (unsafe-host mode only). */
  bash?: string;
  /** A file with bwrap's seccomp program, given to it as fd 3 (bwrap --seccomp 3). */
  seccompFile?: string;
}

/** The command line that runs `file args` on a lifeline (spawn it detached, stdin a pipe). */
export function onLifeline(
  file: string,
  args: readonly string[],
  launcher: Launcher,
): { file: string; args: string[] } {
  if (!launcher.bash) return { file: '/bin/sh', args: ['-c', PLAIN_SUPERVISOR, 'orc-sandbox', file, ...args] };
  return { file: launcher.bash, args: ['-c', SUPERVISOR, 'orc-sandbox', launcher.seccompFile ?? '', file, ...args] };
}
