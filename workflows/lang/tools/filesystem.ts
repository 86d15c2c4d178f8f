import { defineTool } from './definition.js';

const path = { type: 'string', required: true, description: 'path relative to the workspace root' } as const;
const destination = {
  type: 'string',
  required: true,
  description: 'target path relative to the workspace root',
} as const;
// py-orc's copy and move call their first argument `source` in places.
const source = { ...path, description: 'source path relative to the workspace root', aliases: ['source'] } as const;

export const filesystemTool = defineTool({
  name: 'filesystem',
  description: "Files in the worker's workspace; a path outside it is refused (symlinks included).",
  actions: {
    read: {
      description: 'Read a UTF-8 text file.',
      parameters: { path },
      returns: ['success', 'path', 'content', 'size'],
      result: '{ success, path, content, size }',
    },
    write: {
      description: 'Write a UTF-8 text file, creating its folders; replaces an existing file.',
      parameters: {
        path,
        content: { type: 'any', required: true, description: 'text to write; other values are written as JSON' },
      },
      returns: ['success', 'path', 'size'],
      result: '{ success, path, size }',
    },
    append: {
      description: 'Append text to a file, creating it and its folders if needed.',
      parameters: {
        path,
        content: { type: 'any', required: true, description: 'text to append; other values are appended as JSON' },
      },
      returns: ['success', 'path', 'size'],
      result: '{ success, path, size } — size is the whole file after appending',
    },
    list: {
      description: 'List the entries of a folder.',
      parameters: {
        path,
        pattern: { type: 'string', description: 'glob the entry names must match, e.g. "*.md"' },
        recursive: { type: 'boolean', default: false, description: 'descend into sub-folders' },
      },
      returns: ['success', 'path', 'items', 'count'],
      result: "{ success, path, items: [{ name, path, type: 'file' | 'directory', size }], count }",
    },
    exists: {
      description: 'Whether a file or folder exists.',
      parameters: { path },
      returns: ['success', 'path', 'exists', 'type'],
      result: "{ success, path, exists, type: 'file' | 'directory' | null }",
    },
    mkdir: {
      description: 'Create a folder and its parents; an existing folder is not an error.',
      parameters: { path },
      returns: ['success', 'path', 'created'],
      result: '{ success, path, created } — created is false when it already existed',
    },
    copy: {
      description: 'Copy a file or folder, creating the destination folders.',
      parameters: { path: source, destination },
      returns: ['success', 'source', 'destination'],
      result: '{ success, source, destination }',
    },
    move: {
      description: 'Move or rename a file or folder, creating the destination folders.',
      parameters: { path: source, destination },
      returns: ['success', 'source', 'destination'],
      result: '{ success, source, destination }',
    },
    delete: {
      description: 'Delete a file, or a folder (a non-empty folder only with recursive).',
      parameters: {
        path,
        recursive: { type: 'boolean', default: false, description: 'delete a non-empty folder with its contents' },
      },
      returns: ['success', 'path', 'deleted'],
      result: '{ success, path, deleted } — deleted is false when nothing was there',
    },
  },
});
