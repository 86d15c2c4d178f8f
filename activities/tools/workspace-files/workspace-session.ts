// One operation's view of the workspace: the root opened as a directory descriptor, every
// descriptor opened below it (closed together at the end), and user paths split into names.
//
// Node has no openat(). `/proc/self/fd/<fd>/<name>` is the same thing: the kernel follows the
// magic link to the folder the descriptor holds — wherever it has been moved or whatever now
// sits at its old path — and then looks up one name in it. With O_NOFOLLOW that name cannot be a
// symlink either, so no step of a walk can be redirected behind our back.
import { constants } from 'node:fs';
import { open, readlink, type FileHandle } from 'node:fs/promises';
import { isAbsolute, posix, resolve } from 'node:path';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';

export const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = constants;
/** A folder, never through a link; O_NONBLOCK so that no open can wait on a FIFO. */
export const FOLDER_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK;

/** The path of `name` inside the folder `folder` holds, for the path-taking calls Node offers. */
export function at(folder: FileHandle, name?: string | Buffer): string | Buffer {
  const base = `/proc/self/fd/${folder.fd}`;
  if (name === undefined) return base;
  return typeof name === 'string' ? `${base}/${name}` : Buffer.concat([Buffer.from(`${base}/`), name]);
}

export class WorkspaceSession {
  private readonly handles = new Set<FileHandle>();
  /** Folders this operation made (mkdir says whether it made any). */
  foldersMade = 0;

  private constructor(
    readonly root: FileHandle,
    /** The root's real path, as the kernel names the folder it opened. */
    readonly rootPath: string,
    /** The root as configured (ORC_WORKSPACE), which absolute user paths may also start with. */
    readonly configuredRoot: string,
  ) {}

  static async open(configuredRoot: string): Promise<WorkspaceSession> {
    // The configured root itself may be a link: that is the operator's choice, not a pipeline's.
    const root = await open(configuredRoot, O_RDONLY | O_DIRECTORY).catch((error: NodeJS.ErrnoException) => {
      throw toolFailure(
        ERROR_TYPES.toolError,
        `the workspace folder ${configuredRoot} cannot be opened (${error.code ?? error.message}): create it or set ORC_WORKSPACE`,
        { retryable: true },
      );
    });
    const rootPath = await readlink(`/proc/self/fd/${root.fd}`).catch(async (error: NodeJS.ErrnoException) => {
      await root.close();
      throw new Error(`the filesystem tools need Linux's /proc/self/fd (${error.code ?? error.message})`);
    });
    return new WorkspaceSession(root, rootPath, resolve(configuredRoot));
  }

  /** Opens `name` in `folder`; the session closes it at the end unless released earlier. */
  async openAt(folder: FileHandle, name: string | Buffer, flags: number, mode?: number): Promise<FileHandle> {
    const handle = await open(at(folder, name), flags, mode);
    this.handles.add(handle);
    return handle;
  }

  async release(handle: FileHandle): Promise<void> {
    if (handle === this.root || !this.handles.delete(handle)) return;
    await handle.close();
  }

  async close(): Promise<void> {
    const all = [...this.handles, this.root];
    this.handles.clear();
    await Promise.all(all.map((handle) => handle.close().catch(() => undefined)));
  }

  /**
   * The names of a path below the root: [] for the root itself. Relative paths are taken from the
   * root; `..` is resolved on the text first (as before), so it can never climb above the root.
   */
  namesOf(userPath: unknown): string[] {
    if (typeof userPath !== 'string' || userPath.trim() === '') {
      throw toolFailure(ERROR_TYPES.toolError, `path must be non-empty text, not ${JSON.stringify(userPath)}`, {
        retryable: false,
      });
    }
    if (userPath.includes('\0'))
      throw toolFailure(ERROR_TYPES.pathOutsideWorkspace, 'path contains a NUL character', { retryable: false });
    const below = isAbsolute(userPath) ? this.belowRoot(posix.normalize(userPath)) : posix.normalize(userPath);
    if (below === undefined || below === '..' || below.startsWith('../'))
      throw outsideWorkspace(userPath, this.rootPath);
    return below.split('/').filter((name) => name !== '' && name !== '.');
  }

  /** An absolute path's part below the root, or undefined when it is not below it. */
  belowRoot(absolute: string): string | undefined {
    for (const root of [this.rootPath, this.configuredRoot]) {
      if (absolute === root) return '.';
      const prefix = root.endsWith('/') ? root : `${root}/`;
      if (absolute.startsWith(prefix)) return absolute.slice(prefix.length);
    }
    return undefined;
  }
}

export function outsideWorkspace(userPath: string, rootPath: string, through?: { link: string; target: string }) {
  const how = through ? ` through the symbolic link "${through.link}" → "${through.target}"` : '';
  return toolFailure(
    ERROR_TYPES.pathOutsideWorkspace,
    `path "${userPath}" is outside the workspace (${rootPath})${how}`,
    { retryable: false },
  );
}

/** Runs `body` with a session on the workspace, closing every descriptor it opened afterwards. */
export async function withWorkspace<T>(
  configuredRoot: string,
  body: (session: WorkspaceSession) => Promise<T>,
): Promise<T> {
  const session = await WorkspaceSession.open(configuredRoot);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}
