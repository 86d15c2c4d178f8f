// `filesystem.list`: a folder's entries, optionally recursive and filtered by a glob. Folders are
// entered through descriptors (workspace-files/), so a subfolder swapped for a link mid-listing
// is not entered; links are shown as what they point to inside the workspace, or left out.
import type { FileHandle } from 'node:fs/promises';
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { withFileErrors } from './file-errors.js';
import { compileGlob } from './glob.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext } from './tool-implementation.js';
import {
  at,
  entriesOf,
  FOLDER_FLAGS,
  MAX_DEPTH,
  openWorkspaceFolder,
  statWorkspacePath,
  withWorkspace,
  type WorkspaceSession,
} from './workspace-files/index.js';

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
  const pattern = typeof parameters.pattern === 'string' && parameters.pattern !== '' ? parameters.pattern : undefined;
  const matcher = pattern === undefined ? undefined : compileGlob(pattern);
  const items = await withFileErrors(shown, () =>
    withWorkspace(context.workspaceRoot, async (session) => {
      const folder = await openWorkspaceFolder(session, parameters.path);
      const listing: Listing = { session, userBase: shown, recursive: parameters.recursive === true, items: [] };
      await walkFolder(listing, folder, '', 0);
      return listing.items;
    }),
  );
  // A pattern with a slash matches the path below the listed folder; otherwise the name.
  const matches = (item: ListedItem, below: string) =>
    matcher === undefined || matcher.test(pattern!.includes('/') ? below : item.name);
  const kept = items.filter((item) => matches(item, posix.relative(shown, item.path)));
  return { success: true, path: parameters.path, items: kept, count: kept.length };
}

interface Listing {
  session: WorkspaceSession;
  userBase: string;
  recursive: boolean;
  items: ListedItem[];
}

async function walkFolder(listing: Listing, folder: FileHandle, below: string, depth: number): Promise<void> {
  if (depth > MAX_DEPTH)
    throw toolFailure(
      ERROR_TYPES.toolError,
      `"${posix.join(listing.userBase, below)}" nests more than ${MAX_DEPTH} folders deep: list a folder further down`,
      { retryable: false },
    );
  for (const entry of await entriesOf(folder)) {
    if (listing.items.length >= MAX_ITEMS) {
      throw toolFailure(
        ERROR_TYPES.toolError,
        `more than ${MAX_ITEMS} entries: list a smaller folder or without recursive`,
        { retryable: false },
      );
    }
    const name = entry.name.toString('utf8');
    const path = posix.join(listing.userBase, below, name);
    if (!Buffer.from(name, 'utf8').equals(entry.name))
      throw invalidName(posix.join(listing.userBase, below), entry.name);
    const kind = entry.isSymbolicLink()
      ? await linkedKind(listing.session, path)
      : {
          type: entry.isDirectory() ? ('directory' as const) : ('file' as const),
          size: entry.isFile() ? await sizeOf(folder, entry.name) : 0,
        };
    if (kind === undefined) continue;
    listing.items.push({ name, path, ...kind });
    // Linked folders are listed but not entered: no cycles, no second copy of a tree.
    if (!listing.recursive || !entry.isDirectory()) continue;
    const child = await listing.session
      .openAt(folder, entry.name, FOLDER_FLAGS)
      .catch((error: NodeJS.ErrnoException) => {
        // Swapped for a link or a file since the listing: not entered.
        if (error.code === 'ENOTDIR' || error.code === 'ELOOP' || error.code === 'ENOENT') return undefined;
        throw error;
      });
    if (child === undefined) continue;
    await walkFolder(listing, child, posix.join(below, name), depth + 1);
    await listing.session.release(child);
  }
}

/** What a link points to inside the workspace; undefined (left out) when outside, dangling or looping. */
async function linkedKind(
  session: WorkspaceSession,
  path: string,
): Promise<Pick<ListedItem, 'type' | 'size'> | undefined> {
  try {
    const info = await statWorkspacePath(session, path);
    if (info === undefined) return undefined;
    return info.isDirectory() ? { type: 'directory', size: 0 } : { type: 'file', size: info.isFile() ? info.size : 0 };
  } catch (error) {
    if (error instanceof ApplicationFailure) return undefined;
    throw error;
  }
}

async function sizeOf(folder: FileHandle, name: Buffer): Promise<number> {
  return (await lstat(at(folder, name)).catch(() => undefined))?.size ?? 0;
}

function invalidName(folder: string, name: Buffer) {
  return toolFailure(
    ERROR_TYPES.toolError,
    `the folder "${folder}" holds an entry whose name is not valid UTF-8 ("${escapedName(name)}"), which a pipeline cannot name: rename or delete it in a code step`,
    { retryable: false },
  );
}

/** A name with each byte that is not part of valid UTF-8 written as \xNN. */
function escapedName(name: Buffer): string {
  let text = '';
  for (let index = 0; index < name.length;) {
    const length = utf8SequenceLength(name, index);
    text +=
      length === 0 ? `\\x${name[index]!.toString(16).padStart(2, '0')}` : name.toString('utf8', index, index + length);
    index += Math.max(length, 1);
  }
  return text;
}

/** The length of the valid UTF-8 sequence starting at `index`, or 0. */
function utf8SequenceLength(bytes: Buffer, index: number): number {
  const lead = bytes[index]!;
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead < 0xe0
        ? 2
        : lead >= 0xe0 && lead < 0xf0
          ? 3
          : lead >= 0xf0 && lead < 0xf5
            ? 4
            : 0;
  if (length <= 1) return length;
  const sequence = bytes.subarray(index, index + length);
  return sequence.length === length && Buffer.from(sequence.toString('utf8'), 'utf8').equals(sequence) ? length : 0;
}
