// Reading a pipeline file and compiling it. The compiler is pure; the reading happens here.
import { COMPILE_LIMITS, compilePipeline, type ModelCatalogue } from '../workflows/lang/compile/index.js';
import type { Diagnostic } from '../workflows/lang/diagnostics.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import type { ToolDefinition } from '../workflows/lang/tools/index.js';
// The registry alone, past activities/index.ts: that index loads every activity (the provider
// SDKs, vega, playwright), and compiling needs none of them — only the model names and prices.
// eslint-disable-next-line orc/through-index -- orc validate must not load the worker side (issue 13)
import { loadModelRegistry, modelCatalogue } from '../activities/models/registry/index.js';
import { loadIncludePaths, loadModelsFile } from './config.js';
import { CliError, EXIT } from './exit-codes.js';
import { displayPath, pipelineFileReader, readRegularFile } from './pipeline-files.js';

export interface LoadedPipeline {
  file: string;
  ir?: PipelineIR;
  diagnostics: Diagnostic[];
  /** file → text, for rendering source lines under diagnostics. */
  sources: Map<string, string>;
  /** Every file the compile read — the pipeline, its includes and sub-pipelines — by the path shown (`orc record`). */
  files: Map<string, string>;
}

/**
 * `tools`: the definitions to check steps against (client/compiler-tools.ts); the built-ins when
 * omitted. `models`: the registry to check model references against; the one ORC_MODELS_FILE
 * gives workers when omitted (a broken file is a RegistryError, said by the CLI). Includes and
 * sub-pipelines are read from the pipeline's folder and the folders of ORC_INCLUDE_PATHS only.
 * `impliedParameters`: names the runner supplies although the file does not declare them
 * (`orc run -o DIR` and py-orc's `output_path`).
 */
export async function loadPipeline(
  path: string,
  tools?: Readonly<Record<string, ToolDefinition>>,
  models: ModelCatalogue = modelCatalogue(loadModelRegistry(loadModelsFile())),
  includePaths: readonly string[] = loadIncludePaths(),
  impliedParameters?: readonly string[],
): Promise<LoadedPipeline> {
  const shown = displayPath(path);
  // Past this size the compile's text bound is passed for certain: not even read.
  const read = readRegularFile(path, MAX_PIPELINE_BYTES);
  if ('problem' in read) {
    if (read.code === 'E_TOO_LARGE')
      throw new CliError(
        `pipeline "${shown}" is too large to compile: ${read.size ?? `more than ${MAX_PIPELINE_BYTES}`} bytes, and a pipeline may hold at most ${COMPILE_LIMITS.sourceCharacters} characters (E_TOO_LARGE in docs/diagnostics.md)`,
        EXIT.invalid,
        'split the work into smaller pipelines',
      );
    throw new CliError(
      `cannot read pipeline "${shown}": ${read.problem}`,
      EXIT.invalid,
      'give the path of a .yaml pipeline file',
    );
  }
  const { text } = read;
  const files = new Map([[shown, text]]);
  const reader = pipelineFileReader(path, includePaths);
  const { ir, diagnostics } = compilePipeline(text, {
    file: shown,
    resolveFile: (fromFile, included) => {
      const found = reader(fromFile, included);
      if ('text' in found) files.set(found.file, found.text);
      return found;
    },
    models,
    ...(tools ? { tools } : {}),
    ...(impliedParameters ? { impliedParameters } : {}),
  });
  return { file: shown, ir, diagnostics, sources: new Map([[shown, text]]), files };
}

/** A character takes at most four bytes in UTF-8. */
const MAX_PIPELINE_BYTES = 4 * COMPILE_LIMITS.sourceCharacters;
