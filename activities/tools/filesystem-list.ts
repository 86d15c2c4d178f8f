// `filesystem.list`: a folder's entries, optionally recursive and filtered by a glob.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { fileError } from './file-errors.js';
import { globToRegExp } from './glob.js';
import { toolFailure } from './tool-error.js';
import type { ToolContext } from './tool-implementation.js';
import { resolveInWorkspace } from './workspace-path.js';

interface ListedItem {
  name: string;
  path: string;
  type: 'file' | 'directory';
  size: number;
}

/** A bound on what one step may list, so `recursive` on a huge tree cannot exhaust the worker. */
const MAX_ITEMS = 10_000;

export async function listFolder(parameters: Record<string, unknown>, context: ToolContext) {
  const shown = String(parameters.path);
  const folder = await resolveInWorkspace(context.workspaceRoot, parameters.path);
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    throw fileError(error, shown);
  });
  if (!info.isDirectory()) throw toolFailure(ERROR_TYPES.toolError, `"${shown}" is a file, not a folder: list a folder`, { retryable: false });
  const pattern = typeof parameters.pattern === 'string' && parameters.pattern !== '' ? parameters.pattern : undefined;
  const matcher = pattern === undefined ? undefined : globToRegExp(pattern);
  const items: ListedItem[] = [];
  const realRoot = await realpath(context.workspaceRoot);
  await walk({ folder, base: folder, shownBase: shown, recursive: parameters.recursive === true, realRoot, items });
  // A pattern with a slash matches the path below the listed folder; otherwise the name.
  const matches = (item: ListedItem, below: string) => matcher === undefined || matcher.test(pattern!.includes('/') ? below : item.name);
  const kept = items.filter((item) => matches(item, posix.relative(toPosix(shown), item.path)));
  return { success: true, path: parameters.path, items: kept, count: kept.length };
}

interface Walk {
  folder: string;
  base: string;
  shownBase: string;
  recursive: boolean;
  realRoot: string;
  items: ListedItem[];
}

async function walk(walkState: Walk): Promise<void> {
  const entries = await readdir(walkState.folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (walkState.items.length >= MAX_ITEMS) {
      throw toolFailure(ERROR_TYPES.toolError, `more than ${MAX_ITEMS} entries: list a smaller folder or without recursive`, { retryable: false });
    }
    const full = join(walkState.folder, entry.name);
    const type = await entryType(entry, full, walkState.realRoot);
    if (type === undefined) continue;
    const below = toPosix(relative(walkState.base, full));
    const size = type === 'file' ? (await stat(full)).size : 0;
    walkState.items.push({ name: entry.name, path: posix.join(toPosix(walkState.shownBase), below), type, size });
    // Symlinked folders are listed but not entered: no cycles, no second copy of a tree.
    if (walkState.recursive && type === 'directory' && entry.isDirectory()) await walk({ ...walkState, folder: full });
  }
}

/** The entry's kind; a symlink counts as what it points to, and is hidden if that is outside. */
async function entryType(entry: Dirent, full: string, realRoot: string): Promise<ListedItem['type'] | undefined> {
  if (entry.isDirectory()) return 'directory';
  if (!entry.isSymbolicLink()) return 'file';
  const target = await realpath(full).catch(() => undefined);
  if (target === undefined || !(target === realRoot || target.startsWith(realRoot + sep))) return undefined;
  return (await stat(target)).isDirectory() ? 'directory' : 'file';
}

const toPosix = (path: string) => path.split(sep).join('/');
