// Loading the custom tools ORC_TOOLS names (docs/tools/custom-tools.md), for the worker (which
// registers the implementations) and the CLI (whose compiler checks steps against the
// definitions). Any problem is a ConfigError at start-up, naming the module.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  customToolExport,
  customToolProblems,
  plainDefinition,
  type CustomTool,
  type ToolImplementation,
} from '../activities/index.js';
import { BUILT_IN_TOOLS, NOT_OFFERED_TOOLS, type ToolDefinition } from '../workflows/lang/tools/index.js';
import { ConfigError } from './config-error.js';

export interface LoadedCustomTools {
  /** For the compiler: built-in definitions plus the custom ones. */
  definitions: Readonly<Record<string, ToolDefinition>>;
  /** For the worker: the custom implementations by tool name. */
  implementations: Readonly<Record<string, ToolImplementation>>;
}

/** `modules` are absolute paths (workers/config.ts resolves ORC_TOOLS). */
export async function loadCustomTools(modules: readonly string[]): Promise<LoadedCustomTools> {
  const definitions: Record<string, ToolDefinition> = { ...BUILT_IN_TOOLS };
  const implementations: Record<string, ToolImplementation> = {};
  const origins = new Map<string, string>();
  for (const path of modules) {
    const tool = await loadOne(path);
    const name = tool.definition.name;
    if (Object.hasOwn(BUILT_IN_TOOLS, name) || Object.hasOwn(NOT_OFFERED_TOOLS, name)) {
      throw new ConfigError(
        `ORC_TOOLS: ${path} defines tool "${name}", which is a name orc already uses; rename the custom tool`,
      );
    }
    if (origins.has(name))
      throw new ConfigError(`ORC_TOOLS: ${path} and ${origins.get(name)} both define tool "${name}"`);
    origins.set(name, path);
    definitions[name] = plainDefinition(tool);
    implementations[name] = tool.implementation;
  }
  return { definitions, implementations };
}

async function loadOne(path: string): Promise<CustomTool> {
  if (!existsSync(path)) throw new ConfigError(`ORC_TOOLS: no custom tool module at ${path}`);
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`ORC_TOOLS: ${path} could not be loaded: ${(error as Error).message}`);
  }
  const tool = customToolExport(module);
  const problems = customToolProblems(tool);
  if (problems.length)
    throw new ConfigError(`ORC_TOOLS: ${path} is not a valid custom tool:\n  ${problems.join('\n  ')}`);
  return tool as CustomTool;
}

/**
 * A TypeScript module loads as it is where something strips its types: tsx when orc runs from
 * its sources, Node 22.18 and newer by itself. The compiled package on an older Node tries a tsx
 * installed beside the module, and otherwise says what to do.
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?ts$/.test(path)) throw error;
  }
  let tsxRequire: (id: string, fromFile: string) => Record<string, unknown>;
  try {
    tsxRequire = (createRequire(path)('tsx/cjs/api') as { require: typeof tsxRequire }).require;
  } catch {
    throw new ConfigError(
      `ORC_TOOLS: ${path} is TypeScript, which Node ${process.version} cannot load by itself; ` +
        'compile it to JavaScript, use Node 22.18 or newer, or install tsx beside it (npm install tsx)',
    );
  }
  // tsx's CommonJS API, not its ESM one: `tsImport` (tsx 4.23) registers its loader by a path that
  // does not exist when imported from outside tsx, and tsx's ESM hooks fail on Node 20 for a
  // module outside a `"type": "module"` package. Compiled to CommonJS, an ES module's exports
  // are the same (top-level await is the one thing it cannot have).
  return tsxRequire(path, import.meta.url);
}
