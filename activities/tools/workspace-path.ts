// Paths confined to the workspace root. Symlinks are resolved before the check, so a link
// inside the workspace that points outside it is refused too.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from './tool-error.js';

export async function resolveInWorkspace(root: string, userPath: unknown): Promise<string> {
  if (typeof userPath !== 'string' || userPath.trim() === '') {
    throw toolFailure(ERROR_TYPES.toolError, `path must be non-empty text, not ${JSON.stringify(userPath)}`, { retryable: false });
  }
  if (userPath.includes('\0')) throw toolFailure(ERROR_TYPES.pathOutsideWorkspace, 'path contains a NUL character', { retryable: false });
  const realRoot = await realpath(root);
  const candidate = isAbsolute(userPath) ? resolve(userPath) : resolve(realRoot, userPath);
  const real = await realpathOfNearestExisting(candidate);
  if (!isInside(realRoot, real)) {
    throw toolFailure(ERROR_TYPES.pathOutsideWorkspace, `path "${userPath}" is outside the workspace (${realRoot})`, { retryable: false });
  }
  return real;
}

/**
 * The entry `userPath` names itself — a symlink stays a symlink — for deleting and moving it.
 * Its folder is resolved and confined like any path, and a link pointing outside the workspace
 * is refused like everywhere else.
 */
export async function resolveEntryInWorkspace(root: string, userPath: unknown): Promise<{ path: string; isRoot: boolean }> {
  const target = await resolveInWorkspace(root, userPath);
  const realRoot = await realpath(root);
  const lexical = isAbsolute(userPath as string) ? resolve(userPath as string) : resolve(realRoot, userPath as string);
  if (lexical === realRoot || target === realRoot) return { path: realRoot, isRoot: true };
  const folder = await resolveInWorkspace(root, dirname(lexical));
  return { path: join(folder, basename(lexical)), isRoot: false };
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearestExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    // ENOTDIR: a part of the path is a file; the path cannot exist, like ENOENT.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    const parent = dirname(path);
    if (parent === path) return path;
    const realParent = await realpathOfNearestExisting(parent);
    return resolve(realParent, relative(parent, path));
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
