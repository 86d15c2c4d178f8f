// Whether bwrap is there and can create the namespaces we ask for. Asked once per path and
// user: a worker whose kernel forbids user namespaces gets SandboxUnavailable on every step,
// with bwrap's own words, instead of a confusing exit code from the program.
import { spawn } from 'node:child_process';
import { SANDBOX_HOST_ID } from './limits.js';

const verdicts = new Map<string, Promise<string | undefined>>();

/** undefined when bwrap works; otherwise why not. */
export function probeBubblewrap(bwrap: string, asUid: number | undefined): Promise<string | undefined> {
  const key = `${bwrap}:${asUid ?? ''}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = runProbe(bwrap, asUid);
    verdicts.set(key, verdict);
    // A failed probe is asked again next time: the operator may install bubblewrap meanwhile.
    void verdict.then((problem) => problem && verdicts.delete(key));
  }
  return verdict;
}

function runProbe(bwrap: string, asUid: number | undefined): Promise<string | undefined> {
  const args = ['--unshare-all', '--unshare-user', '--disable-userns', '--uid', String(SANDBOX_HOST_ID), '--gid', String(SANDBOX_HOST_ID), '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', '/bin/true'];
  return new Promise((resolve) => {
    const child = spawn(bwrap, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: '/usr/bin:/bin' }, ...(asUid !== undefined ? { uid: asUid, gid: asUid } : {}) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? `"${bwrap}" was not found` : `"${bwrap}" could not be started (${error.message})`));
    child.on('close', (code) => resolve(code === 0 ? undefined : `"${bwrap}" cannot create the sandbox's namespaces here (${stderr.trim() || `exit ${code}`})`));
  });
}
