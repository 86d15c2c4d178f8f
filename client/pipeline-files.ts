// Reading the files a pipeline is made of: the pipeline itself, its includes and its
// sub-pipelines. Only regular files are read (a FIFO or a device is refused before a byte is
// read, so nothing blocks or reads forever), and never more than a bound. Includes and
// sub-pipelines must also lie in the pipeline's folder or below, or in a folder of
// ORC_INCLUDE_PATHS — after symlinks are resolved, so a link cannot point out (docs/security.md).
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { COMPILE_LIMITS, type ResolveFile, type ResolveProblem } from '../workflows/lang/compile/index.js';

export type FileRead =
  | { text: string }
  | {
      problem: string;
      code?: ResolveProblem['code'];
      /** Bytes, when a file was refused for its size and its size is known. */ size?: number;
    };

const OUTSIDE_HINT =
  "keep included files and sub-pipelines in the pipeline's folder or below, or name their folder in ORC_INCLUDE_PATHS (docs/security.md)";

/**
 * A regular file's text, at most `maxBytes` bytes; otherwise why not, said for people.
 * `noFollow`: `path` is already resolved, and a link swapped in since is not followed.
 */
export function readRegularFile(path: string, maxBytes: number, noFollow = false): FileRead {
  let stats: Stats;
  try {
    // Looked at before it is opened: opening a device or a FIFO can block or have effects.
    stats = statSync(path);
  } catch (error) {
    return { problem: readProblem(error, path) };
  }
  if (!stats.isFile()) return notRegular(stats);
  if (stats.size > maxBytes) return tooLarge(stats.size, maxBytes);
  let descriptor: number;
  try {
    descriptor = openSync(
      path,
      constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (noFollow ? constants.O_NOFOLLOW : 0),
    );
  } catch (error) {
    return { problem: readProblem(error, path) };
  }
  try {
    // Checked again on what was opened: the path may have been swapped in between.
    const opened = fstatSync(descriptor);
    if (!opened.isFile()) return notRegular(opened);
    return readBounded(descriptor, maxBytes);
  } catch (error) {
    return { problem: readProblem(error, path) };
  } finally {
    closeSync(descriptor);
  }
}

/** Reads until the end or one byte past the bound: a file whose size says 0 (procfs) is bounded too. */
function readBounded(descriptor: number, maxBytes: number): FileRead {
  const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const count = readSync(descriptor, buffer, 0, buffer.length, null);
    if (count === 0) break;
    total += count;
    if (total > maxBytes) return tooLarge(undefined, maxBytes);
    chunks.push(Buffer.from(buffer.subarray(0, count)));
  }
  return { text: Buffer.concat(chunks, total).toString('utf8') };
}

function notRegular(stats: Stats): FileRead {
  const kind = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a FIFO (named pipe)'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isBlockDevice()
          ? 'a block device'
          : stats.isSocket()
            ? 'a socket'
            : 'something else';
  return stats.isDirectory()
    ? { problem: 'it is a folder' }
    : { problem: `it is not a regular file but ${kind}`, code: 'E_INCLUDE_NOT_ALLOWED' };
}

function tooLarge(size: number | undefined, maxBytes: number): FileRead {
  return {
    problem: `it is ${size === undefined ? 'more than' : `${size} bytes, more than`} the ${maxBytes} bytes a file of a pipeline may hold`,
    code: 'E_TOO_LARGE',
    ...(size === undefined ? {} : { size }),
  };
}

function readProblem(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such file (${displayPath(path)})`;
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return `permission denied (${displayPath(path)})`;
  return (error as Error).message;
}

/**
 * The reader of includes and sub-pipelines for the pipeline `pipelineFile`: paths relative to
 * the file that names them, confined to the pipeline's folder and `allowedFolders`. A file
 * included many times is read once.
 */
export function pipelineFileReader(pipelineFile: string, allowedFolders: readonly string[] = []): ResolveFile {
  const roots = [dirname(resolve(pipelineFile)), ...allowedFolders.map((folder) => resolve(folder))].flatMap((root) => [
    root,
    realOrSelf(root),
  ]);
  const shownRoot = displayPath(dirname(resolve(pipelineFile)));
  const read = new Map<string, FileRead>();
  return (fromFile, path) => {
    const target = targetOf(fromFile, path);
    // Refused before the file is touched: whether /etc/shadow exists is none of the pipeline's business.
    if (!isInside(target, roots)) return outside(shownRoot);
    let real: string;
    try {
      real = realpathSync(target);
    } catch (error) {
      return { error: readProblem(error, target) };
    }
    if (!isInside(real, roots)) return outside(shownRoot, real);
    const result = read.get(real) ?? readRegularFile(real, COMPILE_LIMITS.fileBytes, true);
    read.set(real, result);
    return 'text' in result
      ? { file: displayPath(target), text: result.text }
      : {
          error: result.problem,
          ...(result.code ? { code: result.code } : {}),
          ...(result.code === 'E_INCLUDE_NOT_ALLOWED' ? { hint: 'include text files only' } : {}),
        };
  };
}

function targetOf(fromFile: string, path: string): string {
  const folder = dirname(resolve(fromFile.replace(/#inline$/, '')));
  // py-orc's examples keep prompt files in prompts/ beside the pipeline and name them bare.
  const besidePrompts = resolve(folder, 'prompts', path);
  const direct = resolve(folder, path);
  return !exists(direct) && exists(besidePrompts) ? besidePrompts : direct;
}

function outside(shownRoot: string, real?: string): ResolveProblem {
  const link = real ? `it is a link to ${displayPath(real)}, ` : 'it is ';
  return {
    error: `${link}outside the pipeline's folder (${shownRoot}) and the folders of ORC_INCLUDE_PATHS`,
    code: 'E_INCLUDE_NOT_ALLOWED',
    hint: OUTSIDE_HINT,
  };
}

function isInside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const inner = relative(root, path);
    return inner === '' || (!inner.startsWith(`..${sep}`) && inner !== '..' && !isAbsolute(inner));
  });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') || shown === '' ? path : shown;
}
