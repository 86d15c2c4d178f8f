// The filesystem tool (py-orc's name and result shapes), confined to the workspace.
import { appendFile, lstat, mkdir, readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { fileError } from './file-errors.js';
import { listFolder } from './filesystem-list.js';
import { copyEntry, moveEntry } from './filesystem-transfer.js';
import { toolFailure } from './tool-error.js';
import type { ToolImplementation } from './tool-implementation.js';
import { resolveEntryInWorkspace, resolveInWorkspace } from './workspace-path.js';

const asText = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content, null, 2));

export const filesystem: ToolImplementation = {
  async read(parameters, context) {
    const path = await resolveInWorkspace(context.workspaceRoot, parameters.path);
    try {
      const content = await readFile(path, 'utf8');
      return { success: true, path: parameters.path, content, size: Buffer.byteLength(content) };
    } catch (error) {
      throw fileError(error as NodeJS.ErrnoException, String(parameters.path));
    }
  },
  async write(parameters, context) {
    const path = await resolveInWorkspace(context.workspaceRoot, parameters.path);
    const content = asText(parameters.content);
    await withFileErrors(String(parameters.path), async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, 'utf8');
    });
    return { success: true, path: parameters.path, size: Buffer.byteLength(content) };
  },
  async append(parameters, context) {
    const path = await resolveInWorkspace(context.workspaceRoot, parameters.path);
    const size = await withFileErrors(String(parameters.path), async () => {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, asText(parameters.content), 'utf8');
      return (await stat(path)).size;
    });
    return { success: true, path: parameters.path, size };
  },
  list: (parameters, context) => listFolder(parameters, context),
  async exists(parameters, context) {
    const path = await resolveInWorkspace(context.workspaceRoot, parameters.path);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw fileError(error, String(parameters.path));
    });
    const type = info === undefined ? null : info.isDirectory() ? 'directory' : 'file';
    return { success: true, path: parameters.path, exists: info !== undefined, type };
  },
  async mkdir(parameters, context) {
    const path = await resolveInWorkspace(context.workspaceRoot, parameters.path);
    // mkdir -p returns the first folder it created, or undefined when all existed.
    const first = await withFileErrors(String(parameters.path), () => mkdir(path, { recursive: true }));
    return { success: true, path: parameters.path, created: first !== undefined };
  },
  copy: (parameters, context) => copyEntry(parameters, context),
  move: (parameters, context) => moveEntry(parameters, context),
  async delete(parameters, context) {
    const shown = String(parameters.path);
    // The entry itself, not what a symlink points to: deleting a link removes the link.
    const { path, isRoot } = await resolveEntryInWorkspace(context.workspaceRoot, parameters.path);
    if (isRoot) throw toolFailure(ERROR_TYPES.toolError, 'refusing to delete the workspace itself: name a file or folder inside it', { retryable: false });
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) return { success: true, path: parameters.path, deleted: false };
    await withFileErrors(shown, async () => {
      if (!info.isDirectory()) await unlink(path);
      else if (parameters.recursive === true) await rm(path, { recursive: true, force: true });
      else await rmdir(path);
    });
    return { success: true, path: parameters.path, deleted: true };
  },
};

async function withFileErrors<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw fileError(error as NodeJS.ErrnoException, path);
  }
}
