// Node's file errors as typed tool failures: a missing file or a wrong kind of entry is the
// author's mistake (not retried); anything else (disk full, I/O error) may pass, so it retries.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from './tool-error.js';

export function fileError(error: NodeJS.ErrnoException, path: string) {
  const fail = (message: string) => toolFailure(ERROR_TYPES.toolError, message, { retryable: false });
  switch (error.code) {
    case 'ENOENT':
      return toolFailure(ERROR_TYPES.fileNotFound, `no such file: "${path}"`, { retryable: false });
    case 'EISDIR':
      return fail(`"${path}" is a folder, not a file`);
    case 'ENOTDIR':
      return fail(`"${path}" is a file, not a folder (or a part of the path is a file)`);
    case 'ENOTEMPTY':
      return fail(`the folder "${path}" is not empty: pass recursive: true to delete it with its contents`);
    case 'EEXIST':
      return fail(`"${path}" already exists and is not a folder`);
    case 'EACCES':
    case 'EPERM':
      return fail(`permission denied: "${path}"`);
    default:
      return toolFailure(ERROR_TYPES.toolError, `${path}: ${error.message}`, { retryable: true, cause: error });
  }
}
