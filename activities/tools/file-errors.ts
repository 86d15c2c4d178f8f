// Node's file errors as typed tool failures: a missing file or a wrong kind of entry is the
// author's mistake (not retried); anything else (disk full, I/O error) may pass, so it retries.
import type { Stats } from 'node:fs';
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';

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
    case 'ENXIO':
      // Opening a FIFO for writing without blocking, when nothing reads it.
      return notRegularFile(path, 'a FIFO (named pipe)');
    case 'ENAMETOOLONG':
      return fail(`"${path}": a name in it is too long for the file system`);
    default:
      return toolFailure(ERROR_TYPES.toolError, `${path}: ${error.message}`, { retryable: true, cause: error });
  }
}

/** Runs a file operation, turning Node's errors (not typed failures) into typed ones about `path`. */
export async function withFileErrors<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ApplicationFailure || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw fileError(error as NodeJS.ErrnoException, path);
  }
}

/** FIFOs, sockets and devices are refused before anything is read from or written to them. */
export function notRegularFile(path: string, kind: string) {
  return toolFailure(
    ERROR_TYPES.toolError,
    `"${path}" is ${kind}, not a regular file: the filesystem tools read and write regular files only`,
    { retryable: false },
  );
}

export function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return info.isDirectory() ? 'a folder' : 'a special file';
}
