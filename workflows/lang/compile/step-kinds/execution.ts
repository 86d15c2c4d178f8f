// Which tool steps run as Temporal local activities (`execution: local` in the IR). Built-in
// actions whose work is small and stays on the worker's disk and CPU run locally by default;
// whatever waits on the world (models, the web, MCP servers, sandboxed code, Chromium) stays a
// regular activity. A step's `execution:` overrides the default. docs/performance.md explains
// the trade (a local step skips the server's round trip; a crash re-runs it).
import type { ToolStepIR } from '../../ir.js';
import { BUILT_IN_TOOLS } from '../../tools/index.js';
import type { CompileContext } from '../context.js';
import type { Entry } from '../mapping.js';
import { hasTemplate } from '../../expr/index.js';
import { describeNode, plainValue } from '../values.js';

/** Built-in tools whose every action is local by default (report-generator: not for PDFs). */
export const LOCAL_BY_DEFAULT: ReadonlySet<string> = new Set([
  'filesystem',
  'data-processing',
  'validation',
  'report-generator',
]);

/** Sets `execution: 'local'` on a tool step that runs locally, or reports why it cannot. */
export function compileExecution(context: CompileContext, ir: ToolStepIR, entry: Entry | undefined): void {
  const written = entry ? plainValue(entry.value) : undefined;
  if (entry && written !== 'local' && written !== 'activity') {
    context.source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `step "${ir.id}": execution must be "activity" or "local", not ${describeNode(entry.value)}`,
    );
    return;
  }
  if (written === 'activity') return;
  if (written === 'local' && ir.task_queue !== undefined) {
    context.source.report(
      'error',
      'E_EXECUTION',
      entry!.value ?? entry!.keyNode,
      entry!.pointer,
      `step "${ir.id}" cannot run locally: it names task_queue "${ir.task_queue}", and a local activity runs on the worker running the workflow`,
      'remove task_queue (or defaults.task_queue), or write execution: activity',
    );
    return;
  }
  if (written === 'local' || (ir.task_queue === undefined && isLocalByDefault(context, ir))) ir.execution = 'local';
}

function isLocalByDefault(context: CompileContext, ir: ToolStepIR): boolean {
  // A custom tool that takes a built-in's name is not the built-in.
  if (!LOCAL_BY_DEFAULT.has(ir.tool) || context.tools[ir.tool] !== BUILT_IN_TOOLS[ir.tool]) return false;
  if (ir.tool !== 'report-generator') return true;
  // A PDF is printed by Chromium: a regular activity. A templated format might say pdf.
  const format = ir.parameters.format;
  return format === undefined || (typeof format === 'string' && format !== 'pdf' && !hasTemplate(format));
}
