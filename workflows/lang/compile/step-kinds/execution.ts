// Which tool steps run as Temporal local activities (`execution: local` in the IR). Built-in
// actions whose work is small, stays on the worker's disk and CPU, and may safely run twice
// run locally by default; whatever waits on the world (models, the web, MCP servers,
// sandboxed code, Chromium) stays a regular activity. A step's `execution:` overrides the
// default. docs/pipeline-language.md lists them; docs/decisions/0011 explains the trade (a
// local step skips the server's round trip; a worker that dies before its workflow task
// completes runs it again).
import type { ToolStepIR } from '../../ir.js';
import { BUILT_IN_TOOLS } from '../../tools/index.js';
import type { CompileContext } from '../context.js';
import type { Entry } from '../mapping.js';
import { hasTemplate } from '../../expr/index.js';
import { describeNode, plainValue } from '../values.js';

/**
 * Built-in actions local by default: `all` for every action of the tool. Left out on purpose:
 * filesystem append, copy and move (run twice after a crash, they append twice, copy a folder
 * into the copy, or fail on a source already moved), and report-generator's pdf (Chromium).
 */
export const LOCAL_BY_DEFAULT: Readonly<Record<string, readonly string[] | 'all'>> = {
  filesystem: ['read', 'write', 'list', 'exists', 'mkdir', 'delete'],
  'data-processing': 'all',
  validation: 'all',
  'report-generator': 'all',
};

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
      'write execution: local (a local activity on the worker running the run) or execution: activity',
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
  const actions = Object.hasOwn(LOCAL_BY_DEFAULT, ir.tool) ? LOCAL_BY_DEFAULT[ir.tool] : undefined;
  // A custom tool that takes a built-in's name is not the built-in.
  if (actions === undefined || context.tools[ir.tool] !== BUILT_IN_TOOLS[ir.tool]) return false;
  if (actions !== 'all' && !actions.includes(ir.action)) return false;
  if (ir.tool !== 'report-generator') return true;
  // A PDF is printed by Chromium: a regular activity. A templated format might say pdf.
  const format = ir.parameters.format;
  return format === undefined || (typeof format === 'string' && format !== 'pdf' && !hasTemplate(format));
}
