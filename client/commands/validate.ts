// `orc validate FILE… [--json]`: every diagnostic of every file; exit 2 on any error.
import { hasErrors } from '../../workflows/lang/diagnostics.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { compilerTools } from '../compiler-tools.js';
import { CliError, EXIT } from '../exit-codes.js';
import { loadPipeline } from '../load-pipeline.js';
import { diagnosticsJson, renderDiagnostics } from '../render-diagnostics.js';
import type { CommandContext } from './command.js';
import { paint } from '../paint.js';

export async function validateCommand(
  files: string[],
  options: { json: boolean; color: boolean },
  context: CommandContext,
): Promise<number> {
  if (files.length === 0)
    throw new CliError(
      'orc validate needs at least one pipeline file',
      EXIT.invalid,
      'orc validate pipelines/hello.yaml',
    );
  const tools = await compilerTools();
  const loaded = await Promise.all(files.map((file) => loadPipeline(file, tools)));
  const diagnostics = loaded.flatMap((pipeline) => pipeline.diagnostics);
  const failed = hasErrors(diagnostics);
  if (options.json) context.print(JSON.stringify(diagnosticsJson(diagnostics), null, 2));
  else {
    const sources = new Map(loaded.flatMap((pipeline) => [...pipeline.sources]));
    if (diagnostics.length > 0) context.print(renderDiagnostics(diagnostics, sources, options.color));
    const painter = paint(options.color);
    for (const pipeline of loaded) {
      const errors = pipeline.diagnostics.filter((item) => item.severity === 'error').length;
      const warnings = pipeline.diagnostics.length - errors;
      const verdict = errors ? painter.red(`${errors} error${errors === 1 ? '' : 's'}`) : painter.green('valid');
      context.note(
        `${pipeline.file}: ${verdict}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
      );
    }
  }
  return failed ? EXIT.invalid : EXIT.ok;
}

/** For commands that need a valid pipeline: prints the diagnostics and exits 2 when invalid. */
export async function compileOrExit(file: string, color: boolean, context: CommandContext): Promise<PipelineIR> {
  const pipeline = await loadPipeline(file, await compilerTools());
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
