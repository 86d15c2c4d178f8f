// The filesystem tool (py-orc's name and result shapes), confined to the workspace: every path
// goes through workspace-files/, which resolves it from the workspace's root descriptor.
import { lstat, rmdir, unlink } from 'node:fs/promises';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { withFileErrors } from './file-errors.js';
import { listFolder } from './filesystem-list.js';
import { copyEntry, moveEntry } from './filesystem-transfer.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolImplementation } from './tool-implementation.js';
import {
  at,
  locateEntry,
  openWorkspaceFolder,
  readWorkspaceFile,
  removeEntry,
  statWorkspacePath,
  withWorkspace,
  writeWorkspaceFile,
} from './workspace-files/index.js';

const asText = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content, null, 2));

export const filesystem: ToolImplementation = {
  async read(parameters, context) {
    const content = (await readWorkspaceFile(context.workspaceRoot, parameters.path)).toString('utf8');
    return { success: true, path: parameters.path, content, size: Buffer.byteLength(content) };
  },
  async write(parameters, context) {
    const size = await writeWorkspaceFile(context.workspaceRoot, parameters.path, asText(parameters.content));
    return { success: true, path: parameters.path, size };
  },
  async append(parameters, context) {
    const size = await writeWorkspaceFile(context.workspaceRoot, parameters.path, asText(parameters.content), {
      append: true,
    });
    return { success: true, path: parameters.path, size };
  },
  list: (parameters, context) => listFolder(parameters, context),
  async exists(parameters, context) {
    const info = await withFileErrors(String(parameters.path), () =>
      withWorkspace(context.workspaceRoot, (session) => statWorkspacePath(session, parameters.path)),
    );
    const type = info === undefined ? null : info.isDirectory() ? 'directory' : 'file';
    return { success: true, path: parameters.path, exists: info !== undefined, type };
  },
  async mkdir(parameters, context) {
    const created = await withFileErrors(String(parameters.path), () =>
      withWorkspace(context.workspaceRoot, async (session) => {
        await openWorkspaceFolder(session, parameters.path, { create: true });
        return session.foldersMade > 0;
      }),
    );
    return { success: true, path: parameters.path, created };
  },
  copy: (parameters, context) => copyEntry(parameters, context),
  move: (parameters, context) => moveEntry(parameters, context),
  async delete(parameters, context) {
    const shown = String(parameters.path);
    const deleted = await withFileErrors(shown, () =>
      withWorkspace(context.workspaceRoot, async (session) => {
        // The entry itself, not what a symlink points to: deleting a link removes the link.
        const entry = await locateEntry(session, parameters.path).catch((error: NodeJS.ErrnoException) => {
          // A folder on the way is missing (or a file): nothing there to delete.
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
          throw error;
        });
        if (entry === null) return false;
        if (entry === undefined)
          throw toolFailure(
            ERROR_TYPES.toolError,
            'refusing to delete the workspace itself: name a file or folder inside it',
            { retryable: false },
          );
        const info = await lstat(at(entry.folder, entry.name)).catch(() => undefined);
        if (info === undefined) return false;
        if (!info.isDirectory()) await unlink(at(entry.folder, entry.name));
        else if (parameters.recursive === true) await removeEntry(session, entry, shown);
        else await rmdir(at(entry.folder, entry.name));
        return true;
      }),
    );
    return { success: true, path: parameters.path, deleted };
  },
};
