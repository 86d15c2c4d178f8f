// `filesystem.copy` and `filesystem.move`: both ends confined to the workspace.
import { cp, lstat, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { fileError } from './file-errors.js';
import { toolFailure } from './tool-error.js';
import type { ToolContext } from './tool-implementation.js';
import { resolveEntryInWorkspace, resolveInWorkspace } from './workspace-path.js';

// The compiler maps py-orc's `source` to `path`; direct callers may still say `source`.
const withSource = (parameters: Record<string, unknown>): Record<string, unknown> => ({ ...parameters, path: parameters.path ?? parameters.source });

export async function copyEntry(given: Record<string, unknown>, context: ToolContext) {
  const parameters = withSource(given);
  const shown = String(parameters.path);
  const source = await resolveInWorkspace(context.workspaceRoot, parameters.path);
  const info = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw fileError(error, shown);
  });
  const destination = await destinationFor(parameters.destination, context, source);
  if (info.isDirectory() && (destination === source || destination.startsWith(source + '/'))) {
    throw toolFailure(ERROR_TYPES.toolError, `cannot copy the folder "${shown}" into itself: choose a destination outside it`, { retryable: false });
  }
  try {
    await mkdir(dirname(destination), { recursive: true });
    // Links inside a copied folder are copied as links, never followed: a link pointing
    // outside stays a link that every later read refuses.
    await cp(source, destination, { recursive: true, force: true, verbatimSymlinks: true });
  } catch (error) {
    throw fileError(error as NodeJS.ErrnoException, String(parameters.destination));
  }
  return { success: true, source: parameters.path, destination: parameters.destination };
}

export async function moveEntry(given: Record<string, unknown>, context: ToolContext) {
  const parameters = withSource(given);
  const shown = String(parameters.path);
  const { path: source, isRoot } = await resolveEntryInWorkspace(context.workspaceRoot, parameters.path);
  if (isRoot) throw toolFailure(ERROR_TYPES.toolError, 'refusing to move the workspace itself: name a file or folder inside it', { retryable: false });
  await lstat(source).catch((error: NodeJS.ErrnoException) => {
    throw fileError(error, shown);
  });
  const destination = await destinationFor(parameters.destination, context, source);
  try {
    await mkdir(dirname(destination), { recursive: true });
    await rename(source, destination);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV') throw fileError(error as NodeJS.ErrnoException, code === 'ENOENT' ? shown : String(parameters.destination));
    // A workspace spanning devices: copy then delete, as mv does.
    await cp(source, destination, { recursive: true, force: true, verbatimSymlinks: true });
    await rm(source, { recursive: true, force: true });
  }
  return { success: true, source: parameters.path, destination: parameters.destination };
}

/**
 * The destination path; an existing folder, or a path ending in "/", receives the source under
 * its own name, like cp and mv.
 */
async function destinationFor(userDestination: unknown, context: ToolContext, source: string): Promise<string> {
  const destination = await resolveInWorkspace(context.workspaceRoot, userDestination);
  if (typeof userDestination === 'string' && /[/\\]$/.test(userDestination)) return join(destination, basename(source));
  const existing = await stat(destination).catch(() => undefined);
  return existing?.isDirectory() === true && destination !== source ? join(destination, basename(source)) : destination;
}
