// `orc validate FILE… [--json | -o json|yaml]`: every diagnostic of every file; exit 2 on any error.
import { outputFormatOf } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { paint } from '../paint.js';
import { OUTPUT_OPTIONS, type CommandContext, type CommandSpec } from './command.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'compile and print diagnostics; exit 0 if no errors, 2 otherwise',
  arguments: ['<FILE...>'],
  options: OUTPUT_OPTIONS,
  run: async ({ args, options }, context) => validate(args, outputFormatOf(options), context),
};

async function validate(files: string[], format: 'json' | 'yaml' | undefined, context: CommandContext) {
  const [
    { hasErrors },
    { compilerTools },
    { loadPipeline },
    { diagnosticsJson, renderDiagnostics },
    { terminalColor },
  ] = await Promise.all([
    import('../../workflows/lang/diagnostics.js'),
    import('../compiler-tools.js'),
    import('../load-pipeline.js'),
    import('../render-diagnostics.js'),
    import('../config.js'),
  ]);
  const color = terminalColor();
  const tools = await compilerTools();
  const loaded = await Promise.all(files.map((file) => loadPipeline(file, tools)));
  const diagnostics = loaded.flatMap((pipeline) => pipeline.diagnostics);
  if (format) {
    const { printDocument } = await import('../output-format.js');
    printDocument(diagnosticsJson(diagnostics), format, context);
  } else {
    const sources = new Map(loaded.flatMap((pipeline) => [...pipeline.sources]));
    if (diagnostics.length > 0) context.print(renderDiagnostics(diagnostics, sources, color));
    const painter = paint(color);
    for (const pipeline of loaded) {
      const errors = pipeline.diagnostics.filter((item) => item.severity === 'error').length;
      const warnings = pipeline.diagnostics.length - errors;
      const verdict = errors ? painter.red(`${errors} error${errors === 1 ? '' : 's'}`) : painter.green('valid');
      context.note(
        `${pipeline.file}: ${verdict}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
      );
    }
  }
  return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
}
