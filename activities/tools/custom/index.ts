// Custom tools: the plug-in API (`defineCustomTool`, from define-custom-tool.ts, which plug-in
// authors import directly) and the checks a worker and the CLI run on a loaded module.
export { customToolExport, customToolProblems, plainDefinition } from './check-custom-tool.js';
export { defineCustomTool, type CustomTool } from './define-custom-tool.js';
