// Copying, moving and deleting entries and whole folders, descriptor by descriptor: a folder
// is entered only by opening it (O_NOFOLLOW) inside the folder already held, so swapping a
// subfolder for a link mid-way makes the operation meet the link — copied as a link, deleted as
// a link — and never carries it outside the workspace.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, rename, rmdir, stat, symlink, unlink, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';
import { kindOf, notRegularFile } from '../file-errors.js';
import { requireRegularFile } from './files.js';
import { LINK, makeFolder, MAX_DEPTH, openLast, tooDeep, walk } from './walk.js';
import {
  at,
  FOLDER_FLAGS,
  O_CREAT,
  O_EXCL,
  O_NOFOLLOW,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
  type WorkspaceSession,
} from './workspace-session.js';

export interface Entry {
  folder: FileHandle;
  /** Bytes when it came from a listing: a name need not be UTF-8. */
  name: string | Buffer;
}

/** The entry a path names — its folder resolved, its last name not followed; undefined for the root. */
export function locateEntry(session: WorkspaceSession, userPath: unknown): Promise<Entry | undefined> {
  return walk<Entry | undefined>(
    session,
    userPath,
    {},
    async (folder, name) => ({ folder, name }),
    async () => undefined,
  );
}

/** A folder's entries, names as bytes (a name need not be UTF-8), sorted by name. */
export async function entriesOf(folder: FileHandle): Promise<Dirent<Buffer>[]> {
  const entries = await readdir(at(folder), { withFileTypes: true, encoding: 'buffer' });
  return entries.sort((a, b) => Buffer.compare(a.name, b.name));
}

/**
 * Where a copy or move lands: an existing folder (or a path ending in "/") receives the source
 * under its own name, like cp and mv; otherwise the path itself. Folders on the way are made.
 */
export function destinationOf(
  session: WorkspaceSession,
  userDestination: string,
  source: { name: string | Buffer; info: Stats },
): Promise<Entry> {
  const intoFolder = userDestination.endsWith('/');
  const inside = async (folder: FileHandle, name: string): Promise<Entry> => {
    if (intoFolder) await makeFolder(session, folder, name);
    return { folder: await session.openAt(folder, name, FOLDER_FLAGS), name: source.name };
  };
  return walk<Entry>(
    session,
    userDestination,
    { createFolders: true },
    async (folder, name) => {
      const info = await lstat(at(folder, name)).catch(() => undefined);
      if (info?.isSymbolicLink()) return LINK;
      // A folder onto itself is the path itself (mv a a does nothing; cp refuses it below).
      if (info?.isDirectory() && !sameEntry(info, source.info)) return inside(folder, name);
      return intoFolder ? inside(folder, name) : { folder, name };
    },
    async (folder) => ({ folder, name: source.name }),
  );
}

export const sameEntry = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/** Whether `folder` is the folder `source` or lies below it (for "into itself"). */
export async function isWithin(session: WorkspaceSession, folder: FileHandle, source: Stats): Promise<boolean> {
  const root = await session.root.stat();
  let path = at(folder) as string;
  for (let depth = 0; depth <= MAX_DEPTH; depth++, path += '/..') {
    // stat only (through the descriptor's magic link, then plain `..`): a climb that a swap
    // misleads can give a wrong answer, never touch anything.
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || sameEntry(info, root)) return info !== undefined && sameEntry(info, source);
    if (sameEntry(info, source)) return true;
  }
  return false;
}

/** Copies the open regular file or folder `from` to `to`. */
export async function copyOpened(
  session: WorkspaceSession,
  from: FileHandle,
  info: Stats,
  to: Entry,
  shown: string,
  depth = 0,
): Promise<void> {
  if (info.isFile()) return copyFile(session, from, to, shown);
  if (!info.isDirectory()) throw notRegularFile(shown, kindOf(info));
  if (depth > MAX_DEPTH) throw tooDeep(shown);
  await makeFolder(session, to.folder, to.name);
  const target = await session.openAt(to.folder, to.name, FOLDER_FLAGS);
  for (const entry of await entriesOf(from)) {
    const shownEntry = posix.join(shown, entry.name.toString('utf8'));
    if (!entry.isSymbolicLink() && !entry.isFile() && !entry.isDirectory())
      throw notRegularFile(shownEntry, direntKind(entry));
    if (entry.isSymbolicLink()) {
      // Copied as the link it is; every later read judges where it points.
      const link = await readlink(at(from, entry.name), { encoding: 'buffer' });
      await unlink(at(target, entry.name)).catch(ignoreMissing);
      await symlink(link, at(target, entry.name));
      continue;
    }
    const child = await session.openAt(from, entry.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const childInfo = await child.stat();
    await copyOpened(session, child, childInfo, { folder: target, name: entry.name }, shownEntry, depth + 1);
    await session.release(child);
  }
  await session.release(target);
}

async function copyFile(session: WorkspaceSession, from: FileHandle, to: Entry, shown: string): Promise<void> {
  let opened = await openLast(session, to.folder, to.name, O_WRONLY | O_CREAT | O_NONBLOCK, 0o666);
  if (opened === LINK) {
    // A link where the copy goes (swapped in, or inside a folder copied over): replaced, never written through.
    await unlink(at(to.folder, to.name)).catch(ignoreMissing);
    opened = await session.openAt(to.folder, to.name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, 0o666);
  }
  await requireRegularFile(opened, shown);
  await opened.truncate(0);
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; ;) {
    const { bytesRead } = await from.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    for (let written = 0; written < bytesRead;)
      written += (await opened.write(buffer, written, bytesRead - written)).bytesWritten;
    position += bytesRead;
  }
  await session.release(opened);
}

/** Deletes an entry: a file or link by unlinking it, a folder with everything in it. */
export async function removeEntry(
  session: WorkspaceSession,
  entry: Entry | { folder: FileHandle; name: Buffer },
  shown: string,
  depth = 0,
): Promise<void> {
  if (depth > MAX_DEPTH) throw tooDeep(shown);
  const folder = await session.openAt(entry.folder, entry.name, FOLDER_FLAGS).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR' || error.code === 'ELOOP' || error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (folder === undefined) return void (await unlink(at(entry.folder, entry.name)).catch(ignoreMissing));
  for (const child of await entriesOf(folder)) {
    if (child.isDirectory()) await removeEntry(session, { folder, name: child.name }, shown, depth + 1);
    else
      await unlink(at(folder, child.name)).catch(async (error: NodeJS.ErrnoException) => {
        // A folder swapped in since the listing: delete it as one.
        if (error.code === 'EISDIR') return removeEntry(session, { folder, name: child.name }, shown, depth + 1);
        ignoreMissing(error);
      });
  }
  await session.release(folder);
  await rmdir(at(entry.folder, entry.name));
}

export async function renameEntry(from: Entry, to: Entry): Promise<void> {
  await rename(at(from.folder, from.name), at(to.folder, to.name));
}

function direntKind(entry: Dirent<Buffer>): string {
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isSocket()) return 'a socket';
  return entry.isCharacterDevice() || entry.isBlockDevice() ? 'a device' : 'a special file';
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

export function intoItself(action: 'copy' | 'move', shown: string) {
  return toolFailure(
    ERROR_TYPES.toolError,
    `cannot ${action} the folder "${shown}" into itself: choose a destination outside it`,
    { retryable: false },
  );
}
