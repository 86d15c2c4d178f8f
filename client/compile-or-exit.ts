// For commands that need a valid pipeline (run, compile, schedule create/update): the compiled
// IR, or the diagnostics on stderr and exit 2.
import type { PipelineIR } from '../workflows/lang/ir.js';
import { compilerTools } from './compiler-tools.js';
import { CliError, EXIT } from './exit-codes.js';
import { loadPipeline } from './load-pipeline.js';
import { renderDiagnostics } from './render-diagnostics.js';
import type { CommandContext } from './commands/command.js';

export async function compileOrExit(
  file: string,
  color: boolean,
  context: CommandContext,
  impliedParameters?: readonly string[],
): Promise<PipelineIR> {
  const pipeline = await loadPipeline(file, await compilerTools(), undefined, undefined, impliedParameters);
  if (pipeline.diagnostics.length > 0) context.note(renderDiagnostics(pipeline.diagnostics, pipeline.sources, color));
  if (!pipeline.ir) {
    const errors = pipeline.diagnostics.filter((item) => item.severity === 'error').length;
    throw new CliError(
      `${pipeline.file} is not a valid pipeline (${errors} error${errors === 1 ? '' : 's'}); nothing was started`,
      EXIT.invalid,
    );
  }
  return pipeline.ir;
}

/** Compiled, and runnable by this version of orc's workers; else exit 2. */
export async function compileRunnable(
  file: string,
  color: boolean,
  context: CommandContext,
  impliedParameters?: readonly string[],
): Promise<PipelineIR> {
  const ir = await compileOrExit(file, color, context, impliedParameters);
  const { unsupportedFeatures } = await import('../workflows/lang/runnable.js');
  const unsupported = unsupportedFeatures(ir);
  if (unsupported.length > 0)
    throw new CliError(
      `${file} is valid, but this version of orc cannot run it yet:\n  ${unsupported.join('\n  ')}`,
      EXIT.invalid,
      'see docs/pipeline-language.md for what runs today',
    );
  return ir;
}
