// A path checked against the workspace root by its real path — for the sandbox's working folder
// only, which bubblewrap then resolves inside the sandbox (where the host is not visible). The
// check and a later open by path can race, so the tools never open files with this: they use
// workspace-files/, which opens every step from the workspace's descriptor.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';

export async function resolveInWorkspace(root: string, userPath: unknown): Promise<string> {
  if (typeof userPath !== 'string' || userPath.trim() === '') {
    throw toolFailure(ERROR_TYPES.toolError, `path must be non-empty text, not ${JSON.stringify(userPath)}`, {
      retryable: false,
    });
  }
  if (userPath.includes('\0'))
    throw toolFailure(ERROR_TYPES.pathOutsideWorkspace, 'path contains a NUL character', { retryable: false });
  const realRoot = await realpath(root);
  const candidate = isAbsolute(userPath) ? resolve(userPath) : resolve(realRoot, userPath);
  const real = await realpathOfNearestExisting(candidate);
  if (!isInside(realRoot, real)) {
    throw toolFailure(ERROR_TYPES.pathOutsideWorkspace, `path "${userPath}" is outside the workspace (${realRoot})`, {
      retryable: false,
    });
  }
  return real;
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
