// `-i name=value`, `-i name=@file` and `--inputs file.json|yaml` → the run's inputs.
// A value is parsed as JSON unless its parameter is declared a string (cli.md).
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { checkInputs } from '../workflows/lang/inputs.js';
import type { ParameterIR, PipelineIR } from '../workflows/lang/ir.js';
import { CliError, EXIT } from './exit-codes.js';

/** The input flags every command that starts runs takes. */
export interface InputFlags {
  inputs: readonly string[];
  inputsFile?: string | undefined;
}

export interface InputSources {
  /** What the flags add to: a recording's, a source run's or a schedule block's inputs. */
  base?: Record<string, unknown>;
  /** Given inputs, with base and flags merged, changed before the check (`orc run -o`). */
  adjust?: (given: Record<string, unknown>) => Record<string, unknown>;
  hint?: string;
}

/**
 * `base`, then --inputs, then -i (the later wins), checked against the pipeline's parameters:
 * one shape for run, rerun, test and schedule, so they refuse the same inputs the same way.
 */
export async function resolveInputs(
  ir: PipelineIR,
  flags: InputFlags,
  { base = {}, adjust = (given) => given, hint = 'pass inputs as -i name=value' }: InputSources = {},
): Promise<Record<string, unknown>> {
  const given = adjust({ ...base, ...(await parseInputs(flags.inputs, flags.inputsFile, ir.parameters)) });
  const checked = checkInputs(ir.parameters, given);
  if (checked.problems.length > 0)
    throw new CliError(
      `invalid inputs for "${ir.id}":\n  ${checked.problems.join('\n  ')}`,
      EXIT.invalid,
      hint + jsonValueHint(ir.parameters, given),
    );
  return checked.values;
}

/**
 * A list or an object given as plain text (`-i topics=a,b`) is the commonest input mistake: the
 * hint shows the JSON -i reads, with the parameter's own name.
 */
function jsonValueHint(parameters: Readonly<Record<string, ParameterIR>>, given: Record<string, unknown>): string {
  const name = Object.keys(parameters).find((parameterName) => {
    const type = parameters[parameterName]?.type;
    return (type === 'array' || type === 'object') && typeof given[parameterName] === 'string';
  });
  if (name === undefined) return '';
  const example = parameters[name]?.type === 'array' ? `'["a","b"]'` : `'{"key":"value"}'`;
  return `; -i reads a value as JSON, so write -i ${name}=${example}`;
}

/** The inputs among `inputs` that the pipeline still declares (an edit may have dropped some). */
export function declaredInputs(ir: PipelineIR, inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => Object.hasOwn(ir.parameters, name)));
}

export async function parseInputs(
  assignments: readonly string[],
  inputsFile: string | undefined,
  parameters: Readonly<Record<string, ParameterIR>>,
): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = inputsFile ? await readInputsFile(inputsFile) : {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0)
      throw new CliError(
        `-i "${assignment}" is not name=value`,
        EXIT.invalid,
        'write -i name=value, or -i name=@file to read a file',
      );
    const name = assignment.slice(0, equals);
    let text = assignment.slice(equals + 1);
    if (text.startsWith('@')) text = await readInputFile(name, text.slice(1));
    inputs[name] = parameters[name]?.type === 'string' ? text : parseLoose(text);
  }
  return inputs;
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readInputFile(name: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `input "${name}": cannot read "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      EXIT.invalid,
    );
  }
}

async function readInputsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `--inputs: cannot read "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      EXIT.invalid,
    );
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(
      `--inputs: "${path}" is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
      EXIT.invalid,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`--inputs: "${path}" must hold a mapping of parameter names to values`, EXIT.invalid);
  }
  return value as Record<string, unknown>;
}
