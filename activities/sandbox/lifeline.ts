// The lifeline between the worker and a sandbox. The worker starts every sandboxed program
// through a few lines of /bin/sh in a new session and process group, with stdin a pipe whose
// other end only the worker holds. A watcher in that group blocks reading the pipe; it reads
// end-of-file when the worker closes its end or dies, however it dies (the kernel closes a dead
// process's files), and then SIGKILLs the whole group. bwrap's --die-with-parent alone is not
// enough: bwrap arms it some milliseconds after it starts, and a worker killed before that
// leaves the sandbox running for good (issue 10). The pipe has no such window: it exists before
// the program does. docs/tools/sandbox.md weighs the alternatives.

/**
 * fd 0 (the lifeline) moves to fd 3 and stdin becomes /dev/null; the watcher, with no output,
 * waits on fd 3; the program replaces the shell (same pid, so the worker still sees its exit
 * code) without fd 3, so nothing but the watcher holds the pipe.
 */
const SUPERVISOR = [
  'exec 3<&0 0</dev/null',
  '(read -r line <&3; kill -s KILL 0) >/dev/null 2>&1 &',
  'exec 3<&- "$@"',
].join('\n');

/** The command line that runs `file args` on a lifeline (spawn it detached, stdin a pipe). */
export function onLifeline(file: string, args: readonly string[]): { file: string; args: string[] } {
  return { file: '/bin/sh', args: ['-c', SUPERVISOR, 'orc-sandbox', file, ...args] };
}
