// Reading a pipeline file and compiling it. The compiler is pure; the reading happens here.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { compilePipeline } from '../workflows/lang/compile/index.js';
import type { Diagnostic } from '../workflows/lang/diagnostics.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import { CliError, EXIT } from './exit-codes.js';

export interface LoadedPipeline {
  file: string;
  ir?: PipelineIR;
  diagnostics: Diagnostic[];
  /** file → text, for rendering source lines under diagnostics. */
  sources: Map<string, string>;
}

export async function loadPipeline(path: string): Promise<LoadedPipeline> {
  const shown = displayPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`cannot read pipeline "${shown}": ${reason}`, EXIT.invalid, 'give the path of a .yaml pipeline file');
  }
  const { ir, diagnostics } = compilePipeline(text, { file: shown });
  return { file: shown, ir, diagnostics, sources: new Map([[shown, text]]) };
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') || shown === '' ? path : shown;
}
