// Reading, writing and asking about one workspace path, every step through the walk. The last
// open adds O_NOFOLLOW (a link there is followed by the walk's rules, never by the kernel) and
// O_NONBLOCK, and the opened descriptor must be a regular file before a byte moves: a FIFO, a
// socket or a device is refused at once instead of blocking a thread of the worker's pool.
import type { Stats } from 'node:fs';
import { lstat, mkdir, type FileHandle } from 'node:fs/promises';
import { fileError, kindOf, notRegularFile, withFileErrors } from '../file-errors.js';
import { LINK, openLast, walk } from './walk.js';
import {
  at,
  FOLDER_FLAGS,
  O_APPEND,
  O_CREAT,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
  withWorkspace,
  type WorkspaceSession,
} from './workspace-session.js';

const isAFolder = (userPath: unknown) => async (): Promise<never> => {
  throw fileError(Object.assign(new Error('is a folder'), { code: 'EISDIR' }), String(userPath));
};

export async function requireRegularFile(handle: FileHandle, userPath: unknown): Promise<Stats> {
  const info = await handle.stat();
  if (info.isFile()) return info;
  if (info.isDirectory()) return isAFolder(userPath)();
  throw notRegularFile(String(userPath), kindOf(info));
}

/** A regular file, opened for reading; the session closes it. */
export function openFileForReading(session: WorkspaceSession, userPath: unknown): Promise<FileHandle> {
  return walk(
    session,
    userPath,
    {},
    async (folder, name) => {
      const handle = await openLast(session, folder, name, O_RDONLY | O_NONBLOCK);
      if (handle !== LINK) await requireRegularFile(handle, userPath);
      return handle;
    },
    isAFolder(userPath),
  );
}

export async function readWorkspaceFile(root: string, userPath: unknown): Promise<Buffer> {
  return withFileErrors(String(userPath), () =>
    withWorkspace(root, async (session) => (await openFileForReading(session, userPath)).readFile()),
  );
}

/** Writes (or appends) `content`, making the folders on the way; answers the file's size after. */
export async function writeWorkspaceFile(
  root: string,
  userPath: unknown,
  content: string | Buffer,
  options: { append?: boolean } = {},
): Promise<number> {
  return withFileErrors(String(userPath), () =>
    withWorkspace(root, (session) =>
      walk(
        session,
        userPath,
        { createFolders: true },
        async (folder, name) => {
          const handle = await openLast(
            session,
            folder,
            name,
            O_WRONLY | O_CREAT | O_NONBLOCK | (options.append ? O_APPEND : 0),
            0o666,
          );
          if (handle === LINK) return LINK;
          await requireRegularFile(handle, userPath);
          // Truncated only now that it is known to be a regular file.
          if (!options.append) await handle.truncate(0);
          await handle.writeFile(content);
          return (await handle.stat()).size;
        },
        isAFolder(userPath),
      ),
    ),
  );
}

/** What the path is, following links inside the workspace; undefined when nothing is there. */
export async function statWorkspacePath(session: WorkspaceSession, userPath: unknown): Promise<Stats | undefined> {
  const missing = (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  };
  return walk<Stats | undefined>(
    session,
    userPath,
    {},
    async (folder, name) => {
      const info = await lstat(at(folder, name)).catch(missing);
      return info?.isSymbolicLink() ? LINK : info;
    },
    (folder) => folder.stat(),
  ).catch(missing);
}

/** The folder at `userPath` (following links inside the workspace), open; made first when asked to. */
export function openWorkspaceFolder(
  session: WorkspaceSession,
  userPath: unknown,
  options: { create?: boolean } = {},
): Promise<FileHandle> {
  return walk(
    session,
    userPath,
    { createFolders: options.create === true },
    async (folder, name) => {
      if (options.create) await mkdir(at(folder, name), 0o777).then(() => session.foldersMade++, ignoreExisting);
      const info = await lstat(at(folder, name));
      if (info.isSymbolicLink()) return LINK;
      // Opened with O_NOFOLLOW: a link swapped in after the lstat fails here instead of being followed.
      return session.openAt(folder, name, FOLDER_FLAGS);
    },
    async (folder) => folder,
  );
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}
