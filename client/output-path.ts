// `orc run -o DIR`: py-orc's runner (scripts/execution/run_pipeline.py -o DIR) hands its output
// folder to every pipeline as the input `output_path`, declared or not, and py-orc's examples
// read `{{ output_path }}` without declaring it. `-o json|yaml` stays the output format.
import type { PipelineIR } from '../workflows/lang/ir.js';
import { outputFormatOf, optionalString, type OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';
import { compilerTools } from './compiler-tools.js';
import { CliError, EXIT } from './exit-codes.js';
import { loadPipeline } from './load-pipeline.js';

export const OUTPUT_PATH = 'output_path';
const FORMATS: readonly string[] = ['json', 'yaml'];

/** `-o json|yaml` is a format; any other `-o` value, or `--output-dir`, is a folder. */
export function formatAndOutputDir(options: Record<string, unknown>): { format?: OutputFormat; outputDir?: string } {
  const output = optionalString(options.output);
  const asFolder = output !== undefined && !FORMATS.includes(output) ? output : undefined;
  const outputDir = optionalString(options.outputDir);
  if (asFolder !== undefined && outputDir !== undefined)
    throw new CliError(
      `-o ${asFolder} and --output-dir ${outputDir} name two folders`,
      EXIT.invalid,
      'give one of them',
    );
  const format = outputFormatOf({ ...options, output: asFolder === undefined ? output : undefined });
  const folder = asFolder ?? outputDir;
  if (folder !== undefined && folder.trim() === '')
    throw new CliError('the output folder is empty', EXIT.invalid, 'write -o DIR with a folder, or -o json|yaml');
  return { ...(format ? { format } : {}), ...(folder !== undefined ? { outputDir: folder } : {}) };
}

/**
 * Whether the runner must supply `output_path` as an undeclared input (said in a warning). A file
 * that neither declares nor reads it is refused: `-o jsno` was most likely a mistyped format.
 */
export async function impliedOutputPath(
  file: string,
  outputDir: string,
  assignments: readonly string[],
  context: CommandContext,
): Promise<boolean> {
  if (assignments.some((assignment) => assignment.startsWith(`${OUTPUT_PATH}=`)))
    throw new CliError(
      `-o ${outputDir} and -i ${OUTPUT_PATH}=… both set ${OUTPUT_PATH}`,
      EXIT.invalid,
      'give one of them',
    );
  // A quiet compile; the one that follows prints the diagnostics.
  const probe = await loadPipeline(file, await compilerTools());
  if (probe.ir) {
    if (Object.hasOwn(probe.ir.parameters, OUTPUT_PATH)) return false;
    throw new CliError(
      `-o ${outputDir}: ${probe.file} neither declares nor reads "${OUTPUT_PATH}", so a folder given with -o has nothing to fill`,
      EXIT.invalid,
      "-o json or -o yaml chooses how the result is printed; -o DIR is for pipelines that read output_path (py-orc's run_pipeline.py -o)",
    );
  }
  const reads = probe.diagnostics.some(
    (item) => item.code === 'E_UNKNOWN_NAME' && item.message.includes(`reads "${OUTPUT_PATH}"`),
  );
  if (reads)
    context.note(
      `warning: ${probe.file} reads "${OUTPUT_PATH}" without declaring it; -o fills it with "${outputDir}", as py-orc's run_pipeline.py -o does (declare it under parameters: to make it part of the pipeline)`,
    );
  return reads;
}

/** The run's inputs with the folder in `output_path`. */
export function withOutputPath(ir: PipelineIR, inputs: Record<string, unknown>, outputDir: string) {
  return Object.hasOwn(ir.parameters, OUTPUT_PATH) ? { ...inputs, [OUTPUT_PATH]: outputDir } : inputs;
}
