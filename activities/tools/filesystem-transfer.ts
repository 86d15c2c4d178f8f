// `filesystem.copy` and `filesystem.move`: both ends confined to the workspace, resolved and
// carried out through workspace descriptors (workspace-files/).
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { withFileErrors } from './file-errors.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext } from './tool-implementation.js';
import {
  at,
  copyOpened,
  destinationOf,
  intoItself,
  isWithin,
  LINK,
  locateEntry,
  O_NONBLOCK,
  O_RDONLY,
  openLast,
  removeEntry,
  renameEntry,
  sameEntry,
  walk,
  withWorkspace,
} from './workspace-files/index.js';

// The compiler maps py-orc's `source` to `path`; direct callers may still say `source`.
const withSource = (parameters: Record<string, unknown>): Record<string, unknown> => ({
  ...parameters,
  path: parameters.path ?? parameters.source,
});

export async function copyEntry(given: Record<string, unknown>, context: ToolContext) {
  const parameters = withSource(given);
  const shown = String(parameters.path);
  await withFileErrors(shown, () =>
    withWorkspace(context.workspaceRoot, async (session) => {
      // The source follows links inside the workspace, as reading does.
      const source = await walk(
        session,
        parameters.path,
        {},
        (folder, name) => openLast(session, folder, name, O_RDONLY | O_NONBLOCK),
        async (folder) => folder,
      );
      const info = await source.stat();
      const destination = await withFileErrors(String(parameters.destination), () =>
        destinationOf(session, destinationText(parameters.destination), {
          name: lastName(shown, session.rootPath),
          info,
        }),
      );
      if (info.isDirectory() && (await isWithin(session, destination.folder, info))) throw intoItself('copy', shown);
      const existing = await lstat(at(destination.folder, destination.name)).catch(() => undefined);
      if (existing !== undefined && sameEntry(existing, info))
        throw toolFailure(
          ERROR_TYPES.toolError,
          `"${shown}" and "${String(parameters.destination)}" are the same file: choose another destination`,
          { retryable: false },
        );
      await withFileErrors(String(parameters.destination), () => copyOpened(session, source, info, destination, shown));
    }),
  );
  return { success: true, source: parameters.path, destination: parameters.destination };
}

export async function moveEntry(given: Record<string, unknown>, context: ToolContext) {
  const parameters = withSource(given);
  const shown = String(parameters.path);
  await withFileErrors(shown, () =>
    withWorkspace(context.workspaceRoot, async (session) => {
      // The entry itself: a link is moved as the link it is.
      const source = await locateEntry(session, parameters.path);
      if (source === undefined)
        throw toolFailure(
          ERROR_TYPES.toolError,
          'refusing to move the workspace itself: name a file or folder inside it',
          { retryable: false },
        );
      const info = await lstat(at(source.folder, source.name));
      const destination = await withFileErrors(String(parameters.destination), () =>
        destinationOf(session, destinationText(parameters.destination), { name: source.name, info }),
      );
      if (info.isDirectory() && (await isWithin(session, destination.folder, info))) throw intoItself('move', shown);
      try {
        await renameEntry(source, destination);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        // A workspace spanning devices: copy then delete, as mv does.
        const opened = info.isSymbolicLink()
          ? undefined
          : await openLast(session, source.folder, source.name as string, O_RDONLY | O_NONBLOCK);
        if (opened === undefined || opened === LINK)
          throw toolFailure(
            ERROR_TYPES.toolError,
            `cannot move the link "${shown}" to another device: move what it points to`,
            { retryable: false },
          );
        await copyOpened(session, opened, info, destination, shown);
        await removeEntry(session, source, shown);
      }
    }),
  );
  return { success: true, source: parameters.path, destination: parameters.destination };
}

function destinationText(destination: unknown): string {
  if (typeof destination !== 'string' || destination.trim() === '')
    throw toolFailure(
      ERROR_TYPES.toolError,
      `destination must be a non-empty path, not ${JSON.stringify(destination)}`,
      { retryable: false },
    );
  return destination;
}

/** The name a copy takes inside a destination folder: the source's last name (the root's own for the root). */
function lastName(shown: string, rootPath: string): string {
  const name = posix.basename(posix.normalize(shown));
  return name === '' || name === '.' || name === '..' ? posix.basename(rootPath) : name;
}
