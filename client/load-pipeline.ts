// Reading a pipeline file and compiling it. The compiler is pure; the reading happens here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { COMPILE_LIMITS, compilePipeline, type ModelCatalogue, type ResolveFile } from '../workflows/lang/compile/index.js';
import type { Diagnostic } from '../workflows/lang/diagnostics.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import type { ToolDefinition } from '../workflows/lang/tools/index.js';
import { loadModelRegistry, modelCatalogue } from '../workers/index.js';
import { loadModelsFile } from './config.js';
import { CliError, EXIT } from './exit-codes.js';

export interface LoadedPipeline {
  file: string;
  ir?: PipelineIR;
  diagnostics: Diagnostic[];
  /** file → text, for rendering source lines under diagnostics. */
  sources: Map<string, string>;
}

/**
 * `tools`: the definitions to check steps against (client/compiler-tools.ts); the built-ins when
 * omitted. `models`: the registry to check model references against; the one ORC_MODELS_FILE
 * gives workers when omitted (a broken file is a RegistryError, said by the CLI).
 */
export async function loadPipeline(path: string, tools?: Readonly<Record<string, ToolDefinition>>, models: ModelCatalogue = modelCatalogue(loadModelRegistry(loadModelsFile()))): Promise<LoadedPipeline> {
  const shown = displayPath(path);
  let text: string;
  try {
    const { size } = await stat(path);
    // Not even read: past this size the compile's text bound is passed for certain.
    if (size > MAX_PIPELINE_BYTES) throw new CliError(`pipeline "${shown}" is too large to compile: ${size} bytes, and a pipeline may hold at most ${COMPILE_LIMITS.sourceCharacters} characters (E_TOO_LARGE in docs/diagnostics.md)`, EXIT.invalid, 'split the work into smaller pipelines');
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`cannot read pipeline "${shown}": ${reason}`, EXIT.invalid, 'give the path of a .yaml pipeline file');
  }
  const { ir, diagnostics } = compilePipeline(text, { file: shown, resolveFile: readRelative, models, ...(tools ? { tools } : {}) });
  return { file: shown, ir, diagnostics, sources: new Map([[shown, text]]) };
}

const MAX_INCLUDE_BYTES = 5 * 1024 * 1024;
/** A character takes at most four bytes in UTF-8. */
const MAX_PIPELINE_BYTES = 4 * COMPILE_LIMITS.sourceCharacters;

/** Includes and sub-pipelines, read relative to the file that names them. */
export const readRelative: ResolveFile = (fromFile, path) => {
  const folder = dirname(resolve(fromFile.replace(/#inline$/, '')));
  // py-orc's examples keep prompt files in prompts/ beside the pipeline and name them bare.
  const besidePrompts = resolve(folder, 'prompts', path);
  const target = !existsSync(resolve(folder, path)) && existsSync(besidePrompts) ? besidePrompts : resolve(folder, path);
  try {
    const size = statSync(target).size;
    if (size > MAX_INCLUDE_BYTES) return { error: `it is ${size} bytes; the limit is ${MAX_INCLUDE_BYTES}` };
    return { file: displayPath(target), text: readFileSync(target, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `no such file (${displayPath(target)})` : code === 'EISDIR' ? 'it is a folder' : (error as Error).message };
  }
};

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') || shown === '' ? path : shown;
}
