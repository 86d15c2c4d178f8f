// A root worker runs the sandbox as an unprivileged uid (so the process limit holds), and that
// uid must be able to reach and write the workspace: every parent folder must be searchable,
// and the workspace's files are handed to the sandbox's uid before each run. The worker,
// being root, keeps full access to them.
//
// The hand-over never goes by path below the workspace's root: a sandboxed step (a parallel
// one, or a background process) can rename folders and plant symlinks while it runs, and a
// path checked a moment ago may lead out of the workspace by the time it is used (issue 11:
// 200 of 200 root-owned host files were handed to uid 65534 that way). Every entry is opened
// relative to its folder's open descriptor (/proc/self/fd/N/name: Node has no openat) with
// O_NOFOLLOW, so a symlink is never followed — not even one swapped in after the folder was
// listed — and the owner changes through the descriptor, on the very file that was opened.
// docs/tools/sandbox.md explains why not the alternatives.
import { close as closeCallback, constants, fstat as fstatCallback, open as openCallback } from 'node:fs';
import { chown, lstat, readdir, realpath, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import { sandboxUnavailable } from './sandbox-errors.js';

// O_PATH: a handle on the file itself, without opening it for reading (no side effects on a
// FIFO or socket); with O_NOFOLLOW a symlink yields a handle on the link, never its target.
// Linux's value on x86_64 and aarch64; Node does not export it.
const O_PATH = 0o10000000;
const IN_PLACE = O_PATH | constants.O_NOFOLLOW;
// Folders deeper than this keep their owner: the worker does not make trees this deep, and a
// deeper one was made by the sandbox, whose files it owns already.
const MAX_DEPTH = 256;
// Entries gone (or turned into something else) between the listing and the opening.
const SKIPPED = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

// Plain descriptors rather than FileHandles: a workspace may hold many thousands of files.
const open = promisify(openCallback);
const fstat = promisify(fstatCallback);
const close = promisify(closeCallback);

export async function grantWorkspace(workspace: string, uid: number): Promise<string> {
  const real = await realpath(workspace);
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    const info = await stat(dir);
    if (info.uid !== uid && (info.mode & 0o001) === 0) {
      throw sandboxUnavailable(
        `the workspace ${real} is not reachable by the sandbox's user (uid ${uid}) because ${dir} is not searchable by others; use a workspace (ORC_WORKSPACE) outside it, e.g. under /srv or /tmp, or allow it with chmod o+x ${dir}`,
      );
    }
    if (dir === '/') break;
  }
  // The root itself is the operator's path, not the sandbox's to change.
  const root = await open(real, IN_PLACE | constants.O_DIRECTORY);
  try {
    await handOver(root, uid, 0);
  } finally {
    await close(root);
  }
  return real;
}

/** Gives the opened file to `uid`, and everything in it when it is a folder; a symlink stays as it is. */
async function handOver(fd: number, uid: number, depth: number): Promise<void> {
  const self = `/proc/self/fd/${fd}`;
  const info = await fstat(fd);
  if (info.isSymbolicLink()) return;
  // chown of the magic link acts on the inode the descriptor holds, wherever it has moved.
  if (info.uid !== uid || info.gid !== uid) await chown(self, uid, uid);
  if (!info.isDirectory() || depth >= MAX_DEPTH) return;
  for (const name of await readdir(self).catch(skipped([]))) {
    // A first look through the folder's descriptor (lstat follows no link) spares opening the
    // many files already handed over; whatever it sees, only the opened file is ever changed.
    const seen = await lstat(`${self}/${name}`).catch(skipped(undefined));
    if (!seen || seen.isSymbolicLink() || (!seen.isDirectory() && seen.uid === uid && seen.gid === uid)) continue;
    const entry = await open(`${self}/${name}`, IN_PLACE).catch(skipped(undefined));
    if (entry === undefined) continue;
    try {
      await handOver(entry, uid, depth + 1);
    } finally {
      await close(entry);
    }
  }
}

/** A folder or entry the sandbox removed meanwhile is passed over; anything else is a bug. */
function skipped<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (SKIPPED.has(error.code ?? '')) return value;
    throw error;
  };
}
