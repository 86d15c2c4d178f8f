// A root worker runs the sandbox as an unprivileged uid (so the process limit holds), and that
// uid must be able to reach and write the workspace: every parent folder must be searchable,
// and the workspace's files are handed to the sandbox's uid before each run. The worker,
// being root, keeps full access to them.
import { lchown, lstat, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sandboxUnavailable } from './sandbox-errors.js';

export async function grantWorkspace(workspace: string, uid: number): Promise<string> {
  const real = await realpath(workspace);
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    const info = await stat(dir);
    if (info.uid !== uid && (info.mode & 0o001) === 0) {
      throw sandboxUnavailable(`the workspace ${real} is not reachable by the sandbox's user (uid ${uid}) because ${dir} is not searchable by others; use a workspace (ORC_WORKSPACE) outside it, e.g. under /srv or /tmp, or allow it with chmod o+x ${dir}`);
    }
    if (dir === '/') break;
  }
  await chownTree(real, uid);
  return real;
}

/** lchown, never following links: a link to /etc changes owner, /etc does not. */
async function chownTree(path: string, uid: number): Promise<void> {
  const info = await lstat(path);
  if (info.uid !== uid || info.gid !== uid) await lchown(path, uid, uid);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) await chownTree(join(path, entry.name), uid);
}
