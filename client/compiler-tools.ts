// The tool definitions the CLI's compiler checks steps against: the built-ins plus the custom
// tools ORC_TOOLS names — the same modules the worker loads, so validate and run agree. The
// worker side is loaded only when there are custom tools to load.
import { BUILT_IN_TOOLS, type ToolDefinition } from '../workflows/lang/tools/index.js';
import { loadToolModules } from './config.js';

export async function compilerTools(
  modules: readonly string[] = loadToolModules(),
): Promise<Readonly<Record<string, ToolDefinition>>> {
  if (modules.length === 0) return BUILT_IN_TOOLS;
  const { loadCustomTools } = await import('../workers/index.js');
  return (await loadCustomTools(modules)).definitions;
}
