import { defineTool } from './definition.js';

export const filesystemTool = defineTool({
  name: 'filesystem',
  description: "Files in the worker's workspace; a path outside it is refused (symlinks included).",
  actions: {
    read: {
      description: 'Read a UTF-8 text file.',
      parameters: { path: { type: 'string', required: true, description: 'path relative to the workspace root' } },
      result: '{ success, path, content, size }',
    },
    write: {
      description: 'Write a UTF-8 text file, creating its folders; replaces an existing file.',
      parameters: {
        path: { type: 'string', required: true, description: 'path relative to the workspace root' },
        content: { type: 'any', required: true, description: 'text to write; other values are written as JSON' },
      },
      result: '{ success, path, size }',
    },
  },
});
