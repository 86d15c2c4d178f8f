// The plug-in API: a custom tool is one module exporting its definition (pure data, for the
// compiler) and its implementation (one async function per action, for the worker) together.
// The worker loads it from ORC_TOOLS and registers the implementation; `orc validate`, `orc
// compile` and `orc run` load the same module and check steps against the definition.
import type { ToolDefinition } from '../../../workflows/lang/tools/index.js';
import type { ToolAction, ToolImplementation } from '../tool-implementation.js';

export interface CustomTool {
  definition: ToolDefinition;
  implementation: ToolImplementation;
}

/**
 * Ties a definition to its implementation: TypeScript then insists on one function per action,
 * named as the definition's actions are. Export the result as the module's default export.
 */
export function defineCustomTool<const Definition extends ToolDefinition>(tool: {
  definition: Definition;
  implementation: { readonly [Action in keyof Definition['actions']]: ToolAction };
}): CustomTool {
  return { definition: tool.definition, implementation: tool.implementation as ToolImplementation };
}

export {
  defineTool,
  type ToolActionSpec,
  type ToolDefinition,
  type ToolParameterSpec,
  type ToolParameterType,
} from '../../../workflows/lang/tools/index.js';
export { toolFailure } from '../../tool-failure.js';
export type { ToolAction, ToolContext, ToolImplementation } from '../tool-implementation.js';
