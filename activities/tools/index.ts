import { code } from './code.js';
import { dataProcessing } from './data-processing/index.js';
import { filesystem } from './filesystem.js';
import { reportGenerator } from './report-generator.js';
import { validation } from './validation/index.js';
import { visualization } from './visualization/index.js';
import { mcp } from './mcp/mcp-tool.js';
import { mcpServer } from './mcp/mcp-server-tool.js';
import { pythonExecutor } from './python-executor.js';
import { terminal } from './terminal.js';
import { headlessBrowser } from './headless-browser.js';
import type { ToolImplementation } from './tool-implementation.js';
import { web } from './web.js';
import { webSearch } from './web-search.js';
import { imageAnalysis, imageGeneration } from './media-tools.js';
import { audioProcessing } from './audio-processing.js';
import { videoProcessing } from './video-processing/index.js';

export { toolFailure } from '../tool-failure.js';
// Model steps read their media through the same workspace and web policy as the tools.
export { readWorkspaceFile, writeWorkspaceFile } from './workspace-files/index.js';
export { httpRequest, WebRequestError } from './web/http-client.js';
export { customToolExport, customToolProblems, plainDefinition, type CustomTool } from './custom/index.js';
export type { ToolAction, ToolContext, ToolImplementation, ToolModels } from './tool-implementation.js';
export {
  defaultToolSettings,
  type BrowserSettings,
  type SandboxSettings,
  type SearchSettings,
  type ToolSettings,
  type WebSettings,
} from './tool-settings.js';

/** Built-in tool implementations by name; their schemas are in workflows/lang/tools. */
export const BUILT_IN_TOOL_IMPLEMENTATIONS: Readonly<Record<string, ToolImplementation>> = {
  filesystem,
  'data-processing': dataProcessing,
  validation,
  'report-generator': reportGenerator,
  terminal,
  'python-executor': pythonExecutor,
  code,
  mcp,
  'mcp-server': mcpServer,
  web,
  http: web,
  'web-search': webSearch,
  'headless-browser': headlessBrowser,
  visualization,
  'image-analysis': imageAnalysis,
  'image-generation': imageGeneration,
  'audio-processing': audioProcessing,
  'video-processing': videoProcessing,
};
