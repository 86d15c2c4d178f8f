// Resolving a user path one name at a time from the workspace's root descriptor. Each folder is
// opened relative to the one before with O_NOFOLLOW, so a name swapped for a symlink between
// two steps is seen as the link it now is, never followed by the kernel. Links are read and
// their targets walked by the same rules: a target inside the workspace works as before, a
// target outside is PathOutsideWorkspace — whatever the link said a moment earlier.
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';
import { at, FOLDER_FLAGS, O_NOFOLLOW, outsideWorkspace, type WorkspaceSession } from './workspace-session.js';

/** What a last step answers when the name it was given is a symlink: the walk follows it. */
export const LINK = Symbol('a symbolic link');

export type LastStep<T> = (folder: FileHandle, name: string) => Promise<T | typeof LINK>;

/** As Linux: at most 40 links per path. */
export const MAX_LINKS = 40;
/** Folders a walk or a tree operation may go down, bounding the descriptors it holds open. */
export const MAX_DEPTH = 256;

export interface WalkOptions {
  /** Make missing folders on the way (write, append, mkdir, a destination). */
  createFolders?: boolean;
}

/**
 * Walks `userPath` from the root and hands its last name to `last`, with the open folder that
 * holds it; when the path names a folder itself (the root, or where a link's `..` led),
 * `atFolder` gets that folder instead. Descriptors belong to the session.
 */
export async function walk<T>(
  session: WorkspaceSession,
  userPath: unknown,
  options: WalkOptions,
  last: LastStep<T>,
  atFolder: (folder: FileHandle) => Promise<T>,
): Promise<T> {
  const pending = session.namesOf(userPath);
  const shown = String(userPath);
  const chain: FileHandle[] = [session.root];
  // The names of `chain` below the root, for messages that say which link led outside.
  const position: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (name === '.') continue;
    if (name === '..') {
      if (chain.length === 1) throw outsideWorkspace(shown, session.rootPath);
      await session.release(chain.pop()!);
      position.pop();
      continue;
    }
    const folder = chain.at(-1)!;
    const found =
      pending.length === 0
        ? await last(folder, name)
        : await enterFolder(session, folder, name, options.createFolders === true);
    if (found !== LINK) {
      if (pending.length === 0) return found as T;
      chain.push(found as FileHandle);
      position.push(name);
      if (chain.length > MAX_DEPTH) throw tooDeep(shown);
      continue;
    }
    if (++links > MAX_LINKS) throw linkLoop(shown);
    const target = await readlink(at(folder, name), 'utf8').catch((error: NodeJS.ErrnoException) => {
      // No longer a link (swapped again): look at the name once more, within the link budget.
      if (error.code === 'EINVAL' || error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (target === undefined) {
      pending.unshift(name);
      continue;
    }
    const normalized = posix.normalize(target);
    if (normalized.startsWith('/')) {
      const below = session.belowRoot(normalized);
      if (below === undefined)
        throw outsideWorkspace(shown, session.rootPath, { link: [...position, name].join('/'), target });
      while (chain.length > 1) await session.release(chain.pop()!);
      position.length = 0;
      pending.unshift(...namesIn(below));
    } else pending.unshift(...namesIn(normalized));
  }
  return atFolder(chain.at(-1)!);
}

const namesIn = (path: string) => path.split('/').filter((name) => name !== '' && name !== '.');

/** Opens the folder `name` in `folder`, or answers LINK; makes it first when asked to. */
async function enterFolder(
  session: WorkspaceSession,
  folder: FileHandle,
  name: string,
  createFolders: boolean,
): Promise<FileHandle | typeof LINK> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await session.openAt(folder, name, FOLDER_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const again = attempt < 3;
      if (code === 'ENOENT' && createFolders && again) {
        await makeFolder(session, folder, name);
        continue;
      }
      if (code === 'ENOTDIR' || code === 'ELOOP') {
        const info = await lstat(at(folder, name)).catch(() => undefined);
        if (info?.isSymbolicLink()) return LINK;
        // A folder again already (swapped back since the open): look once more.
        if (info?.isDirectory() && again) continue;
      }
      throw error;
    }
  }
}

/** mkdir of one name in an open folder; true when it made it, false when something is there. */
export async function makeFolder(
  session: WorkspaceSession,
  folder: FileHandle,
  name: string | Buffer,
): Promise<boolean> {
  try {
    await mkdir(at(folder, name), 0o777);
    session.foldersMade++;
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function isLink(folder: FileHandle, name: string | Buffer): Promise<boolean> {
  return (await lstat(at(folder, name)).catch(() => undefined))?.isSymbolicLink() === true;
}

/** Opens the last name with O_NOFOLLOW added, answering LINK when it is a symlink. */
export async function openLast(
  session: WorkspaceSession,
  folder: FileHandle,
  name: string | Buffer,
  flags: number,
  mode?: number,
): Promise<FileHandle | typeof LINK> {
  try {
    return await session.openAt(folder, name, flags | O_NOFOLLOW, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return LINK;
    throw error;
  }
}

export function linkLoop(userPath: string) {
  return toolFailure(
    ERROR_TYPES.toolError,
    `path "${userPath}" passes more than ${MAX_LINKS} symbolic links (a link loop?): point the links at real files or folders`,
    { retryable: false },
  );
}

export function tooDeep(userPath: string) {
  return toolFailure(
    ERROR_TYPES.toolError,
    `"${userPath}" nests more than ${MAX_DEPTH} folders deep, more than the filesystem tool goes down: use a code step for it`,
    { retryable: false },
  );
}
