// The filesystem tool (py-orc's name and result shapes), confined to the workspace.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from './tool-error.js';
import type { ToolImplementation } from './tool-implementation.js';
import { resolveInWorkspace } from './workspace-path.js';

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
    const content = typeof parameters.content === 'string' ? parameters.content : JSON.stringify(parameters.content, null, 2);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, 'utf8');
    } catch (error) {
      throw fileError(error as NodeJS.ErrnoException, String(parameters.path));
    }
    return { success: true, path: parameters.path, size: Buffer.byteLength(content) };
  },
};

function fileError(error: NodeJS.ErrnoException, path: string) {
  if (error.code === 'ENOENT') return toolFailure(ERROR_TYPES.fileNotFound, `no such file: "${path}"`, { retryable: false });
  if (error.code === 'EISDIR') return toolFailure(ERROR_TYPES.toolError, `"${path}" is a folder, not a file`, { retryable: false });
  if (error.code === 'EACCES' || error.code === 'EPERM') return toolFailure(ERROR_TYPES.toolError, `permission denied: "${path}"`, { retryable: false });
  // Anything else (disk full, I/O error) may pass: let Temporal retry it.
  return toolFailure(ERROR_TYPES.toolError, `${path}: ${error.message}`, { retryable: true, cause: error });
}
