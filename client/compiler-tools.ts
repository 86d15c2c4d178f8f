// The tool definitions the CLI's compiler checks steps against: the built-ins plus the custom
// tools ORC_TOOLS names — the same modules the worker loads, so validate and run agree.
import { BUILT_IN_TOOLS, type ToolDefinition } from '../workflows/lang/tools/index.js';
import { loadCustomTools } from '../workers/index.js';
import { loadToolModules } from './config.js';

export async function compilerTools(
  modules: readonly string[] = loadToolModules(),
): Promise<Readonly<Record<string, ToolDefinition>>> {
  if (modules.length === 0) return BUILT_IN_TOOLS;
  return (await loadCustomTools(modules)).definitions;
}
