// What the fuzz test demands of one compile: it returns within the time limit, does not throw,
// and answers with an IR or an error diagnostic whose code and range make sense.
import { createContext, runInContext } from 'node:vm';
import { compilePipeline, type CompileResult } from '../../workflows/lang/compile/index.js';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../workflows/lang/diagnostics.js';
import type { ResolveFile } from './fuzz-files.js';

export const COMPILE_TIME_LIMIT_MS = 2_000;

export interface CheckOptions {
  /** Passed to the compiler, so includes and sub-pipelines are exercised. */
  resolveFile?: ResolveFile;
  /** Texts of the other files diagnostics may point into (includes, sub-pipelines). */
  texts?: ReadonlyMap<string, string>;
  limitMs?: number;
}

export interface CompileAttempt {
  result?: CompileResult;
  error?: unknown;
  timedOut: boolean;
  elapsedMs: number;
}

// A synchronous compile cannot be interrupted by a timer; V8 can stop code running under vm's
// `timeout`, loops and regular expressions included, so a hang becomes a failure, not a stuck CI.
const sandbox = createContext({ compile: (): unknown => undefined });

export function compileWithin(
  text: string,
  file: string,
  resolveFile?: ResolveFile,
  limitMs = COMPILE_TIME_LIMIT_MS,
): CompileAttempt {
  sandbox.compile = () => compilePipeline(text, { file, resolveFile });
  const started = performance.now();
  try {
    const result = runInContext('compile()', sandbox, { timeout: limitMs, displayErrors: false }) as CompileResult;
    return { result, timedOut: false, elapsedMs: performance.now() - started };
  } catch (error) {
    const timedOut = (error as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    return { error, timedOut, elapsedMs: performance.now() - started };
  } finally {
    sandbox.compile = () => undefined;
  }
}

/** Every broken promise of one compile, worst first; empty when the compile behaved. */
export function compileProblems(text: string, file: string, options: CheckOptions = {}): string[] {
  const limitMs = options.limitMs ?? COMPILE_TIME_LIMIT_MS;
  const attempt = compileWithin(text, file, options.resolveFile, limitMs);
  if (attempt.timedOut) return [`hang: compilePipeline did not return within ${limitMs} ms`];
  if (attempt.error !== undefined) return [`throw: ${describeError(attempt.error)}`];
  const problems: string[] = [];
  if (attempt.elapsedMs > limitMs)
    problems.push(`slow: compilePipeline took ${Math.round(attempt.elapsedMs)} ms (limit ${limitMs} ms)`);
  const result = attempt.result;
  if (!result || !Array.isArray(result.diagnostics))
    return [...problems, `result: not { ir?, diagnostics }: ${String(result)}`];
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (!result.ir && errors.length === 0) problems.push('result: neither an IR nor an error diagnostic');
  if (result.ir && errors.length > 0) problems.push(`result: an IR together with ${errors.length} error diagnostic(s)`);
  if (result.ir) problems.push(...irProblems(result.ir));
  for (const diagnostic of result.diagnostics) {
    const shown =
      diagnostic.file === file
        ? text
        : typeof diagnostic.file === 'string'
          ? options.texts?.get(diagnostic.file)
          : undefined;
    if (shown === undefined)
      problems.push(
        `diagnostic ${diagnostic.code} "${diagnostic.message}": file ${JSON.stringify(diagnostic.file)} is neither ${JSON.stringify(file)} nor a file it includes`,
      );
    else problems.push(...diagnosticProblems(diagnostic, shown.split('\n')));
  }
  return problems;
}

/** The IR travels to Temporal as JSON: it must survive JSON.stringify. */
function irProblems(ir: unknown): string[] {
  try {
    JSON.stringify(ir);
    return [];
  } catch (error) {
    return [`ir: not serialisable as JSON: ${describeError(error)}`];
  }
}

function diagnosticProblems(diagnostic: Diagnostic, lines: readonly string[]): string[] {
  const problems: string[] = [];
  const { code, severity, message, range } = diagnostic;
  const label = `diagnostic ${code} "${String(message).slice(0, 80)}" at ${range?.line}:${range?.column}`;
  if (!Object.hasOwn(DIAGNOSTIC_CODES, code)) problems.push(`${label}: unknown code`);
  if (severity !== 'error' && severity !== 'warning') problems.push(`${label}: severity ${String(severity)}`);
  if (typeof message !== 'string' || message.trim() === '') problems.push(`${label}: empty message`);
  if (!range) return [...problems, `${label}: no range`];
  const lastLine = lines.length + 1;
  for (const [name, value] of Object.entries({ line: range.line, endLine: range.endLine })) {
    if (!Number.isInteger(value) || value < 1 || value > lastLine)
      problems.push(`${label}: ${name} ${value} outside 1..${lastLine}`);
  }
  for (const [name, value] of Object.entries({ column: range.column, endColumn: range.endColumn })) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${label}: ${name} ${value} is not a 1-based column`);
  }
  const startLine = lines[range.line - 1];
  if (startLine !== undefined && range.column > startLine.length + 1)
    problems.push(
      `${label}: column ${range.column} past the end of line ${range.line} (${startLine.length} characters)`,
    );
  return problems;
}

export function describeError(error: unknown): string {
  // Checked by shape: an error raised under vm may come from another realm.
  if (error === null || typeof error !== 'object' || !('message' in error)) return `${typeof error} ${String(error)}`;
  const { name, message, stack } = error as Error;
  return (stack ?? `${name}: ${message}`).split('\n').slice(0, 8).join('\n    ');
}
