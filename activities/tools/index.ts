import { code } from './code.js';
import { filesystem } from './filesystem.js';
import { mcp } from './mcp/mcp-tool.js';
import { pythonExecutor } from './python-executor.js';
import { terminal } from './terminal.js';
import { headlessBrowser } from './headless-browser.js';
import type { ToolImplementation } from './tool-implementation.js';
import { web } from './web.js';
import { webSearch } from './web-search.js';

export { toolFailure } from './tool-error.js';
export type { ToolAction, ToolContext, ToolImplementation } from './tool-implementation.js';
export { defaultToolSettings, type BrowserSettings, type SandboxSettings, type SearchSettings, type ToolSettings, type WebSettings } from './tool-settings.js';

/** Built-in tool implementations by name; their schemas are in workflows/lang/tools. */
export const BUILT_IN_TOOL_IMPLEMENTATIONS: Readonly<Record<string, ToolImplementation>> = { filesystem, terminal, 'python-executor': pythonExecutor, code, mcp, web, http: web, 'web-search': webSearch, 'headless-browser': headlessBrowser };
