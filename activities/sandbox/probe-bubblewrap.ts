// Whether bwrap is there, can create the namespaces we ask for and load our seccomp filter.
// Asked once per path and user: a worker whose kernel forbids user namespaces (or has no
// seccomp) gets SandboxUnavailable on every step, with bwrap's own words, instead of a
// confusing exit code from the program.
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { SANDBOX_HOST_ID } from './limits.js';

const verdicts = new Map<string, Promise<string | undefined>>();

/** undefined when bwrap works, and loads the seccomp filter when there is one; otherwise why not. */
export function probeBubblewrap(
  bwrap: string,
  asUid: number | undefined,
  filter: Buffer | undefined,
): Promise<string | undefined> {
  const key = `${bwrap}:${asUid ?? ''}:${filter ? 'seccomp' : ''}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = runProbe(bwrap, asUid, filter);
    verdicts.set(key, verdict);
    // A failed probe is asked again next time: the operator may install bubblewrap meanwhile.
    void verdict.then((problem) => problem && verdicts.delete(key));
  }
  return verdict;
}

function runProbe(bwrap: string, asUid: number | undefined, filter: Buffer | undefined): Promise<string | undefined> {
  const seccomp = filter ? ['--seccomp', '3'] : [];
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    String(SANDBOX_HOST_ID),
    '--gid',
    String(SANDBOX_HOST_ID),
    '--ro-bind',
    '/',
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...seccomp,
    '--',
    '/bin/true',
  ];
  return new Promise((resolve) => {
    // The filter reaches bwrap through a pipe at fd 3; it is far smaller than a pipe's buffer.
    const child = spawn(bwrap, args, {
      stdio: ['ignore', 'ignore', 'pipe', filter ? 'pipe' : 'ignore'],
      env: { PATH: '/usr/bin:/bin' },
      ...(asUid !== undefined ? { uid: asUid, gid: asUid } : {}),
    });
    if (filter) {
      const pipe = child.stdio[3] as Writable;
      pipe.on('error', () => undefined);
      pipe.end(filter);
    }
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT' ? `"${bwrap}" was not found` : `"${bwrap}" could not be started (${error.message})`,
      ),
    );
    child.on('close', (code) =>
      resolve(
        code === 0
          ? undefined
          : `"${bwrap}" cannot create the sandbox's namespaces here (${stderr.trim() || `exit ${code}`})`,
      ),
    );
  });
}
