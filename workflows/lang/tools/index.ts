import { codeTool } from './code.js';
import { dataProcessingTool } from './data-processing.js';
import type { ToolDefinition } from './definition.js';
import { filesystemTool } from './filesystem.js';
import { headlessBrowserTool } from './headless-browser.js';
import { mcpTool } from './mcp.js';
import { mcpMemoryTool } from './mcp-memory.js';
import { mcpServerTool } from './mcp-server.js';
import { multiModelRoutingTool, promptOptimizationTool, taskDelegationTool } from './llm-tools.js';
import { pythonExecutorTool } from './python-executor.js';
import { reportGeneratorTool } from './report-generator.js';
import { terminalTool } from './terminal.js';
import { validationTool } from './validation.js';
import { visualizationTool } from './visualization.js';
import { webSearchTool } from './web-search.js';
import { audioProcessingTool, imageAnalysisTool, imageGenerationTool } from './media.js';
import { videoProcessingTool } from './video.js';
import { httpTool, webTool } from './web.js';

export {
  defineTool,
  type ToolActionSpec,
  type ToolDefinition,
  type ToolParameterSpec,
  type ToolParameterType,
} from './definition.js';
export { argumentsSchema } from './arguments-schema.js';
export { resolveAgentTools } from './agent-tools.js';
export { findToolAction, findToolParameter, type ResolvedToolAction, type ResolvedToolParameter } from './lookup.js';
export { NOT_OFFERED_TOOLS } from './not-offered.js';
export { codeTool } from './code.js';
export { dataProcessingTool } from './data-processing.js';
export { filesystemTool } from './filesystem.js';
export { headlessBrowserTool } from './headless-browser.js';
export { mcpTool } from './mcp.js';
export { MCP_MEMORY_ACTIONS, mcpMemoryTool } from './mcp-memory.js';
export { MCP_SERVER_ACTIONS, mcpServerTool } from './mcp-server.js';
export { multiModelRoutingTool, promptOptimizationTool, taskDelegationTool } from './llm-tools.js';
export { pythonExecutorTool } from './python-executor.js';
export { reportGeneratorTool } from './report-generator.js';
export { terminalTool } from './terminal.js';
export { validationTool } from './validation.js';
export { visualizationTool } from './visualization.js';
export { webSearchTool } from './web-search.js';
export { audioProcessingTool, imageAnalysisTool, imageGenerationTool } from './media.js';
export { VIDEO_OPERATIONS, videoProcessingTool } from './video.js';
export { httpTool, webTool } from './web.js';

const definitions: readonly ToolDefinition[] = [
  filesystemTool,
  terminalTool,
  pythonExecutorTool,
  codeTool,
  webTool,
  httpTool,
  webSearchTool,
  headlessBrowserTool,
  dataProcessingTool,
  validationTool,
  reportGeneratorTool,
  visualizationTool,
  mcpTool,
  mcpServerTool,
  mcpMemoryTool,
  taskDelegationTool,
  multiModelRoutingTool,
  promptOptimizationTool,
  imageAnalysisTool,
  imageGenerationTool,
  audioProcessingTool,
  videoProcessingTool,
];

/** The built-in tools' definitions by name (`web` and `http` are the same tool under two names). */
export const BUILT_IN_TOOLS: Readonly<Record<string, ToolDefinition>> = Object.fromEntries(
  definitions.map((definition) => [definition.name, definition]),
);

export { WORKFLOW_TOOLS } from './workflow-tools.js';
