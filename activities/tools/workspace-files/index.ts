// Every workspace file operation of the tools goes through here: paths resolved from the
// workspace's root descriptor, never leaving it, never blocking on a FIFO (docs/security.md).
export {
  openFileForReading,
  openWorkspaceFolder,
  readWorkspaceFile,
  requireRegularFile,
  statWorkspacePath,
  writeWorkspaceFile,
} from './files.js';
export {
  copyOpened,
  destinationOf,
  entriesOf,
  intoItself,
  isWithin,
  locateEntry,
  removeEntry,
  renameEntry,
  sameEntry,
  type Entry,
} from './trees.js';
export { LINK, MAX_DEPTH, MAX_LINKS, openLast, walk } from './walk.js';
export { at, FOLDER_FLAGS, O_NONBLOCK, O_RDONLY, withWorkspace, type WorkspaceSession } from './workspace-session.js';
