// The bench-only `bench` tool: one action that does nothing, so the pipeline scenarios time the
// engine (scheduling, templates, history, round trips) rather than any tool's own work.
import type { ToolImplementation } from '../../activities/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { BUILT_IN_TOOLS, defineTool } from '../../workflows/lang/tools/index.js';

export const benchToolDefinition = defineTool({
  name: 'bench',
  description: 'Bench-only: does nothing.',
  actions: {
    noop: {
      description: 'return null at once',
      parameters: { label: { type: 'any', description: 'ignored; lets a step carry a template' } },
      result: 'null',
    },
  },
});

export const benchTool: ToolImplementation = {
  async noop() {
    return null;
  },
};

/** Compiles a scenario's pipeline with the bench tool available; throws on diagnostics. */
export function compileBenchPipeline(text: string, file: string): PipelineIR {
  const result = compilePipeline(text, { file, tools: { ...BUILT_IN_TOOLS, bench: benchToolDefinition } });
  if (!result.ir)
    throw new Error(
      `${file} does not compile:\n${result.diagnostics.map((item) => `${item.range.line}:${item.range.column} ${item.code} ${item.message}`).join('\n')}`,
    );
  return result.ir;
}
