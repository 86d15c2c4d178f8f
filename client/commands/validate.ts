// `orc validate FILE… [--json | -o json|yaml] [-o DIR | --output-dir DIR]`: every diagnostic of
// every file; exit 2 on any error. `-o DIR` compiles as `orc run -o DIR` does (output-path.ts).
import type { OutputFormat } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { paint } from '../paint.js';
import type { CommandContext, CommandSpec } from './command.js';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'compile and print diagnostics; exit 0 if no errors, 2 otherwise',
  arguments: ['<FILE...>'],
  options: [
    {
      flags: '-o, --output <FORMAT|DIR>',
      description:
        'json or yaml: print the diagnostics so; any other value: validate as orc run -o DIR runs (the input output_path filled)',
    },
    { flags: '--json', description: 'the same as -o json' },
    { flags: '--output-dir <DIR>', description: 'validate as orc run --output-dir DIR runs (as -o DIR)' },
  ],
  run: async ({ args, options }, context) => {
    const { formatAndOutputDir } = await import('../output-path.js');
    const { format, outputDir } = formatAndOutputDir(options);
    return validate(args, format, outputDir, context);
  },
};

async function validate(
  files: string[],
  format: OutputFormat | undefined,
  outputDir: string | undefined,
  context: CommandContext,
) {
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
  const implied = async (file: string) => {
    if (outputDir === undefined) return undefined;
    const { impliedOutputPath, OUTPUT_PATH } = await import('../output-path.js');
    return (await impliedOutputPath(file, outputDir, [], context)) ? [OUTPUT_PATH] : undefined;
  };
  const loaded = await Promise.all(
    files.map(async (file) => loadPipeline(file, tools, undefined, undefined, await implied(file))),
  );
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
