import type { ToolDefinition } from './definition.js';
import { filesystemTool } from './filesystem.js';

export { defineTool, type ToolActionSpec, type ToolDefinition, type ToolParameterSpec, type ToolParameterType } from './definition.js';
export { filesystemTool } from './filesystem.js';

/** The built-in tools' definitions by name. */
export const BUILT_IN_TOOLS: Readonly<Record<string, ToolDefinition>> = {
  [filesystemTool.name]: filesystemTool,
};
